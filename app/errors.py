"""RFC 9457 problem details: the error classes, their schema, and the one handler family."""

import logging
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.exc import DatabaseError, DBAPIError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

logger = logging.getLogger("app.errors")

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_BASE = "https://kratom-evidence.invalid/problems/"


class InvalidParam(BaseModel):
    name: str = Field(description="The query or path parameter at fault.", examples=["limit"])
    reason: str = Field(description="What is wrong with it.", examples=["must be at most 100"])


class Problem(BaseModel):
    """An RFC 9457 problem document; every error the API returns has this shape."""

    type: str = Field(
        description="URI naming the kind of problem.", examples=[f"{PROBLEM_BASE}not-found"]
    )
    title: str = Field(description="Short summary of the kind of problem.", examples=["Not Found"])
    status: int = Field(description="The HTTP status code.", examples=[404])
    detail: str = Field(
        description="What went wrong with this request.", examples=["No claim 'x'."]
    )
    instance: str | None = Field(
        default=None, description="The request path.", examples=["/v1/claims/x"]
    )
    invalid_params: list[InvalidParam] | None = Field(
        default=None, description="The offending parameters, for 400 and 422 answers."
    )


class ApiError(Exception):
    """Base for errors the API raises on purpose; each maps to one problem type."""

    status: int = 500
    slug: str = "internal-error"

    def __init__(
        self,
        detail: str,
        *,
        invalid_params: list[InvalidParam] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.invalid_params = invalid_params
        self.headers = headers


class RecordNotFoundError(ApiError):
    status = 404
    slug = "not-found"

    def __init__(self, resource: str, record_id: str) -> None:
        super().__init__(
            f"No {resource} has the id {record_id!r}.",
            invalid_params=[InvalidParam(name=f"{resource}_id", reason="unknown id")],
        )


class ReleaseNotFoundError(ApiError):
    status = 404
    slug = "not-found"

    def __init__(self, parameter: str, version: str) -> None:
        super().__init__(
            f"No release {version!r} is recorded here; /v1/dataset/releases lists those that are.",
            invalid_params=[InvalidParam(name=parameter, reason="unknown release")],
        )


class BadParameterError(ApiError):
    status = 400
    slug = "bad-parameter"

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(
            f"Parameter {name!r}: {reason}", invalid_params=[InvalidParam(name=name, reason=reason)]
        )


class UnknownParameterError(ApiError):
    status = 400
    slug = "unknown-parameter"


class ServiceUnavailableError(ApiError):
    status = 503
    slug = "service-unavailable"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, headers={"Retry-After": "5"})


def problem_response(
    request: Request,
    status: int,
    detail: str,
    *,
    slug: str | None = None,
    invalid_params: list[InvalidParam] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    phrase = HTTPStatus(status).phrase
    body = Problem(
        type=PROBLEM_BASE + (slug or phrase.lower().replace(" ", "-")),
        title=phrase,
        status=status,
        detail=detail,
        instance=request.url.path,
        invalid_params=invalid_params,
    )
    return JSONResponse(
        jsonable_encoder(body, exclude_none=True),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


# Renders an error for requests under a path prefix in another format (the FHIR view answers
# OperationOutcome): (request, status, detail, invalid params, headers) -> response.
ErrorRenderer = Callable[
    [Request, int, str, list[InvalidParam] | None, dict[str, str] | None], Response
]


def error_response(
    request: Request,
    status: int,
    detail: str,
    *,
    slug: str | None = None,
    invalid_params: list[InvalidParam] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """The problem document, or the format the app registered for the request's path prefix in
    ``app.state.error_renderers``."""
    renderers: Mapping[str, ErrorRenderer] = getattr(request.app.state, "error_renderers", {})
    path = request.url.path
    for prefix, render in renderers.items():
        if path == prefix or path.startswith(prefix + "/"):
            return render(request, status, detail, invalid_params, headers)
    return problem_response(
        request, status, detail, slug=slug, invalid_params=invalid_params, headers=headers
    )


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(
        request,
        exc.status,
        exc.detail,
        slug=exc.slug,
        invalid_params=exc.invalid_params,
        headers=exc.headers,
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).description
    if exc.status_code == 404:
        detail = f"No resource at {request.url.path}; see /docs for the endpoints."
    headers = dict(exc.headers) if exc.headers else None
    return error_response(request, exc.status_code, detail, headers=headers)


def _param_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("query", "path", "header")]
    return ".".join(parts) or "request"


def _reason(error: Mapping[str, Any]) -> str:
    """Pydantic's message, except where it would quote a regular expression at a person who sent
    only spaces."""
    value = error.get("input")
    if error["type"] == "string_pattern_mismatch" and isinstance(value, str) and not value.strip():
        return "must contain a character that is not a space"
    return str(error["msg"])


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    params = [InvalidParam(name=_param_name(e["loc"]), reason=_reason(e)) for e in exc.errors()]
    detail = "; ".join(f"{p.name}: {p.reason}" for p in params)
    return error_response(request, 422, detail, slug="invalid-parameter", invalid_params=params)


def database_unavailable(exc: BaseException) -> bool:
    """The database cannot be read right now (gone, locked, corrupt, unreachable), as opposed to a
    bug in a query. Those answer 503 with Retry-After; bugs stay 500."""
    if not isinstance(exc, DBAPIError):
        return False
    return (
        exc.connection_invalidated
        or isinstance(exc, OperationalError | InterfaceError)
        or type(exc) is DatabaseError
    )


async def _database_error(request: Request, exc: Exception) -> Response:
    if database_unavailable(exc):
        logger.warning("database unavailable on %s: %s", request.url.path, exc.__class__.__name__)
        return error_response(
            request, 503, "The database cannot be read right now; retry shortly.",
            slug="service-unavailable", headers={"Retry-After": "5"},
        )  # fmt: skip
    return await _unexpected(request, exc)


async def _unexpected(request: Request, exc: Exception) -> Response:
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(request, 500, "The server failed to answer; the error was logged.")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(DBAPIError, _database_error)
    app.add_exception_handler(Exception, _unexpected)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entries declaring the problem+json errors a route can return."""
    return {
        status: {"model": Problem, "description": HTTPStatus(status).phrase} for status in statuses
    }


T = TypeVar("T")


def found(row: T | None, resource: str, record_id: str) -> T:
    """The record, or the 404 problem that names what was not found."""
    if row is None:
        raise RecordNotFoundError(resource, record_id)
    return row
