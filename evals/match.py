"""``make eval-match``: how well /v1/claims/match finds the claim a sentence asserts.

Prints top-1 for the S1-S18 paraphrases of EVIDENCE.md, and top-1, top-3 and the no-match rate on
the development sentences (evals/match_dev.yaml and match_dev3-13.yaml, used for tuning; dev3 to
dev13 were written blind to the phrasings, with hard negatives) and on the three held-out sets
(evals/match_heldout.yaml, match_heldout2.yaml and match_heldout3.yaml, each written blind by
someone who never saw the phrasings; never tune on them). Targets apply to the second and the third
held-out set each alone and to all three pooled (docs/matching.md says why); the first is also
printed alone. ``--dev-only`` skips the held-out sets entirely (the files are not even read): use it
while tuning, and run the full evaluation once, on the final choice.

Top-1 and top-3 count what a default call returns: nothing below the threshold. The "ranking" line
is a diagnostic, not a target: top-1 and top-3 of the candidates in score order with no threshold
(``min_score=0``), which tells a ranking error from a score that fell short of the threshold.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

import yaml

from app.claims.matching import DEFAULT_THRESHOLD, ClaimMatcher
from app.ingest.validate import Dataset, read_dataset

HERE = Path(__file__).parent
TARGETS = {"s_top1": 1.0, "top1": 0.85, "top3": 0.95, "no_match": 0.90}
# (label printed after "development set", file): tuning sets, never the held-out one.
DEV_SETS = (
    ("", "match_dev.yaml"),
    (" 3", "match_dev3.yaml"),
    (" 4", "match_dev4.yaml"),
    (" 5", "match_dev5.yaml"),
    (" 6", "match_dev6.yaml"),
    (" 7", "match_dev7.yaml"),
    (" 8", "match_dev8.yaml"),
    (" 9", "match_dev9.yaml"),
    (" 10", "match_dev10.yaml"),
    (" 11", "match_dev11.yaml"),
    (" 12", "match_dev12.yaml"),
    (" 13", "match_dev13.yaml"),
)
HELDOUT = ("match_heldout.yaml", "match_heldout2.yaml", "match_heldout3.yaml")


def matcher_for(ds: Dataset) -> ClaimMatcher:
    return ClaimMatcher((c.id, [c.statement, *c.alternative_phrasings]) for c in ds.claims)


def evaluate(
    ds: Dataset,
    threshold: float = DEFAULT_THRESHOLD,
    cases: str | tuple[str, ...] = "match_heldout.yaml",
    matcher: ClaimMatcher | None = None,
) -> dict[str, float]:
    """``matcher``: one already built from ``ds`` (building takes most of a second). ``cases``: a
    file of evals/, or several evaluated as one pooled set."""
    matcher = matcher or matcher_for(ds)
    s_claims = {item.key: item.claim for doc in ds.documents for item in doc.claims}
    s_cases = yaml.safe_load((HERE / "s_paraphrases.yaml").read_text())
    names = (cases,) if isinstance(cases, str) else cases
    heldout = [case for name in names for case in yaml.safe_load((HERE / name).read_text())]
    phrasings = {p.lower() for c in ds.claims for p in [c.statement, *c.alternative_phrasings]}
    leaked = [case["text"] for case in heldout if case["text"].lower() in phrasings]
    if leaked:
        raise SystemExit(f"held-out sentences leaked into the data: {leaked}")

    s_hits = [matcher.match(case["text"], 1, threshold) for case in s_cases]
    s_top1 = sum(
        bool(h) and h[0].claim_id == s_claims[c["key"]]
        for h, c in zip(s_hits, s_cases, strict=True)
    )
    positives = [c for c in heldout if c["expected"]]
    negatives = [c for c in heldout if not c["expected"]]
    timings, top1, top3, rank1, rank3 = [], 0, 0, 0, 0
    for case in positives:
        start = time.perf_counter()
        found = [m.claim_id for m in matcher.match(case["text"], 3, threshold)]
        timings.append(time.perf_counter() - start)
        top1 += found[:1] == [case["expected"]]
        top3 += case["expected"] in found
        ranked = [m.claim_id for m in matcher.scores(case["text"])[:3]]
        rank1 += ranked[:1] == [case["expected"]]
        rank3 += case["expected"] in ranked
    quiet = sum(not matcher.match(c["text"], 1, threshold) for c in negatives)
    return {
        "s_top1": s_top1 / len(s_cases),
        "top1": top1 / len(positives),
        "top3": top3 / len(positives),
        "no_match": quiet / len(negatives),
        "rank_top1": rank1 / len(positives),
        "rank_top3": rank3 / len(positives),
        "n_s": len(s_cases),
        "n_pos": len(positives),
        "n_neg": len(negatives),
        "ms_per_sentence": 1000 * statistics.median(timings),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dev-only", action="store_true", help="development sets only; never read held-out"
    )
    args = parser.parse_args(argv)
    ds = read_dataset(HERE.parent / "data")
    matcher = matcher_for(ds)
    dev_sets = {label: evaluate(ds, cases=name, matcher=matcher) for label, name in DEV_SETS}
    dev = dev_sets[""]
    print(f"claim matching, threshold {DEFAULT_THRESHOLD}, {len(ds.claims)} claims")
    print(f"  S1-S18 paraphrases  top-1 {dev['s_top1']:6.1%}  (n={dev['n_s']:.0f}, target 100%)")
    for label, r in dev_sets.items():
        print(
            f"  development set{label:<5}top-1 {r['top1']:6.1%}  top-3 {r['top3']:6.1%}  "
            f"no-match {r['no_match']:6.1%}  (n={r['n_pos']:.0f}+{r['n_neg']:.0f}, for tuning only)"
        )
        print(
            f"    ranking, no threshold  top-1 {r['rank_top1']:6.1%}  top-3 {r['rank_top3']:6.1%}"
        )
    if args.dev_only:
        print(
            f"  median time per sentence {dev_sets[' 3']['ms_per_sentence']:.2f} ms "
            "(in process, dev set 3)"
        )
        return 0 if dev["s_top1"] >= TARGETS["s_top1"] else 1
    failed: set[str] = set()
    for label, cases, judged in (
        ("held-out 1", HELDOUT[0], False),
        ("held-out 2", HELDOUT[1], True),
        ("held-out 3", HELDOUT[2], True),
        ("held-out 1-3", HELDOUT, True),
    ):
        r = evaluate(ds, cases=cases, matcher=matcher)
        print(
            f"  {label:<13}matching  top-1 {r['top1']:6.1%}  top-3 {r['top3']:6.1%}  "
            f"(n={r['n_pos']:.0f}, targets 85% / 95%)"
        )
        print(
            f"    ranking, no threshold  top-1 {r['rank_top1']:6.1%}  top-3 {r['rank_top3']:6.1%}"
            "  (diagnostic, not a target)"
        )
        print(
            f"  {label:<13}no-match  nothing above threshold {r['no_match']:6.1%}  "
            f"(n={r['n_neg']:.0f}, target 90%){'' if judged else '  (printed, not judged)'}"
        )
        if judged:
            failed |= {f"{k} ({label})" for k, target in TARGETS.items() if r[k] < target}
    print(f"  median time per sentence {r['ms_per_sentence']:.2f} ms (in process)")
    if failed:
        print(f"below target: {', '.join(sorted(failed))}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
