from pydantic import Field

from app import vocab
from app.schemas_base import ApiModel


class DisclaimerRead(ApiModel):
    """Text every consumer must show, and when it applies."""

    id: str = Field(description="Disclaimer slug.", examples=["not-medical-advice"])
    text: str = Field(description="The text to show.")
    scope: list[str] = Field(
        description="'always', or the topics (conditions, categories) that bring it in."
    )
    severity: vocab.Severity = Field(description="How prominently to show it.")
