"""The review page: paste an article, get each sentence back with the claims it takes a position on.

The form posts to /review (a compute path in app/http/methods.py: it stores nothing); the review is
the one POST /v1/reviews computes, by the same service with the same defaults.
"""

from urllib.parse import parse_qs

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from sqlalchemy import Connection

from app.claims import service as claims_service
from app.claims.matching import REVIEW_THRESHOLD
from app.db import run_read
from app.envelope import DatasetDep, DatasetState, dataset_now
from app.reviews import service as reviews_service
from app.reviews.schemas import TEXT_MAX_CHARS, ReviewRequest
from app.web.pages import render

router = APIRouter(include_in_schema=False)
FORM_TYPE = "application/x-www-form-urlencoded"
# A form field is percent-encoded: up to 9 bytes for one character of text (3 UTF-8 bytes).
MAX_FORM_BYTES = 9 * TEXT_MAX_CHARS + 1024


class FormError(Exception):
    """What was wrong with the posted form, in words for the person who sent it."""


async def read_form_text(request: Request) -> str:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != FORM_TYPE:
        raise FormError("Send the article with the form on this page.")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_FORM_BYTES:
        raise FormError(f"The article is too long: at most {TEXT_MAX_CHARS:,} characters.")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise FormError(f"The article is too long: at most {TEXT_MAX_CHARS:,} characters.")
    try:
        fields = parse_qs(body.decode("ascii"), keep_blank_values=True, errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise FormError("The form could not be read; send it again.") from None
    texts = fields.get("text", [""])
    if len(texts) != 1 or not texts[0].strip():
        raise FormError("Paste the article's text into the box first.")
    if len(texts[0]) > TEXT_MAX_CHARS:
        raise FormError(f"The article is too long: at most {TEXT_MAX_CHARS:,} characters.")
    if "\x00" in texts[0]:
        raise FormError("The text contains a NUL character; paste plain text.")
    return texts[0]


@router.get("/review")
def review_form(dataset: DatasetDep) -> HTMLResponse:
    """The form to paste an article into."""
    return render(
        "review.html", dataset, dataset.disclaimers_for(()), text="", review=None, error=None
    )


@router.post("/review")
async def review_page(request: Request) -> HTMLResponse:
    """The posted article, each sentence marked with the claims it takes a position on."""

    def read(conn: Connection) -> tuple[DatasetState, claims_service.MatchIndex]:
        dataset = dataset_now(request, conn)
        return dataset, claims_service.match_index(conn, request.app.state, dataset.content_hash)

    dataset, index = await run_read(request, read)
    text = ""
    try:
        text = await read_form_text(request)
        article = ReviewRequest(text=text)
        review = await anyio.to_thread.run_sync(
            reviews_service.review_article,
            index,
            article,
            reviews_service.REVIEW_LIMIT,
            REVIEW_THRESHOLD,
        )
    except FormError as exc:
        return _error(dataset, text, str(exc))
    except ValidationError:
        return _error(dataset, text, "The text could not be reviewed; paste plain text.")
    except reviews_service.TooManySentencesError as exc:
        return _error(dataset, text, exc.detail)
    response = render(
        "review.html",
        dataset,
        dataset.disclaimers_for(reviews_service.topics(review)),
        text=text,
        review=review,
        error=None,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _error(dataset: DatasetState, text: str, message: str) -> HTMLResponse:
    response = render(
        "review.html",
        dataset,
        dataset.disclaimers_for(()),
        status_code=422,
        text=text,
        review=None,
        error=message,
    )
    response.headers["Cache-Control"] = "no-store"
    return response
