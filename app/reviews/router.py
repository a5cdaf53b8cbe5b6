"""POST /v1/reviews: an article in, each sentence with the graded claims it takes a position on."""

import json
import re
from typing import Annotated, Literal

import anyio
from fastapi import APIRouter, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from sqlalchemy import Connection

from app.claims import claimreview
from app.claims import service as claims_service
from app.claims.matching import REVIEW_THRESHOLD
from app.db import run_read
from app.envelope import DatasetState, Envelope, build_envelope, dataset_now, json_response
from app.errors import ApiError, problem_responses
from app.reviews import service
from app.reviews.schemas import TEXT_MAX_CHARS, TEXT_PATTERN, Review, ReviewRequest
from app.reviews.service import claim_reviews

router = APIRouter(prefix="/v1/reviews", tags=["reviews"])
# Enough for 100,000 characters even when every one is a \\uXXXX escape in JSON.
MAX_BODY_BYTES = 6 * TEXT_MAX_CHARS + 4096
# Blank as the documented pattern's \s means it (JSON Schema regexes are ECMAScript's).
_BLANK = re.compile("[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*")


class BodyTooLargeError(ApiError):
    status = 413
    slug = "body-too-large"


class UnsupportedMediaTypeError(ApiError):
    status = 415
    slug = "unsupported-media-type"


def _body_docs() -> dict[str, object]:
    schema = ReviewRequest.model_json_schema()
    text_schema = {
        "type": "string",
        "minLength": 1,
        "maxLength": TEXT_MAX_CHARS,
        "pattern": TEXT_PATTERN,
    }
    return {
        "requestBody": {
            "required": True,
            "description": (
                "The article as JSON, or as the plain text itself (`text/plain`, UTF-8). "
                f"At most {MAX_BODY_BYTES:,} bytes (413 beyond) and {TEXT_MAX_CHARS:,} characters."
            ),
            "content": {
                "application/json": {"schema": schema},
                "text/plain": {"schema": text_schema},
            },
        }
    }


async def _read_body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise BodyTooLargeError(f"The body is {declared} bytes; the limit is {MAX_BODY_BYTES:,}.")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:  # a missing or understated Content-Length
            raise BodyTooLargeError(f"The body is over the limit of {MAX_BODY_BYTES:,} bytes.")
    return bytes(body)


def _invalid(name: str, reason: str) -> RequestValidationError:
    return RequestValidationError([{"loc": ("body", name), "msg": reason, "type": "value_error"}])


async def read_article(request: Request) -> ReviewRequest:
    """The posted article: 415 for another media type, 413 when too large, 422 when invalid."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in ("application/json", "text/plain"):
        raise UnsupportedMediaTypeError(
            f"Send the article as application/json or text/plain, not {media_type or 'nothing'}."
        )
    raw = await _read_body(request)
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _invalid("body", "is not valid UTF-8") from None
    try:
        payload = json.loads(decoded) if media_type == "application/json" else {"text": decoded}
    except json.JSONDecodeError as exc:
        raise _invalid("body", f"is not valid JSON ({exc.msg} at character {exc.pos})") from None
    if isinstance(payload, dict) and isinstance(payload.get("text"), str):
        if _BLANK.fullmatch(payload["text"]):
            raise _invalid("text", "has no words")
        if "\x00" in payload["text"]:
            raise _invalid("text", "contains a NUL character")
    try:
        return ReviewRequest.model_validate(payload)
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        ) from None


GRAPH_SCHEMA: dict[str, object] = {
    "type": "object",
    "description": (
        "format=jsonld: one schema.org ClaimReview per sentence that asserts or denies a claim "
        "(its first match), in a JSON-LD @graph; docs/claimreview.md."
    ),
    "required": ["@context", "@graph"],
    "properties": {
        "@context": {
            "type": "string",
            "description": "The schema.org context.",
            "enum": [claimreview.CONTEXT],
        },
        "@graph": {
            "type": "array",
            "description": "The ClaimReviews, in the order of their sentences.",
            "items": {k: v for k, v in claimreview.DOCUMENT_SCHEMA.items() if k != "required"},
        },
    },
}


@router.post(
    "",
    summary="Review an article sentence by sentence",
    responses={
        200: {
            "description": "The review (format=json), or its ClaimReview items (format=jsonld).",
            "content": {claimreview.MEDIA_TYPE: {"schema": GRAPH_SCHEMA}},
        },
        **problem_responses(413, 415, 422, 503),
    },
    response_model=Envelope[Review],
    openapi_extra=_body_docs(),
)
async def review_article(
    request: Request,
    limit: Annotated[
        int,
        Query(
            ge=1, le=service.MAX_MATCHES_PER_SENTENCE, description="Most claims kept per sentence."
        ),
    ] = service.REVIEW_LIMIT,
    min_score: Annotated[
        float,
        Query(
            ge=0,
            le=1,
            description=(
                "Lowest match score kept (a score is the estimated probability that the sentence "
                f"takes a position on the claim). The default ({REVIEW_THRESHOLD}) is the "
                "threshold with the best F1 on real text, lower than /v1/claims/match's: a review "
                "is read sentence by sentence, where a missed claim cannot be seen and a wrong one "
                "can (docs/matching.md)."
            ),
        ),
    ] = REVIEW_THRESHOLD,
    format: Annotated[
        Literal["json", "jsonld"],
        Query(
            description=(
                "json: the review in the API's envelope. jsonld: schema.org ClaimReview items "
                "(application/ld+json), one per sentence that asserts or denies a claim."
            )
        ),
    ] = "json",
) -> Response:
    """Split a posted article into sentences and match each to the graded claims; computes and stores nothing."""
    article = await read_article(request)

    def read(conn: Connection) -> tuple[DatasetState, claims_service.MatchIndex]:
        dataset = dataset_now(request, conn)
        return dataset, claims_service.match_index(conn, request.app.state, dataset.content_hash)

    dataset, index = await run_read(request, read)
    review = await anyio.to_thread.run_sync(
        service.review_article, index, article, limit, min_score
    )
    if format == "jsonld":
        base_url = request.app.state.settings.public_url or str(request.base_url)
        graph, disclaimers = claim_reviews(index, review, dataset, base_url)
        document = {"@context": claimreview.CONTEXT, "@graph": graph}
        response: Response = JSONResponse(document, media_type=claimreview.MEDIA_TYPE)
        response.headers["Kratom-Disclaimers"] = ", ".join(d.id for d in disclaimers)
    else:
        response = json_response(build_envelope(review, dataset, service.topics(review)))
    response.headers["Cache-Control"] = "no-store"
    return response
