"""The release history: the releases loaded here, the changes between two, and an Atom feed."""

from datetime import UTC
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy.orm import Session

from app import models
from app.db import SessionDep
from app.envelope import DatasetDep, DatasetState, Envelope, build_envelope
from app.errors import ReleaseNotFoundError, problem_responses
from app.listing import PageDep, page_info
from app.releases import service
from app.releases.feed import ATOM_MEDIA_TYPE, render_feed
from app.releases.schemas import DatasetChanges, ReleaseRead

router = APIRouter(prefix="/v1/dataset", tags=["dataset"])

VERSION_PATTERN = r"^[0-9A-Za-z][0-9A-Za-z._-]*$"


def _version_query(description: str) -> object:
    return Query(description=description, pattern=VERSION_PATTERN, max_length=40)


def _history(request: Request, session: Session) -> list[models.Release]:
    """Every recorded release, newest first; the response's ETag names this history."""
    releases = service.list_releases(session)
    request.state.etag_extra = service.history_tag(releases)
    return releases


def _release_reads(
    releases: list[models.Release], session: Session, dataset: DatasetState
) -> list[ReleaseRead]:
    lines = service.changelog_lines(session)
    reads = []
    for row in releases:
        read = ReleaseRead(
            version=row.version,
            released_on=row.released_on,
            content_hash=row.content_hash,
            loaded_at=row.loaded_at,
            current=row.version == dataset.version,
            counts=row.counts,
            changes=lines.get(row.version, []),
        )
        if read.loaded_at.tzinfo is None:  # SQLite keeps no offset; the loader writes UTC
            read.loaded_at = read.loaded_at.replace(tzinfo=UTC)
        reads.append(read)
    return reads


@router.get(
    "/releases", summary="List recorded releases", responses=problem_responses(400, 422, 503)
)
def list_releases(
    request: Request, session: SessionDep, dataset: DatasetDep, page: PageDep
) -> Envelope[list[ReleaseRead]]:
    """Every release loaded into this database, newest first, with its changelog lines and counts."""
    reads = _release_reads(_history(request, session), session, dataset)
    data = reads[page.offset : page.offset + page.limit]
    return build_envelope(data, dataset, page=page_info(request, page, len(reads)))


@router.get(
    "/changes",
    summary="What changed between two releases",
    responses=problem_responses(400, 404, 422, 503),
)
def get_changes(
    request: Request,
    session: SessionDep,
    dataset: DatasetDep,
    since: Annotated[
        str | None,
        _version_query(
            "The older release. Default: the release listed right before `until` "
            "(so, with neither, what the current release changed)."
        ),
    ] = None,
    until: Annotated[
        str | None, _version_query("The newer release. Default: the current release.")
    ] = None,
) -> Envelope[DatasetChanges]:
    """Per resource, the ids added, removed and changed (with the changed fields) between releases."""
    releases = {r.version: r for r in _history(request, session)}
    newer = until or dataset.version
    if newer not in releases:
        raise ReleaseNotFoundError("until", newer)
    if since is None:
        before = service.release_before(list(releases.values()), newer)
        since = before.version if before is not None else newer
    if since not in releases:
        raise ReleaseNotFoundError("since", since)
    resources = list(dict.fromkeys([*releases[newer].counts, *releases[since].counts]))
    changes = service.compare(
        service.fingerprints(session, since), service.fingerprints(session, newer), resources
    )
    return build_envelope(DatasetChanges(since=since, until=newer, resources=changes), dataset)


@router.get(
    "/feed.atom",
    summary="Releases as an Atom feed",
    response_class=Response,
    responses={
        200: {
            "description": "An Atom 1.0 feed, one entry per release, newest first; each entry "
            "links to the changes since the release before it. Disclaimer ids in the "
            "`Kratom-Disclaimers` header, their text in the feed's subtitle.",
            "content": {ATOM_MEDIA_TYPE: {"schema": {"type": "string"}}},
        },
        **problem_responses(400, 503),
    },
)
def get_release_feed(request: Request, session: SessionDep, dataset: DatasetDep) -> Response:
    """The release history as an Atom feed, for subscribers to hear of new releases."""
    disclaimers = dataset.disclaimers_for(())
    base_url = request.app.state.settings.public_url or str(request.base_url)
    body = render_feed(
        _release_reads(_history(request, session), session, dataset),
        base_url.rstrip("/"),
        dataset.license,
        " ".join(d.text for d in disclaimers),
    )
    headers = {"Kratom-Disclaimers": ", ".join(d.id for d in disclaimers)}
    return Response(body, media_type=ATOM_MEDIA_TYPE, headers=headers)
