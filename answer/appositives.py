"""Who, not what office: the name a sentence gives after the office ("oleh Ketua Koperasi, Ibu Siti Rahayu").

Minutes and reports name a person by office first and then by name, set off by a comma: "Rapat dibuka oleh Ketua
Koperasi, Ibu Siti Rahayu", "opened by the chairman of the board, John Smith". Asked "Siapa yang membuka rapat?",
the readers took the office, "Ketua Koperasi": a noun phrase, not the person asked for. Where a question asks who
and the short answer is an office followed (within a few words of the same phrase) by a comma and a name, the
answer is that name, without its titles ("Ibu", "Pak", "Mr.", "Ir. H."). The answer must open with the office, the
comma follow it at once, and the name be a person's: two capitalized words at least (one after a social title), not
a body's, a place's ("Wali Kota Bangkok, Thailand") or a weekday's.

A list of those present gives the role in brackets after the name: "Present: Helen Ortiz (chair), Samuel
Boateng", "Hadir: Ibu Siti Aminah (ketua), …". Asked "Who chaired the meeting?", the readers took the next name;
where the question names the bracketed role, the answer is the name before it (``bracketed_role``).
"""

from __future__ import annotations

import re

from citeqa.answer.question import OFFICES, AnswerType, answer_type
from citeqa.answer.spans import NAME_PARTICLE, Span, is_date_word
from citeqa.index.analyzer import analyze

# the offices a question's "who" may be answered with, and those of meetings and firms besides
_OFFICE = re.compile(rf"\b(?:{OFFICES}|(?:chair(?:man|woman|person)?|treasurer|manager|spokes(?:man|woman|person)|"
                     r"bendahara|manajer|pimpinan|juru\s+bicara|moderator|notulis)\b)", re.IGNORECASE)
# after the office, a comma, titles ("Ibu", "Pak", "Mr.", "Ir. H."), then the name: capitalized words with the
# particles of names between them; two words at least, unless a social title says a person follows
_SOCIAL = r"(?:Ibu|Bu|Bapak|Pak|Sdr|Sdri|Saudara|Saudari|Mr|Mrs|Ms|Miss|Sir)\.?"
_ACADEMIC = r"(?:Ir|Drs?|Dra|Prof|H|Hj|KH|Kyai|Rev)\.?"
_WORD = r"[A-Z][a-z][\w'’-]*"
_AFTER = re.compile(
    rf"\s*,\s+(?P<social>{_SOCIAL}\s+)?(?:{_ACADEMIC}\s*)*"
    rf"(?P<name>{_WORD}(?:\s+(?:{NAME_PARTICLE}\s+)?{_WORD})*)"
)
_OPENS_WITH_OFFICE = re.compile(rf"(?:(?:the|its|his|her|their|sang|a|an)\s+)?{_OFFICE.pattern}", re.IGNORECASE)
# words that open the name of a body or a place, not a person: "Direktorat Jenderal Imigrasi, Kementerian Hukum"
_BODY = re.compile(r"(?:Kementerian|Departemen|Direktorat|Badan|Dinas|Komisi|Partai|Universitas|Bank|Kantor|Pemerintah|"
                   r"Provinsi|Kabupaten|Kota|Ministry|Department|University|Office|Government|Province|County|City)\b")


def office_holder(asked: str, span: Span | None, text: str, end: int) -> Span | None:
    """The name set off by a comma after the office ``span`` of the sentence ending at ``end`` where ``asked``
    asks who (the name without titles, as the document writes it), else ``span`` as it is."""
    if span is None or not _OPENS_WITH_OFFICE.match(span.text) or answer_type(asked) is not AnswerType.PERSON:
        return span  # (the question's type read only for an answer that is an office: most are not)
    found = _AFTER.match(text, span.end, end)
    if found is None:
        return span
    name = found.group("name")
    first = name.split()[0]
    if (found.group("social") is None and " " not in name) or _OFFICE.match(name) or _BODY.match(name) \
            or is_date_word(first):
        return span  # a place or a body ("Wali Kota Bangkok, Thailand"), another office, a dateline's day
    a = found.start("name")
    return Span(a, a + len(name), name)


# two capitalized words at least, then a role of one to three lowercase words ("chair", "ketua", "vice chair"; not
# "(ASPO)" after "Apollo Spacecraft Program Office", nor "(the actual date of the anniversary)")
_BRACKETED = re.compile(rf"(?P<name>{_WORD}(?:\s+(?:{NAME_PARTICLE}\s+)?{_WORD})+)\s*"
                        r"\((?P<role>(?!(?:the|a|an|yang)\b)[a-z][a-z'’-]*(?:\s+[a-z][a-z'’-]*){0,2})\)")


def bracketed_role(asked: str, text: str, start: int, end: int) -> Span | None:
    """Where ``asked`` asks who and names a role that the sentence ``text[start:end]`` gives in brackets after a
    name ("Helen Ortiz (chair)" for "Who chaired the meeting?"), that name; else ``None``."""
    if "(" not in text[start:end] or answer_type(asked) is not AnswerType.PERSON:
        return None
    terms = set(analyze(asked))
    for found in _BRACKETED.finditer(text, start, end):
        if set(analyze(found.group("role"))) & terms and not set(analyze(found.group("name"))) & terms:
            return Span(found.start("name"), found.end("name"), found.group("name"))
    return None
