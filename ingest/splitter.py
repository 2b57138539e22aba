"""Split content regions into passages of whole sentences, each with offsets into the original text."""

from __future__ import annotations

import logging
import re

from langchain_text_splitters import RecursiveCharacterTextSplitter

from citeqa.core.models import Passage

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before whitespace.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
_TITLES = r"mr|mrs|ms|dr|drs|dra|prof|ir|tn|ny|nn|sdr|sdri|bpk|yth|jl|hj"  # before a name (and "Jl." a street's)
# An abbreviation does not end a sentence before a lowercase word ("dll. dan", "A.S. digunakan").
_ABBREVIATION = re.compile(
    rf"(?:^|[\s(])(?:(?:[A-Za-z]\.){{1,4}}|{_TITLES}|no|dll|dsb|dkk|st|jr|sr|vs|etc|e\.g|i\.e|hlm|kec|kab|ibu|h)\.$",
    re.IGNORECASE,
)
# A title or a name's initial before a capitalized word never ends a sentence: "Mr. Budi Santoso", "Ir. H. Joko
# Widodo", "John F. Kennedy" (a single capital letter; "A.S.", "dll." and the numeral "I." still may).
_TITLE = re.compile(rf"(?:^|[\s(])(?:(?i:{_TITLES})|[A-HJ-Z])\.$")
# Regex separators for langchain: paragraph, line, then sentence boundary (kept with the sentence; none after a
# title).
# No word-level separator: a sentence longer than chunk_size stays whole, in a passage of its own.
_NOT_AFTER_TITLE = "".join(rf"(?<!\b{title}\.)" for title in (
    "Mr", "Mrs", "Ms", "Dr", "dr", "Drs", "Dra", "Prof", "Ir", "Tn", "Ny", "Sdr", "Bpk", "Hj", "Jl", "[A-HJ-Z]"))
SEPARATORS = ["\n\n", "\n", rf"(?<=[.!?…][\"'”’)\]])\s+(?![a-z])|(?<=[.!?…]){_NOT_AFTER_TITLE}\s+(?![a-z])"]
# A list or heading number at the start of a line ("1.", "## 2.", "a.", "IV.") is no sentence of its own, nor part
# of the item's sentence.
_LIST_MARK = re.compile(r"\d{1,3}\.|[a-zA-Z]\.|[IVX]{1,4}\.")
_LINE_OPENING = re.compile(r"[\s#>*\-•]*")
# A line is wrapped, not ended, where it does not end a sentence and is nearly as long as the longest line around
# it (a text file or a PDF page filled to its width) or the next line goes on in lower case; a list item, a
# heading, a quote, a table row, a code fence or a field ("To: Product team") on the next line starts one of its
# own, and a table's row ("a | b", a line with " | ") neither goes on nor is gone on into. A line ending with a comma
# goes on in the next one too: a letter's "Kepala Sekolah,\nDra. Sri Lestari".
WRAPPED = 0.75
_ENDS = re.compile(r"[.!?:;…][\"'”’)\]]*$")
_ITEM = re.compile(r"(?:[-*•▪+]|\d{1,2}[.)]|[a-z][.)])\s|[#>|]|```|[*_]{0,2}[A-Z][\w/ -]{0,30}[*_]{0,2}\s*:\s")
# A heading: a paragraph of one line this short that is a markdown heading or does not end as a sentence does
# ("How long is the warranty?", "5. Travel and expenses"). It opens the passage after it, never ends one.
HEADING_CHARS = 100
_SENTENCE_END = re.compile(r"[.!…][\"'”’)\]]*$")
# Text with no sentence boundary for this many chunk sizes is cut between words after all.
OVERSIZE_FACTOR = 4
logging.getLogger("langchain_text_splitters.base").setLevel(logging.ERROR)  # oversize chunks are intended


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets within ``text[start:end]``, trimmed of surrounding whitespace.

    Lines are sentence boundaries too (headings, list items), except where a line ``wraps`` into the next (a
    comma, a paragraph filled to its width). Abbreviations such as "A.S."
    or "dr." do not end a sentence when a lowercase word follows, nor does a title or an initial before a name; a
    list item's number (with a heading's "#") is left out of its sentence.
    """
    stop = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    for line_start, line_end in _lines(text, start, stop):
        cursor = line_start
        for match in _BOUNDARY.finditer(text, line_start, line_end):
            cut = match.end()
            word_start = text.rfind(" ", cursor, match.start()) + 1 or cursor
            token = text[max(word_start, cursor) : match.start() + 1]
            nxt = text[cut:line_end].lstrip()[:1]
            if _ABBREVIATION.search(" " + token) and (not nxt or not nxt.isupper()):
                continue
            if _TITLE.search(" " + token):
                continue
            if nxt and nxt.islower():
                continue
            if _LIST_MARK.fullmatch(token) and _LINE_OPENING.fullmatch(text, line_start, max(word_start, cursor)):
                cursor = cut  # the item's text is the sentence: the number answers nothing
                continue
            spans.append((cursor, cut))
            cursor = cut
        spans.append((cursor, line_end))
    trimmed: list[tuple[int, int]] = []
    for s, e in spans:
        piece = text[s:e]
        lead = len(piece) - len(piece.lstrip())
        tail = len(piece) - len(piece.rstrip())
        if e - tail > s + lead:
            trimmed.append((s + lead, e - tail))
    return trimmed


def wraps(before: str, after: str, longest: int, comma: bool = True) -> bool:
    """Whether the line ``before`` goes on in the line ``after`` (see ``WRAPPED``), among lines at most ``longest``
    characters long; ``comma``: a line ending with a comma always does."""
    before, after = before.strip(), after.strip()
    if not before or not after or _ITEM.match(after) or before.startswith(("#", "|")) or " | " in before \
            or " | " in after:
        return False
    if comma and before.endswith(","):
        return True
    return not _ENDS.search(before) and ((longest >= 40 and len(before) >= WRAPPED * longest) or after[:1].islower())


def _lines(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    """The lines of ``text[start:stop]`` (their non-empty ones' offsets), a line that ``wraps`` joined with the next:
    "kerja bakti pada Sabtu, 22 Maret\n2025, pukul 07.00." of a text file filled to 80 columns is one sentence."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text[start:stop])]
    longest = max((len(text[start + s:start + e].strip()) for s, e in lines), default=0)
    units: list[tuple[int, int]] = []
    joined = False
    for i, (s, e) in enumerate(lines):
        if joined:
            units[-1] = (units[-1][0], start + e)
        else:
            units.append((start + s, start + e))
        following = lines[i + 1] if i + 1 < len(lines) else None
        joined = following is not None and following[0] == e + 1 \
            and wraps(text[start + s:start + e], text[start + following[0]:start + following[1]], longest)
    return units


def make_splitter(chunk_size: int, separators: list[str] | None = None) -> RecursiveCharacterTextSplitter:
    """The langchain splitter citeqa uses: paragraphs, then lines, then sentence boundaries."""
    return RecursiveCharacterTextSplitter(
        chunk_size=chunk_size,
        chunk_overlap=0,
        separators=separators or SEPARATORS,
        is_separator_regex=True,
        keep_separator="end",  # merged with "", so chunks stay exact slices of the source
        strip_whitespace=True,
        add_start_index=True,
    )


def split_region(
    text: str, source: str, region: tuple[int, int], chunk_size: int,
    splitter: RecursiveCharacterTextSplitter, fallback: RecursiveCharacterTextSplitter,
) -> list[Passage]:
    """Split one content region of ``text`` into passages whose text is ``text[start:end]``.

    ``fallback`` (which may cut between words) re-splits a chunk over ``OVERSIZE_FACTOR * chunk_size``.
    """
    r_start, r_end = region
    region_text = text[r_start:r_end]
    passages: list[Passage] = []
    cursor = 0
    chunks: list[str] = []
    for chunk in splitter.split_text(region_text):
        if len(chunk) > OVERSIZE_FACTOR * chunk_size:
            chunks.extend(fallback.split_text(chunk))
        else:
            chunks.append(chunk)
    for raw in chunks:
        chunk = raw.strip()
        if not chunk:
            continue
        local = region_text.find(chunk, cursor)
        if local < 0:  # the splitter changed the text; never cite what the source does not hold
            raise ValueError(f"splitter produced text not found in {source!r} at or after {r_start + cursor}")
        start = r_start + local
        end = start + len(chunk)
        cursor = local + len(chunk)
        passages.append(_passage(text, source, start, end))
    return _headings_forward(text, passages)


def is_heading(line: str) -> bool:
    """Whether ``line`` (one paragraph) reads as a heading: short, one line, and a markdown heading or not ended
    as a sentence is."""
    line = line.strip()
    return bool(line) and "\n" not in line and len(line) <= HEADING_CHARS \
        and (line.startswith("#") or not _SENTENCE_END.search(line))


def _headings_forward(text: str, passages: list[Passage]) -> list[Passage]:
    """Move a heading that ends a passage, or is one, to the start of the next passage, where the text it heads is:
    an FAQ's "How long is the warranty?" with its answer, a section's title with its table."""
    out: list[Passage] = []
    carried: int | None = None  # where the next passage starts instead: a heading moved forward
    for i, here in enumerate(passages):
        start = here.start if carried is None else carried
        carried = None
        if i + 1 < len(passages):
            cut = text.rfind("\n\n", start, here.end)
            head = start if cut < 0 else cut
            if is_heading(text[head:here.end]):
                carried = head + len(text[head:here.end]) - len(text[head:here.end].lstrip())
                if cut < 0:  # the passage is the heading alone
                    continue
                out.append(_passage(text, here.source, start, start + len(text[start:cut].rstrip())))
                continue
        out.append(here if start == here.start else _passage(text, here.source, start, here.end))
    return out


def _passage(text: str, source: str, start: int, end: int) -> Passage:
    return Passage(source=source, start=start, end=end, text=text[start:end],
                   sentences=tuple(sentence_spans(text, start, end)))


def split_document(text: str, source: str, regions: list[tuple[int, int]], chunk_size: int) -> list[Passage]:
    """Split every content region of a document into passages, in document order."""
    splitter = make_splitter(chunk_size)
    fallback = make_splitter(chunk_size, SEPARATORS + [" ", ""])
    passages: list[Passage] = []
    for region in regions:
        passages.extend(split_region(text, source, region, chunk_size, splitter, fallback))
    return passages
