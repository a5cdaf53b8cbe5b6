from typing import Any

from sqlalchemy.orm import Session

from app import models
from app.errors import ServiceUnavailableError


def release_document(session: Session) -> dict[str, Any]:
    info = session.get(models.DatasetInfo, 1)
    if info is None or info.document is None:
        raise ServiceUnavailableError(
            "The loaded dataset has no export document; run `make data-load`."
        )
    return info.document


def cited_source_ids(records: list[dict[str, Any]]) -> set[str]:
    """Every source id the records cite: ``sources`` lists (of ids, or of objects with a ``source``)
    and single ``source`` fields, at any depth (a mechanism's measurements cite their own)."""
    cited: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if key == "source" and isinstance(inner, str):
                    cited.add(inner)
                elif key == "sources" and isinstance(inner, list):
                    cited.update(item for item in inner if isinstance(item, str))
                    walk([item for item in inner if not isinstance(item, str)])
                else:
                    walk(inner)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(records)
    return cited
