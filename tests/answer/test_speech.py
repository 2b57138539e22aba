from __future__ import annotations

import pytest

from citeqa.answer.speech import asks_said, said_span
from tests.answer.folders import assistant_over

KING = ("Kim Jong Un besar kemungkinan akan mengambil tindakan agresif mengingat hubungannya dengan Rusia, demikian "
        "ungkap Robert King, mantan utusan khusus A.S.")
TERRY = ("Sue Mi Terry mengatakan bahwa Beijing dan Moskow telah menunjukkan “keengganan total” untuk mengekang "
         "Pyongyang.")
ACCORDING = "Menurut Sue Mi Terry, Korea Utara akan terus bertindak tanpa mendapatkan hukuman."


def _said(question: str, sentence: str) -> str | None:
    span = said_span(question, sentence, 0, len(sentence))
    return None if span is None else sentence[span.start:span.end]


@pytest.mark.parametrize(("question", "expected"), [
    ("Apa kata Robert King tentang Kim Jong Un?", True),
    ("Apa yang dikatakan Sue Mi Terry tentang Beijing?", True),
    ("Apa pendapat Menteri Keuangan tentang pajak?", True),
    ("apa kata dia?", True),
    ("Apa kata dasar dari berlari?", False),  # a word is asked for
    ("Dalam bukunya yang berjudul apakah kata-kata itu ditulis?", False),
    ("Siapa yang mengatakan itu?", False),
])
def test_questions_asking_what_someone_said(question: str, expected: bool) -> None:
    assert asks_said(question) is expected


def test_the_clause_reported_in_each_form() -> None:
    assert _said("Apa kata Robert King tentang Kim Jong Un?", KING) == \
        "Kim Jong Un besar kemungkinan akan mengambil tindakan agresif mengingat hubungannya dengan Rusia"
    assert _said("Apa yang dikatakan Sue Mi Terry tentang Beijing?", TERRY) == \
        "Beijing dan Moskow telah menunjukkan “keengganan total” untuk mengekang Pyongyang"
    assert _said("Apa pendapat Sue Mi Terry tentang Korea Utara?", ACCORDING) == \
        "Korea Utara akan terus bertindak tanpa mendapatkan hukuman"
    assert _said("Apa kata dia tentang Korea Utara?", "Dia menambahkan bahwa sanksi itu gagal.") == "sanksi itu gagal"


def test_no_clause_of_another_speaker_or_for_other_questions() -> None:
    assert _said("Apa kata Robert King tentang Beijing?", TERRY) is None  # another speaker's words
    assert _said("Apa kata Robert King?", "Robert King tiba di Seoul.") is None  # no speech reported
    assert _said("Siapa yang mengatakan bahwa Beijing enggan?", TERRY) is None  # not a question of what was said


def test_what_someone_said_is_answered_with_the_clause(tmp_path, embedder) -> None:
    assistant = assistant_over(tmp_path, embedder, "korea.txt", KING + " " + TERRY)
    answer = assistant.ask("Apa kata Robert King tentang Kim Jong Un?")
    assert answer.citations and answer.citations[0].text == KING
    assert answer.text is not None and answer.text.startswith("Kim Jong Un besar kemungkinan")
