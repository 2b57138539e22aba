"""Candidate answer spans of a given type inside a sentence (character offsets into the source)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from citeqa.answer.question import AnswerType
from citeqa.index.analyzer import is_stopword

_MONTHS = (
    r"(?:Januari|Februari|Pebruari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Nopember|"
    r"Desember|January|February|March|May|June|July|August|October|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Agu|Agt|Aug|Sep|Sept|Okt|Oct|Nov|Des|Dec)\.?"
)
_MONTH = re.compile(_MONTHS, re.IGNORECASE)
# the weekdays, Indonesian and English
DAYS = r"(?:Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu|Monday|Tuesday|Wednesday|Thursday|Friday|" \
        r"Saturday|Sunday)"
_NUMBER_WORDS = (
    r"(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|seratus|seribu|sejuta|"
    r"puluhan|ratusan|ribuan|jutaan|belasan|beberapa|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|hundred|thousand|million)"
)
_DAY = re.compile(DAYS, re.IGNORECASE)
_ISO_DATE = re.compile(r"\b(?:1[5-9]\d\d|20\d\d)-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b")  # "2025-06-02"
_DATE_PATTERNS = [
    # "Senin, 3 Maret 2025", "23–24 Agustus 2025", "9 sampai 12 Juni 2025" (a range of days)
    re.compile(rf"\b(?:{DAYS},?\s+)?(?:\d{{1,2}}(?:\s?[–-]\s?\d{{1,2}}|\s+(?:sampai|hingga|s\.d\.|s/d|to|until)\s+"
               rf"\d{{1,2}})?\s+)?{_MONTHS}(?:\s+\d{{4}})?\b(?:\s+lalu)?", re.IGNORECASE),
    re.compile(r"\b(?:(?:awal|akhir|pertengahan|early|late|mid)\s+)?(?:tahun\s+)?"
               r"(?:1[5-9]\d\d|20\d\d)(?:\s*-\s*an|an|s)?\b", re.IGNORECASE),
    re.compile(rf"\b(?:\d+|{_NUMBER_WORDS})\s+(?:hari|minggu|pekan|bulan|tahun|abad|days?|weeks?|months?|"
               r"years?)\s+(?:kemudian|lalu|sebelumnya|setelahnya|later|ago|earlier)\b", re.IGNORECASE),
    # a time from now: "dalam dua hari", "within 24 hours"
    re.compile(rf"\b(?:dalam|within)\s+(?:waktu\s+)?(?:\d+|{_NUMBER_WORDS})\s+(?:jam|hari|minggu|pekan|bulan|tahun|"
               r"hours?|days?|weeks?|months?|years?)\b", re.IGNORECASE),
    re.compile(rf"\b{DAYS}\b(?:\s*\(\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?\))?", re.IGNORECASE),
    re.compile(r"\b\d{1,2}[/-]\d{1,2}[/-]\d{2,4}\b"),
    _ISO_DATE,
    re.compile(r"(?<![\d/])\b(?:[12]?\d|3[01])/(?:0?[1-9]|1[0-2])\b(?![/\d])"),  # day/month: "( 21/8 )"
    # a year before 1500 said as one ("pada tahun 493", "1450 SM", "in 929 AD"), and centuries ("abad ke-17")
    re.compile(r"\btahun\s+\d{1,4}(?:\s+(?:SM|M|Masehi))?\b(?![.,]\d)"),
    re.compile(r"\b\d{1,4}\s*(?:SM|BC|BCE|AD|CE|Masehi)\b"),
    re.compile(r"\b(?:abad\s+(?:ke-?\s?\d{1,2}|[IVX]+)|\d{1,2}(?:st|nd|rd|th)\s+century)\b", re.IGNORECASE),
]
_NUMBER = re.compile(
    rf"\b(?:(?:Rp\.?|US\$|\$)\s?)?(?:\d+(?:[.,]\d+)*|{_NUMBER_WORDS})(?:\s+(?:ribu|juta|miliar|triliun|"
    r"thousand|million|billion))?(?:\s?(?:%|persen|percent))?(?:\s+[a-z][a-z-]{1,20})?",
    re.IGNORECASE,
)
_CAP_WORD = r"(?:[A-Z][\w'’.-]*|\d+[A-Za-z]*)"
NAME_PARTICLE = r"(?:bin|binti|van|von|de|der|al|el)"  # a word between a name's capitalized words
_CONNECT = rf"(?:\s+(?:{NAME_PARTICLE}|of|for|the|and)\s+|\s+|-)"
_PROPER = re.compile(rf"(?<![\w-])[A-Z][\w'’.-]*(?:{_CONNECT}{_CAP_WORD})*")
# the typed candidates of this many (type, text, sentence) triples are remembered between questions (``candidates``):
# a sentence's candidates are a few spans (the texts are kept as keys: 4096 bounds what a shared store's documents hold)
CANDIDATE_CACHE = 4096
_PLACE_PREPOSITIONS = frozenset({"di", "ke", "dari", "in", "at", "to", "from", "wilayah", "kota", "negara",
                                 "pulau", "provinsi"})


@dataclass(frozen=True)
class Span:
    """A candidate answer: ``text == source[start:end]``."""

    start: int
    end: int
    text: str


def _spans(pattern: re.Pattern[str], text: str, start: int, end: int) -> list[Span]:
    return [Span(m.start(), m.end(), m.group(0)) for m in pattern.finditer(text, start, end)
            if m.group(0).strip()]


_EDGE_WORDS = frozenset({"of", "for", "the", "and", "bin", "van", "de", "al"})


def _trim(text: str, span: Span) -> Span | None:
    """Drop edge punctuation, trailing connectors and lowercase stopwords, and leading stopwords."""
    tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", text[span.start:span.end])]
    tokens = [(span.start + s, span.start + e) for s, e in tokens]

    def word(tok: tuple[int, int]) -> str:
        return text[tok[0]:tok[1]].strip(".,;:'’\"”()-")

    while len(tokens) > 1 and (word(tokens[-1]).lower() in _EDGE_WORDS
                               or (word(tokens[-1]).islower() and is_stopword(word(tokens[-1])))):
        tokens.pop()
    while len(tokens) > 1 and is_stopword(word(tokens[0])):
        tokens.pop(0)
    if not tokens:
        return None
    s, e = tokens[0][0], tokens[-1][1]
    while e > s and text[e - 1] in ".,;:'’\"”)-":
        if text[e - 1] == "." and re.search(r"(?:^|[^A-Za-z])(?:[A-Z]\.){2,}$", text[s:e]):
            break  # keep the final dot of an initialism such as "P.B.B."
        e -= 1
    while s < e and text[s] in "\"“‘'(":
        s += 1
    return Span(s, e, text[s:e]) if e > s else None


def proper_names(text: str, start: int, end: int, document: str) -> list[Span]:
    """Runs of capitalised words in ``text[start:end]``.

    A sentence-initial word that the document also writes in lower case is not taken as a name.
    """
    found = []
    for span in _spans(_PROPER, text, start, end):
        first = span.text.split()[0] if span.text.split() else ""
        if span.start == start and first and f" {first.lower()} " in document and first.lower() != first:
            rest = span.text[len(first):]
            if not rest.strip():
                continue
            skip = len(first) + (len(rest) - len(rest.lstrip()))
            span = Span(span.start + skip, span.end, span.text[skip:])
        if is_stopword(span.text.split()[0]) and len(span.text.split()) == 1:
            continue
        trimmed = _trim(text, span)
        if trimmed:
            found.append(trimmed)
    return found


def candidates(kind: AnswerType, text: str, start: int, end: int, document: str | None = None) -> list[Span]:
    """Candidate spans of type ``kind`` inside ``text[start:end]``; empty for ``AnswerType.OTHER``.

    ``document`` (default ``text``) decides whether a sentence's first capitalised word is a name. The spans of a
    text that is its own document are remembered (``_remembered``): the extractor, the reranker and the reader ask
    for the same sentences' candidates for every question."""
    if document is None or document is text:
        return list(_remembered(kind, text, start, end))
    return _candidates(kind, text, start, end, document)


@lru_cache(maxsize=CANDIDATE_CACHE)
def _remembered(kind: AnswerType, text: str, start: int, end: int) -> tuple[Span, ...]:
    return tuple(_candidates(kind, text, start, end, text))


def _candidates(kind: AnswerType, text: str, start: int, end: int, doc: str) -> list[Span]:
    if kind is AnswerType.DATE:
        spans = [s for p in _DATE_PATTERNS for s in _spans(p, text, start, end)]
    elif kind is AnswerType.NUMBER:
        spans = [s for s in (_trim(text, sp) for sp in _spans(_NUMBER, text, start, end)) if s]
        spans = [s for s in spans if not re.fullmatch(r"(?:19|20)\d\d", s.text)]
    elif kind in {AnswerType.PERSON, AnswerType.ORGANIZATION, AnswerType.NAME}:
        spans = _not_dates(text, proper_names(text, start, end, doc))
    elif kind is AnswerType.PLACE:
        spans = _not_dates(text, proper_names(text, start, end, doc))
        spans.sort(key=lambda s: _preceded_by_place_word(text, s.start), reverse=True)
    else:
        spans = []
    return _dedupe(spans)


def _not_dates(text: str, spans: list[Span]) -> list[Span]:
    return [s for s in spans if not any(p.fullmatch(s.text) for p in _DATE_PATTERNS)]


def _preceded_by_place_word(text: str, start: int) -> bool:
    before = text[max(0, start - 12):start].split()
    return bool(before) and before[-1].lower() in _PLACE_PREPOSITIONS


def _dedupe(spans: list[Span]) -> list[Span]:
    """Keep the longest of overlapping spans."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def place_bonus(text: str, span: Span) -> float:
    """1.0 when a place preposition ("di", "ke", "in") precedes the span."""
    return 1.0 if _preceded_by_place_word(text, span.start) else 0.0


_LIST_GLUE = re.compile(r"^(?:\s*,\s*(?:dan\s+|and\s+|serta\s+)?|\s+(?:dan|and|serta)\s+)$")


def expand_list(text: str, chosen: Span, spans: list[Span]) -> Span:
    """Grow ``chosen`` over neighbours joined to it by commas or "dan"/"and" (an enumeration)."""
    ordered = sorted({(s.start, s.end): s for s in spans}.values(), key=lambda s: s.start)
    try:
        i = next(i for i, s in enumerate(ordered) if s.start == chosen.start and s.end == chosen.end)
    except StopIteration:
        return chosen
    lo = hi = i
    while lo > 0 and _LIST_GLUE.match(text[ordered[lo - 1].end:ordered[lo].start]):
        lo -= 1
    while hi < len(ordered) - 1 and _LIST_GLUE.match(text[ordered[hi].end:ordered[hi + 1].start]):
        hi += 1
    start, end = ordered[lo].start, ordered[hi].end
    return Span(start, end, text[start:end])


def question_name_runs(question: str, text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The stretches of ``text[start:end]`` wedged between two capitalised words of ``question`` inside one run
    of capitalised words: where the question says "Bhiksu Vajragiri", the document's "Bhiksu YM Mahasthawira
    Vajragiri" is the one asked about, and "YM Mahasthawira" answers nothing. (A run that only starts with the
    question's words, "Sekretaris Jenderal Partai Komunis Tiongkok Xi Jinping", may well end with the answer.)"""
    capitalised = re.finditer(r"(?<![\w'’.-])[A-Z][\w'’.-]*", question)
    asked = {m.group(0).lower().strip(".") for m in capitalised if question[:m.start()].strip()}  # not the 1st word
    asked = {w for w in asked if not is_stopword(w) and len(w) > 1}
    runs = []
    for match in _PROPER.finditer(text, start, end):
        hits = [m for m in re.finditer(r"[\w'’.-]+", match.group(0)) if m.group(0).lower().strip(".") in asked]
        if len(hits) >= 2 and hits[-1].start() > hits[0].end():
            runs.append((match.start() + hits[0].end(), match.start() + hits[-1].start()))
    return runs


def inside(span_start: int, span_end: int, runs: list[tuple[int, int]]) -> bool:
    """Whether ``[span_start, span_end)`` lies inside one of ``runs``."""
    return any(a <= span_start and span_end <= b for a, b in runs)


_ASKS_YEAR = re.compile(r"\b(?:tahun\s+(?:berapa|apa)(?:kah)?|what\s+year|which\s+year|in\s+what\s+year)\b",
                        re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d.,])(?:1[0-9]\d\d|20\d\d|[1-9]\d{2})(?![\d.,]\d)")


def year_of(question: str, span: Span | None, text: str) -> Span | None:
    """For a question that asks for a year ("Tahun berapa …?", "In what year …?"), the one year inside a longer
    answer ("9 Agustus 1910" → "1910"); any other answer as it is."""
    if span is None or not _ASKS_YEAR.search(question):
        return span
    years = list(_YEAR.finditer(text, span.start, span.end))
    if len(years) != 1 or (years[0].start(), years[0].end()) == (span.start, span.end):
        return span
    return Span(years[0].start(), years[0].end(), years[0].group())


# a currency before an amount: "$2.3 million", "Rp 58.000.000", "US$ 160 juta" (gold answers keep it: 73 of the 81
# amounts after one on the train and dev sides of the three benchmarks)
_PERCENT = re.compile(r"\s?%|\s(?:persen|percent|per cent)\b", re.IGNORECASE)
# a time of day's half of the day or zone after it: "8:45 p.m.", "07.30 WIB"
_CLOCK = re.compile(r"\s?(?:[ap]\.m\.|[AP]M\b|W(?:IB|ITA|IT)\b)")
_CURRENCY = re.compile(r"(?:(?<![\w$])(?:Rp|USD|IDR|EUR)\.?\s?|(?<!\w)(?:US|S|A|C|HK)?\$\s?|[€£¥]\s?)$")


_ASKS_HOW_MANY = re.compile(r"\b(?:berapa|how\s+(?:many|much))\b", re.IGNORECASE)
_COLON = re.compile(r"\s*:\s+")


def what_follows(question: str, span: Span | None, text: str, start: int, end: int) -> Span | None:
    """An answer that introduces a colon ("two shifts: 06:00 to 14:00 and 14:00 to 22:00") is what follows the
    colon, up to the end of the sentence ``text[start:end]``, unless the question asks how many or the answer is
    inside brackets (an aside: "(bahasa Inggris: European microstates)"); any other answer as it is."""
    if span is None or _ASKS_HOW_MANY.search(question) \
            or text.rfind("(", start, span.start) > text.rfind(")", start, span.start):
        return span
    colon = _COLON.match(text, span.end, end)
    if colon is None:
        return span
    stop = end
    while stop > colon.end() and text[stop - 1] in ".;,":
        stop -= 1
    return Span(colon.end(), stop, text[colon.end():stop]) if stop > colon.end() else span


_CODE = re.compile(r"`[^`\n]+`")
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)[^\s<>\"')\]]+(?<![.,;:!?])")


def whole_iso_date(span: Span | None, text: str) -> Span | None:
    """An answer inside an ISO 8601 date ("2025" of "2025-06-02"): the date whole; any other answer as it is."""
    if span is None:
        return span
    for date in _ISO_DATE.finditer(text, max(0, span.start - 10), span.end + 10):
        if date.start() <= span.start and span.end <= date.end() and (date.start(), date.end()) != (span.start,
                                                                                                     span.end):
            return Span(date.start(), date.end(), date.group())
    return span


def whole_code(span: Span | None, text: str, start: int, end: int) -> Span | None:
    """An answer inside or across a code span of the sentence ``text[start:end]`` (a path, a command in backticks)
    or an email address or web address: the code span or address whole ("ledgerly/ledgerly.log" ->
    "~/.ledgerly/ledgerly.log", "run `pip" -> "run `pip install --upgrade ledgerly`"); any other answer as it is."""
    if span is None:
        return span
    for code in _CODE.finditer(text, start, end):
        if code.start() <= span.start and span.end <= code.end():
            return Span(code.start() + 1, code.end() - 1, text[code.start() + 1:code.end() - 1])
        if span.start < code.end() and code.start() < span.end:
            a, b = min(span.start, code.start()), max(span.end, code.end())
            return Span(a, b, text[a:b])
    for address in _ADDRESS.finditer(text, start, end):  # "kiosko" of "support@kiosko.example": the address whole
        if span.start < address.end() and address.start() < span.end:
            a, b = min(span.start, address.start()), max(span.end, address.end())
            return Span(a, b, text[a:b])
    return span


def with_currency(span: Span | None, text: str, floor: int = 0) -> Span | None:
    """An amount with the currency written just before it ("2.3 million" → "$2.3 million"), not before ``floor``
    (where the cited sentence starts); any other answer as it is."""
    if span is None or not text[span.start:span.start + 1].isdigit():
        return span
    found = _CURRENCY.search(text, max(floor, span.start - 6), span.start)
    if found is None:
        return span
    return Span(found.start(), span.end, text[found.start():span.end])


def with_unit(span: Span | None, text: str) -> Span | None:
    """A number with the percent sign or word written just after it ("26" → "26 persen", "85" → "85%"): a share
    is no share without it (the train sides' gold answers keep it 34 times in 36); a time of day with its "a.m.",
    "p.m." or time zone ("8:45" → "8:45 p.m."; the two such gold answers of the benchmarks keep them); any other
    answer as it is."""
    if span is None or not text[span.end - 1:span.end].isdigit():
        return span
    found = _PERCENT.match(text, span.end) or _CLOCK.match(text, span.end)
    if found is None:
        return span
    return Span(span.start, found.end(), text[span.start:found.end()])


def is_date_word(word: str) -> bool:
    """Whether ``word`` is a month's or a weekday's name ("Oktober", "Senin", "Friday")."""
    return is_month(word) or bool(_DAY.fullmatch(word))


def is_month(word: str) -> bool:
    """Whether ``word`` is a month's name or its abbreviation, Indonesian or English ("Oktober", "Agt.", "May")."""
    return bool(_MONTH.fullmatch(word))
