"""Read every data file, validate each record, then every cross-reference; report all problems."""

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from app.ingest.dataset import RESOURCE_FILES, DataInvalidError, Dataset, Problem
from app.ingest.records import (
    DatasetRecord,
)
from app.ingest.references import check_references

__all__ = [
    "RESOURCE_FILES",
    "DataInvalidError",
    "Dataset",
    "Problem",
    "check_references",
    "read_dataset",
    "read_export",
]


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
