"""Who, not what office: the name after "Ketua Koperasi," (``citeqa.answer.appositives``)."""

from __future__ import annotations

from citeqa.answer.appositives import bracketed_role, office_holder
from citeqa.answer.spans import Span


def _holder(question: str, sentence: str, answer: str) -> str:
    at = sentence.index(answer)
    span = office_holder(question, Span(at, at + len(answer), answer), sentence, len(sentence))
    assert span is not None and span.text == sentence[span.start:span.end]  # the document's own characters
    return span.text


def test_a_who_question_answered_with_an_office_gets_the_name_set_off_after_it() -> None:
    minutes = "Rapat dibuka oleh Ketua Koperasi, Ibu Siti Rahayu, pada pukul 09.00."
    assert _holder("Siapa yang membuka rapat?", minutes, "Ketua Koperasi") == "Siti Rahayu"
    board = "The meeting was opened by the chairman of the board, John Smith, at 9."
    assert _holder("Who opened the meeting?", board, "the chairman of the board") == "John Smith"
    assert _holder("Siapa yang hadir?", "Hadir pula Presiden Indonesia, Ir. H. Joko Widodo.",
                   "Presiden Indonesia") == "Joko Widodo"
    assert _holder("Siapa yang memimpin?", "Dipimpin Gubernur Jawa Barat, Ridwan Kamil, kemarin.",
                   "Gubernur Jawa Barat") == "Ridwan Kamil"


def test_the_office_stays_where_no_person_follows_it_or_who_is_not_asked() -> None:
    minutes = "Rapat dibuka oleh Ketua Koperasi, Ibu Siti Rahayu."
    assert _holder("Kapan rapat dibuka?", minutes, "Ketua Koperasi") == "Ketua Koperasi"
    assert _holder("Siapa yang membuka rapat?", "Rapat dibuka oleh Ketua Koperasi, Wakil Ketua, dan Bendahara.",
                   "Ketua Koperasi") == "Ketua Koperasi"  # another office
    assert _holder("Siapa yang menerima?", "Diserahkan kepada Wali Kota Bangkok, Thailand.",
                   "Wali Kota Bangkok") == "Wali Kota Bangkok"  # a place: one word, no title
    assert _holder("Siapa yang menerbitkan?", "Diterbitkan Direktorat Jenderal Imigrasi, Kementerian Hukum dan HAM.",
                   "Direktorat Jenderal Imigrasi") == "Direktorat Jenderal Imigrasi"  # not opened by an office
    assert _holder("Siapa yang meresmikan bendungan?", "Bendungan diresmikan Menteri PUPR Basuki, Senin.",
                   "Menteri PUPR") == "Menteri PUPR"  # the comma is not right after the answer
    assert _holder("Siapa yang meresmikan?", "Diresmikan Menteri PUPR, Senin Pagi.", "Menteri PUPR") == "Menteri PUPR"
    assert office_holder("Siapa?", None, "x", 1) is None


def test_a_role_in_brackets_after_a_name_answers_who_holds_it() -> None:
    present = "Present: Helen Ortiz (chair), Samuel Boateng, Priya Nair (secretary), Tomasz Wrobel."

    def role(question: str, sentence: str = present) -> str | None:
        span = bracketed_role(question, sentence, 0, len(sentence))
        assert span is None or span.text == sentence[span.start:span.end]
        return span.text if span else None

    assert role("Who chaired the meeting?") == "Helen Ortiz"
    assert role("Who was the secretary?") == "Priya Nair"
    assert role("Siapa ketua rapat?", "Hadir: Ibu Siti Aminah (ketua), Pak Budi (bendahara).") == "Ibu Siti Aminah"
    assert role("Who attended the meeting?") is None  # no role named
    assert role("When did the chair speak?") is None  # not who
    assert role("Who spoke after the break?", "Helen Ortiz (chair) opened; Sam Lee spoke after the break.") is None
