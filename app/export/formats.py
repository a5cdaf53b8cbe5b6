"""Serialise a release document as JSON, NDJSON or CSV, in chunks, with its disclaimers."""

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

RESOURCES = (
    "sources", "compounds", "targets", "mechanisms", "caveats", "claims",
    "jurisdictions", "disclaimers", "documents",
)  # fmt: skip
SINGULAR = {name: name.removesuffix("s") for name in RESOURCES}
LIST_SEPARATOR = " | "
NOTICE = (
    "Kratom Evidence API export. Not medical advice; show the disclaimers with any use of the data."
)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def json_chunks(
    document: dict[str, Any], disclaimers: list[dict[str, Any]], meta: dict[str, Any]
) -> Iterator[bytes]:
    """The response envelope around the whole release; `data` loads back with `kratom-ingest`."""
    yield b'{"data":{"dataset":' + _dumps(document["dataset"]).encode()
    for name in (n for n in RESOURCES if n in document):
        yield f',"{name}":['.encode()
        for i, record in enumerate(document.get(name, [])):
            yield (("," if i else "") + _dumps(record)).encode()
        yield b"]"
    yield (
        b'},"disclaimers":'
        + _dumps(disclaimers).encode()
        + b',"meta":'
        + _dumps(meta).encode()
        + b"}\n"
    )


def ndjson_lines(document: dict[str, Any], disclaimers: list[dict[str, Any]]) -> Iterator[bytes]:
    """A notice line (release and disclaimers) first, then one line per record with its type."""
    yield (
        _dumps(
            {
                "type": "notice",
                "notice": NOTICE,
                "dataset": document["dataset"],
                "disclaimers": disclaimers,
            }
        )
        + "\n"
    ).encode()
    for name in RESOURCES:
        for record in document.get(name, []):
            yield (_dumps({"type": SINGULAR[name], "record": record}) + "\n").encode()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, list | dict):
        return _dumps(value)
    return str(value)


def csv_columns(records: list[dict[str, Any]]) -> list[str]:
    """Every field any record of the resource has, in first-seen order."""
    columns: dict[str, None] = {}
    for record in records:
        columns.update(dict.fromkeys(record))
    return list(columns)


def csv_chunks(
    document: dict[str, Any], resource: str, disclaimers: list[dict[str, Any]]
) -> Iterator[bytes]:
    """Leading `#` comment lines (notice, release, disclaimers), a header, then one row per record.

    Lists of plain values are joined with " | "; nested objects (cited sources, measurements) are JSON.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")

    def flush() -> bytes:
        chunk = buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()
        return chunk

    buffer.write(f"# {NOTICE}\n# dataset {document['dataset']['version']}\n")
    for d in disclaimers:
        buffer.write(f"# disclaimer {d['id']}: {' '.join(d['text'].split())}\n")
    records = document.get(resource, [])
    columns = csv_columns(records)
    writer.writerow(columns)
    yield flush()
    for record in records:
        writer.writerow([_cell(record.get(column)) for column in columns])
        yield flush()
