"""The answer to a question asking what someone said: the clause the sentence reports, not a name inside it.

News reports what people said in three ways: "Sue Mi Terry mengatakan (bahwa) Beijing dan Moskow telah menunjukkan
…", "Kim Jong Un besar kemungkinan akan mengambil tindakan agresif …, demikian ungkap Robert King, …", and "Menurut
Robert King, …". "Apa kata Robert King tentang Kim Jong Un?" had got "Korea Utara", a name inside the clause; the
answer is the clause. Indonesian questions only: English ones ("What did Luther say was …?") mostly ask for a
thing inside what was said, and the readers answer them.
"""

from __future__ import annotations

import re

from citeqa.answer.question import proper_tokens
from citeqa.answer.spans import Span
from citeqa.index.analyzer import words

# "Apa (yang) dikatakan …?", or "Apa kata/pendapat <a name or a pronoun> …?" (not "Apa kata dasar …?", "apakah
# kata-kata …", which ask for a word)
_ASKS_SAID = re.compile(r"\b(?i:apa(?:kah)?\s+(?:yang\s+)?(?:dikatakan|disampaikan|diungkapkan|dinyatakan|dijelaskan|"
                        r"ditegaskan))\b|\b(?i:apa(?:kah)?\s+(?:kata|pendapat|komentar|pernyataan|ucapan))\s+"
                        r"(?:[A-Z]|(?i:dia|ia|beliau|mereka|para|sang)\b)")
# "<speaker> mengatakan (bahwa) <clause>"
_SAYS = re.compile(r"\b(?:mengatakan|menyatakan|mengungkapkan|menjelaskan|menambahkan|menegaskan|berkata|"
                   r"menyampaikan|berpendapat|menilai)\s+(?:bahwa\s+)?", re.IGNORECASE)
# "<clause>, (demikian) ungkap <speaker>"
_SAID_BY = re.compile(r",\s+(?:demikian\s+)?(?:ungkap|kata|ujar|tutur|ucap|jelas|tambah|tegas)(?:nya)?\s+",
                      re.IGNORECASE)
_ACCORDING = re.compile(r"\W*menurut\s+([^,]+),\s*", re.IGNORECASE)  # "Menurut <speaker>, <clause>"
_PRONOUNS = frozenset({"dia", "ia", "beliau", "mereka"})
_EDGES = "\"“”‘’'.,;: "


def asks_said(question: str) -> bool:
    """Whether ``question`` asks what someone said ("Apa kata X …?", "Apa yang dikatakan X …?", "Apa pendapat
    X …?")."""
    return bool(_ASKS_SAID.search(question))


def _speaks(part: str, speaker: set[str], last: bool) -> bool:
    """Whether ``part`` of the sentence names the question's speaker (any word of its names), or is a pronoun
    standing for one: the subject's last word (``last``), or the first word after "ungkap"."""
    found = words(part)
    if not found:
        return False
    if (found[-1] if last else found[0]) in _PRONOUNS:
        return True
    return not speaker or bool(speaker & set(found))


def _clause(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start] in _EDGES:
        start += 1
    while end > start and text[end - 1] in _EDGES:
        end -= 1
    return Span(start, end, text[start:end]) if words(text[start:end]) else None


def said_span(question: str, text: str, start: int, end: int) -> Span | None:
    """What the sentence ``text[start:end]`` reports the question's speaker said, for a question asking it
    (``asks_said``); ``None`` where the sentence reports no speech of theirs, or for other questions."""
    if not asks_said(question):
        return None
    speaker = {w for token in proper_tokens(question) for w in words(token)}
    for says in _SAYS.finditer(text, start, end):
        if _speaks(text[start:says.start()], speaker, last=True):
            return _clause(text, says.end(), end)
    said_by = _SAID_BY.search(text, start, end)
    if said_by is not None and _speaks(text[said_by.end():end], speaker, last=False):
        return _clause(text, start, said_by.start())
    according = _ACCORDING.match(text, start, end)
    if according is not None and _speaks(according.group(1), speaker, last=True):
        return _clause(text, according.end(), end)
    return None
