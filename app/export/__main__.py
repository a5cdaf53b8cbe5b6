"""``python -m app.export [--out DIR]``: write the loaded release as JSON, NDJSON and one CSV per
resource, and its sources as CSL-JSON, RIS and BibTeX."""

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.orm import Session

from app import vocab
from app.citations.formats import EXTENSIONS, CitationFormat, citation_chunks, source_from_record
from app.config import get_settings
from app.db import create_reader_engine
from app.envelope import Meta
from app.export import formats
from app.export.service import release_document
from app.models import DatasetInfo, Disclaimer


def _write(path: Path, chunks: Iterator[bytes]) -> None:
    tmp = path.with_suffix(path.suffix + ".part")
    with tmp.open("wb") as fh:
        for chunk in chunks:
            fh.write(chunk)
    tmp.replace(path)  # never leave a half-written export under the final name
    print(f"  {path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.export", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("export"))
    args = parser.parse_args(argv)
    settings = get_settings()
    engine = create_reader_engine(settings.database_url, settings.db_connect_timeout)
    with Session(engine) as session:
        document = release_document(session)
        info = session.get(DatasetInfo, 1)
        assert info is not None
        rows = session.query(Disclaimer).order_by(Disclaimer.position).all()
    engine.dispose()
    disclaimers = [
        {"id": d.id, "text": d.text, "severity": d.severity}
        for d in rows
        if set(d.scope) & (vocab.TOPICS | {vocab.ALWAYS})
    ]
    meta = Meta(
        dataset_version=info.version, dataset_released_on=info.released_on, license=info.license
    )
    args.out.mkdir(parents=True, exist_ok=True)
    stem = f"kratom-evidence-{info.version}"
    print(f"exporting dataset {info.version} to {args.out}:")
    _write(
        args.out / f"{stem}.json",
        formats.json_chunks(document, disclaimers, meta.model_dump(mode="json", exclude_none=True)),
    )
    _write(args.out / f"{stem}.ndjson", formats.ndjson_lines(document, disclaimers))
    for resource in formats.RESOURCES:
        _write(
            args.out / f"{stem}-{resource}.csv", formats.csv_chunks(document, resource, disclaimers)
        )
    sources = [source_from_record(record) for record in document["sources"]]
    for fmt in CitationFormat:
        suffix = "csl.json" if fmt is CitationFormat.csl_json else EXTENSIONS[fmt]
        _write(args.out / f"{stem}-sources.{suffix}", citation_chunks(sources, fmt))
    return 0


if __name__ == "__main__":
    sys.exit(main())
