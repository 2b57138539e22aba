"""A value that changed: the new one, unless the question asks for the earlier.

A report or a meeting's minutes say "Iuran wajib naik dari Rp 50.000 menjadi Rp 75.000 per bulan mulai April
2025" or "Revenue rose from 1.8 to 2.1 billion rupiah". Asked "Berapa iuran wajib mulai April 2025?", the readers
took the first amount of the sentence, the old one. Where the short answer lies in the old value of such a change
and the question neither asks for the earlier value ("sebelumnya", "semula", "previously" …) nor names what
stands beside the old value ("Pada tahun berapa … tiga juta orang?" of "dari tiga juta orang pada tahun 2001
menjadi …"), the answer is taken from the new value. A range is no change: "dari 1988 sampai 1995", "from 1954 to
1956" are left as they are (the question then asks for either end).
"""

from __future__ import annotations

import re

from citeqa.index.analyzer import analyze

# Indonesian: "dari X menjadi Y" (a change, never a range); English: a verb of change, then "from X to Y"
# (a comma between digits is a decimal comma: "3,5 juta")
_PART = r"(?:[^,;]|,(?=\d))"
_CHANGE = re.compile(
    rf"\bdari\s+(?P<old>{_PART}{{1,60}}?)\s+menjadi\s+(?P<new>{_PART}{{1,80}})"
    r"|\b(?:increas|decreas|rise|rose|risen|grew|grow|fell|fall|drop|declin|chang|rais|reduc|jump|climb|went)"
    rf"\w*\s+(?:\w+\s+){{0,2}}?from\s+(?P<old_en>{_PART}{{1,60}}?)\s+to\s+(?P<new_en>{_PART}{{1,80}})",
    re.IGNORECASE)
# where the new value ends: a clause mark, a full stop (not a decimal or thousands point) or a word that opens an
# adjunct ("per bulan", "mulai April", "in 2024")
_NEW_END = re.compile(r"[;:()]|,(?!\d)|\.(?!\d)|\s(?:per|mulai|sejak|pada|di|untuk|dan|yang|sehingga|karena|in|on|at|"
                      r"for|since|starting|after|by|and|which|each)\b", re.IGNORECASE)
_ASKS_BEFORE = re.compile(r"\b(?:sebelum(?:nya)?|semula|awal(?:nya)?|mula-mula|dulu(?:nya)?|dahulu|lama|"
                          r"previous(?:ly)?|before|original(?:ly)?|initial(?:ly)?|old|earlier|from)\b", re.IGNORECASE)
MAX_NEW_WORDS = 6  # a new value taken whole (no reader's span inside it) is at most this many words


def new_value(question: str, text: str, start: int, end: int, answer: tuple[int, int]) -> tuple[int, int] | None:
    """The character range of the new value of a change in the sentence ``text[start:end]`` when the ``answer``
    range lies in its old value and the question asks for neither the earlier value nor what stands beside it;
    else ``None``."""
    if _ASKS_BEFORE.search(question):
        return None
    asked = set(analyze(question))
    for found in _CHANGE.finditer(text, start, end):
        old = "old" if found.group("old") is not None else "old_en"
        new = "new" if old == "old" else "new_en"
        if not found.start(old) <= answer[0] < answer[1] <= found.end(old):
            continue
        beside = set(analyze(text[found.start(old):answer[0]] + " " + text[answer[1]:found.end(old)]))
        if beside & asked:  # the question names what stands beside the old value: it asks about the old one
            return None
        stop = _NEW_END.search(text, found.start(new), found.end(new))
        new_end = stop.start() if stop is not None else found.end(new)
        return (found.start(new), new_end) if new_end > found.start(new) else None
    return None


def short_enough(text: str, region: tuple[int, int]) -> bool:
    """Whether the new value ``text[region]`` is short enough to be the answer whole."""
    return 0 < len(text[region[0]:region[1]].split()) <= MAX_NEW_WORDS
