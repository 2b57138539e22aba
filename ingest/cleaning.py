"""Find the article content of a document as regions of the original text.

Nothing is rewritten: cleaning returns (start, end) regions to keep, so passage offsets still point into
the original file. Page furniture (breadcrumbs, "related articles", comment forms, "back to top") and,
for HTML, markup are left out.
"""

from __future__ import annotations

import re

# A line that is furniture on its own.
_FURNITURE_LINE = re.compile(
    r"^\s*(?:artikel terkait|baca juga\b.*|related (?:posts?|articles?)|back to top(?: button)?|"
    r"share(?: this)?|bagikan(?: artikel)?|tags?:.*|video diambil dari\b.*|"
    r"ikuti kami\b.*|follow us\b.*|advertisement|iklan)\s*$",
    re.IGNORECASE,
)
# A line from which everything to the end is furniture (comment forms, footers).
_TAIL_START = re.compile(
    r"^\s*(?:tinggalkan balasan|leave a (?:reply|comment)|tinggalkan komentar|"
    r"alamat email anda tidak akan dipublikasikan|your email address will not be published)",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?:;\"”’)]\s*$")
_BREADCRUMB_HINT = re.compile(r"\s[/>»|]\s|[a-z][A-Z]")


def _is_breadcrumb(line: str) -> bool:
    """A short line of category names run together or separated by '/', '>' or '»'."""
    stripped = line.strip()
    if not stripped or _SENTENCE_END.search(stripped):
        return False
    return len(stripped.split()) <= 15 and bool(_BREADCRUMB_HINT.search(stripped))


def _text_regions(text: str) -> list[tuple[int, int]]:
    regions: list[tuple[int, int]] = []
    offset = 0
    seen_content = False
    for line in text.splitlines(keepends=True):
        start, end = offset, offset + len(line)
        offset = end
        body = line.strip()
        if not body:
            continue
        if _TAIL_START.match(body):
            break
        if _FURNITURE_LINE.match(body) or (not seen_content and _is_breadcrumb(body)):
            continue
        seen_content = True
        content_start = start + (len(line) - len(line.lstrip()))
        content_end = start + len(line.rstrip())
        regions.append((content_start, content_end))
    return _merge_paragraphs(text, regions)


def _merge_paragraphs(text: str, regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join neighbouring kept lines separated only by whitespace into one region."""
    merged: list[tuple[int, int]] = []
    for start, end in regions:
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def content_regions(text: str, kind: str = "text") -> list[tuple[int, int]]:
    """Return the (start, end) regions of ``text`` that hold article content, in order.

    ``kind`` is the document's kind ("text", "markdown", "html", "pdf", "docx"); every kind is plain text by now
    (``citeqa.ingest.formats`` extracts it), so the same line rules apply. Every region satisfies
    ``0 <= start < end <= len(text)``.
    """
    del kind  # the extracted text of every kind is cleaned the same way
    return [(start, end) for start, end in _text_regions(text) if end > start]
