"""Who wrote the document itself: answered from its byline, never from a name its text quotes."""

from __future__ import annotations

from pathlib import Path

import pytest

from citeqa.answer.assistant import Assistant
from citeqa.answer.byline import asks_author, byline
from citeqa.core.config import load_settings
from citeqa.ingest.pipeline import ingest

NEWS = """<html><body><h1>Banjir Rendam Tiga Kecamatan di Kabupaten Sukamaju</h1>
<p>Beranda | Nasional | Daerah</p>
<p>Oleh Rina Marlina — Senin, 10 Februari 2025</p>
<p>Hujan deras sejak Minggu malam menyebabkan Sungai Cikaso meluap dan merendam tiga kecamatan. "Kami sudah
mengerahkan enam perahu karet," kata Kepala BPBD Sukamaju, Agus Salim.</p>
</body></html>
"""
REPORT = """Harvest report 2024

Staff Desk

The cooperative's members harvested 1,240 tonnes of rice in 2024, according to the chair, Wayan Sudarta.
"""


@pytest.mark.parametrize(("question", "asks"), [
    ("Siapa yang menulis artikel ini?", True), ("Siapa penulis berita banjir ini?", True),
    ("Artikel ini ditulis oleh siapa?", True), ("Who wrote this article?", True),
    ("Who is the author of the harvest report?", True), ("Who wrote the flood report?", True),
    ("Who sent the email?", True), ("Siapa pengirim surat ini?", True),
    ("Siapa penulis novel Laskar Pelangi?", False), ("Who wrote the book 50 Reasons?", False),
    ("Siapa yang menulis surat kepada Presiden?", False), ("Who reported the theft to the police?", False),
    ('Who wrote the column "Soeharto or Suharto?"?', False),  # a column the text names
    # the document's topic ending the question, without "ini"; not a letter's addressee, not what a writer is called
    ("Siapa penulis berita festival kopi?", True), ("Siapakah wartawan liputan banjir?", True),
    ("Siapa penulis surat kepada Presiden?", False), ("Disebut apakah penulis berita?", False),
])
def test_a_question_about_the_document_s_own_author_is_told_from_one_about_a_book(question: str,
                                                                                 asks: bool) -> None:
    assert asks_author(question) is asks


@pytest.mark.parametrize(("text", "name"), [
    ("Banjir\n\nOleh Rina Marlina — Senin, 10 Februari 2025\n\nHujan deras.", "Rina Marlina"),
    ("Report\nBy Jane Doe, staff reporter\nThe text.", "Jane Doe"),
    ("Penulis: Andi Saputra | Editor: Budi\nIsi.", "Andi Saputra"),
    ("Judul\n\nStaf FORUM\n\nTindakan Korea Utara.", "Staf FORUM"),
    ("From: Marta Kowalski <marta@example.org>\nTo: Product team\nSubject: Review moved\n", "Marta Kowalski"),
    ("Dari hasil rapat, Jakarta menjadi tuan rumah.", None),  # no colon: no sender
    ("Memo\nBy Monday, all staff must submit their forms.\n", None),  # a sentence opening with "By", not a byline
    ("Oleh karena itu, rapat ditunda.", None),
    ("Title\n" + "Line.\n" * 10 + "By Jane Doe\n", None),  # far below the top: not a byline
])
def test_a_byline_is_a_labelled_name_or_a_desk_near_the_top(text: str, name: str | None) -> None:
    found = byline(text)
    assert (found.text if found else None) == name
    if found:
        assert text[found.start:found.end] == found.text


@pytest.mark.slow
def test_who_wrote_a_document_is_answered_from_its_byline(tmp_path: Path, embedder) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    docs.mkdir()
    (docs / "berita.html").write_text(NEWS, encoding="utf-8")
    (docs / "harvest.txt").write_text(REPORT, encoding="utf-8")
    ingest([docs], index, embedder, chunk_size=600)
    assistant = Assistant.load(load_settings(index_dir=index), embedder)
    for question, source, name in [("Siapa penulis berita banjir ini?", "berita.html", "Rina Marlina"),
                                   ("Who wrote the harvest report?", "harvest.txt", "Staff Desk")]:
        answer = assistant.ask(question)
        assert answer.text == name, question  # not "Agus Salim", whom the text quotes, nor the chair
        cited = answer.citations[0]
        assert cited.source == source and name in cited.text
        assert cited.start <= answer.answer_start < answer.answer_end <= cited.end
    # a book the text might name is asked about as before: no byline answers it
    answer = assistant.ask("Siapa penulis novel Laskar Pelangi?")
    assert answer.text != "Rina Marlina"
