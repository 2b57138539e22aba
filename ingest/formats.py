"""Text out of PDF (pypdf) and DOCX (python-docx) files.

The text extracted is the document's text: passages and citations are offsets into it, and ``citeqa`` stores it,
so an answer from a PDF quotes exactly what was extracted. Pages and paragraphs are separated by blank lines (so
they never run together into one sentence); a DOCX table becomes one line per row, its cells joined by " | ".
"""

from __future__ import annotations

import io
import logging
import re
import zipfile

from citeqa.core.errors import DocumentError

logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed-but-readable PDFs warn on every page
_SPACES = re.compile(r"[ \t\u00a0]+")


def _tidy(text: str) -> str:
    """Runs of spaces as one, no trailing spaces, at most one blank line in a row."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def pdf_text(raw: bytes, source: str) -> str:
    """The text of every page of a PDF, pages separated by a blank line. ``DocumentError`` when the file is
    not a readable PDF, is encrypted, or holds no text (a scan without a text layer)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            raise DocumentError(source, "the PDF is encrypted")
        pages = [_tidy(page.extract_text() or "") for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DocumentError(source, f"not a readable PDF ({type(exc).__name__}: {exc})") from exc
    text = "\n\n".join(p for p in pages if p)
    if not text:
        raise DocumentError(source, "the PDF holds no text (a scanned image? citeqa does not read images)")
    return text


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
