"""The release history as an Atom feed (RFC 4287), built with feedgen.

feedgen (and lxml under it) is imported when a feed is first built, not with the app: a worker that
never serves one does not hold them (bench/README.md, `make bench-match`).
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from urllib.parse import urlencode

from app.releases.schemas import ReleaseRead

ATOM_MEDIA_TYPE = "application/atom+xml"
FEED_TITLE = "Kratom Evidence API: dataset releases"
# Entry ids stay the same whatever host serves the feed, so readers do not see duplicates.
_ENTRY_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "kratom-evidence-api/releases")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # "updated" of a feed with no release yet


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def entry_id(version: str) -> str:
    return uuid.uuid5(_ENTRY_NAMESPACE, version).urn


def changes_link(base_url: str, since: str | None, until: str) -> str:
    """The changes a release brought: since the release before it (or the list, for the first)."""
    if since is None:
        return f"{base_url}/v1/dataset/releases"
    return f"{base_url}/v1/dataset/changes?{urlencode({'since': since, 'until': until})}"


def render_feed(
    releases: Sequence[ReleaseRead], base_url: str, license_text: str, notice: str
) -> bytes:
    """An Atom document with one entry per release, newest first, each linking to its changes."""
    from feedgen.feed import FeedGenerator

    feed = FeedGenerator()
    feed.id(f"{base_url}/v1/dataset/feed.atom")
    feed.title(FEED_TITLE)
    feed.subtitle(notice)
    feed.author({"name": "Kratom Evidence API"})
    feed.link(href=f"{base_url}/v1/dataset/feed.atom", rel="self", type=ATOM_MEDIA_TYPE)
    feed.link(href=f"{base_url}/v1/dataset/releases", rel="alternate", type="application/json")
    feed.rights(license_text)
    # Dates come from the releases, not the clock: the same history gives the same bytes (ETag).
    feed.updated(max((_midnight(r.released_on) for r in releases), default=_EPOCH))
    for position, release in enumerate(releases):
        previous = releases[position + 1].version if position + 1 < len(releases) else None
        entry = feed.add_entry(order="append")
        entry.id(entry_id(release.version))
        entry.title(f"Release {release.version}")
        entry.link(
            href=changes_link(base_url, previous, release.version),
            rel="alternate",
            type="application/json",
        )
        entry.published(_midnight(release.released_on))
        entry.updated(_midnight(release.released_on))
        counts = ", ".join(f"{n} {name}" for name, n in release.counts.items())
        lines = release.changes or ["No changelog entry for this release in the served dataset."]
        entry.content("\n".join([*lines, f"Records: {counts}."]), type="text")
    body: bytes = feed.atom_str(pretty=True)
    return body
