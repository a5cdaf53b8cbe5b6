from concurrent.futures import ThreadPoolExecutor

import pytest

from app.claims import matching
from app.claims.matching import AMBIGUITY_MARGIN, AMBIGUITY_PENALTY, ClaimMatcher, _stem, features


def test_features_are_safe_under_concurrent_requests() -> None:
    texts = [f"depressions{i} relieving withdrawals generational {i}abilities" for i in range(400)]
    _stem.cache_clear()
    serial = [features(t) for t in texts]
    _stem.cache_clear()  # every word misses the memo again, so threads stem at the same time
    with ThreadPoolExecutor(max_workers=8) as pool:
        concurrent = list(pool.map(features, texts))
    assert concurrent == serial


def test_synonyms_and_stems_fold_together() -> None:
    assert "opioid" in features("quitting opiates")
    assert features("depressive").keys() & features("depression").keys()
    assert "opioid" in features("three days off oxy")
    assert "death" in features("most decedents had taken other drugs")
    assert "seizur" in features("a tonic-clonic fit")
    assert "kratom" in features("a teaspoon of Maeng Da") & features("the green vein")
    assert "kratom" in features("green Malay") & features("the red strain") & features("red Bali")
    assert features("Salmonella in tainted batches") == features(
        "salmonella in contaminated batches"
    )
    assert "pain" in features("a cold-pressor test") & features("years of fibromyalgia")
    assert "seizur" in features("he had a fit on the floor")
    assert features("Make no mistake: kratom is an opioid.") == features("Kratom is an opioid.")
    # Changing how other drugs work is an interaction; changing how one feels is not.
    assert "interact" in features("it can change how benzodiazepines and other pills work")
    assert "interact" in features("kratom may alter how other medications are broken down")
    assert "interact" not in features("kratom changed how I feel about my drug use")


def test_unrelated_text_scores_nothing() -> None:
    matcher = ClaimMatcher(
        [
            ("liver", ["Kratom can injure the liver."]),
            ("law", ["Kratom is banned in some countries."]),
        ]
    )
    assert matcher.match("The museum opens at nine.", 5, 0.01) == []
    assert matcher.match("Kratom can injure your liver.", 1, 0.1)[0].claim_id == "liver"


def test_one_shared_word_is_not_enough() -> None:
    matcher = ClaimMatcher([("liver", ["Kratom can injure the liver."])])
    assert matcher.match("The liver is the largest internal organ.", 5, 0.0) == []


def test_character_ngrams_and_synonyms_bridge_wording() -> None:
    matcher = ClaimMatcher(
        [
            ("liver", ["Kratom can cause liver injury."]),
            ("heart", ["Kratom affects the heart's rhythm."]),
        ]
    )
    assert matcher.match("Kratom users developed jaundice and liver damage.", 1, 0.1)[
        0
    ].claim_id == ("liver")
    assert matcher.match("Cardiologists link kratom to arrhythmias.", 1, 0.1)[0].claim_id == "heart"


def test_an_ambiguous_sentence_must_clear_a_higher_bar() -> None:
    matcher = ClaimMatcher(
        [
            ("a", ["Kratom withdrawal causes pains."]),
            ("b", ["Kratom withdrawal causes fever."]),
        ]
    )
    scores = matcher.scores("Kratom withdrawal is real.")
    best, runner_up = scores[0].score, scores[1].score
    assert best - runner_up < AMBIGUITY_MARGIN
    assert matcher.match("Kratom withdrawal is real.", 5, best) == []
    assert len(matcher.match("Kratom withdrawal is real.", 5, best - AMBIGUITY_PENALTY)) == 2
    assert [m.claim_id for m in matcher.match("Kratom withdrawal causes pains.", 1, 0.3)] == ["a"]


def test_everyday_words_reach_the_claims_terms() -> None:
    matcher = ClaimMatcher(
        [
            ("teens", ["Few adolescents use kratom."]),
            ("drugs", ["Kratom interacts with other drugs."]),
            ("mood", ["Kratom relieves depression."]),
        ]
    )
    assert features("interfering").keys() & features("interacts").keys()
    assert (
        matcher.match("Hardly any high school students use kratom.", 1, 0.1)[0].claim_id == "teens"
    )
    assert matcher.match("Kratom may interfere with other drugs.", 1, 0.1)[0].claim_id == "drugs"
    assert matcher.match("Kratom lifted my despair.", 1, 0.1)[0].claim_id == "mood"


def _penalty_paid(
    matcher: ClaimMatcher,
    cases: list[tuple[str, str]],
    monkeypatch: pytest.MonkeyPatch,
    *constants: str,
) -> list[float]:
    """What each (sentence, claim id) score loses to the rule whose penalty ``constants`` name."""

    def scores() -> list[float]:
        return [
            next(m.score for m in matcher.scores(text) if m.claim_id == claim)
            for text, claim in cases
        ]

    penalised = scores()
    for name in constants:
        monkeypatch.setattr(matching, name, 0.0)
    return [plain - paid for plain, paid in zip(scores(), penalised, strict=True)]


def test_a_sentence_that_does_not_name_kratom_scores_lower_on_kratom_claims(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    matcher = ClaimMatcher(
        [
            ("seizures", ["Kratom can cause seizures."]),
            ("co-occur", ["Depression and alcohol problems often occur together."]),
        ]
    )
    cases = [
        ("Tramadol can cause seizures.", "seizures"),  # another drug named, kratom not
        ("Large doses can cause seizures.", "seizures"),  # no substance named at all
        ("The powder can cause seizures, unlike tramadol.", "seizures"),  # kratom as "the powder"
        ("Kava, another botanical, can cause seizures.", "seizures"),  # the stand-in is for kava
        ("Depression and alcohol problems often occur together.", "co-occur"),  # not a kratom claim
        ("Large doses can cause seizures, much like tramadol.", "seizures"),  # only compared with
        ("A teaspoon of red vein can cause seizures.", "seizures"),  # a strain name is kratom
        ("CBD oil can cause seizures.", "seizures"),  # CBD is another substance
        ("The tree's leaves can cause seizures.", "seizures"),  # "the tree" stands for kratom
    ]
    lost = _penalty_paid(
        matcher, cases, monkeypatch, "OTHER_SUBSTANCE_PENALTY", "NO_KRATOM_PENALTY"
    )
    assert lost[0] == pytest.approx(0.3, abs=1e-3)
    assert lost[1] == pytest.approx(0.1, abs=1e-3)
    assert lost[2] == 0.0
    assert lost[3] == pytest.approx(0.3, abs=1e-3)
    assert lost[4] == 0.0
    assert lost[5] == pytest.approx(0.1, abs=1e-3)
    assert lost[6] == 0.0
    assert lost[7] == pytest.approx(0.3, abs=1e-3)
    assert lost[8] == 0.0


def test_a_question_a_plan_or_a_dispute_asserts_less(monkeypatch: pytest.MonkeyPatch) -> None:
    matcher = ClaimMatcher([("legal", ["Kratom is legal in some countries and banned in others."])])
    asks = [
        "Is kratom legal in some countries and banned in others? Lawyers weigh in.",
        "Researchers plan to map which countries have banned kratom.",
        "Researchers are recruiting healthy volunteers in countries that have banned kratom.",
        "Researchers are planning a study of kratom in countries that have banned it.",
        "Whether kratom should be banned in more countries remains a matter of debate.",
        "Lawmakers debated a kratom ban but took no vote.",
        "It is unclear whether kratom is legal in some countries or banned in others.",
        "Lawyers dispute which countries have banned kratom.",
        "Experts debate whether kratom is legal in some countries.",
        "Scholars remain divided over which countries have banned kratom.",
        "Courts gave conflicting rulings on whether kratom is legal.",
    ]
    says = [
        "Kratom is legal in some countries and banned in others.",
        "Whether kratom is legal depends on the country; some have banned it.",  # not a question
        "Doctors asked about the ban say kratom is legal in some countries.",
    ]
    cases = [(t, "legal") for t in asks + says]
    lost = _penalty_paid(matcher, cases, monkeypatch, "NON_ASSERTION_PENALTY")
    assert lost[: len(asks)] == pytest.approx([0.15] * len(asks), abs=1e-3)
    assert lost[len(asks) :] == [0.0] * len(says)


def test_a_text_that_only_asks_asserts_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    matcher = ClaimMatcher([("legal", ["Kratom is legal in some countries and banned in others."])])
    only_asks = [
        "Is kratom legal in some countries and banned in others?",
        "So kratom is banned in some countries? Legal in others?",  # no opening question word
    ]
    more = [
        "Is it legal? Kratom is legal in some countries and banned in others.",  # then asserts
        "Kratom is legal in some countries and banned in others.",
    ]
    cases = [(t, "legal") for t in only_asks + more]
    lost = _penalty_paid(matcher, cases, monkeypatch, "QUESTION_PENALTY", "NON_ASSERTION_PENALTY")
    assert lost[: len(only_asks)] == pytest.approx([0.3] * len(only_asks), abs=1e-3)
    # The opening question of the third text still counts as asking; the statement, not at all.
    assert lost[len(only_asks) :] == pytest.approx([0.15, 0.0], abs=1e-3)


def test_a_denial_asserts_less_unless_the_claim_itself_states_an_absence(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    matcher = ClaimMatcher(
        [
            ("seizures", ["Kratom can cause seizures."]),
            ("no trials", ["Trials of kratom for seizures are lacking."]),
        ]
    )
    denials = [
        "There is no convincing evidence that kratom can cause seizures.",
        "A neurologist said it is wrong to claim kratom can cause seizures.",
        "Claims that kratom causes seizures are unfounded.",
        "The viral post saying kratom can cause seizures turned out to be false.",
        "Doctors debunked the idea that kratom causes seizures.",
        "Regulators rejected claims that kratom can cause seizures.",
        "A doctor heard kratom can cause seizures, calling it nonsense.",
        "Kratom has not been shown to cause seizures.",
        "Despite what vendors say, kratom is not a proven cause of seizures.",
        "That kratom causes seizures is an unproven claim.",
    ]
    assertions = [
        "Contrary to popular belief, kratom can cause seizures.",  # denies the belief, not this
        "Kratom can cause seizures and make users believe things that are not true.",
        "Kratom can cause seizures, and trials of it are lacking.",
    ]
    cases = [(t, "seizures") for t in denials + assertions] + [(t, "no trials") for t in denials]
    lost = _penalty_paid(matcher, cases, monkeypatch, "DENIAL_PENALTY")
    assert lost[: len(denials)] == pytest.approx([0.3] * len(denials), abs=1e-3)
    assert lost[len(denials) :] == [0.0] * (len(assertions) + len(denials))


def test_claims_worded_many_ways_are_calibrated_up(monkeypatch: pytest.MonkeyPatch) -> None:
    claims = [
        ("same", ["Kratom can injure the liver.", "Kratom can injure your liver.",
                  "Kratom may injure the liver."]),
        ("middle", ["Kratom can cause seizures.", "Kratom may trigger seizures.",
                    "Seizures have followed heavy kratom use."]),
        ("varied", ["Kratom lifts a low mood.", "People say the leaf eased their depression.",
                    "Users report feeling less hopeless after taking kratom."]),
        ("too few", ["Kratom is an opioid.", "Kratom acts like an opioid."]),
    ]  # fmt: skip
    matcher = ClaimMatcher(claims)
    shift = {claim_id: matcher.calibration(claim_id) for claim_id, _ in claims}
    assert shift["varied"] > 0 > shift["same"]
    assert shift["middle"] == 0.0  # the median claim is the reference
    assert shift["too few"] == 0.0  # a claim needs 3 texts to be calibrated
    assert all(abs(x) <= matching.CALIBRATION_CAP for x in shift.values())

    monkeypatch.setattr(matching, "CALIBRATION", 0.0)
    plain = ClaimMatcher(claims)
    sentence = "A forum user said kratom eased her depression and lifted her mood."
    assert matcher.scores(sentence)[0].score - plain.scores(sentence)[0].score == pytest.approx(
        shift["varied"], abs=1e-3
    )


def test_a_detail_in_one_phrasing_counts_less_than_the_claims_core_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    claims = [
        ("pain", ["Kratom relieves pain.", "Kratom eases pain in people.", "Kratom can lessen pain.",
                  "A user said kratom powder stirred into orange juice eases the pain in her knees."]),
        ("liver", ["Kratom can injure the liver.", "Kratom may damage your liver.",
                   "Liver injury has followed kratom use."]),
    ]  # fmt: skip
    detail = "Kratom powder tastes bitter, so people stir it into orange juice."
    core = "Kratom eases pain."
    weighted = ClaimMatcher(claims)
    monkeypatch.setattr(matching, "SUPPORT_FLOOR", 1.0)  # every term at full weight
    plain = ClaimMatcher(claims)

    def score(matcher: ClaimMatcher, text: str) -> float:
        return next(m.score for m in matcher.scores(text) if m.claim_id == "pain")

    assert score(weighted, detail) < score(plain, detail) - 0.02
    assert score(weighted, core) >= score(plain, core)
