"""``make fit-match``: fit the matcher's decision on the development split of real text.

Reads evals/real/dev.yaml (never the test split) and the curated claims and fits:
- the exemplar bank (every development sentence's embedding and labels, and the linear probe fitted
  on them: evals/probe.py) and each claim's prior (log of 1 + the development sentences labelled
  with it);
- whether a sentence takes a position on a claim: a logistic regression over features.py's
  features, one row per sentence and claim. A sentence's exemplar, probe and prior features come only
  from other pages (5 folds grouped by page), as they will for new text;
- its stance: a multinomial logistic regression over stance.py's features, one row per labelled
  (sentence, claim).
The out-of-fold scores are the service's: a sentence is scored whole and by its parts (clauses, an
opening appositive: parts.py), each claim at its best; the model is fitted on whole sentences, as
they are labelled. The default ``min_score`` is the lowest threshold at which, on out-of-fold
scores (5 folds grouped by page: no page is scored by a model, exemplar or prior that saw it), at
least ``PRECISION`` of the claims returned first are right, judged by the one-sided 95% Wilson
lower bound (a point estimate over a few dozen returned sentences flips with one sentence); when no
threshold reaches it, the one with the best F1 of the first returned claim, and the report says
so. Either way the threshold may not exceed the lowest score the fitted decision gives an S1-S18
paraphrase it ranks first (issue 19 asks that every one still returns its claim;
docs/matching-log.md tells when each bound decided).
Article reviews (/v1/reviews) have their own default, the best-F1 threshold under the same cap: a
person reads a review sentence by sentence, sees each match's score and matched text, and cannot
see a claim that was left out, so there recall weighs as much as precision. Writes model.json and
exemplars.npz beside the matcher.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
from datetime import date

import numpy as np
from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
from sklearn.model_selection import GroupKFold  # type: ignore[import-untyped]

from app.claims.matching import ClaimMatcher, features, stance
from app.claims.matching.cues import cues
from app.claims.matching.decision import MODEL_FILE
from app.claims.matching.exemplars import EXEMPLAR_FILE, ExemplarIndex, Exemplars
from app.ingest.validate import read_dataset
from evals.probe import with_probe
from evals.real import DEV, HERE, Sentence, build_matcher, prior_of, read_set, s_paraphrases

PRECISION = 0.9
FOLDS = 5
THRESHOLDS = [round(0.025 * i, 3) for i in range(2, 39)]
Matrix = np.ndarray


def held_out(
    matcher: ClaimMatcher, sentences: list[Sentence], bank: Exemplars, seen: list[int]
) -> tuple[ExemplarIndex, dict[str, float]]:
    """The exemplars (with a probe fitted on them) and the prior of the ``seen`` sentences only."""
    return with_probe(matcher, bank.subset(seen)).index(matcher.claim_ids), prior_of(
        sentences, seen
    )


def rows_of(
    matcher: ClaimMatcher, items: list[tuple[str, Matrix]], index: ExemplarIndex,
    prior: dict[str, float],
) -> Matrix:  # fmt: skip
    """Feature rows (text x claim) for (text, embedding) pairs."""
    out = [features.vectors(matcher.view(text, vector, index, prior)[0]) for text, vector in items]
    return np.array(out, dtype=float)


def feature_rows(
    matcher: ClaimMatcher, sentences: list[Sentence], vectors: Matrix, bank: Exemplars,
    scored: list[int], seen: list[int],
) -> Matrix:  # fmt: skip
    """Feature rows (sentence x claim) for ``scored`` sentences, exemplars and prior from ``seen``."""
    index, prior = held_out(matcher, sentences, bank, seen)
    return rows_of(matcher, [(sentences[i].text, vectors[i]) for i in scored], index, prior)


def training_rows(
    matcher: ClaimMatcher, sentences: list[Sentence], vectors: Matrix, bank: Exemplars,
    rows: list[int], pages: Matrix,
) -> Matrix:  # fmt: skip
    """Rows for fitting: each sentence sees exemplars, probe and prior from other pages only."""
    out = np.zeros((len(rows), len(matcher.claim_ids), len(features.NAMES)))
    for seen, held in GroupKFold(FOLDS).split(rows, groups=pages[rows]):
        out[held] = feature_rows(
            matcher, sentences, vectors, bank, [rows[i] for i in held], [rows[i] for i in seen]
        )
    return out


def _fit(x: Matrix, y: Matrix) -> tuple[LogisticRegression, Matrix, Matrix]:
    mean, scale = x.mean(0), x.std(0)
    scale[scale == 0] = 1.0
    return LogisticRegression(C=1.0, max_iter=3000).fit((x - mean) / scale, y), mean, scale


def _linear(model: LogisticRegression, names: tuple[str, ...], mean: Matrix, scale: Matrix) -> dict[str, object]:  # fmt: skip
    return {
        "features": list(names),
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "coef": [[round(float(v), 6) for v in row] for row in model.coef_],
        "intercept": [round(float(v), 6) for v in model.intercept_],
    }


def wilson_lower(successes: int, trials: int, z: float = 1.645) -> float:
    """One-sided 95% Wilson lower bound of a proportion."""
    if not trials:
        return 0.0
    p = successes / trials
    centre = p + z * z / (2 * trials)
    margin = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials))
    return (centre - margin) / (1 + z * z / trials)


def figures(probs: Matrix, sentences: list[Sentence], ids: list[str], threshold: float) -> dict[str, float]:  # fmt: skip
    """top-1 and top-3 (of sentences with a claim), no-match (of those without), precision of
    the first claim returned, and F1 of that first claim."""
    top1 = top3 = positives = quiet = negatives = returned = right = 0
    for p, s in zip(probs, sentences, strict=True):
        got = [ids[i] for i in np.argsort(-p, kind="stable")[:3] if p[i] >= threshold]
        if got:
            returned += 1
            right += got[0] in s.claims
        if s.claims:
            positives += 1
            top1 += bool(got) and got[0] in s.claims
            top3 += any(g in s.claims for g in got)
        else:
            negatives += 1
            quiet += not got
    precision, recall = right / max(returned, 1), top1 / max(positives, 1)
    return {
        "precision_lower": wilson_lower(right, returned),
        "top1": recall,
        "top3": top3 / max(positives, 1),
        "no_match": quiet / max(negatives, 1),
        "precision": precision,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
    }


def paraphrase_floor(
    matcher: ClaimMatcher, bank: Exemplars, prior: dict[str, float], position: LogisticRegression,
    mean: Matrix, scale: Matrix,
) -> float:  # fmt: skip
    """The highest threshold at which every S1-S18 paraphrase that the fitted model ranks first
    still returns its claim (one it ranks below another claim cannot be saved by a threshold)."""
    cases = s_paraphrases(read_dataset(HERE.parent / "data"))
    groups = matcher.with_parts([text for text, _ in cases])
    index = bank.index(matcher.claim_ids)
    n = len(matcher.claim_ids)
    floor = 1.0
    for (_, claim), group in zip(cases, groups, strict=True):
        rows = rows_of(matcher, group, index, prior)
        x = (rows.reshape(-1, rows.shape[-1]) - mean) / scale
        probs = np.round(position.predict_proba(x)[:, 1].reshape(-1, n).max(0), 4)
        best = matcher.claim_ids.index(claim)
        if probs[best] >= probs.max():
            floor = min(floor, float(probs[best]))
    return floor


def version_of(model: dict[str, object], bank: Exemplars, dev_digest: str) -> str:
    """The fit's date, the development split's digest and the digest of what was fitted (two fits of
    the same split with other features or settings get different versions)."""
    assert bank.probe is not None
    fitted = hashlib.sha256(json.dumps(model, sort_keys=True).encode())
    fitted.update(bank.probe.coef.tobytes() + bank.probe.intercept.tobytes())
    return f"{date.today().isoformat()}+dev.{dev_digest}.fit.{fitted.hexdigest()[:8]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dry-run", action="store_true", help="print figures, write nothing")
    parser.add_argument(
        "--without",
        default="",
        help="comma-separated features held at 0 (an ablation; implies --dry-run)",
    )
    args = parser.parse_args()
    ablated = [features.NAMES.index(name) for name in args.without.split(",") if name]
    args.dry_run = args.dry_run or bool(ablated)
    sentences = read_set(DEV)
    matcher = build_matcher()
    ids = matcher.claim_ids
    n, every = len(ids), list(range(len(sentences)))
    vectors = matcher.encoder.encode([s.text for s in sentences])
    bank = Exemplars(vectors, tuple(frozenset(c for c in s.claims if c in ids) for s in sentences))
    pages = np.array([s.page for s in sentences])
    y = np.array([[c in s.claims for c in ids] for s in sentences])
    k = len(features.NAMES)

    groups = matcher.with_parts([s.text for s in sentences])
    oof = np.zeros((len(sentences), n))
    for seen, held in GroupKFold(FOLDS).split(every, groups=pages):
        train = training_rows(matcher, sentences, vectors, bank, list(seen), pages)
        train[:, :, ablated] = 0.0
        fold, mean, scale = _fit(train.reshape(-1, k), y[seen].reshape(-1))
        index, prior = held_out(matcher, sentences, bank, list(seen))
        for i in held:
            # Scored as the service scores a sentence: whole and by its parts, each claim at its best.
            rows = rows_of(matcher, groups[i], index, prior)
            rows[:, :, ablated] = 0.0
            probs = fold.predict_proba((rows.reshape(-1, k) - mean) / scale)[:, 1]
            oof[i] = probs.reshape(-1, n).max(0)
    print(f"development split: {len(sentences)} sentences from {len(set(pages))} pages, {n} claims")
    with_parts = [len(g) - 1 for g in groups if len(g) > 1]
    print(f"{sum(with_parts)} parts of {len(with_parts)} sentences scored beside them")
    print("out-of-fold by threshold: top-1 / top-3 / no-match / precision of the first claim / F1")
    table = {t: figures(oof, sentences, ids, t) for t in THRESHOLDS}
    for t, f in table.items():
        print(
            f"  {t:.3f}: {f['top1']:.1%} / {f['top3']:.1%} / {f['no_match']:.1%} / {f['precision']:.1%} / {f['f1']:.3f}"
        )
    train = training_rows(matcher, sentences, vectors, bank, every, pages)
    position, mean, scale = _fit(train.reshape(-1, k), y.reshape(-1))
    bank = with_probe(matcher, bank)

    floor = paraphrase_floor(matcher, bank, prior_of(sentences, every), position, mean, scale)
    allowed = {t: f for t, f in table.items() if t <= floor}
    reaching = [t for t, f in allowed.items() if f["precision_lower"] >= PRECISION]
    best_f1 = max(allowed, key=lambda t: allowed[t]["f1"])
    chosen = min(reaching) if reaching else best_f1
    rank = figures(oof, sentences, ids, 0.0)
    rule = (
        f"lowest with precision >= {PRECISION} (95% lower bound)"
        if reaching
        else f"no threshold reaches precision {PRECISION} (95% lower bound): best F1"
    ) + f", at most {floor:.4f} (every S1-S18 paraphrase kept)"
    print(
        f"threshold {chosen} ({rule}); ranking only: top-1 {rank['top1']:.1%}, top-3 {rank['top3']:.1%}"
    )
    print(f"review threshold {best_f1} (best F1, at most {floor:.4f})")

    pairs = [(i, c, st) for i, s in enumerate(sentences) for c, st in s.claims.items() if c in ids]
    stance_rows = [
        stance.vector(cues(sentences[i].text), matcher.states_absence(ids.index(c)))
        for i, c, _ in pairs
    ]
    sx = np.array(stance_rows, dtype=float)
    sy = np.array([st for _, _, st in pairs])
    pred = np.empty(len(sy), dtype=object)
    for seen, held in GroupKFold(FOLDS).split(sx, groups=pages[[i for i, _, _ in pairs]]):
        m, mu, sd = _fit(sx[seen], sy[seen])
        pred[held] = m.predict((sx[held] - mu) / sd)
    counts = {c: int((sy == c).sum()) for c in stance.STANCES}
    recall = {c: float(((pred == c) & (sy == c)).sum() / max(counts[c], 1)) for c in stance.STANCES}
    print(
        f"stance, out-of-fold on {len(sy)} labelled pairs {counts}: accuracy {(pred == sy).mean():.1%}, recall "
        + ", ".join(f"{c} {v:.0%}" for c, v in recall.items())
    )
    stance_model, smean, sscale = _fit(sx, sy)
    if args.dry_run:
        return
    digest = hashlib.sha256(DEV.read_bytes()).hexdigest()[:12]
    fitted: dict[str, object] = {
        "fitted_on": f"evals/real/dev.yaml ({len(sentences)} sentences, {len(set(pages))} pages)",
        "threshold": chosen,
        "threshold_rule": rule,
        "cross_validated": {k2: round(v, 4) for k2, v in table[chosen].items()},
        "review_threshold": best_f1,
        "review_threshold_rule": f"best F1, at most {floor:.4f} (every S1-S18 paraphrase kept)",
        "review_cross_validated": {k2: round(v, 4) for k2, v in table[best_f1].items()},
        "claim_prior": prior_of(sentences, every),
        "position": _linear(position, features.NAMES, mean, scale),
        "stance": {"classes": list(stance_model.classes_)}
        | _linear(stance_model, stance.NAMES, smean, sscale),
    }
    fitted = {"version": version_of(fitted, bank, digest)} | fitted
    MODEL_FILE.write_text(json.dumps(fitted, indent=1) + "\n")
    bank.save(EXEMPLAR_FILE)
    print(f"wrote {MODEL_FILE} and {EXEMPLAR_FILE}")


if __name__ == "__main__":
    main()
