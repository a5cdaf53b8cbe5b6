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
