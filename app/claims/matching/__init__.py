"""Claim matching: which graded claims a sentence takes a position on (docs/matching.md)."""

import json

from app.claims.matching.decision import MODEL_FILE
from app.claims.matching.matcher import ClaimMatcher, Match

# The default min_score, chosen when the decision was fitted. Read without loading the whole
# model, so that `make fit-match` can run while model.json still describes older features.
DEFAULT_THRESHOLD: float = json.loads(MODEL_FILE.read_text())["threshold"]

__all__ = ["DEFAULT_THRESHOLD", "ClaimMatcher", "Match"]
