"""``python -m evals.coverage``: how much of what real pages assert the claims cover (issue 20).

An assertive sentence of the development split is one that takes a position on a claim or carries
a ``gap`` note (it asserts something about kratom that no claim states). Coverage is the share of
assertive sentences with a claim. Gap notes are kept after a later claim covers the sentence, so a
sentence with a claim counts as covered whatever its note says. Only the development split is read:
the test split stays unread while the claims are grown.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from evals.real import DEV, Sentence, read_set


def coverage(sentences: list[Sentence]) -> tuple[int, int]:
    """(assertive sentences with a claim, assertive sentences)."""
    covered = sum(bool(s.claims) for s in sentences)
    uncovered = sum(not s.claims and bool(s.gap) for s in sentences)
    return covered, covered + uncovered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", type=Path, default=DEV, help="a labelled set (default: dev.yaml)")
    parser.add_argument("--gaps", action="store_true", help="list the uncovered gap notes")
    args = parser.parse_args()
    sentences = read_set(args.set)
    covered, assertive = coverage(sentences)
    pages = len({s.page for s in sentences})
    print(f"{args.set.name}: {len(sentences)} sentences from {pages} pages")
    print(f"assertive sentences with a claim: {covered} of {assertive} = {covered / assertive:.1%}")
    by_kind: dict[str, list[Sentence]] = defaultdict(list)
    for s in sentences:
        by_kind[s.kind].append(s)
    for kind in sorted(by_kind):
        kind_covered, kind_assertive = coverage(by_kind[kind])
        share = kind_covered / kind_assertive if kind_assertive else 0.0
        print(f"  {kind:<20} {kind_covered:>4} of {kind_assertive:>4} = {share:.0%}")
    if args.gaps:
        for s in sentences:
            if not s.claims and s.gap:
                print(f"  {s.id}: {s.gap}")


if __name__ == "__main__":
    main()
