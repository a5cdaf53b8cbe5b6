"""Claim matching: which graded claims a sentence takes a position on (docs/matching.md)."""

import json

from app.claims.matching.decision import MODEL_FILE
from app.claims.matching.matcher import ClaimMatcher, Match

# The default min_score of /v1/claims/match and of /v1/reviews, chosen when the decision was fitted.
# Read without loading the whole model, so that `make fit-match` can run while model.json still
# describes older features.
_FITTED = json.loads(MODEL_FILE.read_text())
DEFAULT_THRESHOLD: float = _FITTED["threshold"]
REVIEW_THRESHOLD: float = _FITTED["review_threshold"]

__all__ = ["DEFAULT_THRESHOLD", "REVIEW_THRESHOLD", "ClaimMatcher", "Match"]
