"""Who, not what office: the name after "Ketua Koperasi," (``citeqa.answer.appositives``)."""

from __future__ import annotations

from citeqa.answer.appositives import apposition, bracketed_role, described_person, office_holder
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


def _apposition(question: str, text: str) -> str | None:
    span = apposition(question, "Judul. " + text, 7, 7 + len(text))
    assert span is None or span.text == ("Judul. " + text)[span.start:span.end]
    return span.text if span else None


def test_who_someone_is_is_the_description_set_off_after_the_name() -> None:
    quoted = ("Harga beras akan turun, demikian ungkap Budi Santoso, mantan kepala Bulog di Jawa Timur, kepada "
              "wartawan.")
    assert _apposition("Siapa Budi Santoso?", quoted) == "mantan kepala Bulog di Jawa Timur"
    assert _apposition("Who is Budi Santoso?", quoted) == "mantan kepala Bulog di Jawa Timur"
    # brackets may hold a comma or a dash; an abbreviation's full stop stays
    assert _apposition("Siapa itu Sari Dewi?", "Menurut Sari Dewi, analis Badan Pusat Statistik (BPS – Jakarta), "
                       "harga naik.") == "analis Badan Pusat Statistik (BPS – Jakarta)"
    assert _apposition("Siapa Ani?", "Yang datang Ani, utusan khusus A.S.") == "utusan khusus A.S."


def test_no_description_where_another_name_follows_or_the_question_asks_for_a_name() -> None:
    listed = "Hadir Budi Santoso, Sari Dewi, dan Ani."
    assert _apposition("Siapa Budi Santoso?", listed) is None  # a list of names, not a description
    assert _apposition("Apa itu optik?", "Cabang fisika meliputi optik, mekanik, dan termodinamika.") is None
    assert _apposition("Apa itu iOS?", "Aplikasi iOS, yang secara kolektif diunduh 30 miliar kali.") is None
    assert _apposition("Apa itu Najin?", "Kapal tiba di Najin, sebuah kota pelabuhan di timur laut.") \
        == "sebuah kota pelabuhan di timur laut"
    quoted = "Demikian ungkap Budi Santoso, mantan kepala Bulog, kemarin."
    assert _apposition("Siapa mantan kepala Bulog?", quoted) is None  # asks for a name: an office, not who-is
    assert _apposition("Kapan Budi Santoso datang?", quoted) is None


def _described(question: str, sentence: str, answer: str) -> str | None:
    at = sentence.index(answer)
    span = described_person(question, Span(at, at + len(answer), answer), sentence, 0)
    assert span is not None and span.text == sentence[span.start:span.end]
    return span.text


def test_who_fits_a_description_is_the_name_it_is_set_off_after() -> None:
    quoted = ("Program itu dipercepat, demikian ungkap Sue Mi Terry, pakar Korea dan mantan analis Badan Intelijen "
              "Pusat (CIA), dalam seri web Capital Cable.")
    assert _described("Siapa pakar Korea dan mantan analis CIA yang dikutip?", quoted,
                      "Badan Intelijen Pusat") == "Sue Mi Terry"
    # not where the description shares under two words with the question, nor for what-questions
    assert _described("Siapa yang dikutip dalam seri web itu?", quoted, "Badan Intelijen Pusat") \
        == "Badan Intelijen Pusat"
    assert _described("Lembaga apa tempat pakar Korea itu menjadi analis?", quoted, "Badan Intelijen Pusat") \
        == "Badan Intelijen Pusat"
    # a person's name the readers gave stays, as does an answer after a description opening with a stopword
    dateline = "New York , rabu - Sekretaris Jenderal PBB Kofi Annan menyatakan akan bertanggung jawab ."
    assert _described("Siapa Sekretaris Jenderal PBB ?", dateline, "Kofi Annan") == "Kofi Annan"
    listed = "Hadir Wakil Presiden Jusuf Kalla , Menko Aburizal Bakrie , dan Badan Sekretaris Departemen Keuangan ."
    assert _described("Siapakah Sekretaris Departemen Keuangan ?", listed, "Badan Sekretaris") == "Badan Sekretaris"
    # nor after a body's name
    body = "Menurut Kementerian Luar Negeri, lembaga pakar Korea dan analis Badan Intelijen, harga naik."
    assert _described("Siapa pakar Korea dan analis itu?", body, "Badan Intelijen") == "Badan Intelijen"
    opening = "Menurut Budi Santoso, pakar Korea dan analis Badan Intelijen, harga naik."
    assert _described("Siapa pakar Korea dan analis itu?", opening, "Badan Intelijen") == "Budi Santoso"
