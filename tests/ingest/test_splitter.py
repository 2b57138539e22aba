from __future__ import annotations

from html import escape

from hypothesis import given, settings
from hypothesis import strategies as st

from citeqa.ingest.cleaning import content_regions
from citeqa.ingest.formats import html_text
from citeqa.ingest.splitter import sentence_spans, split_document

_pieces = st.sampled_from([
    "Kim Jong Un bertemu Putin.", " ", "\n", "\n\n", "\r\n", "\r\n\r\n", "A.S. dan P.B.B. setuju! ",
    "Apa? ", "“kutipan,” katanya. ", "ünïcödé ✓ 日本語。", "\t", "Dr. Budi datang. ", "2023", "...",
    "Artikel Terkait\n", "Back to top button", "x" * 300, "kalimat panjang tanpa titik " * 20,
])
texts = st.one_of(st.text(max_size=2000), st.lists(_pieces, max_size=60).map("".join))


@settings(max_examples=200, deadline=None)
@given(texts, st.sampled_from([100, 250, 600]))
def test_passages_are_exact_slices_of_the_source(text: str, chunk_size: int) -> None:
    passages = split_document(text, "doc.txt", content_regions(text), chunk_size)
    for p in passages:
        assert p.text == text[p.start:p.end]
        assert p.text.strip() == p.text and p.text
        for s, e in p.sentences:
            assert p.start <= s < e <= p.end
            assert text[s:e].strip() == text[s:e]
    starts = [p.start for p in passages]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(passages, passages[1:], strict=False))


@settings(max_examples=100, deadline=None)
@given(texts)
def test_html_text_and_its_regions(text: str) -> None:
    html = f"<html><body><p>{escape(text)}</p><script>var x = 1;</script></body></html>"
    extracted = html_text(html)
    assert "var x" not in extracted and "<p>" not in extracted
    for start, end in content_regions(extracted, "html"):
        assert 0 <= start < end <= len(extracted)
        assert extracted[start:end].strip() == extracted[start:end]


def test_sentences_do_not_break_at_abbreviations() -> None:
    text = "Pejabat A.S. digunakan Pyongyang. Larangan P.B.B. terkait perdagangan. Kalimat ketiga!"
    got = [text[s:e] for s, e in sentence_spans(text)]
    assert got == ["Pejabat A.S. digunakan Pyongyang.", "Larangan P.B.B. terkait perdagangan.", "Kalimat ketiga!"]


def test_sentences_do_not_break_after_a_title_or_an_initial() -> None:
    text = ("The board was chaired by its treasurer, Mr. Budi Santoso, after June. Hadir pula Ir. H. Joko Widodo. "
            "John F. Kennedy was shot. Ia lahir di A.S. Kemudian ia pindah. Raja itu Nikola I. Ia menulis puisi.")
    got = [text[s:e] for s, e in sentence_spans(text)]
    assert got == ["The board was chaired by its treasurer, Mr. Budi Santoso, after June.",
                   "Hadir pula Ir. H. Joko Widodo.", "John F. Kennedy was shot.", "Ia lahir di A.S.",
                   "Kemudian ia pindah.", "Raja itu Nikola I.", "Ia menulis puisi."]
    # nor does a passage end there, however small the chunks
    passages = split_document(text, "a.txt", [(0, len(text))], 30)
    assert not any(text[p.start:p.end].endswith(("Mr.", " H.", " F.")) for p in passages)
    assert any(text[p.start:p.end].endswith("Nikola I.") for p in passages)


def test_passages_do_not_cut_sentences(article_text: str) -> None:
    whole = sentence_spans(article_text)
    starts, ends = {s for s, _ in whole}, {e for _, e in whole}
    passages = split_document(article_text, "a.txt", content_regions(article_text), 300)
    assert len(passages) > 10
    for p in passages:
        assert p.start in starts and p.end in ends, p.text[-40:]


def test_crlf_offsets_are_kept() -> None:
    text = "Judul\r\n\r\nKalimat pertama. Kalimat kedua.\r\nBaris lain."
    passages = split_document(text, "crlf.txt", content_regions(text), 600)
    assert passages and all(p.text == text[p.start:p.end] for p in passages)


def test_a_list_items_number_is_no_sentence_nor_part_of_one() -> None:
    text = "## 1. Working hours\n\n1. The board approved a budget.\n  b. The fee will rise.\nSee section 2. The end."
    got = [text[s:e] for s, e in sentence_spans(text)]
    assert got == ["Working hours", "The board approved a budget.", "The fee will rise.", "See section 2.",
                   "The end."]


def test_a_heading_opens_the_passage_of_the_text_it_heads() -> None:
    answers = ["Check that the door is fully closed and that the child lock is off.",
               "Clean the drain filter once a month, behind the small flap at the bottom of the front panel.",
               "The motor is covered for 10 years and all other parts for 2 years from the date of purchase."]
    headings = ["Why does the machine not start?", "How often should I clean the filter?", "## 3. Warranty"]
    text = "\n\n".join(f"{h}\n\n{a}" for h, a in zip(headings, answers, strict=True))
    passages = split_document(text, "faq.txt", [(0, len(text))], 120)
    assert [p.text for p in passages] == [f"{h}\n\n{a}" for h, a in zip(headings, answers, strict=True)]
    # a short line that ends as a sentence does is no heading, and the document's last heading stays where it is
    text = "A first paragraph, long enough to fill its passage.\n\nA line.\n\nA second paragraph, as long as it.\n\nEnd"
    assert [p.text for p in split_document(text, "a.txt", [(0, len(text))], 70)] == [
        "A first paragraph, long enough to fill its passage.\n\nA line.", "A second paragraph, as long as it.\n\nEnd"]


def test_a_line_ending_with_a_comma_goes_on_in_the_next() -> None:
    text = "Sukamaju, 22 September 2025\nKepala Sekolah,\nDra. Sri Lestari, M.Pd.\n\nSalam,\n\nPanitia"
    got = [text[s:e] for s, e in sentence_spans(text)]
    assert got == ["Sukamaju, 22 September 2025", "Kepala Sekolah,\nDra. Sri Lestari, M.Pd.", "Salam,", "Panitia"]


def test_a_line_a_text_file_wrapped_goes_on_in_the_next() -> None:
    text = ("Saluran air di Gang Melati sering tersumbat. Warga sepakat melakukan kerja bakti pada Sabtu, 22\n"
            "Maret 2025, pukul 07.00. Biaya pembelian semen dan pasir sebesar Rp 2.500.000 diambil dari kas RT dan\n"
            "disetujui.\n"
            "**Tempat:** Balai Warga RT 05\n"
            "**Notulis:** Ibu Desi Kartika\n"
            "From: Marta Kowalski, Head of Product Operations <marta.kowalski@brightline.example.org>\n"
            "To: Product team\n"
            "A last line long enough to be filled to the width of the file, but a list follows it\n"
            "- the first item\n"
            "| a table row that is as long as the longest line of the file, wrapped or not |\n"
            "| its next row |")
    got = [text[s:e] for s, e in sentence_spans(text)]
    assert got == ["Saluran air di Gang Melati sering tersumbat.",
                   "Warga sepakat melakukan kerja bakti pada Sabtu, 22\nMaret 2025, pukul 07.00.",
                   "Biaya pembelian semen dan pasir sebesar Rp 2.500.000 diambil dari kas RT dan\ndisetujui.",
                   "**Tempat:** Balai Warga RT 05", "**Notulis:** Ibu Desi Kartika",
                   "From: Marta Kowalski, Head of Product Operations <marta.kowalski@brightline.example.org>",
                   "To: Product team",
                   "A last line long enough to be filled to the width of the file, but a list follows it",
                   "- the first item",
                   "| a table row that is as long as the longest line of the file, wrapped or not |",
                   "| its next row |"]


def test_a_table_row_without_edge_pipes_neither_goes_on_nor_is_gone_on_into() -> None:
    # a DOCX's or a PDF's table as citeqa extracts it: rows of cells joined by " | ", a row filled to the width
    text = ("Jenis cuti | Lama | Syarat pengajuan yang harus dipenuhi oleh pegawai\n"
            "cuti sakit | sesuai surat dokter | surat dokter\n"
            "Lama cuti tahunan bagi pegawai tetap yang sudah bekerja satu tahun adalah\n"
            "dua belas hari | dibayar | tanpa syarat")
    got = [text[s:e] for s, e in sentence_spans(text)]
    assert got == text.split("\n")
