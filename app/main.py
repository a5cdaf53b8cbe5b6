"""Application factory: engine, lifespan checks, routers, error handlers, offline docs."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import Depends, FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from app import models
from app.caveats.router import router as caveats_router
from app.claims import service as claims_service
from app.claims.router import router as claims_router
from app.compounds.router import router as compounds_router
from app.config import Settings, get_settings
from app.db import create_reader_engine
from app.disclaimers.router import router as disclaimers_router
from app.documents.router import router as documents_router
from app.envelope import DatasetState, read_dataset_state
from app.errors import install_error_handlers
from app.export.router import router as export_router
from app.fhir.responses import outcome_response
from app.fhir.router import router as fhir_router
from app.http.caching import HttpCachingMiddleware
from app.http.guards import RequestGuardMiddleware, RequestTimeoutMiddleware
from app.http.lanes import FastLaneMiddleware, LaneState
from app.http.methods import ReadOnlyMethodsMiddleware
from app.http.observability import Metrics, ObservabilityMiddleware, configure_logging, flush_logs
from app.http.ratelimit import RateLimitMiddleware
from app.http.response_cache import MAX_ENTRY_BYTES, ResponseCache, ResponseCacheMiddleware
from app.http.security import SecurityHeadersMiddleware
from app.jurisdictions.router import router as jurisdictions_router
from app.listing import reject_unknown_query_params
from app.mechanisms.router import router as mechanisms_router
from app.memory import limit_malloc_arenas
from app.meta.router import probes
from app.meta.router import router as meta_router
from app.openapi_doc import build_openapi
from app.releases.router import router as releases_router
from app.reviews.router import router as reviews_router
from app.schema_head import head_revision
from app.search.fast import SEARCH_LANE
from app.search.router import router as search_router
from app.sources.router import router as sources_router
from app.targets.router import router as targets_router
from app.web.review import router as review_page_router
from app.web.router import router as pages_router

logger = logging.getLogger("app")

DESCRIPTION = """
A read-only, cited and graded map of what is known about **kratom** (*Mitragyna speciosa*) and
its alkaloids in depression and substance use disorders.

Every claim carries a **verdict**, a **GRADE certainty**, the **evidence level** behind it and
its **sources** with their stance. Every response carries the **disclaimers** a consumer must
show. Nothing here is medical advice, and kratom is not an approved treatment for any condition.

Conventions: lists take `limit` (1-100), `offset`, `sort` (`-field` for descending) and typed
filters; unknown parameters are a 400. Errors are RFC 9457 `application/problem+json`.
"""


TAGS = [
    {"name": "claims", "description": "Statements people make about kratom, graded: verdict, GRADE certainty, evidence level, sources with stance. Includes sentence matching."},
    {"name": "compounds", "description": "Kratom alkaloids, their metabolites and the leaf, with identifiers and leaf abundance."},
    {"name": "targets", "description": "Receptors and enzymes the compounds are tested against."},
    {"name": "mechanisms", "description": "Proposed compound -> target actions with measured values; disputed ones show each laboratory's result."},
    {"name": "caveats", "description": "Risks and limits: dependence, liver injury, interactions, contamination, evidence gaps."},
    {"name": "sources", "description": "Every cited document, with identifiers checked against its record, and each as a citation (CSL-JSON, RIS, BibTeX)."},
    {"name": "jurisdictions", "description": "Regulatory status by place, each with a primary legal or official source and an as-of date."},
    {"name": "disclaimers", "description": "Text consumers must show, and the topics that bring each one in."},
    {"name": "documents", "description": "Reviewed public texts (like a fact-check), each statement mapped to its graded claim."},
    {"name": "search", "description": "Full-text search across record types."},
    {"name": "reviews", "description": "A whole article reviewed sentence by sentence against the graded claims (POST; computes, stores nothing)."},
    {"name": "export", "description": "The whole release as JSON, NDJSON or CSV; the sources as CSL-JSON, RIS or BibTeX."},
    {"name": "dataset", "description": "The grading scale and the loaded release (version, hash, counts, changelog)."},
    {"name": "fhir", "description": "A read-only HL7 FHIR R5 view (application/fhir+json, not the envelope): claims as Evidence, sources as Citation, verdicts as ArtifactAssessment; disclaimers in meta.tag and the Kratom-Disclaimers header. See docs/fhir.md."},
    {"name": "health", "description": "Liveness and readiness probes for load balancers and orchestrators."},
]  # fmt: skip


class StartupError(RuntimeError):
    """The database is not ready to serve; the message names the command that fixes it."""


def check_database(engine: Engine, schema_head: str | None) -> None:
    try:
        with engine.connect() as conn:
            tables = {r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))}
            if schema_head not in tables:
                raise StartupError(
                    f"database schema is {sorted(tables)}, expected {schema_head}: run `make migrate`"
                )
            if conn.execute(select(func.count()).select_from(models.DatasetInfo)).scalar() == 0:
                raise StartupError("database has no dataset loaded: run `make data-load`")
    except SQLAlchemyError as exc:
        raise StartupError(
            f"cannot read the database ({exc.__class__.__name__}): run `make migrate data-load` "
            "or check DATABASE_URL"
        ) from exc


async def watch_dataset(app: FastAPI, every: float, stop: asyncio.Event) -> None:
    """Notice a newly loaded release: the response cache answers without asking the database, so
    each worker re-reads the release's hash every ``every`` seconds and drops stale answers.

    Returns once ``stop`` is set, after the check under way (if any) has given its connection back:
    cancelling the task instead would abandon a check running in its worker thread."""
    factory: sessionmaker[Session] = app.state.sessionmaker

    def read() -> DatasetState | None:
        with factory() as session:
            return read_dataset_state(session, getattr(app.state, "dataset", None))

    while not stop.is_set():
        try:
            state = await anyio.to_thread.run_sync(read)
        except Exception:
            logger.warning("dataset check failed; will retry", exc_info=True)
        else:
            current = getattr(app.state, "dataset", None)
            if state is not None and (
                current is None or current.content_hash != state.content_hash
            ):
                app.state.dataset = state
                app.state.response_cache.clear()
                logger.info("serving release %s (%s)", state.version, state.content_hash[:12])
        flush_logs()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every)


def warm_match_index(app: FastAPI) -> None:
    """Build the claim matcher's index for the loaded release before serving, so that readiness
    includes it and the first /v1/claims/match answers in milliseconds, not about a second. A
    failure here is logged and left to the first match request, which builds the index itself."""
    try:
        with app.state.sessionmaker() as session:
            content_hash = session.scalar(select(models.DatasetInfo.content_hash))
            if content_hash is not None:
                claims_service.match_index(session.connection(), app.state, content_hash)
    except Exception:
        logger.warning("could not build the matching index at start-up", exc_info=True)


# How long shutdown waits for a dataset check under way before abandoning it.
SHUTDOWN_CHECK_WAIT_SECONDS = 10.0


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_reader_engine(settings.database_url, settings.db_connect_timeout)
        try:
            check_database(engine, app.state.schema_head)
        except StartupError:
            engine.dispose()
            raise
        app.state.sessionmaker = sessionmaker(
            engine, class_=Session, expire_on_commit=False, autoflush=False
        )
        limit_malloc_arenas()
        await anyio.to_thread.run_sync(warm_match_index, app)
        stop = asyncio.Event()
        watcher = asyncio.create_task(
            watch_dataset(app, settings.dataset_check_seconds, stop), name="dataset-watcher"
        )
        try:
            yield
        finally:
            # Let a check under way give its connection back before dispose(), which would leave a
            # checked-out connection open; give up (and cancel) only if the database hangs.
            stop.set()
            try:
                await asyncio.wait_for(watcher, SHUTDOWN_CHECK_WAIT_SECONDS)
            except TimeoutError:
                logger.warning("dataset check still running at shutdown; abandoned")
            engine.dispose()
            # Uvicorn re-raises SIGTERM after a graceful shutdown, so exit handlers never run:
            # write the batched log lines (those of the last requests included) now.
            flush_logs()

    app = FastAPIOffline(
        title="Kratom Evidence API",
        version="1.0.0",
        summary="Cited, GRADE-graded evidence on kratom in depression and substance use disorders.",
        description=DESCRIPTION,
        lifespan=lifespan,
        dependencies=[Depends(reject_unknown_query_params)],
        license_info={"name": "Code MIT; data CC BY 4.0", "identifier": "CC-BY-4.0"},
        openapi_tags=TAGS,
        servers=[{"url": "/", "description": "This server"}],
        contact={"name": "Kratom Evidence API maintainers"},
        # Metrics are our own Prometheus ones; FastAPI's OpenTelemetry hooks would only cost a
        # provider check per request.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.openapi = lambda: build_openapi(app)  # type: ignore[method-assign]
    app.state.settings = settings
    app.state.schema_head = head_revision(str(settings.migrations_dir))
    install_error_handlers(app)
    app.state.error_renderers = {"/fhir": outcome_response}
    # Added last = outermost: CORS headers also reach 405s, and preflights never hit the policy;
    # observability wraps everything so every answer is counted, logged and carries its request id.
    metrics = Metrics()
    app.state.metrics = metrics
    app.add_middleware(HttpCachingMiddleware, max_age=settings.cache_max_age)
    hosts = [h.strip().lower() for h in settings.trusted_hosts.split(",") if h.strip()]
    # The JSON-LD views write absolute links from the request's Host unless PUBLIC_URL is set; a
    # recorded answer must then not be replayed to another Host.
    key_by_host = "*" not in hosts or settings.public_url is None
    app.add_middleware(RequestTimeoutMiddleware, seconds=settings.request_timeout)
    app.add_middleware(RequestGuardMiddleware, allowed_hosts=hosts)
    if settings.rate_limit_per_minute:
        app.add_middleware(RateLimitMiddleware, per_minute=settings.rate_limit_per_minute)
    app.add_middleware(ReadOnlyMethodsMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "HEAD", "OPTIONS", "POST"],
        allow_headers=["*"],
        expose_headers=[
            "ETag",
            "Link",
            "X-Request-ID",
            "Content-Disposition",
            "Kratom-Disclaimers",
        ],
    )
    app.add_middleware(ObservabilityMiddleware, metrics=metrics)
    cache = ResponseCache(
        max_bytes=int(settings.response_cache_mb * 2**20), max_entry_bytes=MAX_ENTRY_BYTES
    )
    app.state.response_cache = cache
    metrics.watch_cache(cache)
    app.add_middleware(
        ResponseCacheMiddleware,
        cache=cache,
        metrics=metrics,
        key_by_host=key_by_host,
        enabled=cache.max_bytes > 0 and not settings.rate_limit_per_minute,
    )
    app.state.fast_lanes = LaneState()
    app.add_middleware(
        FastLaneMiddleware,
        metrics=metrics,
        state=app.state.fast_lanes,
        lanes={SEARCH_LANE.path: SEARCH_LANE},
        key_by_host=key_by_host,
        enabled=settings.fast_lanes and not settings.rate_limit_per_minute,
    )

    @app.get("/metrics", include_in_schema=False)
    def metrics_endpoint(request: Request) -> Response:
        """Prometheus text format: requests by route and status, latency, dataset version."""
        return metrics.render(request)

    for router in (
        claims_router,
        compounds_router,
        targets_router,
        mechanisms_router,
        caveats_router,
        sources_router,
        jurisdictions_router,
        disclaimers_router,
        documents_router,
        search_router,
        export_router,
        reviews_router,
        meta_router,
        fhir_router,
        releases_router,
        probes,
        pages_router,
        review_page_router,
    ):
        app.include_router(router)
    return app
