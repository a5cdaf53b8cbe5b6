"""``python -m evals.agreement``: how far the two labellers of evals/real/ agreed, per labelling round.

Round 1 labelled every sentence against the first release's 48 claims, round 2 against the 30
claims added from the corpus's gaps, round 3 against 11 more, round 4 against 21 more, round 5 against 5
more; round 6 labelled 18 new development pages against all 115, round 7 every sentence against 6 more,
and the 14 new pages of the second test split against all 121. Each round's two files hold each
labeller's independent labels before adjudication; the sentences where they differed were settled
by a third reader under the written rules (docs/matching.md), and the result is in dev.yaml and
test.yaml.
"""

from __future__ import annotations

import yaml

from evals.real import REAL

ROUNDS = (
    ("1 (48 claims)", ""),
    ("2 (30 claims)", "_round2"),
    ("3 (11 claims)", "_round3"),
    ("4 (21 claims)", "_round4"),
    ("5 (5 claims)", "_round5"),
    ("6 (18 new pages, 115 claims)", "_round6"),
    ("7 (6 claims)", "_round7"),
    ("T2 (second test split: 14 new pages, 121 claims)", "_test2"),
)


def _labels(path: str) -> dict[str, dict[str, str]]:
    items = yaml.safe_load((REAL / "labels" / path).read_text())
    return {it["id"]: {c["claim"]: c["stance"] for c in it["claims"] or []} for it in items}


def main() -> None:
    for name, suffix in ROUNDS:
        a, b = _labels(f"A{suffix}.yaml"), _labels(f"B{suffix}.yaml")
        n = len(a)
        same = sum(set(a[i]) == set(b[i]) for i in a)
        pa, pb = sum(bool(a[i]) for i in a) / n, sum(bool(b[i]) for i in a) / n
        observed = sum(bool(a[i]) == bool(b[i]) for i in a) / n
        expected = pa * pb + (1 - pa) * (1 - pb)
        shared = [(a[i][c], b[i][c]) for i in a for c in set(a[i]) & set(b[i])]
        print(
            f"round {name}: {n} sentences; same claims {same / n:.1%}; "
            f"takes-a-position agreement {observed:.1%} (Cohen's kappa "
            f"{(observed - expected) / (1 - expected):.2f}); same stance on "
            f"{sum(x == y for x, y in shared) / max(len(shared), 1):.1%} of {len(shared)} shared claims; "
            f"{sum(a[i] != b[i] for i in a)} sentences adjudicated"
        )


if __name__ == "__main__":
    main()
