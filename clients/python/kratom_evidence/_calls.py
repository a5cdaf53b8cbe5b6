"""Request shapes the sync and async clients share: list filters, bodies, parsing."""

import re
from abc import ABC, abstractmethod
from typing import Literal, TypeVar

from pydantic import TypeAdapter

from kratom_evidence._core import Fetched, Params, checked
from kratom_evidence.models import (
    CaveatSummary,
    ClaimSummary,
    CompoundSummary,
    DisclaimerRead,
    DocumentSummary,
    Envelope,
    JurisdictionSummary,
    MechanismSummary,
    SearchHit,
    SourceSummary,
    TargetSummary,
)
from kratom_evidence.pager import Pager

T = TypeVar("T")

CitationFormat = Literal["csl-json", "ris", "bibtex"]
ExportFormat = Literal["json", "ndjson", "csv", "csl-json", "ris", "bibtex"]

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def slug(record_id: str) -> str:
    """Ids are slugs; anything else would change the path (``../``), so refuse it here."""
    if not _SLUG.fullmatch(record_id):
        raise ValueError(f"not a record id: {record_id!r}")
    return record_id


def parse(model: type[T], fetched: Fetched) -> Envelope[T]:
    return checked(TypeAdapter(Envelope[model]), fetched)  # type: ignore[valid-type]


def parse_plain(model: type[T], fetched: Fetched) -> T:
    """A body outside the envelope (/healthz, /readyz)."""
    return checked(TypeAdapter(model), fetched)


def review_body(
    text: str, *, url: str | None = None, title: str | None = None, published: str | None = None
) -> dict[str, object]:
    given = {"text": text, "url": url, "title": title, "published": published}
    return {name: value for name, value in given.items() if value is not None}


def json_object(fetched: Fetched) -> dict[str, object]:
    return checked(TypeAdapter(dict[str, object]), fetched)


class Lists(ABC):
    """The list endpoints, with their filters as keyword arguments; each returns a :class:`Pager`.
    ``page_size`` is the ``limit`` of each request (at most 100)."""

    @abstractmethod
    def _list(self, item: type[T], path: str, params: Params) -> Pager[T]: ...

    def claims(
        self, *, verdict: str | None = None, compound: str | None = None,
        target: str | None = None, condition: str | None = None, category: str | None = None,
        min_certainty: str | None = None, evidence_level: str | None = None, q: str | None = None,
        sort: str | None = None, include: str | None = None, page_size: int = 100,
    ) -> Pager[ClaimSummary]:  # fmt: skip
        """Claims, filtered; ``include="sources,caveats"`` embeds those in each."""
        params: Params = {
            "verdict": verdict, "compound": compound, "target": target, "condition": condition,
            "category": category, "min_certainty": min_certainty,
            "evidence_level": evidence_level, "q": q, "sort": sort, "include": include,
            "limit": page_size,
        }  # fmt: skip
        return self._list(ClaimSummary, "/v1/claims", params)

    def compounds(
        self, *, compound_class: str | None = None, q: str | None = None, sort: str | None = None,
        page_size: int = 100,
    ) -> Pager[CompoundSummary]:  # fmt: skip
        params: Params = {
            "compound_class": compound_class,
            "q": q,
            "sort": sort,
            "limit": page_size,
        }
        return self._list(CompoundSummary, "/v1/compounds", params)

    def targets(
        self, *, family: str | None = None, q: str | None = None, sort: str | None = None,
        page_size: int = 100,
    ) -> Pager[TargetSummary]:  # fmt: skip
        params: Params = {"family": family, "q": q, "sort": sort, "limit": page_size}
        return self._list(TargetSummary, "/v1/targets", params)

    def mechanisms(
        self, *, compound: str | None = None, target: str | None = None, action: str | None = None,
        status: str | None = None, sort: str | None = None, page_size: int = 100,
    ) -> Pager[MechanismSummary]:  # fmt: skip
        params: Params = {
            "compound": compound, "target": target, "action": action, "status": status,
            "sort": sort, "limit": page_size,
        }  # fmt: skip
        return self._list(MechanismSummary, "/v1/mechanisms", params)

    def caveats(
        self, *, category: str | None = None, severity: str | None = None,
        compound: str | None = None, q: str | None = None, sort: str | None = None,
        page_size: int = 100,
    ) -> Pager[CaveatSummary]:  # fmt: skip
        params: Params = {
            "category": category, "severity": severity, "compound": compound, "q": q,
            "sort": sort, "limit": page_size,
        }  # fmt: skip
        return self._list(CaveatSummary, "/v1/caveats", params)

    def sources(
        self, *, kind: str | None = None, study_design: str | None = None, pmid: str | None = None,
        doi: str | None = None, q: str | None = None, sort: str | None = None, page_size: int = 100,
    ) -> Pager[SourceSummary]:  # fmt: skip
        params: Params = {
            "kind": kind, "study_design": study_design, "pmid": pmid, "doi": doi, "q": q,
            "sort": sort, "limit": page_size,
        }  # fmt: skip
        return self._list(SourceSummary, "/v1/sources", params)

    def jurisdictions(
        self, *, country: str | None = None, code: str | None = None, level: str | None = None,
        status: str | None = None, q: str | None = None, sort: str | None = None,
        page_size: int = 100,
    ) -> Pager[JurisdictionSummary]:  # fmt: skip
        params: Params = {
            "country": country, "code": code, "level": level, "status": status, "q": q,
            "sort": sort, "limit": page_size,
        }  # fmt: skip
        return self._list(JurisdictionSummary, "/v1/jurisdictions", params)

    def disclaimers(
        self, *, topic: str | None = None, page_size: int = 100
    ) -> Pager[DisclaimerRead]:
        return self._list(DisclaimerRead, "/v1/disclaimers", {"topic": topic, "limit": page_size})

    def documents(
        self, *, kind: str | None = None, sort: str | None = None, page_size: int = 100
    ) -> Pager[DocumentSummary]:
        params: Params = {"kind": kind, "sort": sort, "limit": page_size}
        return self._list(DocumentSummary, "/v1/documents", params)

    def search(self, q: str, *, type: str | None = None, page_size: int = 100) -> Pager[SearchHit]:
        """Full-text search over every resource; ``type="claim,compound"`` narrows it."""
        return self._list(SearchHit, "/v1/search", {"q": q, "type": type, "limit": page_size})
