from __future__ import annotations

import numpy as np

from citeqa.answer.assistant import Assistant
from citeqa.answer.question import AnswerType, analyze_question
from citeqa.answer.reader import Reader
from citeqa.answer.sentences import FEATURES, SentenceChooser, SentenceSignals, sentence_rows
from citeqa.core.models import Passage, ScoredPassage
from citeqa.index.analyzer import analyze
from tests.answer.stores import text_store


def _signals(text: str, coverage: float, span: float) -> SentenceSignals:
    return SentenceSignals(coverage, coverage, coverage, 0.5, False, span, frozenset(analyze(text)))


def test_rows_describe_each_sentence_against_its_neighbours() -> None:
    texts = ["Putin bertemu Kim Jong Un.", "Rusia akan membantu meluncurkan satelit.", "Itu terjadi pada 2023."]
    signals = [_signals(texts[0], 0.6, 1.0), _signals(texts[1], 0.3, 2.5), _signals(texts[2], 0.1, -10.0)]
    rows = sentence_rows("Apa yang dijanjikan Putin kepada Kim Jong Un?", AnswerType.OTHER,
                         {"janji": 2.0, "putin": 3.0, "kim": 2.5}, {"putin", "kim"}, signals,
                         [analyze(t) for t in texts])
    column = {name: rows[:, i] for i, name in enumerate(FEATURES)}
    assert rows.shape == (3, len(FEATURES))
    assert list(column["span_top"]) == [0.0, 1.0, 0.0] and column["span_gap"][1] == 0.0
    assert list(column["first"]) == [1.0, 0.0, 0.0] and list(column["last"]) == [0.0, 0.0, 1.0]
    assert column["prev_cov"][1] == 0.6 and column["next_cov"][1] == 0.1
    assert column["names_cov"][0] == 1.0 and column["names_cov"][2] == 0.0
    assert column["asks_what"][0] == 1.0 and column["type_other"][0] == 1.0


def test_the_reader_cites_the_sentence_the_chooser_scores_highest() -> None:
    text = "Putin bertemu Kim Jong Un di Vladivostok. Rusia berjanji membantu meluncurkan satelit pengintai."
    passage = Passage(source="a.txt", start=0, end=len(text), text=text,
                      sentences=((0, 40), (41, len(text))), id="p1")

    class Second:
        def scores(self, rows: np.ndarray) -> np.ndarray:
            return np.arange(len(rows), dtype=float)  # always the last sentence

    reader = Reader(text_store("a.txt", text, [(0, len(text))]), 1)
    question = "Di mana Putin bertemu Kim Jong Un?"
    info = analyze_question(question)
    plain = reader.read(question, info, [ScoredPassage(passage, 1.0, 1.0, 1.0)])
    chosen = reader.read(question, info, [ScoredPassage(passage, 1.0, 1.0, 1.0)], chooser=Second())  # type: ignore[arg-type]
    assert plain is not None and plain.sentence == (0, 40)
    assert chosen is not None and chosen.sentence == (41, len(text))


def test_the_shipped_chooser_loads_and_is_used(assistant: Assistant) -> None:
    assert isinstance(assistant.chooser, SentenceChooser)
    assert assistant.chooser.model.booster.num_trees() > 0


def test_a_question_in_the_document_is_cited_only_where_nothing_else_was_read() -> None:
    text = "How long is the warranty? Keep your receipt as proof of purchase."
    asks, other = (0, 25), (26, len(text))
    passage = Passage(source="a.txt", start=0, end=len(text), text=text, sentences=(asks, other), id="p1")
    reader = Reader(text_store("a.txt", text, [(0, len(text))]), 1)
    question = "How long is the warranty?"
    info = analyze_question(question)
    # the rule scores the FAQ's own question far above the other sentence; it answers nothing
    read = reader.read(question, info, [ScoredPassage(passage, 1.0, 1.0, 1.0)])
    assert read is not None and read.sentence == other
    alone = Passage(source="a.txt", start=0, end=25, text=text[:25], sentences=(asks,), id="p2")
    read = reader.read(question, info, [ScoredPassage(alone, 1.0, 1.0, 1.0)])
    assert read is not None and read.sentence == asks
