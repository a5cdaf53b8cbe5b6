from datetime import UTC
from enum import StrEnum

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app import models, vocab
from app.db import SessionDep
from app.envelope import DatasetDep, Envelope, build_envelope
from app.errors import ServiceUnavailableError, problem_responses
from app.meta.schemas import DatasetRead, Health, Readiness, ScaleAxis, ScaleValue

router = APIRouter(tags=["dataset"])
probes = APIRouter(tags=["health"])

_AXES: list[tuple[str, type[StrEnum], str]] = [
    ("certainty", vocab.Certainty, "GRADE certainty in the body of evidence behind a claim."),
    ("verdict", vocab.Verdict, "How well the claim, as people state it, holds up."),
    ("evidence_level", vocab.EvidenceLevel, "The best study design behind the claim."),
    ("downgrade_reasons", vocab.DowngradeReason, "GRADE domains for rating certainty down."),
]
SCALE = [
    ScaleAxis(
        name=name,
        description=description,
        values=[
            ScaleValue(value=m.value, definition=vocab.DEFINITIONS[enum][m.value]) for m in enum
        ],
    )
    for name, enum, description in _AXES
]


@router.get("/v1/evidence-scale", summary="The grading scale", responses=problem_responses(503))
def get_evidence_scale(dataset: DatasetDep) -> Envelope[list[ScaleAxis]]:
    """Every grading axis and the definition of each value, as the grades in the data use them."""
    return build_envelope(SCALE, dataset)


@router.get("/v1/dataset", summary="The loaded dataset release", responses=problem_responses(503))
def get_dataset(session: SessionDep, dataset: DatasetDep) -> Envelope[DatasetRead]:
    """Version, release date, content hash, record counts and changelog of the data being served."""
    info = session.get(models.DatasetInfo, 1)
    if info is None:
        raise ServiceUnavailableError("No dataset is loaded; run `make data-load`.")
    data = DatasetRead.model_validate(info, from_attributes=True)
    if data.loaded_at.tzinfo is None:  # SQLite keeps no offset; the loader writes UTC
        data.loaded_at = data.loaded_at.replace(tzinfo=UTC)
    return build_envelope(data, dataset)


@probes.get("/healthz", summary="Liveness probe")
def healthz() -> Health:
    """200 while the process can answer; it does not touch the database."""
    return Health(status="ok")


@probes.get("/readyz", summary="Readiness probe", responses={503: {"model": Readiness}})
def readyz(request: Request, session: SessionDep) -> JSONResponse:
    """200 when the database is reachable, its schema is at head and a dataset is loaded; else 503."""
    checks: dict[str, object] = {}
    try:
        revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        checks["database"] = "ok"
        checks["schema"] = (
            "ok" if revision == request.app.state.schema_head else f"at {revision}, expected head"
        )
        info = session.get(models.DatasetInfo, 1)
        checks["dataset"] = info.version if info else "not loaded"
        ready = checks["schema"] == "ok" and info is not None
    except SQLAlchemyError as exc:
        checks["database"] = f"unavailable: {exc.__class__.__name__}"
        ready = False
    body = Readiness(status="ready" if ready else "not_ready", checks=checks)
    headers = None if ready else {"Retry-After": "5"}
    return JSONResponse(body.model_dump(), status_code=200 if ready else 503, headers=headers)
