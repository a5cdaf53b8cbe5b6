"""Sentence-level cues, the named yes/no features of the stance model (stance.py).

Nothing here decides: their weights are learned on the development split of real text
(``make fit-match``). A cue says what kind of sentence it is: does it ask, hedge, report, keep a
claim at a distance, deny or negate. (Cues for naming kratom or another substance were measured as
features of the position decision and removed: on the development split they changed nothing.)
"""

from __future__ import annotations

import re
from dataclasses import astuple, dataclass

# Sentences that ask, plan or report a dispute rather than assert: a question opening the
# sentence, a study still to come, a question said to be open or debated.
_NON_ASSERTION = re.compile(
    r"^\s*(?:can|could|does|do|is|are|should|will|would|how|what|why|which)\b[^.?!]*\?"
    r"|\bask(?:s|ed|ing)? (?:\w+ ){0,3}whether\b"
    r"|\bplan(?:s|ned|ning)? to\b"
    r"|\bwill (?:test|measure|study|examine|assess|ask|track|follow|recruit|compare|look|explore"
    r"|investigate)\b"
    r"|\brecruit(?:s|ing)? (?:\w+ ){0,2}(?:volunteers|participants|patients|people|subjects|users)\b"
    r"|\bplan(?:s|ned|ning)? (?:a|an) (?:\w+ )?(?:study|trial|survey)\b"
    r"|\b(?:is|are) underway\b"
    r"|\b(?:remains?|is|are) (?:a matter of )?(?:\w+ )?(?:debate|disputed|contested|unsettled)\b"
    r"|\bdisagree\b|\bremains? (?:an )?open\b|\bdebated\b"
    r"|\bunclear (?:whether|if|how)\b|\bnot (?:yet )?(?:known|clear) (?:whether|if|how)\b"
    r"|\bdisput(?:e|es|ed|ing)\b"
    r"|\bdebat(?:e|es|ed|ing) (?:over |about |on )?(?:whether|if)\b"
    r"|\b(?:remains?|are|is|were|was) (?:\w+ )?divided\b"
    r"|\bconflicting (?:\w+ ){0,2}(?:on|over|about) (?:whether|if)\b"
)
# Sentences that reject a proposition instead of asserting it. "Contrary to popular belief, kratom
# can ..." is not one (it asserts the opposite of the belief), nor "believe things that are not
# true" (a symptom, with no claim or report as its subject).
_REJECTED = (
    r"untrue|not true|false|wrong|unfounded|baseless|a myth|incorrect|mistaken|not supported"
    r"|unsupported|nonsense"
)
_DENIAL = re.compile(
    r"\bno (?:\w+ ){0,2}(?:evidence|proof) (?:that|for)\b"
    r"|\bnot (?:\w+ )?(?:supported|backed) by (?:\w+ ){0,2}(?:evidence|data|research|science)\b"
    r"|\b(?:it is|it's|it was) (?:\w+ )?(?:" + _REJECTED + r") (?:that|to)\b"
    r"|\b(?:claims?|claiming|assertions?|ideas?|notion|rumou?rs?|posts?|beliefs?|suggestions?"
    r"|theory|theories|stor(?:y|ies)|reports?)\b[^.;:!?]{0,150}?\b(?:is|are|was|were|proved"
    r"|turned out to be)\s+(?:\w+\s+)?(?:" + _REJECTED + r")\b"
    r"|\bdebunk\w*|\b(?:a|the) myth that\b"
    r"|\b(?:reject\w*|dismiss\w*|den(?:y|ies|ied|ying))\s+(?:\w+\s+){0,3}?(?:claims?|ideas?|notion"
    r"|suggestions?|assertions?|theory|theories|allegations?)\b"
    r"|\bcalling (?:it|them|the \w+|that|this) (?:\w+ )?(?:" + _REJECTED + r")\b"
    r"|\b(?:has|have|had) not been (?:\w+ )?(?:shown|proven|demonstrated)\b"
    r"|\bnot (?:a )?proven\b|\bunproven\b"
)
# Where a text splits into sentences; a text whose every sentence ends in "?" only asks.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# A claim whose statement itself states an absence ("... are still lacking", "does not show up",
# "cannot overdose") may be what a denial asserts, so rule 2's denial penalty spares it.
_ABSENCE = re.compile(r"\b(?:not|no|never|cannot|lacking|lacks?)\b|n't\b")

# Hedges and reported speech: the writer passes a claim on rather than making it.
_HEDGE = re.compile(
    r"\b(?:may|might|could|possibly|potentially|perhaps|reportedly|allegedly|purportedly|suggests?"
    r"|suggested|appears? to|seems? to|likely|some (?:people|users|studies|research)|preliminary)\b"
)
_REPORT = re.compile(
    r"\b(?:according to|claim(?:s|ed)?|said|says|report(?:s|ed)?|found|find|believe[sd]?"
    r"|argue[sd]?|promot\w+ as|market\w* as|touted|advertis\w+|warn(?:s|ed)?|stat(?:es|ed))\b"
)
# Claims put in someone else's mouth and kept at a distance: "supporters say", "is promoted as",
# "the industry insists", "allegedly".
_DISTANCE = re.compile(
    r"\b(?:some(?: people| users)?|others|many|supporters|advocates|proponents|fans|vendors|sellers"
    r"|users|people|the industry|industry|companies|marketers|enthusiasts)\s+(?:\w+\s+)?"
    r"(?:say|says|said|claim|claims|claimed|believe|believes|insist|insists|maintain|maintains|argue"
    r"|argues|swear|swears|tout|touts|contend|contends)\b"
    r"|\b(?:is|are|was|were|being) (?:often |widely |frequently |heavily )?(?:said|claimed|promoted"
    r"|marketed|touted|advertised|sold|billed|hailed|alleged) (?:to|as)\b"
    r"|\ballege\w*|\breportedly\b|\bpurportedly\b|\bsupposedly\b|\bso-called\b"
    r"|\bwrongful death\b|\blawsuits?\b|\bsuits?\b"
)
_NEGATION = re.compile(r"\b(?:not|no|never|cannot|neither|nor|without|none|lack\w*)\b|n't\b")


@dataclass(frozen=True)
class Cues:
    """What kind of sentence this is; each field is 1.0 or 0.0."""

    asks: float
    only_asks: float
    hedges: float
    reports: float
    denies: float
    negates: float
    distances: float

    def values(self) -> tuple[float, ...]:
        return astuple(self)


def cues(text: str) -> Cues:
    """The cues of one sentence."""
    lowered = text.lower()
    stripped = lowered.strip()
    only_asks = bool(stripped) and all(p.endswith("?") for p in _SENTENCE_END.split(stripped))
    return Cues(
        asks=float(only_asks or bool(_NON_ASSERTION.search(lowered))),
        only_asks=float(only_asks),
        hedges=float(bool(_HEDGE.search(lowered))),
        reports=float(bool(_REPORT.search(lowered))),
        denies=float(bool(_DENIAL.search(lowered))),
        negates=float(bool(_NEGATION.search(lowered))),
        distances=float(bool(_DISTANCE.search(lowered))),
    )


def states_absence(statement: str) -> bool:
    """Whether a claim's statement itself states an absence ("trials are still lacking")."""
    return bool(_ABSENCE.search(statement.lower()))
