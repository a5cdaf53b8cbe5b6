"""Python client for the Kratom Evidence API: typed records, paging, ETag revalidation, retries."""

from kratom_evidence._core import NO_RETRIES, Fetched, RetryPolicy
from kratom_evidence.async_client import AsyncClient
from kratom_evidence.client import Client
from kratom_evidence.errors import (
    ApiError,
    BadRequest,
    GatewayTimeout,
    MethodNotAllowed,
    NotFound,
    PayloadTooLarge,
    RateLimited,
    ServerError,
    Unavailable,
    UnexpectedResponse,
    UnsupportedMediaType,
    UriTooLong,
    ValidationFailed,
)
from kratom_evidence.pager import Pager

__all__ = [
    "NO_RETRIES",
    "ApiError",
    "AsyncClient",
    "BadRequest",
    "Client",
    "Fetched",
    "GatewayTimeout",
    "MethodNotAllowed",
    "NotFound",
    "Pager",
    "PayloadTooLarge",
    "RateLimited",
    "RetryPolicy",
    "ServerError",
    "Unavailable",
    "UnexpectedResponse",
    "UnsupportedMediaType",
    "UriTooLong",
    "ValidationFailed",
]
