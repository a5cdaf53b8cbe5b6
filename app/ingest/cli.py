"""``python -m app.ingest validate|load``: check the curated data, or load it into the database."""

import argparse
import sys
import time
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from app.config import get_settings
from app.db import create_writer_engine
from app.ingest.load import SchemaNotReadyError, load_dataset
from app.ingest.validate import DataInvalidError, Dataset, read_dataset, read_export


def _validate(data_dir: Path, from_export: bool = False) -> Dataset | None:
    try:
        ds = read_export(data_dir) if from_export else read_dataset(data_dir)
    except DataInvalidError as exc:
        print(f"{data_dir}: {len(exc.problems)} problem(s); nothing was loaded", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return None
    return ds


def _print_counts(ds: Dataset) -> None:
    for name, count in ds.counts().items():
        print(f"  {name:<14}{count:>6}")


def main(argv: list[str] | None = None) -> int:
    settings = get_settings()
    parser = argparse.ArgumentParser(prog="kratom-ingest", description=__doc__)
    parser.add_argument("command", choices=["validate", "load"])
    parser.add_argument("--data-dir", type=Path, default=settings.data_dir)
    parser.add_argument("--database-url", default=settings.database_url)
    parser.add_argument("--from-export", type=Path, help="read a JSON export instead of --data-dir")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    origin: Path = args.from_export or args.data_dir
    ds = _validate(origin, from_export=args.from_export is not None)
    if ds is None:
        return 1
    if args.command == "validate":
        print(f"{origin}: valid, dataset {ds.meta.version} ({ds.content_hash()[:12]})")
        _print_counts(ds)
        return 0
    engine = create_writer_engine(args.database_url, settings.db_connect_timeout)
    try:
        load_dataset(engine, ds, str(settings.migrations_dir), progress=True)
    except SchemaNotReadyError as exc:
        print(f"load refused: {exc}", file=sys.stderr)
        return 2
    except SQLAlchemyError as exc:
        print(
            f"load failed, previous content unchanged: {exc.__class__.__name__}: {exc}",
            file=sys.stderr,
        )
        return 2
    finally:
        engine.dispose()
    elapsed = time.perf_counter() - started
    print(f"loaded dataset {ds.meta.version} ({ds.content_hash()[:12]}) in {elapsed:.2f}s:")
    _print_counts(ds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
