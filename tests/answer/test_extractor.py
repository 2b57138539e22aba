from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citeqa.answer.extractor import FEATURES, MAX_TOKENS, Extractor, QuestionTerms, span_features, tokens
from citeqa.answer.fit import AnswerFit
from citeqa.answer.question import analyze_question, type_nouns_of
from citeqa.answer.reader import Reader
from citeqa.answer.spans import Span
from tests.answer.stores import text_store


def _terms(question: str) -> QuestionTerms:
    return QuestionTerms.of(question, analyze_question(question), lambda term: 1.0)


def test_numbers_and_initialisms_stay_whole_tokens() -> None:
    text = "Sebanyak 23,5 persen saham P.B.B. dijual (16/8)."
    assert [text[s:e] for s, e in tokens(text, 0, len(text))] == [
        "Sebanyak", "23,5", "persen", "saham", "P.B.B.", "dijual", "(", "16/8", ")", "."]


def test_type_nouns_name_the_kind_asked_for() -> None:
    assert type_nouns_of("Sanksi apa yang diberlakukan?") == {"sanksi"}
    assert type_nouns_of("Siapa pencipta Kursi Stroke?") == {"pencipta"}
    assert type_nouns_of("Kapan dia datang?") == set()


def test_spans_never_start_or_end_with_punctuation() -> None:
    text = "Presiden Joko Widodo , kemarin ( 12/3 ) , datang ke Bogor ."
    starts, ends, x = span_features(text, 0, len(text), _terms("Siapa yang datang ke Bogor ?"))
    assert x.shape == (len(starts), len(FEATURES))
    for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
        span = text[s:e]
        assert span[0].isalnum() and span[-1].isalnum()
        assert len(tokens(text, s, e)) <= MAX_TOKENS


def test_hint_features_mark_the_rule_based_pick() -> None:
    text = "Presiden Joko Widodo datang ke Bogor ."
    hint = Span(9, 20, "Joko Widodo")
    starts, ends, x = span_features(text, 0, len(text), _terms("Siapa yang datang ke Bogor ?"), hint)
    exact = x[:, FEATURES.index("hint_exact")] == 1
    assert [text[s:e] for s, e in zip(starts[exact], ends[exact], strict=True)] == ["Joko Widodo"]


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=200), st.text(min_size=1, max_size=60))
def test_spans_are_offsets_into_the_region(text: str, question: str) -> None:
    lo, hi = len(text) // 4, len(text)
    starts, ends, x = span_features(text, lo, hi, _terms(question))
    assert x.shape[0] == len(starts) == len(ends)
    assert np.isfinite(x).all()
    assert all(lo <= s < e <= hi for s, e in zip(starts.tolist(), ends.tolist(), strict=True))


@pytest.mark.parametrize(("question", "gold"), [
    ("Kapan Joko Widodo meresmikan bendungan itu ?", "12 Mei 2021"),
    ("Siapa yang meresmikan bendungan Karian ?", "Joko Widodo"),
    ("Berapa kapasitas bendungan Karian ?", "314 juta meter kubik"),
])
def test_shipped_extractor_picks_the_short_answer(question: str, gold: str) -> None:
    text = ("Presiden Joko Widodo meresmikan bendungan Karian di Lebak , Banten , pada 12 Mei 2021 . "
            "Bendungan itu berkapasitas 314 juta meter kubik .")
    passages = text_store("doc.txt", text, [(0, 87), (88, len(text))])
    fit = AnswerFit(Extractor.load(), Reader(passages), question, analyze_question(question), passages.idf)
    found = [fit.candidate("doc.txt", s, e) for s, e in ((0, 87), (88, len(text)))]
    top = max((c for c in found if c is not None), key=lambda c: c.score)
    assert gold in top.span.text or top.span.text in gold  # the short answer, give or take a title or unit
    assert len(top.span.text.split()) <= len(gold.split()) + 1
    assert text[top.span.start:top.span.end] == top.span.text


def test_a_definition_after_a_copula_is_a_candidate_however_long() -> None:
    text = ("Fusi nuklir adalah reaksi di mana dua inti atom bergabung membentuk satu atau lebih inti atom "
            "yang lebih besar, dan partikel lain.")
    starts, ends, x = span_features(text, 0, len(text), _terms("Apa yang dimaksud dengan fusi nuklir?"))
    clauses = {text[s:e] for s, e, row in zip(starts.tolist(), ends.tolist(), x, strict=True)
               if row[FEATURES.index("clause")]}
    assert "reaksi di mana dua inti atom bergabung membentuk satu atau lebih inti atom yang lebih besar" in clauses
    assert all(len(tokens(text, text.find(c), text.find(c) + len(c))) > MAX_TOKENS for c in clauses)


def test_question_kinds() -> None:
    from citeqa.answer.question import question_kind

    assert question_kind("Mengapa Kim Jong Un mengambil tindakan agresif?") == "why"
    assert question_kind("How did Tesla die?") == "how"
    assert question_kind("How many people live there?") == "other"
    assert question_kind("Apa yang diterima Korea Utara?") == "what"
    assert question_kind("Siapa presiden Rusia?") == "other"
    # a purpose asks what a reason does: "untuk apa" is read as "mengapa"
    assert question_kind("Untuk apa Rusia menggunakan munisi itu?") == "why"
    assert question_kind("For what purpose was the dam built?") == "why"


def test_the_span_reader_weighs_more_where_question_and_sentence_are_english() -> None:
    from citeqa.answer.short_answer import ENGLISH_EXTRACTOR_WEIGHT, EXTRACTOR_WEIGHT, extractor_weight

    english = "The stadium was opened in 1923 by the mayor of the city."
    indonesian = "Stadion itu dibuka pada tahun 1923 oleh wali kota."
    assert ENGLISH_EXTRACTOR_WEIGHT < EXTRACTOR_WEIGHT
    assert extractor_weight("Who opened the stadium?", english, 0, len(english)) == ENGLISH_EXTRACTOR_WEIGHT
    text = indonesian + " " + english  # only the sentence's own words count
    assert extractor_weight("Who opened the stadium?", text, 0, len(indonesian)) == EXTRACTOR_WEIGHT
    assert extractor_weight("Siapa yang membuka stadion itu?", english, 0, len(english)) == EXTRACTOR_WEIGHT


def test_a_title_in_english_does_not_make_an_indonesian_question_english() -> None:
    from citeqa.answer.question import detect_language

    # TyDi questions naming an English title or body read as English before
    assert detect_language("Kapan Fly to the Sky mulai debut ?") == "id"
    institute = "International Institute for Democracy and Electoral Assistance"
    assert detect_language(f"Berapa jumlah anggota {institute} ?") == "id"
    assert detect_language("siapakah nama pemeran the beast dalam serial Beauty and the Beast?") == "id"
    # an abbreviation in capitals is no English word ("AS": Amerika Serikat), unless all the text is in capitals
    assert detect_language("AS mengirim pasukan ke IS?") == "id"  # "as" and "is" outnumbered "ke" before
    assert detect_language("Di mana markas PBB di New York, AS?") == "id"
    assert detect_language("Kapan IT Del berdiri?") == "id"
    assert detect_language("WHO IS THE PRESIDENT OF RUSSIA?") == "en"
    # English questions with names in them stay English, a capital starting the question included
    assert detect_language("What is the United States?") == "en"
    assert detect_language("Who wrote The Lord of the Rings?") == "en"
    assert detect_language("Where is the Bank of England?") == "en"
