"""What a review answers: each sentence with its matches, and a summary of the article."""

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from app import vocab
from app.caveats.schemas import CaveatSummary
from app.claims.schemas import ClaimMatch
from app.schemas_base import ApiModel

TEXT_MAX_CHARS = 100_000
# Documented for clients (the route checks it itself): some non-blank character, and no NUL.
TEXT_PATTERN = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"


class ReviewRequest(BaseModel):
    """An article to review, as JSON (a plain-text body is the same as ``{"text": ...}``)."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(
        min_length=1,
        max_length=TEXT_MAX_CHARS,
        description="The article's text, up to 100,000 characters. Line breaks end headings and list items.",
        examples=["Kratom is a tropical tree. Some users say it lifts their mood."],
        json_schema_extra={"pattern": TEXT_PATTERN},
    )
    url: str | None = Field(
        default=None,
        max_length=2000,
        description="Where the article appears; becomes the ClaimReview's appearance.",
        examples=["https://example.org/kratom-article"],
    )
    title: str | None = Field(
        default=None, max_length=500, description="The article's title.", examples=["About kratom"]
    )
    published: date | None = Field(
        default=None, description="When the article was published.", examples=["2025-03-01"]
    )


class ReviewedSentence(ApiModel):
    """One sentence of the article and the claims it takes a position on."""

    index: int = Field(description="Position among the article's sentences, from 0.", examples=[3])
    start: int = Field(description="Offset of its first character in the text.", examples=[120])
    end: int = Field(description="Offset just past its last character.", examples=[188])
    text: str = Field(description="The sentence as it stands in the text (text[start:end]).")
    matches: list[ClaimMatch] = Field(
        description="The graded claims it takes a position on, best first; empty when none."
    )


class FlaggedClaim(ApiModel):
    """A claim the article asserts although the evidence contradicts it or does not support it."""

    claim_id: str = Field(description="Claim slug.", examples=["no-overdose-on-kratom-alone"])
    statement: str = Field(description="The claim.")
    verdict: vocab.Verdict = Field(description="contradicted or not_supported.")
    certainty: vocab.Certainty = Field(description="GRADE certainty of that verdict.")
    sentences: list[int] = Field(description="Indexes of the sentences that assert it.")


class ReviewSummary(ApiModel):
    """The article at a glance."""

    sentences: int = Field(description="Sentences found in the text.", examples=[48])
    sentences_with_claims: int = Field(
        description="Sentences that take a position on at least one claim.", examples=[21]
    )
    claims: int = Field(description="Distinct claims matched anywhere.", examples=[14])
    by_verdict: dict[vocab.Verdict, int] = Field(
        description="Matches (sentence-claim pairs) by the claim's verdict; every verdict listed."
    )
    by_stance: dict[vocab.MatchStance, int] = Field(
        description="Matches by the sentence's stance; every stance listed."
    )
    flagged: list[FlaggedClaim] = Field(
        description="Claims the article asserts that are graded contradicted or not_supported."
    )
    caveats: list[CaveatSummary] = Field(
        description="The caveats of every claim matched, once each, most severe first."
    )


class Review(ApiModel):
    """An article reviewed sentence by sentence against the graded claims."""

    url: str | None = Field(description="Where the article appears, as given.")
    title: str | None = Field(description="The article's title, as given.")
    published: date | None = Field(description="Publication date, as given.")
    min_score: float = Field(description="The lowest match score that was kept.", examples=[0.4])
    summary: ReviewSummary = Field(description="Counts, flagged claims and caveats.")
    sentences: list[ReviewedSentence] = Field(description="Every sentence, in order.")
