from __future__ import annotations

from pathlib import Path

import pytest

from citeqa.answer.question import AnswerType
from citeqa.answer.tables import cell_answer, header_of, labels, table_line
from citeqa.index.analyzer import analyze
from tests.answer.folders import assistant_over

ROWS = "Daftar paket.\n\nPaket | Harga | Daya\nStandard | Rp 2.500.000 | 5 kW\nPremium | Rp 4.000.000 | 10 kW\n"
MARKDOWN = "| Paket | Harga |\n|---|---|\n| Standard | Rp 2.500.000 |\n"


def _terms(question: str) -> dict[str, float]:
    return {t: 1.0 for t in analyze(question)}


def _line(text: str, begins: str) -> tuple[int, int]:
    start = text.index(begins)
    return start, text.index("\n", start)


@pytest.mark.parametrize(("text", "row", "question", "expected"), [
    (ROWS, "Standard", "Berapa harga paket Standard?", "Rp 2.500.000"),
    (ROWS, "Premium", "Berapa daya paket Premium?", "10 kW"),
    (MARKDOWN, "| Standard", "Berapa harga paket Standard?", "Rp 2.500.000"),
    (ROWS, "Standard", "Apa itu paket Standard?", None),  # no column named
    (ROWS, "Paket", "Berapa harga paket Standard?", None),  # the header row itself
    ("Harga: Rp 99.000\n", "Harga", "Berapa harganya?", "Rp 99.000"),
    # Markdown's emphasis around a key, and a key padded to line its colon up with the lines above
    ("**Notulis:** Ibu Desi Kartika\n", "**Notulis", "Siapa notulis rapat?", "Ibu Desi Kartika"),
    ("- **Lokasi**: Balai Warga RT 05\n", "- **Lokasi", "Di mana lokasi rapat?", "Balai Warga RT 05"),
    ("Wilayah      : Jalan Cihanjuang dan Griya Asri\n", "Wilayah", "Wilayah mana yang padam?",
     "Jalan Cihanjuang dan Griya Asri"),
    ("Menurut Bupati: bendungan selesai.\n", "Menurut", "Kapan bendungan selesai?", None),
    ("Ia dikenal (bahasa Arab: نهر الأردن) sebagai penyair.\n", "Ia", "Apa nama dalam bahasa Arab?", None),
])
def test_the_cell_under_the_named_column(text: str, row: str, question: str, expected: str | None) -> None:
    start, end = _line(text, row)
    found = cell_answer(text, start, end, _terms(question), question)
    assert (found.text if found else None) == expected
    if found:
        assert text[found.start:found.end] == found.text


LIGHTS = ("Light | Meaning | What to do\nOrange, steady | Paper jam | Open the rear cover\n"
          "Blue, flashing | Connecting to Wi-Fi | Wait up to 2 minutes\n")


@pytest.mark.parametrize(("row", "question", "expected"), [
    # a header in words the analysis drops ("what", "to", "do"), said by the question all the same
    ("Orange", "What should I do if the light is orange and steady?", "Open the rear cover"),
    ("Blue", "What does a flashing blue light mean?", "Connecting to Wi-Fi"),  # named: "mean" of "Meaning"
    ("Blue", "Is the light blue?", None),  # one word shared ("light"), and its cell is what the question says
    ("Blue", "How do I connect the printer to Wi-Fi?", None),  # "to" and "do" of "What to do", but not its "what"
])
def test_a_column_the_question_says_in_stopwords(row: str, question: str, expected: str | None) -> None:
    found = cell_answer(LIGHTS, *_line(LIGHTS, row), _terms(question), question)
    assert (found.text if found else None) == expected


def test_without_the_questions_words_no_header_is_said() -> None:
    question = "What should I do if the light is orange and steady?"
    assert cell_answer(LIGHTS, *_line(LIGHTS, "Orange"), _terms(question)) is None


def test_a_row_carries_its_header() -> None:
    assert header_of(ROWS, *_line(ROWS, "Premium")) == "Paket | Harga | Daya"
    assert header_of(ROWS, *_line(ROWS, "Daftar")) == ""


def test_a_markdown_table_is_answered_from_the_right_cell(tmp_path: Path, embedder) -> None:
    assistant = assistant_over(tmp_path, embedder, "paket.md", (
        "# Paket panel surya\n\nPT Surya Terang menawarkan tiga paket pemasangan panel surya.\n\n"
        "| Paket | Harga | Daya |\n|---|---|---|\n| Hemat | Rp 1.500.000 | 2 kW |\n"
        "| Standard | Rp 2.500.000 | 5 kW |\n| Premium | Rp 4.000.000 | 10 kW |\n"))
    answer = assistant.ask("Berapa harga paket Standard?")
    assert answer.text == "Rp 2.500.000"
    assert "Standard" in answer.citations[0].text and answer.text in answer.citations[0].text


def test_a_table_line_is_a_row_beside_another_row() -> None:
    assert table_line(ROWS, *_line(ROWS, "Paket")) and table_line(ROWS, *_line(ROWS, "Premium"))
    assert not table_line(ROWS, *_line(ROWS, "Daftar"))
    lone = "Catatan | satu baris saja\n\nLalu paragraf."
    assert not table_line(lone, 0, lone.index("\n"))


def test_a_header_row_or_a_separator_only_labels_the_rows() -> None:
    assert labels(ROWS, *_line(ROWS, "Paket")) and not labels(ROWS, *_line(ROWS, "Premium"))
    assert labels(MARKDOWN, *_line(MARKDOWN, "|---")) and not labels(MARKDOWN, *_line(MARKDOWN, "| Standard"))
    lone = "Catatan | satu baris saja\n\nLalu paragraf."
    assert not labels(lone, 0, lone.index("\n")) and not labels(ROWS, *_line(ROWS, "Daftar"))


def test_a_row_named_by_the_question_is_cited_not_its_header(tmp_path: Path, embedder) -> None:
    assistant = assistant_over(tmp_path, embedder, "notulen.txt", (
        "Notulen Rapat Pengurus RT 05\n\nKetua RT, Bapak Ahmad Fauzi, membuka rapat pada pukul 19.30.\n\n"
        "Tugas | Penanggung jawab\nKebersihan selokan | Ibu Rina\nKonsumsi | Ibu Wati\n"))
    answer = assistant.ask("Siapa penanggung jawab konsumsi?")
    assert answer.citations[0].text == "Konsumsi | Ibu Wati"  # the span reader, reading rows alone, chose the header
    assert answer.text == "Ibu Wati"
    # the header holds the question's words, the row only one of them and its header's: the row is cited
    assistant = assistant_over(tmp_path, embedder, "policy.txt",
                                "Travel policy.\n\nRegion | Hotel limit per night\nAsia | $150\nEurope | $220\n")
    answer = assistant.ask("What is the hotel limit per night in Europe?")
    assert answer.citations[0].text == "Europe | $220" and answer.text == "$220"


ACTIONS = ("Action | Owner | Deadline\nDraw up the Sunday volunteer rota | Priya Nair | 20 June\n"
           "Update the library website with the new hours | Grace Lim | 25 June\n")


@pytest.mark.parametrize(("question", "kind", "expected"), [
    ("Who will update the library website?", AnswerType.PERSON, "Grace Lim"),  # no header named: the name's cell
    ("When will the website be updated?", AnswerType.DATE, "25 June"),
    ("What will be updated?", AnswerType.OTHER, None),  # no kind asked for, no header named
])
def test_a_row_whose_header_is_not_named_is_answered_from_the_one_cell_of_the_kind_asked(
        question: str, kind: AnswerType, expected: str | None) -> None:
    found = cell_answer(ACTIONS, *_line(ACTIONS, "Update"), _terms(question), question, kind)
    assert (found.text if found else None) == expected


def test_a_number_asked_for_is_not_taken_from_a_row_by_its_kind() -> None:
    # "1 week" is the one whole cell that is a number, but "Berapa denda …?" asks a sum: a count, a sum and a
    # period are all numbers
    rental = "| Rental period | Price |\n|---|---|\n| 1 week | €65 |\n"
    question = "Berapa denda keterlambatan?"
    assert cell_answer(rental, *_line(rental, "| 1 week"), _terms(question), question, AnswerType.NUMBER) is None


def test_a_row_whose_column_is_named_is_not_read_past_for_another_sentence(tmp_path: Path, embedder) -> None:
    # the span reader finds a time ("pada hari itu") in the sentence about fever and none in the row, which it reads
    # without its header: the row under "Jadwal" is cited all the same
    assistant = assistant_over(tmp_path, embedder, "imunisasi.md", (
        "# Jadwal imunisasi Posyandu Melati\n\nPosyandu Melati membuka layanan imunisasi setiap bulan di Balai Desa "
        "Sukamulya.\n\nAnak yang sedang demam di atas 38 derajat Celsius tidak diimunisasi pada hari itu dan "
        "dijadwalkan ulang pada minggu berikutnya.\n\n| Vaksin | Usia anak | Jadwal |\n|---|---|---|\n"
        "| BCG | 1 bulan | Senin minggu pertama |\n| Campak-Rubela | 9 bulan | Rabu minggu kedua |\n"))
    answer = assistant.ask("Kapan jadwal vaksin BCG?")
    assert "BCG" in answer.citations[0].text
    assert answer.text == "Senin minggu pertama"


def test_the_row_that_covers_the_question_most_is_cited_over_prose(tmp_path: Path, embedder) -> None:
    # the sentence chooser, which learnt on prose, puts the sentences about the exam first; the row the question
    # names (its header's words counted) has the cell asked for
    assistant = assistant_over(tmp_path, embedder, "ujian.md", (
        "# Ujian akhir semester\n\nUjian akhir semester genap dilaksanakan pada 9 sampai 12 Juni 2025. Ujian dimulai "
        "pukul 07.30 dan setiap mata pelajaran berlangsung 90 menit.\n\n| Hari | Tanggal | Mata pelajaran |\n"
        "|---|---|---|\n| Senin | 9 Juni 2025 | Bahasa Indonesia |\n| Selasa | 10 Juni 2025 | Matematika |\n"
        "| Rabu | 11 Juni 2025 | IPA |\n| Kamis | 12 Juni 2025 | Bahasa Inggris |\n"))
    answer = assistant.ask("Mata pelajaran apa yang diujikan pada hari Rabu?")
    assert (answer.text, answer.citations[0].text) == ("IPA", "| Rabu | 11 Juni 2025 | IPA |")
    answer = assistant.ask("Kapan ujian Matematika?")  # no column named: the longer of the row's two dates
    assert (answer.text, answer.citations[0].text) == ("10 Juni 2025", "| Selasa | 10 Juni 2025 | Matematika |")
    answer = assistant.ask("Berapa lama setiap mata pelajaran berlangsung?")  # names the column, but no row
    assert "|" not in answer.citations[0].text
