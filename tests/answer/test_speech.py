from __future__ import annotations

import pytest

from citeqa.answer.speech import asks_said, said_span, speaker_span
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


def _speaker(question: str, sentence: str) -> str | None:
    found = speaker_span(question, sentence, 0, len(sentence))
    return found.text if found is not None else None


REPORTED = ("Penasihat keamanan ketiga negara bertemu di Korea Selatan pada Desember 2023, demikian yang dilaporkan "
            "The Associated Press.")
NIS = ("Badan Intelijen Nasional Korea Selatan melaporkan bantuan teknis Moskow memungkinkan Korea Utara untuk "
       "menempatkan satelit ke dalam orbit, demikian menurut Kantor Berita Yonhap.")
OFFICIALS = ("Citra satelit menunjukkan peningkatan pengapalan di Najin, yang menurut para pejabat A.S. digunakan "
             "Pyongyang untuk mengangkut artileri ke Rusia.")


def test_who_said_or_reported_it_is_answered_with_the_speaker() -> None:
    assert _speaker("Siapa yang melaporkan pertemuan penasihat keamanan?", REPORTED) == "The Associated Press"
    assert _speaker("Siapa yang melaporkan bantuan Moskow?", NIS) == "Badan Intelijen Nasional Korea Selatan"
    assert _speaker("Menurut siapa bantuan Moskow memungkinkan peluncuran?", NIS) == "Kantor Berita Yonhap"
    assert _speaker("Menurut siapa pengapalan di Najin digunakan untuk mengangkut artileri?", OFFICIALS) == \
        "para pejabat A.S."  # (an abbreviation's dot kept)
    assert _speaker("Siapakah yang menegaskan bahwa izin masih ditutup?",
                    "Menteri Perhubungan Hatta Rajasa mengatakan , izin usaha masih ditutup .") == \
        "Menteri Perhubungan Hatta Rajasa"  # another verb of saying
    assert _speaker("Siapa yang mengatakan bahwa Beijing enggan?", TERRY) == "Sue Mi Terry"
    assert _speaker("Siapakah yang mengatakan itu?", "Faktor manusia , kata Penta Wisnu , juga penyebabnya .") == \
        "Penta Wisnu"


def test_no_speaker_where_none_is_given_or_asked() -> None:
    assert _speaker("Siapa yang mengatakan itu?", "Ia mengatakan bahwa hujan turun.") is None  # a pronoun
    assert _speaker("Siapa yang mengatakan itu?", "Kata kunci itu jelas Jakarta.") is None  # a noun, an adjective
    assert _speaker("Siapa yang membangun candi itu?", REPORTED) is None  # not a question of who said it
    assert _speaker("Apa kata Robert King?", KING) is None


def test_an_english_question_of_who_said_it_over_indonesian_text() -> None:
    def english(question: str, sentence: str) -> str | None:
        found = speaker_span(question, sentence, 0, len(sentence), english=True)
        return found.text if found is not None else None

    assert english("Which media outlet reported the meeting of the security advisers?", REPORTED) == \
        "The Associated Press"
    assert english("Who spoke about Kim Jong Un on Capital Cable?", KING) == "Robert King"
    assert english("According to whom did Pyongyang ship artillery to Russia?", OFFICIALS) == "para pejabat A.S."
    najin = ("Pengapalan di Najin, yang menurut para pejabat A.S. digunakan Pyongyang untuk mengangkut artileri ke "
             "Rusia, demikian menurut situs web Beyond Parallel CSIS.")
    assert english("Which CSIS website reported shipments at the Najin port?", najin) == \
        "Beyond Parallel CSIS"  # the speaker the question names a word of, without what it is ("situs web")
    agency = "Which news agency reported that Moscow's help let North Korea put a satellite into orbit?"
    assert english(agency, NIS) == "Badan Intelijen Nasional Korea Selatan"  # (the verb's subject, without a bridge)
    found = speaker_span(agency, NIS, 0, len(NIS), english=True, translations={"news": ["berita"]})
    assert found is not None and found.text == "Kantor Berita Yonhap"  # the kind asked, in the bridge's words
    assert english("Who met in South Korea?", REPORTED) is None  # not a question of who said it
    assert speaker_span("Who reported the meeting?", REPORTED, 0, len(REPORTED)) is None  # English forms: only so
