"""A weekday's hours: "Kapan Puskesmas buka pada hari Jumat?" is answered with the hours written right after
"Jumat" in a sentence that lists several days' ("… Senin sampai Kamis pukul 07.30–14.00, Jumat pukul 07.30–11.00,
dan Sabtu pukul 07.30–12.00."), where the readers took another day's closing time.

A question asking the time of day ("Jam berapa layanan dibuka?", "What time did the meeting close?") is answered
with the sentence's one clock time or range of them ("08.00 sampai 11.00"), where the readers took another word
("dua tahun" of "… anak di bawah dua tahun …, mulai pukul 08.00 sampai 11.00")."""

from __future__ import annotations

import re

from citeqa.answer.question import AnswerType
from citeqa.answer.spans import DAYS, Span, candidates

_WEEKDAY = re.compile(DAYS, re.IGNORECASE)
# "Jumat pukul 07.30–11.00", "Saturday from 9 a.m. to 8 p.m.": a weekday's hours
_DAY_HALF, _ZONE = r"(?:a\.m\.|p\.m\.|am|pm)", r"(?:WIB|WITA|WIT)"  # "9 a.m.", "07.30 WIB"
_TO = r"(?:[-–—]|to|sampai|hingga|s\.d\.|s/d)"  # between the two ends of a range of hours
_HOURS = rf"\d{{1,2}}(?:[.:]\d{{2}})?(?:\s?(?:{_DAY_HALF}|{_ZONE}))?"
_DAY_HOURS = re.compile(
    rf"(?P<day>{DAYS})\s*:?\s*(?:(?:pukul|jam|pkl\.?|at|from)\s+)?"
    rf"(?P<hours>{_HOURS}(?:\s*{_TO}\s*{_HOURS})?)(?!\d|[.:]\d)", re.IGNORECASE)
_ASKS_WHEN = re.compile(r"\b(?:kapan|pukul\s+berapa|jam\s+(?:berapa|buka|operasional|kerja|layanan)|when|what\s+time|"
                        r"hours)\b", re.IGNORECASE)


def day_hours(question: str, span: Span | None, text: str, start: int, end: int) -> Span | None:
    """For a question asking when, naming a weekday ("Kapan Puskesmas buka pada hari Jumat?"), the hours the
    sentence ``text[start:end]`` writes right after that weekday ("07.30–11.00" of "… Senin sampai Kamis pukul
    07.30–14.00, Jumat pukul 07.30–11.00, dan Sabtu …"); any other answer as it is."""
    asked = _WEEKDAY.search(question)
    if asked is None or not _ASKS_WHEN.search(question):
        return span
    for found in _DAY_HOURS.finditer(text, start, end):
        if found.group("day").lower().replace("'", "") == asked.group().lower().replace("'", ""):
            return Span(found.start("hours"), found.end("hours"), found.group("hours"))
    return span


_ASKS_TIME = re.compile(r"\b(?:jam|pukul)\s+berapa\b|\bwhat\s+time\b|\bat\s+what\s+hour\b", re.IGNORECASE)
_CLOCK = rf"\d{{1,2}}(?:[.:]\d{{2}}(?:\s?(?:{_DAY_HALF}|{_ZONE}))?|\s?{_DAY_HALF})"
_CLOCK_TIME = re.compile(rf"(?<![\d.,:]){_CLOCK}(?:\s*(?:{_TO}|and)\s*{_CLOCK})?(?![\d.,:]\d)(?!\w)", re.IGNORECASE)
_HALF_OR_ZONE = re.compile(rf"(?<![a-z])(?:{_DAY_HALF}|{_ZONE})(?![a-z])", re.IGNORECASE)


_ASKS_WHEN_ONLY = re.compile(r"^\s*(?:kapan(?:kah)?|when)\b", re.IGNORECASE)
_JOINED = re.compile(r"\s*(?:,\s*)?(?:dan|and|serta|&)?\s*", re.IGNORECASE)
_CUE = re.compile(r"\b(?:pukul|jam|pkl|at|from|between|until|till|by|sejak|mulai|hingga|sampai)\W*$", re.IGNORECASE)


def _is_clock(text: str, found: re.Match[str]) -> bool:
    """Whether a match of ``_CLOCK_TIME`` is a time of day: written with a colon or a half of the day ("20:05",
    "9 a.m."), or after a word that says a time follows ("pukul 08.00"), not "3.45 juta"."""
    return ":" in found.group() or bool(_HALF_OR_ZONE.search(found.group())) \
        or bool(_CUE.search(text, max(0, found.start() - 12), found.start()))


def time_asked(question: str, span: Span | None, text: str, start: int, end: int) -> Span | None:
    """For a question asking the time of day (or asking when, over a sentence that gives no date: "When can I call
    support?" of "… call +62 21 5550 1234 on weekdays between 09:00 and 17:00 WIB."), the one clock time (or
    range, or times joined by "dan", "and" or commas) the sentence ``text[start:end]`` writes, where the readers'
    answer does not hold it whole; any other answer as it is."""
    if span is None or not (_ASKS_TIME.search(question) or (
            _ASKS_WHEN_ONLY.search(question) and not candidates(AnswerType.DATE, text, start, end))):
        return span  # (a when-question is answered with a time only from a sentence that gives no date)
    groups: list[tuple[int, int]] = []  # times joined by "dan", "and" or commas: "05.00–09.00 dan 16.00–20.00"
    for m in _CLOCK_TIME.finditer(text, start, end):
        if groups and _JOINED.fullmatch(text, groups[-1][1], m.start()):
            groups[-1] = (groups[-1][0], m.end())
        elif _is_clock(text, m):
            groups.append((m.start(), m.end()))
    if len(groups) != 1 or (span.start <= groups[0][0] and groups[0][1] <= span.end):
        return span  # (several times, or the readers' answer holds the time whole)
    a, b = groups[0]
    return Span(a, b, text[a:b])
