"""The matcher's parts: tokenizer, encoder, lexical similarity, cues, features, fitted decision."""

import json
import math
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from app.claims.matching import features, stance
from app.claims.matching.cues import cues, states_absence
from app.claims.matching.decision import Decision, ModelMismatchError
from app.claims.matching.embedding import Encoder, _erf, _RowReader, model_dir
from app.claims.matching.exemplars import NONE, UNFITTED, Exemplars
from app.claims.matching.folding import words
from app.claims.matching.lexical import LexicalIndex, _word_features
from app.claims.matching.matcher import shared_encoder
from app.claims.matching.wordpiece import WordPiece
from app.ingest.validate import Dataset

REFERENCE = json.loads(
    (Path(__file__).parent / "fixtures" / "wordpiece_reference.json").read_text()
)


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return shared_encoder()


@pytest.mark.parametrize("case", REFERENCE["cases"], ids=lambda c: c["text"][:30] or "empty")
def test_tokenizer_gives_the_reference_tokenizers_ids(case: dict[str, object]) -> None:
    # Expected ids were produced by the `tokenizers` package from the model's tokenizer.json.
    assert WordPiece(model_dir() / "vocab.txt").encode(str(case["text"]), 256) == case["ids"]


def test_embeddings_are_unit_vectors_and_paraphrases_are_closer(encoder: Encoder) -> None:
    v = encoder.encode(
        [
            "Kratom can make people dependent on it.",
            "People can get hooked on kratom.",
            "The museum opens at nine on Sundays.",
        ]
    )
    assert v.shape == (3, 384)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > 0.6 > 0.2 > v[0] @ v[2]


def test_batching_and_padding_do_not_change_an_embedding(encoder: Encoder) -> None:
    texts = ["Short one.", "A much longer sentence about kratom withdrawal and the week after it."]
    together = encoder.encode(texts)
    alone = np.vstack([encoder.encode([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-5)


def test_batches_on_several_threads_give_the_same_embeddings_in_the_same_order(
    encoder: Encoder,
) -> None:
    texts = [f"Sentence {i}: " + "kratom and withdrawal " * (i % 7) for i in range(40)]
    serial = encoder.encode(texts, batch_size=8)
    threaded = encoder.encode(texts, batch_size=8, threads=3)
    assert np.allclose(serial, threaded, atol=1e-6)


def test_the_gelu_erf_is_within_its_stated_error_of_the_exact_function() -> None:
    # 1.5e-7 for the approximation plus float32 rounding (about 6e-8 per operation near 1).
    x = np.linspace(-6, 6, 2001, dtype=np.float32)
    exact = np.array([math.erf(float(v)) for v in x])
    assert np.abs(_erf(x) - exact).max() < 5e-7
    assert _erf(x).dtype == np.float32


def test_weights_are_a_shared_read_only_memory_map(encoder: Encoder) -> None:
    weights = encoder._w["encoder.layer.0.intermediate.dense.weight"]
    assert isinstance(weights.base, np.memmap) or isinstance(weights, np.memmap)
    assert not weights.flags.writeable


def test_word_rows_read_from_the_file_are_the_tables_rows(encoder: Encoder) -> None:
    name = "embeddings.word_embeddings.weight"
    table = encoder._w[name]
    reader = _RowReader(model_dir() / "model.safetensors", name)
    ids = np.array([[101, 2009, 2009, 102], [101, 30521, 0, 0]], dtype=np.int64)
    rows = reader.take(ids)
    assert rows.shape == (2, 4, 384)
    assert np.array_equal(rows, table[ids])
    with pytest.raises(IndexError):
        reader.take(np.array([[101, 30522]], dtype=np.int64))


def test_encoding_is_safe_under_concurrent_requests(encoder: Encoder) -> None:
    texts = [f"Sentence number {i} about kratom and {i} grams." for i in range(16)]
    serial = [encoder.encode([t]) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        concurrent = list(pool.map(lambda t: encoder.encode([t]), texts))
    assert all(np.allclose(a, b, atol=1e-6) for a, b in zip(serial, concurrent, strict=True))


def test_lexical_similarity_prefers_the_claim_that_shares_the_words() -> None:
    index = LexicalIndex([["Kratom can injure the liver."], ["Kratom relieves opioid withdrawal."]])
    liver, withdrawal = index.similarities("Liver damage from kratom has been reported.")
    assert liver > 0.3 > withdrawal
    assert max(index.similarities("The museum opens at nine.")) < 0.05


def test_index_weights_are_unit_sublinear_tf_idf_with_single_texts_scaled_by_support() -> None:
    claims = [
        [
            "Kratom eases withdrawal.",
            "Kratom eases opioid withdrawal.",
            "Withdrawal relief, kratom",
        ],
        ["Liver injury from kratom.", "Kratom harms the liver."],
    ]
    index = LexicalIndex(claims)
    docs: list[Counter[str]] = []
    for texts in claims:
        single = [_word_features(words(t)) for t in texts]
        docs += [*single, sum(single, Counter())]
    singles = [d for i, d in enumerate(docs) if i not in (3, 6)]  # 3 and 6: the combined ones
    n = len(singles)
    df = Counter(t for d in singles for t in d)

    def unit(v: dict[str, float]) -> dict[str, float]:
        norm = math.sqrt(sum(x * x for x in v.values()))
        return {t: x / norm for t, x in v.items()}

    tfidf = index._words
    for j, d in enumerate(docs):
        expected = unit(
            {t: (1 + math.log(c)) * (math.log((1 + n) / (1 + df[t])) + 1) for t, c in d.items()}
        )
        if j not in (3, 6):  # a single text: terms held by one text of the claim keep 0.3
            own = docs[:3] if j < 3 else docs[4:6]
            held = Counter(t for o in own for t in o)
            expected = unit(
                {t: w * (0.3 + 0.7 * min(1.0, (held[t] - 1) / 2)) for t, w in expected.items()}
            )
        for term, weight in expected.items():
            r = tfidf._rows[term]
            start, end = tfidf._starts[r], tfidf._starts[r + 1]
            found = dict(
                zip(
                    tfidf._docs[start:end].tolist(), tfidf._weights[start:end].tolist(), strict=True
                )
            )
            assert found[j] == pytest.approx(weight, abs=1e-12)


def test_cues_see_questions_hedges_reports_and_denials() -> None:
    assert cues("Can kratom ease withdrawal?").only_asks == 1.0
    assert cues("Kratom may ease withdrawal, some users say.").hedges == 1.0
    assert cues("A 2017 review found that it eases withdrawal.").reports == 1.0
    assert cues("There is no evidence that kratom treats depression.").denies == 1.0
    assert cues("Kratom isn't addictive.").negates == 1.0
    assert cues("Supporters say it helps people quit heroin.").distances == 1.0
    assert cues("Kratom is promoted as a way to ease withdrawal.").distances == 1.0
    assert sum(cues("Kratom eases withdrawal.").values()) == 0.0
    assert states_absence("Controlled trials of kratom for depression are still lacking.")


def test_leads_are_measured_against_the_best_other_claim() -> None:
    assert features.leads([0.9, 0.5, 0.2]) == pytest.approx([0.4, -0.4, -0.7])
    assert features.leads([0.3]) == [0.3]


def test_the_fitted_model_matches_the_features_the_code_computes(tmp_path: Path) -> None:
    decision = Decision.load()
    assert decision.position.names == features.NAMES
    assert decision.stance.names == stance.NAMES
    assert 0 < decision.threshold < 1
    stale = json.loads(Path("app/claims/matching/model.json").read_text())
    stale["position"]["features"] = stale["position"]["features"][:-1]
    (tmp_path / "model.json").write_text(json.dumps(stale))
    with pytest.raises(ModelMismatchError):
        Decision.load(tmp_path / "model.json")


def test_the_shipped_probe_knows_every_claim_and_a_newer_claim_gets_its_floor(
    encoder: Encoder, dataset: Dataset
) -> None:
    bank = Exemplars.load()
    assert bank.probe is not None
    assert set(bank.probe.classes) == {c.id for c in dataset.claims} | {NONE}
    index = bank.index(["kratom-can-cause-seizures", "a-claim-newer-than-the-fit"])
    vector = encoder.encode(["Kratom has been linked to seizures in several case reports."])[0]
    by_claim, none = index.probe(vector)
    assert by_claim[1] == UNFITTED
    assert by_claim[0] > none > UNFITTED
    # Log-probabilities of every class sum to one.
    assert np.exp(bank.probe.log_probabilities(vector)).sum() == pytest.approx(1.0, abs=1e-3)
