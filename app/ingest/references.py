"""Cross-file rules: unique ids and identifiers, resolvable references, honest grades."""

from collections import Counter

from app import vocab
from app.ingest import rules
from app.ingest.dataset import RESOURCE_FILES, Dataset, Problem
from app.ingest.records import (
    ClaimRecord,
)


def _unique(file: str, values: list[tuple[str, str | None]], what: str) -> list[Problem]:
    seen = Counter(v for _, v in values if v is not None)
    return [
        Problem(file, rec, what, f"{value!r} is used by more than one record")
        for rec, value in values
        if value is not None and seen[value] > 1
    ]


def check_references(ds: Dataset, invalid_ids: dict[str, set[str]] | None = None) -> list[Problem]:
    """Cross-file rules: unique ids and identifiers, resolvable references, honest grades.

    ``invalid_ids`` are records already reported as invalid; references to them are not errors.
    """
    out: list[Problem] = []
    known = invalid_ids or {}
    ids = {
        name: {r.id for r in getattr(ds, name)} | known.get(name, set()) for name in RESOURCE_FILES
    }
    for name in RESOURCE_FILES:
        out += _unique(f"{name}.yaml", [(r.id, r.id) for r in getattr(ds, name)], "id")
    out += _unique("sources.yaml", [(s.id, s.pmid) for s in ds.sources], "pmid")
    out += _unique("sources.yaml", [(s.id, s.doi and s.doi.lower()) for s in ds.sources], "doi")

    def ref(file: str, rec: str, fld: str, value: str, kind: str) -> None:
        if value not in ids[kind]:
            out.append(Problem(file, rec, fld, f"unknown {kind[:-1]} {value!r}"))

    for cp in ds.compounds:
        for i, s in enumerate(cp.sources):
            ref("compounds.yaml", cp.id, f"sources.{i}", s, "sources")
    for m in ds.mechanisms:
        ref("mechanisms.yaml", m.id, "compound", m.compound, "compounds")
        ref("mechanisms.yaml", m.id, "target", m.target, "targets")
        for i, s in enumerate(m.sources):
            ref("mechanisms.yaml", m.id, f"sources.{i}", s, "sources")
        for i, meas in enumerate(m.measurements):
            ref("mechanisms.yaml", m.id, f"measurements.{i}.source", meas.source, "sources")
            if meas.source not in m.sources:
                out.append(
                    Problem(
                        "mechanisms.yaml",
                        m.id,
                        f"measurements.{i}.source",
                        f"{meas.source!r} must also be listed in the mechanism's sources",
                    )
                )
    for cv in ds.caveats:
        for i, s in enumerate(cv.sources):
            ref("caveats.yaml", cv.id, f"sources.{i}", s, "sources")
        for i, compound_id in enumerate(cv.compounds):
            ref("caveats.yaml", cv.id, f"compounds.{i}", compound_id, "compounds")
    for j in ds.jurisdictions:
        for i, rs in enumerate(j.sources):
            ref("jurisdictions.yaml", j.id, f"sources.{i}.source", rs.source, "sources")
        for i, sub in enumerate(j.substances):
            ref("jurisdictions.yaml", j.id, f"substances.{i}", sub, "compounds")
        if all(rs.role is not vocab.SourceRole.primary for rs in j.sources):
            out.append(
                Problem(
                    "jurisdictions.yaml",
                    j.id,
                    "sources",
                    "a regulatory entry needs a primary source; secondary pages are context",
                )
            )
    for d in ds.disclaimers:
        for i, topic in enumerate(d.scope):
            if topic != vocab.ALWAYS and topic not in vocab.TOPICS:
                out.append(
                    Problem(
                        "disclaimers.yaml",
                        d.id,
                        f"scope.{i}",
                        f"unknown topic {topic!r}; use 'always' or one of {sorted(vocab.TOPICS)}",
                    )
                )
    for doc in ds.documents:
        out += _unique("documents.yaml", [(doc.id, it.key) for it in doc.claims], "claims.key")
        for i, it in enumerate(doc.claims):
            ref("documents.yaml", doc.id, f"claims.{i}.claim", it.claim, "claims")
    designs = {s.id: s.study_design for s in ds.sources}
    for c in ds.claims:
        out += _check_claim(c, ids, designs)
    # A record that failed its own checks cites sources nobody can see: orphans are not judged then.
    return out + [Problem(*p) for p in rules.audit(ds, judge_orphans=not any(known.values()))]


def _check_claim(
    c: ClaimRecord, ids: dict[str, set[str]], designs: dict[str, vocab.StudyDesign]
) -> list[Problem]:
    out: list[Problem] = []
    for fld, kind in (
        ("compounds", "compounds"),
        ("mechanisms", "mechanisms"),
        ("caveats", "caveats"),
    ):
        for i, value in enumerate(getattr(c, fld)):
            if value not in ids[kind]:
                out.append(
                    Problem("claims.yaml", c.id, f"{fld}.{i}", f"unknown {kind[:-1]} {value!r}")
                )
    for i, cs in enumerate(c.sources):
        if cs.source not in ids["sources"]:
            out.append(
                Problem("claims.yaml", c.id, f"sources.{i}.source", f"unknown source {cs.source!r}")
            )
    supporting = [
        designs[cs.source]
        for cs in c.sources
        if cs.stance is vocab.Stance.supports and cs.source in designs
    ]
    if c.verdict is vocab.Verdict.supported and not supporting:
        out.append(
            Problem(
                "claims.yaml",
                c.id,
                "verdict",
                "'supported' needs at least one source with stance 'supports'",
            )
        )
    if len(set(c.downgrade_reasons)) != len(c.downgrade_reasons):
        out.append(Problem("claims.yaml", c.id, "downgrade_reasons", "a reason is listed twice"))
    if c.about_people and supporting:
        if (
            all(d in vocab.PRECLINICAL_DESIGNS for d in supporting)
            and c.certainty is not vocab.Certainty.very_low
        ):
            out.append(
                Problem(
                    "claims.yaml",
                    c.id,
                    "certainty",
                    "a claim about people backed only by animal, in vitro or in silico work "
                    "cannot be above very_low",
                )
            )
        if c.certainty.rank >= vocab.Certainty.moderate.rank and not any(
            d in vocab.CONTROLLED_DESIGNS or d is vocab.StudyDesign.systematic_review
            for d in supporting
        ):
            out.append(
                Problem(
                    "claims.yaml",
                    c.id,
                    "certainty",
                    f"{c.certainty.value!r} for an effect in people needs randomised or "
                    "controlled evidence among the supporting sources",
                )
            )
    return out
