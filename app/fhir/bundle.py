"""Bundles (searchset pages, the bulk collection) and OperationOutcome, the FHIR error body."""

from collections.abc import Iterator, Sequence
from urllib.parse import urlencode

from app.envelope import DisclaimerRef
from app.fhir.common import disclaimer_meta

# HTTP status -> OperationOutcome issue code (R5 issue-type).
ISSUE_CODES = {400: "invalid", 404: "not-found", 422: "invalid", 503: "transient"}


def operation_outcome(status: int, detail: str, *, where: Sequence[str] = ()) -> dict[str, object]:
    """One error issue; ``where`` names the offending parameters (as ``expression``)."""
    issue: dict[str, object] = {
        "severity": "error",
        "code": ISSUE_CODES.get(status, "exception"),
        "diagnostics": detail,
    }
    if where:
        issue["expression"] = list(where)
    return {"resourceType": "OperationOutcome", "issue": [issue]}


def page_link(base: str, query: dict[str, str], offset: int) -> str:
    """A page of the same search: the query with ``_offset`` set, parameters sorted by name."""
    return f"{base}?{urlencode(sorted({**query, '_offset': str(offset)}.items()))}"


def searchset(
    *,
    base: str,
    resource_base: str,
    query: dict[str, str],
    matches: Sequence[dict[str, object]],
    count: int,
    offset: int,
    disclaimers: Sequence[DisclaimerRef],
) -> dict[str, object]:
    """One page of ``matches``: ``total`` counts them all; self, next and previous links page
    through them with ``_count`` and ``_offset`` (previous is absent on the first page, next on
    the last). ``base`` is the search URL, ``resource_base`` what entry ids are appended to."""
    page = matches[offset : offset + count]
    query = {**query, "_count": str(count)}
    links = [{"relation": "self", "url": page_link(base, query, offset)}]
    if count and offset + count < len(matches):
        links.append({"relation": "next", "url": page_link(base, query, offset + count)})
    if offset > 0 and count:
        links.append(
            {"relation": "previous", "url": page_link(base, query, max(offset - count, 0))}
        )
    return {
        "resourceType": "Bundle",
        "meta": disclaimer_meta(disclaimers),
        "type": "searchset",
        "total": len(matches),
        "link": links,
        "entry": [
            {
                "fullUrl": f"{resource_base}/{resource['id']}",
                "resource": resource,
                "search": {"mode": "match"},
            }
            for resource in page
        ],
    }


def collection_head(disclaimers: Sequence[DisclaimerRef]) -> dict[str, object]:
    """A collection Bundle without its entries (the bulk export streams them); ``total`` belongs
    to search and history bundles only (R5 invariant bdl-1)."""
    return {
        "resourceType": "Bundle",
        "meta": disclaimer_meta(disclaimers),
        "type": "collection",
    }


def entries(resources: Iterator[dict[str, object]], fhir_base: str) -> Iterator[dict[str, object]]:
    for resource in resources:
        yield {
            "fullUrl": f"{fhir_base}/{resource['resourceType']}/{resource['id']}",
            "resource": resource,
        }
