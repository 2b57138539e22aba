"""Find the article content of a document as regions of the original text.

Nothing is rewritten: cleaning returns (start, end) regions to keep, so passage offsets still point into
the original file. Page furniture (breadcrumbs, "related articles", comment forms, "back to top") and,
for HTML, markup are left out.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

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

_HTML_SKIP = frozenset({"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "head"})


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


class _HTMLRegions(HTMLParser):
    """Collects the offsets of text nodes outside script/style/navigation elements."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self._line_starts = [0]
        for match in re.finditer("\n", text):
            self._line_starts.append(match.end())
        self._skip_depth = 0
        self.regions: list[tuple[int, int]] = []

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HTML_SKIP:
            self._skip_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _HTML_SKIP and self._skip_depth:
            self._skip_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._skip_depth or not data.strip():
            return
        start = self._offset()
        lead = len(data) - len(data.lstrip())
        self.regions.append((start + lead, start + len(data.rstrip())))


def _html_regions(text: str) -> list[tuple[int, int]]:
    parser = _HTMLRegions(text)
    parser.feed(text)
    parser.close()
    nodes: list[tuple[int, int]] = []
    for start, end in parser.regions:  # rejoin text that character references split ("a &amp; b")
        if nodes and "<" not in text[nodes[-1][1]:start]:
            nodes[-1] = (nodes[-1][0], end)
        else:
            nodes.append((start, end))
    kept: list[tuple[int, int]] = []
    for start, end in nodes:
        # Apply the line rules inside each text node.
        for sub_start, sub_end in _text_regions(text[start:end]):
            kept.append((start + sub_start, start + sub_end))
    return kept


def content_regions(text: str, kind: str = "text") -> list[tuple[int, int]]:
    """Return the (start, end) regions of ``text`` that hold article content, in order.

    ``kind`` is "text", "markdown" or "html". Every region satisfies ``0 <= start < end <= len(text)``.
    """
    regions = _html_regions(text) if kind == "html" else _text_regions(text)
    return [(start, end) for start, end in regions if end > start]
