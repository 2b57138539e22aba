from __future__ import annotations

from pathlib import Path

import docx
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from citeqa.answer.assistant import Assistant
from citeqa.api.cli import format_answer
from citeqa.core.config import load_settings
from citeqa.core.errors import DocumentError
from citeqa.core.models import Answer, Citation
from citeqa.index import store
from citeqa.ingest.formats import docx_text, pdf_text
from citeqa.ingest.pipeline import ingest


def make_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A real PDF with a text layer, one list of lines per page."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for lines in pages:
        y = 780
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 18
        pdf.showPage()
    pdf.save()
    return path


def make_docx(path: Path, paragraphs: list[str], table: list[list[str]]) -> Path:
    document = docx.Document()
    document.add_heading("Laporan Rapat Koperasi", level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    grid = document.add_table(rows=len(table), cols=len(table[0]))
    for r, row in enumerate(table):
        for c, cell in enumerate(row):
            grid.cell(r, c).text = cell
    document.save(str(path))
    return path


def test_pdf_pages_become_paragraphs(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "a.pdf", [["Bendungan Sukamaju diresmikan", "oleh Bupati Garut."],
                                         ["Biaya pembangunan Rp 1,2 triliun."]])
    text, pages = pdf_text(path.read_bytes(), "a.pdf")
    assert "Bendungan Sukamaju diresmikan oleh Bupati Garut." in text  # the next line goes on in lower case
    assert text.endswith("\n\nBiaya pembangunan Rp 1,2 triliun.")
    assert pages == ((0, 1), (text.index("Biaya"), 2))


def test_a_pdf_paragraph_wrapped_by_its_layout_is_one_text(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    path = tmp_path / "report.pdf"
    body = ("The board decided to distribute a dividend of Rp 350,000 per member, to be paid in cash before the end "
            "of April 2025. Members who prefer to keep the dividend as savings must inform the office by 31 March "
            "2025, in writing or through the member portal.")
    styles = getSampleStyleSheet()
    SimpleDocTemplate(str(path), pagesize=A4).build([Paragraph("Dividend", styles["Title"]),
                                                    Paragraph(body, styles["BodyText"]),
                                                    Paragraph("Risks", styles["Heading2"]),
                                                    Paragraph("Fertiliser prices rose.", styles["BodyText"])])
    text, _ = pdf_text(path.read_bytes(), "report.pdf")
    assert text == f"Dividend\n{body}\nRisks\nFertiliser prices rose."  # the layout's line breaks inside it gone
    from citeqa.ingest.splitter import sentence_spans
    assert body.split(" Members")[1] in [text[s:e].removeprefix("Members") for s, e in sentence_spans(text)]


def test_an_unwrapped_pdf_page_keeps_its_short_lines_list_items_and_sentence_ends() -> None:
    from citeqa.ingest.formats import unwrap

    page = ("Agenda\n1. Opening by the chair and approval of the minutes of the previous meeting held in\n"
            "2. Budget for the new warehouse in Rotterdam, presented by the treasurer, Aisha Rahman.\n"
            "The meeting closed at 11:40 after a long discussion of the warehouse budget and of\nthe fees.")
    assert unwrap(page) == page.replace("of\nthe fees", "of the fees")


def make_table_pdf(path: Path) -> Path:
    """A printer guide with a table of aligned columns and no ruling lines between paragraphs (reportlab's
    platypus: a page's layout as a word processor makes it)."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    styles = getSampleStyleSheet()
    rows = [["Light", "Meaning", "What to do"], ["Orange, steady", "Paper jam", "Open the rear cover"],
            ["Orange, flashing", "Ink cartridge empty", "Replace the cartridge"],
            ["Blue, flashing", "Connecting to Wi-Fi", "Wait up to 2 minutes"]]
    SimpleDocTemplate(str(path), pagesize=A4).build([
        Paragraph("Status lights", styles["Heading2"]),
        Paragraph("The lights on the front panel show what the printer is doing.", styles["BodyText"]),
        Table(rows), Paragraph("Wireless printing", styles["Heading2"]),
        Paragraph("Hold the Wi-Fi button for 5 seconds.", styles["BodyText"])])
    return path


def test_a_pdf_table_becomes_one_line_per_row(tmp_path: Path) -> None:
    text, _ = pdf_text(make_table_pdf(tmp_path / "guide.pdf").read_bytes(), "guide.pdf")
    assert text == ("Status lights\nThe lights on the front panel show what the printer is doing.\n"
                    "Light | Meaning | What to do\nOrange, steady | Paper jam | Open the rear cover\n"
                    "Orange, flashing | Ink cartridge empty | Replace the cartridge\n"
                    "Blue, flashing | Connecting to Wi-Fi | Wait up to 2 minutes\n"
                    "Wireless printing\nHold the Wi-Fi button for 5 seconds.")


def test_a_pdf_page_of_two_columns_is_not_read_as_a_table(tmp_path: Path) -> None:
    path = tmp_path / "columns.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    left = ["Rapat dibuka", "oleh ketua", "pukul sembilan", "di balai desa"]
    right = ["Anggaran disahkan", "tanpa catatan", "oleh peserta", "yang hadir"]
    for x, lines in ((72, left), (320, right)):  # the left column written first, then the right one
        for i, line in enumerate(lines):
            pdf.drawString(x, 780 - 18 * i, line)
    pdf.save()
    text, _ = pdf_text(path.read_bytes(), "columns.pdf")
    assert "|" not in text
    assert text.index("di balai desa") < text.index("Anggaran disahkan")


def test_pdf_rows_only_joins_lines_that_are_a_rows_cells_in_order() -> None:
    from citeqa.ingest.formats import pdf_rows

    layout = "  Paket      Harga\n  Hemat      Rp 1.500.000\n  Standard   Rp 2.500.000\n"
    assert pdf_rows("Daftar paket\nPaket\nHarga\nHemat\nRp 1.500.000\nStandard Rp 2.500.000", layout) == (
        "Daftar paket\nPaket | Harga\nHemat | Rp 1.500.000\nStandard | Rp 2.500.000")
    assert pdf_rows("Harga\nPaket\nlain", layout) == "Harga\nPaket\nlain"  # not in the layout's order
    assert pdf_rows("Paket\nHarga", "  Paket      Harga\n") == "Paket\nHarga"  # one line is no table
    # a cell the layout spaces out ("Orange,  steady") is the cell pypdf's plain text gives
    spaced = "  Light             Meaning\n  Orange,  steady   Paper jam\n"
    assert pdf_rows("Light\nMeaning\nOrange, steady\nPaper jam", spaced) == (
        "Light | Meaning\nOrange, steady | Paper jam")


def test_a_page_whose_layout_pypdf_cannot_make_keeps_its_plain_text() -> None:
    from citeqa.ingest.formats import _page_text

    class Page:  # pypdf's layout mode fails on some fonts that its plain mode reads
        def extract_text(self, extraction_mode: str = "plain") -> str:
            if extraction_mode == "layout":
                raise ZeroDivisionError("float division by zero")
            return "Light\nMeaning\nOrange, steady\nPaper jam\nBlue, flashing\nConnecting"

    assert _page_text(Page()) == "Light\nMeaning\nOrange, steady\nPaper jam\nBlue, flashing\nConnecting"


def test_a_pdf_tables_cell_answers_the_question(tmp_path: Path, embedder) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    make_table_pdf(docs / "guide.pdf")
    ingest([docs], tmp_path / "index", embedder, chunk_size=600)
    assistant = Assistant.load(load_settings(index_dir=tmp_path / "index", abstain_threshold=0.0), embedder)
    answer = assistant.ask("What should I do if the light is orange and steady?")
    assert answer.citations[0].text == "Orange, steady | Paper jam | Open the rear cover"
    assert answer.text == "Open the rear cover"


def test_docx_paragraphs_and_table_rows(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "r.docx", ["Rapat dipimpin oleh Siti Aminah.", ""],
                     [["Paket", "Harga"], ["Standard", "Rp 2.500.000"]])
    text = docx_text(path.read_bytes(), "r.docx")
    assert text == ("Laporan Rapat Koperasi\n\nRapat dipimpin oleh Siti Aminah.\n\n"
                    "Paket | Harga\nStandard | Rp 2.500.000")


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("bad.pdf", b"%PDF-1.4 not really", "not a readable PDF"),
    ("bad.docx", b"PK\x03\x04 not a zip", "not a readable DOCX"),
])
def test_broken_files_are_named_errors(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    reader = pdf_text if name.endswith(".pdf") else docx_text
    with pytest.raises(DocumentError, match=reason):
        reader(content, name)


def test_a_scan_without_text_is_named(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "scan.pdf", [[]])
    with pytest.raises(DocumentError, match="holds no text"):
        pdf_text(path.read_bytes(), "scan.pdf")


def test_a_folder_of_pdf_and_docx_is_indexed_and_answered_with_true_offsets(tmp_path: Path, embedder) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    make_pdf(docs / "bendungan.pdf", [["Bendungan Sukamaju diresmikan oleh Bupati Garut Rudy Gunawan",
                                       "pada 12 Maret 2024."], ["Bendungan itu mengairi 4.000 hektare sawah."]])
    make_docx(docs / "rapat.docx", ["Rapat anggota dipimpin oleh ketua koperasi, Siti Aminah."],
              [["Paket", "Harga"], ["Standard", "Rp 2.500.000"]])
    (docs / "anggaran.xlsx").write_bytes(b"PK\x03\x04")
    (docs / ".DS_Store").write_bytes(b"\x00\x01")
    index = tmp_path / "index"
    report = ingest([docs], index, embedder, chunk_size=600)
    assert sorted(report.added) == ["bendungan.pdf", "rapat.docx"]
    assert [(e.path, e.reason.split(" (")[0]) for e in report.skipped] == [
        ("anggaran.xlsx", "file type .xlsx is not read")]
    data = store.load(index)
    assert {d.kind for d in data.documents.values()} == {"pdf", "docx"}
    assistant = Assistant.load(load_settings(index_dir=index), embedder)
    answer = assistant.ask("Siapa yang meresmikan Bendungan Sukamaju?")
    cite = answer.citations[0]
    assert cite.source == "bendungan.pdf"
    assert data.documents[cite.source].text[cite.start:cite.end] == cite.text
    assert answer.text is not None and answer.text in cite.text
    assert cite.page == 1  # the quote is on the PDF's first page
    assert data.documents["bendungan.pdf"].page_at(data.documents["bendungan.pdf"].text.index("4.000")) == 2
    assert data.documents["rapat.docx"].page_at(0) is None  # a DOCX has no pages to give


def test_a_citation_names_the_page_a_quote_is_on(tmp_path: Path, embedder) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    make_pdf(docs / "laporan.pdf", [["Laporan tahunan Koperasi Zamrud."], [],
                                    ["Koperasi Zamrud didirikan oleh Siti Aminah pada tahun 2001."]])
    index = tmp_path / "index"
    ingest([docs], index, embedder, chunk_size=600)
    stored = store.load(index).documents["laporan.pdf"]
    assert stored.pages == ((0, 1), (stored.text.index("Koperasi Zamrud didirikan"), 3))  # page 2 is empty
    assistant = Assistant.load(load_settings(index_dir=index), embedder)
    # the passage retrieved for the question is the one on page 3; the citation says so wherever it is quoted
    cite = next(c for c in assistant.ask("Siapa yang mendirikan Koperasi Zamrud?").citations)
    assert cite.page == stored.page_at(cite.start)
    assert format_answer(Answer("q", "Siti Aminah", 0.9, (Citation("laporan.pdf", "x", 5, 9, "text", 3),), ())) \
        .splitlines()[1].endswith("— laporan.pdf, hlm. 3 [5:9]")


def test_an_html_sentence_with_inline_tags_is_cited_whole_with_entities_decoded(tmp_path: Path, embedder) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "berita.html").write_text(
        '<html><body><div class="breadcrumb">Beranda &raquo; Nasional</div><article><h1>Bendungan Sukamaju</h1>'
        "<p>Pembangunan bendungan dikerjakan oleh <b>PT Wijaya Karya</b>\n bersama "
        '<a href="/hk">PT Hutama Karya</a>.</p><p>&quot;Selesai setahun,&quot; kata Bupati Sleman.</p>'
        "<p>Bendungan itu mengairi 4.000 hektare sawah.</p></article></body></html>", encoding="utf-8")
    index = tmp_path / "index"
    ingest([docs], index, embedder, chunk_size=600)
    data = store.load(index)
    text = data.documents["berita.html"].text
    whole = "Pembangunan bendungan dikerjakan oleh PT Wijaya Karya bersama PT Hutama Karya."
    sentences = {text[s:e] for p in data.passages for s, e in p.sentences}
    assert whole in sentences and '"Selesai setahun," kata Bupati Sleman.' in sentences
    assert not any("Beranda" in s for s in sentences)
    assistant = Assistant.load(load_settings(index_dir=index), embedder)
    answer = assistant.ask("Siapa yang mengerjakan pembangunan bendungan?")
    cite = answer.citations[0]
    assert cite.text == whole and text[cite.start:cite.end] == whole
