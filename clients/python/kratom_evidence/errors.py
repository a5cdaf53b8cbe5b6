"""Errors as typed exceptions carrying the fields of the API's problem document (RFC 9457)."""

import datetime as dt
from email.utils import parsedate_to_datetime
from http import HTTPStatus

import httpx
from pydantic import ValidationError

from kratom_evidence.models import InvalidParam, Problem


class ApiError(Exception):
    """The API answered with an error; the problem document's fields are attributes."""

    def __init__(self, problem: Problem, response: httpx.Response) -> None:
        super().__init__(f"{problem.status} {problem.title}: {problem.detail}")
        self.type = problem.type
        self.title = problem.title
        self.status = problem.status
        self.detail = problem.detail
        self.instance = problem.instance
        self.invalid_params: list[InvalidParam] = list(problem.invalid_params or [])
        self.response = response

    @property
    def retry_after(self) -> float | None:
        """Seconds the server asked the client to wait, when it said (429, 503, 504)."""
        return parse_retry_after(self.response.headers.get("retry-after"))


class BadRequest(ApiError):
    """400: a parameter the endpoint does not know, or a value it refuses."""


class NotFound(ApiError):
    """404: no record has that id (or no route has that path)."""


class MethodNotAllowed(ApiError):
    """405: the API is read-only except for POST /v1/reviews."""


class PayloadTooLarge(ApiError):
    """413: the article sent for review is too long."""


class UriTooLong(ApiError):
    """414: the query string is too long."""


class UnsupportedMediaType(ApiError):
    """415: the review body is neither JSON nor plain text."""


class ValidationFailed(ApiError):
    """422: a parameter or body field failed validation; see ``invalid_params``."""


class RateLimited(ApiError):
    """429: too many requests; ``retry_after`` says when to come back."""


class ServerError(ApiError):
    """500 or another 5xx without a class of its own."""


class Unavailable(ApiError):
    """503: the service or its database is not ready; usually temporary."""


class GatewayTimeout(ApiError):
    """504: the request took longer than the server's time limit."""


class UnexpectedResponse(Exception):
    """A successful answer that is not what the API documents (not JSON, or another shape):
    usually a client older than the server, or something other than the API at the base URL."""

    def __init__(self, message: str, content: bytes) -> None:
        super().__init__(message)
        self.content = content


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequest,
    404: NotFound,
    405: MethodNotAllowed,
    413: PayloadTooLarge,
    414: UriTooLong,
    415: UnsupportedMediaType,
    422: ValidationFailed,
    429: RateLimited,
    503: Unavailable,
    504: GatewayTimeout,
}


def error_for(response: httpx.Response) -> ApiError:
    """The exception for an error response; a body that is not a problem document (a proxy's
    page, say) still gives the status and its standard title."""
    status = response.status_code
    try:
        problem = Problem.model_validate_json(response.content)
    except ValidationError:
        phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
        problem = Problem(
            type="about:blank",
            title=phrase,
            status=status,
            detail=response.text[:500] or phrase,
            instance=response.url.path,
        )
    fallback = ServerError if status >= 500 else ApiError
    return _BY_STATUS.get(status, fallback)(problem, response)


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: a number of seconds, or an HTTP date (RFC 9110, section 10.2.3)."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max((when - dt.datetime.now(dt.UTC)).total_seconds(), 0.0)
