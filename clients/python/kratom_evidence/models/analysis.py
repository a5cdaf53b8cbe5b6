"""What the API computes: search hits, claim matches, article reviews; and about the service."""

import datetime as dt

from pydantic import Field

from kratom_evidence.models.common import Model
from kratom_evidence.models.records import CaveatSummary, ClaimSummary


class SearchHit(Model):
    type: str
    id: str
    title: str
    snippet: str
    score: float
    url: str


class ClaimMatch(Model):
    claim: ClaimSummary
    score: float = Field(description="Probability that the sentence takes a position on the claim.")
    stance: str
    matched_text: str


class ReviewedSentence(Model):
    index: int
    start: int
    end: int
    text: str
    matches: list[ClaimMatch]


class FlaggedClaim(Model):
    claim_id: str
    statement: str
    verdict: str
    certainty: str
    sentences: list[int]


class ReviewSummary(Model):
    sentences: int
    sentences_with_claims: int
    claims: int
    by_verdict: dict[str, int]
    by_stance: dict[str, int]
    flagged: list[FlaggedClaim]
    caveats: list[CaveatSummary]


class Review(Model):
    title: str | None
    url: str | None
    published: dt.date | None
    min_score: float
    sentences: list[ReviewedSentence]
    summary: ReviewSummary


class ScaleValue(Model):
    value: str
    definition: str


class ScaleAxis(Model):
    name: str
    description: str
    values: list[ScaleValue]


class ChangelogEntry(Model):
    version: str
    date: dt.date
    changes: list[str]


class DatasetRead(Model):
    version: str
    released_on: dt.date
    content_hash: str
    license: str
    loaded_at: dt.datetime
    counts: dict[str, int]
    changelog: list[ChangelogEntry]


class Health(Model):
    status: str


class Readiness(Model):
    status: str
    checks: dict[str, object]


class ReleaseRead(Model):
    version: str
    released_on: dt.date
    content_hash: str
    loaded_at: dt.datetime
    current: bool
    counts: dict[str, int]
    changes: list[str]


class ChangedRecord(Model):
    id: str
    fields: list[str]


class ResourceChanges(Model):
    added: list[str]
    removed: list[str]
    changed: list[ChangedRecord]


class DatasetChanges(Model):
    since: str
    until: str
    resources: dict[str, ResourceChanges]
