from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from citeqa.answer.fit import FIT_FEATURES, AnswerFit
from citeqa.answer.model import TreeModel
from citeqa.answer.question import analyze_question
from citeqa.answer.ranker import (
    FEATURES,
    MODEL,
    features,
    longest_run,
    numbers_of,
    ordered_match,
    question_phrases,
    window_coverage,
)
from citeqa.core.errors import ConfigError
from citeqa.core.models import Passage, ScoredPassage
from citeqa.eval.training import fit_ranker


def test_longest_run_counts_consecutive_shared_words() -> None:
    assert longest_run(["a", "b", "c", "d"], ["x", "b", "c", "y", "a"]) == 2
    assert longest_run(["a"], ["b"]) == 0
    assert longest_run([], ["a"]) == 0


def test_window_coverage_needs_the_terms_close_together() -> None:
    weights = {"kim": 1.0, "putin": 1.0}
    near = ["kim", "temu", "putin"]
    far = ["kim"] + ["lain"] * 20 + ["putin"]
    assert window_coverage(weights, near) == 1.0
    assert window_coverage(weights, far) == 0.5
    assert window_coverage({}, near) == 0.0


def test_ordered_match_is_a_share_of_the_question() -> None:
    assert ordered_match(["a", "b", "c"], ["a", "x", "b", "c"]) == 1.0
    assert ordered_match(["a", "b", "c"], ["c", "b", "a"]) == pytest.approx(1 / 3)
    assert ordered_match([], ["a"]) == 0.0


def test_question_phrases_are_capitalised_runs() -> None:
    assert question_phrases("Apa nama Pusat Topan Nasional AS ?") == ["pusat topan nasional as"]
    assert question_phrases("Kapan dia datang?") == []


def test_numbers_ignore_thousands_separators_but_keep_decimals_apart() -> None:
    assert numbers_of("menyita 7.380 meter kubik") == numbers_of("sebanyak 7380 meter kubik") == {"7380"}
    assert numbers_of("111,6 persen pada 2005") == {"111", "6", "2005"}
    assert numbers_of("tanpa angka") == set()


def test_predicate_and_number_features_prefer_the_passage_that_says_what_happened() -> None:
    question = "Berapa kali Lin Dan gagal memainkan netting di Kejuaraan Dunia 2005?"
    about = "Lin Dan dan Taufik Hidayat bertemu di final Kejuaraan Dunia bulan Agustus."
    answers = "Lin Dan 15 kali gagal memainkan netting di Kejuaraan Dunia 2005 dan kalah."
    retrieved = [ScoredPassage(Passage("a.txt", 0, len(about), about), 1.0, 2.0, 0.5),
                 ScoredPassage(Passage("b.txt", 0, len(answers), answers), 0.5, 1.0, 0.4)]
    matrix = features(question, analyze_question(question), retrieved, lambda t: 1.0)
    predicate, numbers = FEATURES.index("predicate_coverage"), FEATURES.index("numbers")
    assert matrix[1, predicate] == 1.0 > matrix[0, predicate]
    assert matrix[1, numbers] == 1.0 and matrix[0, numbers] == 0.0
    assert matrix[0, FEATURES.index("predicate_gap")] < 0 == matrix[1, FEATURES.index("predicate_gap")]
    # standardised among the question's passages: the better passage stands above the mean, the other below
    z = matrix[:, FEATURES.index("predicate_coverage_z")]
    assert z[1] > 0 > z[0] and abs(z.mean()) < 1e-9


def test_shipped_model_matches_the_features() -> None:
    model = TreeModel.load(MODEL, FEATURES)
    assert model.score(np.zeros((3, len(FEATURES)))).shape == (3,)
    assert set(FIT_FEATURES) <= set(FEATURES)


def test_a_model_for_other_features_is_refused(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    x, y = rng.random((40, 2)), np.tile([1.0, 0.0, 0.0, 0.0], 10)
    path = tmp_path / "model.txt"
    fit_ranker(x, y, np.repeat(np.arange(10), 4), ("a", "b"), trees=5, leaves=3).save_model(str(path))
    assert TreeModel.load(path, ("a", "b")).score(x).shape == (40,)
    with pytest.raises(ConfigError, match="retrain"):
        TreeModel.load(path, FEATURES)
    path.write_text("not a model", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot load"):
        TreeModel.load(path, ("a", "b"))
    with pytest.raises(ConfigError):
        TreeModel.load(tmp_path / "missing.txt", ("a", "b"))


def test_a_ranker_fit_on_every_row_and_feature_does_not_depend_on_the_seed() -> None:
    rng = np.random.default_rng(0)
    x, y, groups = rng.random((200, 3)), np.tile([1.0, 0.0, 0.0, 0.0], 50), np.repeat(np.arange(50), 4)
    x[y == 1, 0] += 0.3  # the positives stand out on the first feature

    def scores(seed: int, sample: float) -> np.ndarray:
        return fit_ranker(x, y, groups, ("a", "b", "c"), trees=20, leaves=3, seed=seed, sample=sample).predict(x)

    np.testing.assert_array_equal(scores(0, 1.0), scores(1, 1.0))
    assert not np.array_equal(scores(0, 0.5), scores(1, 0.5))


@pytest.mark.slow
def test_features_and_rerank_keep_the_same_passages(assistant) -> None:
    question = "Kapan Kim Jong Un bertemu dengan Vladimir Putin?"
    info = analyze_question(question)
    retrieved = assistant.retriever.search(question, 10)
    fit = AnswerFit(assistant.extractor, assistant.reader, question, info, assistant.store.idf)
    matrix = features(question, info, retrieved, assistant.store.idf, fit)
    assert matrix.shape == (len(retrieved), len(FEATURES))
    assert np.isfinite(matrix).all()
    reranked = assistant.reranker.rerank(question, info, retrieved, fit)
    assert sorted(p.passage.id for p in reranked) == sorted(p.passage.id for p in retrieved)
    assert [p.score for p in reranked] == sorted((p.score for p in reranked), reverse=True)
    assert "September 2023" in reranked[0].passage.text


@pytest.mark.slow
def test_reranking_can_be_switched_off(assistant) -> None:
    plain = type(assistant)(assistant.store, assistant.embedder, replace_settings(assistant, rerank=False))
    assert plain.reranker is None
    answer = plain.ask("Kapan Kim Jong Un bertemu dengan Vladimir Putin?")
    assert answer.text is not None and "September 2023" in answer.text


def replace_settings(assistant, **changes):  # type: ignore[no-untyped-def]
    return assistant.settings.model_copy(update=changes)


@pytest.mark.slow
@pytest.mark.parametrize("question", [
    "Kapan Kim Jong Un bertemu dengan Vladimir Putin?",
    "Pelabuhan mana yang digunakan untuk pengapalan artileri?",
    "Siapa pakar Korea yang dikutip?",
])
def test_the_answer_is_read_from_the_reranked_first_passage(assistant, question: str) -> None:
    always = type(assistant)(assistant.store, assistant.embedder, replace_settings(assistant, abstain_threshold=0.0))
    answer = always.ask(question)
    assert answer.citations and answer.citations[0].passage_id == answer.passages[0].passage.id
    # the reader reads the reranker's first passage, and its second as well only on a near tie; without the
    # reranker it chooses among the top three by its own score
    from citeqa.answer.assistant import RERANK_TIE

    ranked = [ScoredPassage(Passage(f"d{i}.txt", 0, 4, "teks"), score, 0.0, 0.0) for i, score in enumerate(
        (2.0, 2.0 - RERANK_TIE / 2, 0.5))]
    assert [p.passage.source for p in assistant._to_read(ranked)] == ["d0.txt", "d1.txt"]
    ranked[1] = ScoredPassage(ranked[1].passage, 2.0 - 2 * RERANK_TIE, 0.0, 0.0)
    assert [p.passage.source for p in assistant._to_read(ranked)] == ["d0.txt"]
    plain = type(assistant)(assistant.store, assistant.embedder, replace_settings(assistant, rerank=False))
    assert plain.reader.passages == 3 and plain._to_read(ranked) == ranked


@pytest.mark.slow
def test_short_answers_can_be_switched_off_and_reranking_still_works(assistant) -> None:
    plain = type(assistant)(assistant.store, assistant.embedder, replace_settings(assistant, short_answers=False))
    assert plain.reranker is not None and plain.extractor is not None  # the reranker still uses its answer fit
    answer = plain.ask("Kapan Kim Jong Un bertemu dengan Vladimir Putin?")
    assert answer.text is not None and "September 2023" in answer.text
    assert answer.text in answer.citations[0].text


@pytest.mark.slow
def test_the_span_reader_can_be_switched_off(assistant) -> None:
    question = "Kapan Kim Jong Un bertemu dengan Vladimir Putin?"
    plain = type(assistant)(assistant.store, assistant.embedder, replace_settings(assistant, span_reader=False))
    assert plain.span_model is None and assistant.span_model is not None
    without, with_it = plain.ask_with_evidence(question), assistant.ask_with_evidence(question)
    assert without[1] is not None and without[1].span_margin == 0.0  # no reader, no margin
    assert with_it[1] is not None and with_it[1].span_margin != 0.0
    assert without[1].span_agreement == 0.0 and 0.0 < with_it[1].span_agreement <= 1.0  # both pick "September 2023"
    for answer, _ in (without, with_it):
        assert answer.text is not None and answer.text in answer.citations[0].text
