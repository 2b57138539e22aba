from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from citeqa.answer.confidence import SIGNALS, WEIGHTS, Calibrator, Evidence
from citeqa.core.errors import ConfigError


def _evidence(reader: float) -> Evidence:
    return Evidence(reader=reader, coverage=reader, window_coverage=reader, names_found=1.0, rarest_found=1.0,
                    unknown_names=0.0, typed=True, type_found=True, answer_window=reader)


def test_shipped_calibrator_gives_probabilities() -> None:
    calibrator = Calibrator.load(WEIGHTS)
    low, high = calibrator.probability(_evidence(0.05)), calibrator.probability(_evidence(0.95))
    assert 0.0 <= low <= 1.0 and 0.0 <= high <= 1.0
    assert high > low  # more of the question covered by stronger evidence means more confidence


def test_probabilities_of_many_answers_are_each_answer_s_own() -> None:
    model = Calibrator.load()
    rows = np.random.default_rng(0).normal(scale=3.0, size=(50, len(SIGNALS)))
    assert model.probabilities_of(rows) == pytest.approx([model.probability_of(v) for v in rows], abs=1e-12)


def test_an_answer_among_the_wrong_words_is_less_likely_right() -> None:
    calibrator = Calibrator.load(WEIGHTS)
    evidence = _evidence(0.6)
    among = replace(evidence, answer_window=0.9)  # the question's words sit around the answer
    apart = replace(evidence, answer_window=0.1)  # a date, say, next to none of them
    assert calibrator.probability(among) > calibrator.probability(apart)


def test_weights_for_other_signals_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "confidence.json"
    path.write_text(json.dumps({"signals": ["reader"], "weights": [1.0], "bias": 0.0}), encoding="utf-8")
    with pytest.raises(ConfigError, match="retrain"):
        Calibrator.load(path)
    path.write_text("{", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot load"):
        Calibrator.load(path)


def test_round_trip(tmp_path: Path) -> None:
    calibrator = Calibrator(np.arange(len(SIGNALS), dtype=float), -1.0)
    path = tmp_path / "c.json"
    path.write_text(json.dumps(calibrator.to_json()), encoding="utf-8")
    again = Calibrator.load(path)
    assert again.probability(_evidence(0.3)) == pytest.approx(calibrator.probability(_evidence(0.3)))


def test_names_the_index_does_not_know_lower_the_support_and_never_raise_the_confidence() -> None:
    from citeqa.answer.confidence import SUPPORT_WEIGHTS

    # a question naming what no document names: its names are unknown, and so are those of its words
    evidence, unknown = _evidence(0.6), replace(_evidence(0.6), unknown_names=1.0, unknown_words=0.5)
    support = Calibrator.load(SUPPORT_WEIGHTS)
    assert support.probability(unknown) < support.probability(evidence)  # a question about something else
    confidence = Calibrator.load(WEIGHTS)
    assert confidence.probability(unknown) <= confidence.probability(evidence)  # bounded to that direction


@pytest.mark.slow
def test_only_unknown_names_count_as_unknown(assistant) -> None:
    # "NATO" appears nowhere in the article: the question is about something else
    _, evidence = assistant.ask_with_evidence("Di mana markas besar NATO berada?")
    assert evidence is not None and evidence.unknown_names == 1.0
    # "kepanjangan" appears nowhere either, but it is how the question asks, not what it is about
    _, evidence = assistant.ask_with_evidence("Apa kepanjangan CIA?")
    assert evidence is not None and evidence.unknown_names == 0.0


def test_unknown_words_count_the_words_no_document_uses_nor_their_translation() -> None:
    from citeqa.answer.bridge import Bridge
    from citeqa.answer.evidence import unknown_words

    vocabulary = {"harga", "rudal", "satelit", "luncur", "kim"}
    known = vocabulary.__contains__
    bridge = Bridge({"satellit": ("satelit",), "launch": ("luncur", "meluncurkan")}, {})
    # "Berapa" and "per" have no terms; of harga, minyak, bumi, barel three are unknown
    assert unknown_words("Berapa harga minyak bumi per barel?", known, bridge) == pytest.approx(3 / 4)
    # English words whose translation the documents use are known
    assert unknown_words("Which satellite did Kim launch?", known, bridge) == 0.0
    assert unknown_words("Which satellite did Kim launch?", known, None) == pytest.approx(2 / 3)
    assert unknown_words("harga harga minyak", known, bridge) == pytest.approx(1 / 2)  # each word once
    assert unknown_words("Apa?", known, bridge) == 0.0
    # the question's reference to the document itself is no word the documents lack
    assert unknown_words("Berapa harga rudal menurut artikel ini?", known, bridge) == 0.0
    assert unknown_words("According to the text, which satellite did Kim launch?", known, bridge) == 0.0
    # the noun of the asking phrase says what kind of answer is asked: "jam" of "Jam berapa", "time" of "What time"
    assert unknown_words("Jam berapa rudal diluncurkan?", known, bridge) == 0.0
    assert unknown_words("What time did Kim launch the satellite?", known, bridge) == 0.0
    assert unknown_words("Berapa jam rudal diluncurkan?", known, bridge) == pytest.approx(1 / 3)  # hours: asked


def test_over_documents_in_another_language_a_word_the_dictionary_lacks_says_nothing() -> None:
    from citeqa.answer.bridge import Bridge
    from citeqa.answer.evidence import unknown_words

    known = {"satelit", "luncur", "kim"}.__contains__
    bridge = Bridge({"satellit": ("satelit",), "price": ("harga",)}, {})
    assert bridge.has_entry("Price") and not bridge.has_entry("envoy")
    # "envoy" is in no dictionary: unknown among documents in the question's language, a gap of the dictionary's
    # among documents in another; "price" has a translation no document uses: unknown either way
    assert unknown_words("Where is the envoy of Kim?", known, bridge) == pytest.approx(1 / 2)
    assert unknown_words("Where is the envoy of Kim?", known, bridge, foreign=True) == 0.0
    assert unknown_words("What price did Kim pay the envoy?", known, bridge, foreign=True) == pytest.approx(1 / 2)


def test_unknown_words_lower_the_support() -> None:
    from citeqa.answer.confidence import SUPPORT_WEIGHTS

    evidence = _evidence(0.6)
    support = Calibrator.load(SUPPORT_WEIGHTS)
    assert support.probability(replace(evidence, unknown_words=0.6)) < support.probability(evidence)


@pytest.mark.slow
def test_abstention_follows_the_support_not_the_confidence(assistant) -> None:
    from citeqa.answer.confidence import SIGNALS as ALL

    question = "Kapan Kim Jong Un bertemu dengan Vladimir Putin?"
    kept = assistant.support
    try:
        assistant.support = Calibrator(np.zeros(len(ALL)), -20.0)  # the documents never hold the answer
        silent = assistant.ask(question)
        assistant.support = Calibrator(np.zeros(len(ALL)), 20.0)  # they always do
        held = assistant.ask(question)
    finally:
        assistant.support = kept
    assert silent.text is None and silent.confidence == held.confidence  # the confidence shown is unchanged
    assert held.text is not None and held.citations


def test_span_agreement_is_the_overlap_of_the_answer_with_the_span_readers_pick() -> None:
    from citeqa.answer.assistant import agreement
    from citeqa.answer.span_model import SpanGuess
    from citeqa.answer.spans import Span

    guess = SpanGuess(10, 20, 3.0, -1.0)
    assert agreement(Span(10, 20, "x" * 10), guess) == 1.0
    assert agreement(Span(15, 25, "x" * 10), guess) == pytest.approx(5 / 15)
    assert agreement(Span(30, 40, "x" * 10), guess) == 0.0  # apart
    assert agreement(Span(20, 30, "x" * 10), guess) == 0.0  # touching
    assert agreement(None, guess) == 0.0 and agreement(Span(10, 20, "x" * 10), None) == 0.0


def test_a_rule_s_answer_is_evidence_the_calibrator_weighs(tmp_path, embedder) -> None:
    from tests.answer.folders import assistant_over

    text = ("Sasando adalah alat musik petik tradisional dari Pulau Rote. Alat musik itu dimainkan oleh Pak Jeremias "
            "Pah di Kupang sejak tahun 1985.")
    assistant = assistant_over(tmp_path, embedder, "sasando.txt", text)
    defined, evidence = assistant.ask_with_evidence("Apa yang dimaksud dengan sasando?")
    assert evidence is not None and evidence.ruled  # the definition rule's phrase
    assert defined.text is not None and "alat musik petik" in defined.text
    _, read = assistant.ask_with_evidence("Sejak tahun berapa Pak Jeremias Pah memainkan sasando?")
    assert read is not None and not read.ruled  # the readers' span
