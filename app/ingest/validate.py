"""Read every data file, validate each record, then every cross-reference; report all problems."""

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from app import vocab
from app.ingest import rules
from app.ingest.records import (
    CaveatRecord,
    ClaimRecord,
    CompoundRecord,
    DatasetRecord,
    DisclaimerRecord,
    DocumentRecord,
    JurisdictionRecord,
    MechanismRecord,
    SourceRecord,
    TargetRecord,
)

RESOURCE_FILES: dict[str, type[BaseModel]] = {
    "sources": SourceRecord,
    "compounds": CompoundRecord,
    "targets": TargetRecord,
    "mechanisms": MechanismRecord,
    "caveats": CaveatRecord,
    "claims": ClaimRecord,
    "jurisdictions": JurisdictionRecord,
    "disclaimers": DisclaimerRecord,
    "documents": DocumentRecord,
}


@dataclass(frozen=True)
class Problem:
    file: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.record}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class DataInvalidError(Exception):
    """The data directory has problems; all of them are in ``problems``."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the data")


@dataclass
class Dataset:
    """Every validated record, in file order, plus the release metadata and its fingerprint."""

    meta: DatasetRecord
    sources: list[SourceRecord] = field(default_factory=list)
    compounds: list[CompoundRecord] = field(default_factory=list)
    targets: list[TargetRecord] = field(default_factory=list)
    mechanisms: list[MechanismRecord] = field(default_factory=list)
    caveats: list[CaveatRecord] = field(default_factory=list)
    claims: list[ClaimRecord] = field(default_factory=list)
    jurisdictions: list[JurisdictionRecord] = field(default_factory=list)
    disclaimers: list[DisclaimerRecord] = field(default_factory=list)
    documents: list[DocumentRecord] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in RESOURCE_FILES}

    def document(self) -> dict[str, Any]:
        """Every record as plain JSON data, in file order: what the hash covers and export serves."""
        doc: dict[str, Any] = {"dataset": self.meta.model_dump(mode="json")}
        for name in RESOURCE_FILES:
            doc[name] = [r.model_dump(mode="json", exclude_unset=True) for r in getattr(self, name)]
        return doc

    def content_hash(self) -> str:
        """SHA-256 of the canonical JSON of every record: equal content, equal hash."""
        blob = json.dumps(
            self.document(), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        return hashlib.sha256(blob.encode()).hexdigest()


def _read_yaml(path: Path, problems: list[Problem]) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except FileNotFoundError:
        problems.append(Problem(path.name, "-", "", "file is missing"))
    except yaml.YAMLError as exc:
        problems.append(Problem(path.name, "-", "", f"not valid YAML: {exc}"))
    return None


def _pydantic_problems(file: str, record: str, exc: ValidationError) -> list[Problem]:
    return [
        Problem(file, record, ".".join(str(p) for p in err["loc"]), err["msg"])
        for err in exc.errors(include_url=False)
    ]


def _parse_list(
    file: str,
    raw: Any,
    model: type[BaseModel],
    problems: list[Problem],
    invalid_ids: set[str],
    json_mode: bool,
) -> list[Any]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.append(Problem(file, "-", "", "the file must hold a YAML list of records"))
        return []
    records = []
    for index, item in enumerate(raw):
        label = str(item.get("id")) if isinstance(item, dict) and "id" in item else f"#{index + 1}"
        try:
            # JSON mode accepts ISO date strings, which a JSON export carries instead of YAML dates.
            record = (
                model.model_validate_json(json.dumps(item))
                if json_mode
                else model.model_validate(item)
            )
            records.append(record)
        except ValidationError as exc:
            problems.extend(_pydantic_problems(file, label, exc))
            # Still known to other files, so one bad field does not cascade into dangling references.
            invalid_ids.add(label)
    return records


def read_dataset(data_dir: Path) -> Dataset:
    """Parse and fully validate ``data_dir``; raise DataInvalidError listing every problem."""
    problems: list[Problem] = []
    raw_meta = _read_yaml(data_dir / "dataset.yaml", problems)
    raw = {name: _read_yaml(data_dir / f"{name}.yaml", problems) for name in RESOURCE_FILES}
    return _validate(raw_meta, raw, problems, json_mode=False)


def read_export(path: Path) -> Dataset:
    """Validate a JSON export (from /v1/export or `make export`) exactly as the YAML files are."""
    problems: list[Problem] = []
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataInvalidError(
            [Problem(path.name, "-", "", f"not a readable JSON export: {exc}")]
        ) from exc
    if isinstance(doc, dict) and isinstance(doc.get("data"), dict):
        doc = doc["data"]  # the /v1/export envelope
    if not isinstance(doc, dict):
        raise DataInvalidError([Problem(path.name, "-", "", "a JSON export is an object")])
    raw = {name: doc.get(name) for name in RESOURCE_FILES}
    return _validate(doc.get("dataset"), raw, problems, json_mode=True)


def _validate(
    raw_meta: Any, raw: dict[str, Any], problems: list[Problem], json_mode: bool
) -> Dataset:
    meta: DatasetRecord | None = None
    if raw_meta is not None:
        try:
            if json_mode:
                meta = DatasetRecord.model_validate_json(json.dumps(raw_meta))
            else:
                meta = DatasetRecord.model_validate(raw_meta)
        except ValidationError as exc:
            problems.extend(_pydantic_problems("dataset.yaml", "dataset", exc))
    parsed: dict[str, list[Any]] = {}
    invalid_ids: dict[str, set[str]] = {name: set() for name in RESOURCE_FILES}
    for name, model in RESOURCE_FILES.items():
        parsed[name] = _parse_list(
            f"{name}.yaml", raw[name], model, problems, invalid_ids[name], json_mode
        )
    if meta is None:
        problems.append(Problem("dataset.yaml", "dataset", "", "release metadata is unusable"))
        raise DataInvalidError(problems)
    dataset = Dataset(meta=meta, **parsed)
    problems.extend(check_references(dataset, invalid_ids))
    if problems:
        raise DataInvalidError(problems)
    return dataset


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
