"""A weekday's hours: "Kapan Puskesmas buka pada hari Jumat?" is answered with the hours written right after
"Jumat" in a sentence that lists several days' ("… Senin sampai Kamis pukul 07.30–14.00, Jumat pukul 07.30–11.00,
dan Sabtu pukul 07.30–12.00."), where the readers took another day's closing time."""

from __future__ import annotations

import re

from citeqa.answer.spans import DAYS, Span

_WEEKDAY = re.compile(DAYS, re.IGNORECASE)
# "Jumat pukul 07.30–11.00", "Saturday from 9 a.m. to 8 p.m.": a weekday's hours
_HOURS = r"\d{1,2}(?:[.:]\d{2})?(?:\s?(?:a\.m\.|p\.m\.|am|pm|WIB|WITA|WIT))?"
_DAY_HOURS = re.compile(
    rf"(?P<day>{DAYS})\s*:?\s*(?:(?:pukul|jam|pkl\.?|at|from)\s+)?"
    rf"(?P<hours>{_HOURS}(?:\s*(?:[-–—]|to|sampai|hingga|s\.d\.|s/d)\s*{_HOURS})?)(?!\d|[.:]\d)", re.IGNORECASE)
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
