"""The rows of the evidence map: the topics people ask about, and which claims each one holds.

The dataset files claims by condition and category, not by the questions people bring ("is it
bad for the liver?"). ``claim_topics`` is the one place that decides which rows a claim lands in;
a claim that fits none lands in the "other" row, so every claim is shown somewhere.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from app import vocab


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    question: str


TOPICS: tuple[Topic, ...] = (
    Topic("depression", "Depression", "Does kratom help low mood?"),
    Topic("anxiety", "Anxiety", "Does kratom calm anxiety?"),
    Topic("opioids", "Opioid withdrawal and use disorder", "Can kratom replace opioids?"),
    Topic("pain", "Pain", "Does kratom relieve pain?"),
    Topic("energy", "Energy", "Does kratom give energy or focus?"),
    Topic("dependence", "Dependence and withdrawal", "Can people get hooked on kratom?"),
    Topic("liver", "Liver", "Can kratom harm the liver?"),
    Topic("seizures", "Seizures", "Can kratom cause seizures?"),
    Topic("heart", "Heart", "Does kratom affect the heart?"),
    Topic("pregnancy", "Pregnancy", "Is kratom safe in pregnancy?"),
    Topic("deaths", "Deaths", "Can kratom kill?"),
    Topic("interactions", "Interactions", "Is it safe with other drugs?"),
    Topic("contamination", "Contamination and adulteration", "What is in the products?"),
    Topic("legal", "Legal status", "Is kratom legal?"),
)
OTHER = Topic("other", "Other", "Plants, chemistry, how it is used and by whom.")
ROWS: tuple[Topic, ...] = (*TOPICS, OTHER)

_BY_CONDITION: dict[vocab.Condition, str] = {
    vocab.Condition.depression: "depression",
    vocab.Condition.self_harm: "depression",
    vocab.Condition.anxiety: "anxiety",
    vocab.Condition.opioid_withdrawal: "opioids",
    vocab.Condition.opioid_use_disorder: "opioids",
    vocab.Condition.substance_use_disorder: "dependence",
    vocab.Condition.pain: "pain",
}
# A caveat names a harm; on a safety claim it says which harm the claim is about. On other claims
# (a claim that kratom lifts mood carries the dependence caveat; one about supervised care carries
# the contamination caveat) it is a warning beside the claim, not its subject: it places nothing.
_BY_CAVEAT: dict[vocab.CaveatCategory, str] = {
    vocab.CaveatCategory.dependence: "dependence",
    vocab.CaveatCategory.withdrawal: "dependence",
    vocab.CaveatCategory.abuse_liability: "dependence",
    vocab.CaveatCategory.hepatotoxicity: "liver",
    vocab.CaveatCategory.seizure: "seizures",
    vocab.CaveatCategory.cardiovascular: "heart",
    vocab.CaveatCategory.pregnancy_neonatal: "pregnancy",
    vocab.CaveatCategory.overdose: "deaths",
    vocab.CaveatCategory.interaction: "interactions",
    vocab.CaveatCategory.contamination: "contamination",
    vocab.CaveatCategory.adulteration: "contamination",
}
# Words of the claim's id (a slug of its statement) that name a topic the vocabularies lack
# (energy) or that a claim without the matching caveat is plainly about.
_BY_WORD: dict[str, str] = {
    "energy": "energy",
    "fatigue": "energy",
    "stimulant": "energy",
    "dependence": "dependence",
    "tolerance": "dependence",
    "addictive": "dependence",
    "cravings": "dependence",
    "kratom-withdrawal": "dependence",
    "stopping-kratom": "dependence",
    "liver": "liver",
    "seizures": "seizures",
    "heart": "heart",
    "blood-pressure": "heart",
    "pregnancy": "pregnancy",
    "breast-milk": "pregnancy",
    "deaths": "deaths",
    "overdose": "deaths",
    "interacts": "interactions",
    "cocktail": "interactions",
    "contaminated": "contamination",
    "adulterated": "contamination",
    "7oh-products": "contamination",
}
_ORDER = {t.id: i for i, t in enumerate(ROWS)}


def claim_topics(
    claim_id: str,
    category: vocab.ClaimCategory,
    conditions: Iterable[vocab.Condition],
    caveats: Iterable[vocab.CaveatCategory],
) -> list[str]:
    """The map rows a claim appears in, in map order; ["other"] when no topic fits.

    A claim lands in a row when one of its conditions is that topic, when it is a regulatory
    claim (legal status), when it is a safety claim carrying a caveat about that harm, or when
    its id names the topic (see _BY_WORD).
    """
    found = {_BY_CONDITION[c] for c in conditions}
    if category is vocab.ClaimCategory.regulatory:
        found.add("legal")
    if category is vocab.ClaimCategory.safety:
        found |= {_BY_CAVEAT[c] for c in caveats if c in _BY_CAVEAT}
    found |= {topic for word, topic in _BY_WORD.items() if word in claim_id}
    return sorted(found, key=_ORDER.__getitem__) or [OTHER.id]


def topic(topic_id: str) -> Topic:
    return ROWS[_ORDER[topic_id]]
