"""Answers from table rows and "key: value" lines: the cell under the column the question names.

A cited line such as "Standard | Rp 2.500.000 | 5 kW" (a DOCX or HTML table as citeqa extracts it) or
"| Standard | Rp 2.500.000 | 5 kW |" (Markdown) is answered with the cell under the header the question asks about
("Berapa harga paket Standard?" → the "Harga" column), and "Harga: Rp 2.500.000" with its value when the question
names its key. The cell is an offset range of the document like any other answer.
"""

from __future__ import annotations

import re

from citeqa.answer.question import AnswerType
from citeqa.answer.spans import Span, candidates
from citeqa.index.analyzer import analyze, words

_SEPARATOR = re.compile(r"^[\s|:+-]*$")
_ASKING = frozenset({"what", "who", "when", "where", "which", "how", "why", "apa", "siapa", "kapan", "mana",
                     "bagaimana", "mengapa", "berapa"})
MAX_KEY_VALUE_LINE = 120  # characters: a "key: value" line is a short line of its own
# "Harga: Rp 2.500.000", "Wilayah      : Jalan …", and in Markdown "**Notulis:** Ibu Desi", "- **Tempat**: Balai Warga"
_EMPHASIS = r"(?:\*\*|__|\*|_)?"
_KEY_VALUE = re.compile(rf"^\s*(?:[-*+•]\s+)?{_EMPHASIS}(?P<key>[^:|\n()*]{{1,40}}?)\s*{_EMPHASIS}\s*:\s*{_EMPHASIS}\s*"
                        r"(?P<value>[^*_\s].*?)\s*$")


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The cells of the row ``text[start:end]`` as trimmed offset ranges ("|" separated; edge pipes dropped)."""
    cells, cursor = [], start
    for match in re.finditer(r"\|", text[start:end]):
        cells.append((cursor, start + match.start()))
        cursor = start + match.end()
    cells.append((cursor, end))
    trimmed = []
    for s, e in cells:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        trimmed.append((s, e))
    if trimmed and trimmed[0][0] == trimmed[0][1] and text[start:end].lstrip().startswith("|"):
        trimmed = trimmed[1:]
    if trimmed and trimmed[-1][0] == trimmed[-1][1] and text[start:end].rstrip().endswith("|"):
        trimmed = trimmed[:-1]
    return trimmed


def _lines_above(text: str, start: int) -> list[tuple[int, int]]:
    """The lines of the table block above ``start``, nearest first (until a line that is not a row)."""
    found = []
    end = text.rfind("\n", 0, start)
    while end >= 0:
        begin = text.rfind("\n", 0, end) + 1
        line = text[begin:end]
        if "|" not in line:
            break
        found.append((begin, end))
        end = begin - 1
    return found


def _weight(terms: dict[str, float], span: str) -> float:
    return sum(terms.get(t, 0.0) for t in set(analyze(span)))


def _header(text: str, start: int) -> tuple[int, int] | None:
    """The first row (separator lines aside) of the table block above the line at ``start``, if any."""
    above = [line for line in _lines_above(text, start) if not _SEPARATOR.match(text[line[0]:line[1]])]
    return above[-1] if above else None


def table_line(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a line of a table: a "|" row with another row just above or below it."""
    if "|" not in text[start:end]:
        return False
    if _lines_above(text, text.rfind("\n", 0, start) + 1):  # (from where the line starts)
        return True
    stop = text.find("\n", end)
    return stop >= 0 and "|" in text[stop + 1:].split("\n", 1)[0]


def labels(text: str, start: int, end: int) -> bool:
    """Whether the line ``text[start:end]`` only labels a table's rows: its header (a row with rows below it and
    none above) or a Markdown separator ("|---|---|")."""
    line = text[start:end]
    if "|" not in line:
        return False
    return bool(_SEPARATOR.match(line)) or (table_line(text, start, end) and _header(text, start) is None)


def header_of(text: str, start: int, end: int) -> str:
    """The header row of the table whose row is ``text[start:end]`` ("" when it is not a row below a header): a
    row means its header's words too ("Standard | Rp 2.500.000" is the Harga of the Standard Paket)."""
    header = _header(text, start) if "|" in text[start:end] else None
    return text[header[0]:header[1]] if header else ""


def _said(question: str, header: str) -> bool:
    """Whether a header that none of the question's terms name is in its words all the same, stopwords and all:
    "What to do" of "What should I do if the light is orange?" (two or more of the header's words, at least half,
    its question word among them: not "to" and "do" of "How do I connect the printer to Wi-Fi?")."""
    said = set(words(header))
    shared = said & set(words(question))
    return len(shared) >= 2 and 2 * len(shared) >= len(said) and bool(shared & _ASKING)


def table_cell(text: str, start: int, end: int, terms: dict[str, float], question: str = "",
               kind: AnswerType | None = None) -> Span | None:
    """The cell of the row ``text[start:end]`` under the header the question's ``terms`` (term -> weight) name
    most (or failing that, the first one the ``question`` says in its words, ``_said``; or failing that, the row's
    one cell that is wholly a span of the ``kind`` asked for: "Grace Lim" of "Update the website | Grace Lim |
    25 June" for "Who will update the website?"), or ``None`` when the line is not a table row, has no header
    above it, or no header is named."""
    if "|" not in text[start:end] or _SEPARATOR.match(text[start:end]):
        return None
    found = _header(text, start)
    if found is None:
        return None
    header = _cells(text, *found)
    row = _cells(text, start, end)
    best: tuple[float, int] | None = None
    for column, (h_start, h_end) in enumerate(header[:len(row)]):
        score = _weight(terms, text[h_start:h_end])
        cell = row[column]
        if score > 0 and cell[1] > cell[0] and _weight(terms, text[cell[0]:cell[1]]) == 0:
            if best is None or score > best[0]:
                best = (score, column)
    free = [column for column, (c_start, c_end) in enumerate(row[:len(header)])
            if c_end > c_start and _weight(terms, text[c_start:c_end]) == 0]  # cells the question does not say
    if best is None and question:
        best = next(((0.0, column) for column in free if _said(question, text[slice(*header[column])])), None)
    if best is None and kind not in (None, AnswerType.NUMBER, AnswerType.OTHER):
        # no column named: the one cell that is what a who/when/where asks for (not "Berapa …?": a price, a count
        # and a period are all numbers, "1 week | €65")
        typed = {(span.start, span.end) for span in candidates(kind, text, start, end)}
        whole = [column for column in free if row[column] in typed]
        if kind is AnswerType.DATE and whole:  # "Selasa | 10 Juni 2025": a day and a date, the longer one
            whole = [max(whole, key=lambda column: row[column][1] - row[column][0])]
        best = (0.0, whole[0]) if len(whole) == 1 else None
    if best is None:
        return None
    s, e = row[best[1]]
    return Span(s, e, text[s:e])


def key_value(text: str, start: int, end: int, terms: dict[str, float]) -> Span | None:
    """The value of a short "key: value" line (a whole line of the document) whose key the question names, else
    ``None``."""
    line = text[start:end]
    whole_line = (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end] == "\n")
    if not whole_line or len(line) > MAX_KEY_VALUE_LINE:
        return None  # "X (bahasa Arab: …) adalah …" inside prose is not a field of a form or a spec sheet
    match = _KEY_VALUE.match(line)
    if match is None or len(match.group("key").split()) > 4 or _weight(terms, match.group("key")) <= 0:
        return None
    if _weight(terms, match.group("value")) > 0.5 * _weight(terms, line):
        return None  # the question repeats the value: it is not what is asked
    s, e = start + match.start("value"), start + match.end("value")
    while e > s and text[e - 1] in ".;,":
        e -= 1
    return Span(s, e, text[s:e])


def cell_answer(text: str, start: int, end: int, terms: dict[str, float], question: str = "",
                kind: AnswerType | None = None) -> Span | None:
    """``table_cell`` or, failing that, ``key_value`` of the line ``text[start:end]``."""
    return table_cell(text, start, end, terms, question, kind) or key_value(text, start, end, terms)
