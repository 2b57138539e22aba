"""Who was appointed: the name before the question's passive verb (``citeqa.answer.doers``)."""

from __future__ import annotations

import pytest

from citeqa.answer.doers import conjoined_doers, doer_span
from citeqa.answer.spans import Span


def _doer(question: str, sentence: str) -> str | None:
    span = doer_span(question, sentence, 0, len(sentence))
    assert span is None or span.text == sentence[span.start:span.end]  # the document's own characters
    return span.text if span else None


def test_the_name_before_the_passive_verb_the_question_asks_about() -> None:
    minutes = "3. Aisha Rahman was appointed treasurer, replacing Tom Becker, who stepped down after six years."
    assert _doer("Who was appointed treasurer?", minutes) == "Aisha Rahman"
    assert _doer("Who was named president?", "Anne Sweeney, a veteran executive, was named president in 2004."
                 ) == "Anne Sweeney"  # an aside between
    assert _doer("Who was elected President in November 1960?",
                 "In November 1960, John F. Kennedy was elected President.") == "John F. Kennedy"
    assert _doer("Siapakah yang ditunjuk sebagai wakil UNICEF?",
                 "Gianfranco Rotigliano ditunjuk sebagai wakil UNICEF untuk Indonesia.") == "Gianfranco Rotigliano"


def test_no_name_there_or_another_question() -> None:
    assert _doer("Who was named president?", "He was named president in 2004.") is None
    assert _doer("Who was appointed treasurer?", "Kennedy was appointed treasurer.") is None  # the first word
    assert _doer("Who was appointed treasurer?", "Then the USA. Kennedy was appointed treasurer.") == "Kennedy"
    assert _doer("Who hired Troika?", "In 2001, ABC hired Troika Design Group.") is None  # not a passive question
    assert _doer("Siapa yang dimaksud dengan Uskup?", "Uskup adalah pimpinan Gereja.") is None
    assert _doer("Who was appointed treasurer?", "Then Aisha Rahman was appointed treasurer.") == "Aisha Rahman"
    assert _doer("Who was appointed treasurer?", "In 2001 the Presiden was appointed treasurer.") is None


def test_who_is_to_do_something_is_the_agent_after_the_passive_verb() -> None:
    from citeqa.answer.doers import agent_span

    def agent(question: str, sentence: str) -> str | None:
        span = agent_span(question, sentence, 0, len(sentence))
        assert span is None or sentence[span.start:span.end] == span.text
        return span.text if span else None

    assert agent("Siapa yang harus menyetujui cuti tahunan?", "Cuti tahunan diajukan melalui aplikasi HRIS dan harus "
                 "disetujui atasan langsung.") == "atasan langsung"
    assert agent("Who approves other trips?", "Other trips are approved by the employee's line manager.") \
        == "the employee's line manager"
    assert agent("Who must sign the form?", "The form must be signed by a parent, before the trip.") == "a parent"
    assert agent("Who must approve trips costing more than $5,000?", "Trips costing more than $5,000 must be "
                 "approved by the Chief Financial Officer, Mei Tanaka.") == "the Chief Financial Officer, Mei Tanaka"
    # an encyclopedia's past-tense question is the readers', as is a sentence without the agent
    assert agent("Who discovered penicillin?", "Penicillin was discovered by Alexander Fleming in 1928.") is None
    assert agent("Who approves other trips?", "Other trips need no approval.") is None


def test_who_after_a_preposition_is_what_follows_it_in_the_sentence() -> None:
    from citeqa.answer.doers import whom_span

    text = "Pertanyaan mengenai cuti dapat disampaikan kepada Bagian SDM, Ibu Ratna Sari, di ekstensi 214."
    span = whom_span("Kepada siapa pertanyaan mengenai cuti disampaikan?", text, 0, len(text))
    assert span is not None and span.text == "Bagian SDM, Ibu Ratna Sari" == text[span.start:span.end]
    text = "Kim Jong Un bertemu dengan Presiden Rusia Vladimir Putin pada September 2023."
    span = whom_span("Dengan siapa Kim Jong Un bertemu?", text, 0, len(text))
    assert span is not None and span.text == "Presiden Rusia Vladimir Putin"
    assert whom_span("Siapa yang bertemu Putin?", text, 0, len(text)) is None


VETO = ("Akan tetapi, setelah serangkaian peluncuran rudal semacam itu, RRT dan Rusia memveto resolusi tahun 2022 yang "
        "menyerukan pemberian sanksi lebih lanjut.")
CALLS = "Seoul, Tokyo, dan Washington terus menyerukan upaya internasional untuk melawan pengembangan nuklir."


@pytest.mark.parametrize(("question", "text", "answer", "expected"), [
    ("Who vetoed the 2022 resolution?", VETO, "Rusia", "RRT dan Rusia"),
    ("Siapa yang memveto resolusi tahun 2022?", VETO, "Rusia", "RRT dan Rusia"),
    ("Who keeps calling for international efforts?", CALLS, "Washington", "Seoul, Tokyo, dan Washington"),
    ("Siapakah istri Djamaludin Malik?", "Djamaludin Malik dan Farida Al-Hasni menikah pada 1945.", "Farida Al-Hasni",
     "Farida Al-Hasni"),  # the question names the other
    ("Kapan resolusi itu diveto?", VETO, "Rusia", "Rusia"),  # not a who-question
    ("Who condemned the deal?", "It was condemned by Japan and South Korea.", "South Korea", "South Korea"),  # no verb
])
def test_names_joined_as_doers_answer_together(question: str, text: str, answer: str, expected: str) -> None:
    start = text.index(answer)
    found = conjoined_doers(question, Span(start, start + len(answer), answer), text, 0)
    assert found is not None and found.text == expected
