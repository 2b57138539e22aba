"""Text out of HTML (the standard library's parser), PDF (pypdf) and DOCX (python-docx) files.

The text extracted is the document's text: passages and citations are offsets into it, and ``citeqa`` stores it,
so an answer quotes exactly what was extracted. Pages, paragraphs and block elements are separated by blank lines
(so they never run together into one sentence), and a PDF line that its layout wrapped goes on after a space;
inline markup (``<b>``, ``<a>``…) joins its text to the sentence around it; entities are decoded; a table becomes
one line per row, its cells joined by " | " (in a PDF, where its layout shows rows of aligned columns, see
``pdf_rows``).
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from html.parser import HTMLParser
from typing import Any

from citeqa.core.errors import DocumentError
from citeqa.ingest.splitter import wraps

log = logging.getLogger(__name__)
logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed-but-readable PDFs warn on every page
_SPACES = re.compile(r"[ \t\u00a0]+")


def _tidy_line(line: str) -> str:
    """A line with its runs of spaces as one and none at its ends."""
    return _SPACES.sub(" ", line).strip()


def _tidy(text: str) -> str:
    """Runs of spaces as one, no trailing spaces, at most one blank line in a row."""
    lines = [_tidy_line(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def unwrap(page: str) -> str:
    """A PDF page's text with the line breaks its layout made inside a paragraph read as spaces: "must inform the
    office by 31\nMarch 2025." is one sentence (a line break ends one, ``ingest.splitter.sentence_spans``)."""
    lines = page.split("\n")
    longest = max(len(line) for line in lines)
    out = lines[0]
    for before, line in zip(lines, lines[1:], strict=False):
        out += (" " if wraps(before, line, longest, comma=False) else "\n") + line
    return out


# A PDF table: lines of its layout (pypdf's layout mode) with two or more cells apart by this many spaces, at
# least two such lines in a row, each with as many cells as the first and its cells under the first's.
_CELL = re.compile(r"\S+(?: {1,2}\S+)*")
CELL_GAP = 3
_SHORT_LINES = re.compile(r"(?:^[^\n.!?]{1,60}\n){4}", re.MULTILINE)  # where pypdf's plain text may hold a table


def _layout_rows(layout: str) -> list[list[str]]:
    """The rows of the tables on a page's layout text, each as its cells' texts."""
    rows: list[list[str]] = []
    block: list[list[tuple[int, int, str]]] = []

    def close() -> None:
        if len(block) >= 2:
            rows.extend([_tidy_line(cell) for _, _, cell in row] for row in block)  # as ``_tidy`` has the plain text
        block.clear()

    for line in layout.split("\n"):
        cells = [(m.start(), m.end(), m.group()) for m in _CELL.finditer(line)]
        apart = all(b[0] - a[1] >= CELL_GAP for a, b in zip(cells, cells[1:], strict=False))
        if len(cells) < 2 or not apart:
            close()
            continue
        under = block and len(cells) == len(block[0]) and all(
            min(e, e0) > max(s, s0) or abs(s - s0) <= 2 for (s, e, _), (s0, e0, _) in zip(cells, block[0], strict=True))
        if block and not under:
            close()
        block.append(cells)
    close()
    return rows


def pdf_rows(plain: str, layout: str) -> str:
    """``plain`` (a page's text, a line per text run) with each table row that ``layout`` (the same page in
    pypdf's layout mode) shows as one line: its cells, one per line or on one line, joined by " | "
    ("Orange, steady\nPaper jam\nOpen the rear cover" → "Orange, steady | Paper jam | Open the rear cover").
    Lines that do not read as a row's cells in order stay as they were (a page of two columns)."""
    lines = plain.split("\n")
    cursor = 0
    for cells in _layout_rows(layout):
        for i in range(cursor, len(lines)):
            if lines[i:i + len(cells)] == cells:  # a line per cell
                lines[i:i + len(cells)] = [" | ".join(cells)]
            elif lines[i] == " ".join(cells):  # the row on one line already
                lines[i] = " | ".join(cells)
            else:
                continue
            cursor = i + 1
            break
    return "\n".join(lines)


def _page_text(page: Any) -> str:
    """One PDF page's text: tidied, a table's rows as rows (``pdf_rows``), wrapped lines unwrapped."""
    plain = _tidy(page.extract_text() or "")
    if _SHORT_LINES.search(plain + "\n"):
        try:
            layout = page.extract_text(extraction_mode="layout") or ""
        except (ValueError, KeyError, TypeError, IndexError, ZeroDivisionError, AttributeError) as exc:
            # pypdf's layout mode fails on fonts its plain mode reads: the page keeps its text, rows one cell a line
            log.debug("no layout of a PDF page (%s: %s)", type(exc).__name__, exc)
            layout = ""
        plain = pdf_rows(plain, layout)
    return unwrap(plain)


def pdf_text(raw: bytes, source: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The text of every page of a PDF, pages separated by a blank line, and where each page with text starts:
    (offset in the text, page number from 1). ``DocumentError`` when the file is not a readable PDF, is
    encrypted, or holds no text (a scan without a text layer)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            raise DocumentError(source, "the PDF is encrypted")
        pages = [_page_text(page) for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DocumentError(source, f"not a readable PDF ({type(exc).__name__}: {exc})") from exc
    text, starts = "", []
    for number, page in enumerate(pages, start=1):
        if page:
            text += "\n\n" if text else ""
            starts.append((len(text), number))
            text += page
    if not text:
        raise DocumentError(source, "the PDF holds no text (a scanned image? citeqa does not read images)")
    return text, tuple(starts)


def docx_text(raw: bytes, source: str) -> str:
    """The paragraphs and table rows of a DOCX in document order, separated by blank lines. ``DocumentError``
    when the file is not a readable DOCX or holds no text."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(raw))
        blocks: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                blocks.append(_tidy(block.text))
            elif isinstance(block, Table):
                rows = [" | ".join(_tidy(cell.text) for cell in row.cells) for row in block.rows]
                blocks.append("\n".join(r for r in rows if r.strip(" |")))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(source, f"not a readable DOCX ({type(exc).__name__}: {exc})") from exc
    text = "\n\n".join(b for b in blocks if b)
    if not text:
        raise DocumentError(source, "the DOCX holds no text")
    return text


_SKIP = frozenset({"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "head", "template",
                   "svg", "button", "select"})
_BLOCKS = frozenset({"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
                     "dl", "dt", "dd", "blockquote", "pre", "table", "figure", "figcaption", "address",
                     "details", "summary", "hr", "body", "caption"})
_CELLS = frozenset({"td", "th"})
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track",
                   "wbr"})


class _HTMLText(HTMLParser):
    """Collects an HTML page's readable text: blocks as paragraphs, inline markup joined, entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.preformatted = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += tag not in _VOID
        elif tag in ("br", "tr"):
            self.parts.append("\n")  # a table's rows stay lines of one block
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
            self.preformatted += tag == "pre"
        elif tag in _CELLS:
            self.parts.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
            self.preformatted -= tag == "pre" and self.preformatted > 0

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data if self.preformatted else re.sub(r"\s+", " ", data))


def html_text(raw: str) -> str:
    """The readable text of an HTML page (see the module docstring); empty when it has none."""
    parser = _HTMLText()
    parser.feed(raw)
    parser.close()
    blocks = re.split(r"\n\s*\n", "".join(parser.parts))
    lines = []
    for block in blocks:
        rows = [row.strip().strip("|").strip() for row in block.split("\n")]
        kept = "\n".join(_SPACES.sub(" ", row) for row in rows if row)
        if kept:
            lines.append(kept)
    return "\n\n".join(lines)
