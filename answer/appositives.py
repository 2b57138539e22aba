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

from citeqa.answer.gap import asks_definition
from citeqa.answer.question import OFFICES, AnswerType, answer_type
from citeqa.answer.spans import NAME_PARTICLE, Span, is_date_word
from citeqa.index.analyzer import analyze, is_stopword

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


# What a who-is or what-is question names: "Siapa Robert King?", "Siapa itu X?", "Apa itu X?", "Who was X?"
_SUBJECT = re.compile(r"^\s*(?:siapa(?:kah)?|apa(?:kah)?|who|what)\s+(?:(?:itu|sebenarnya|sih|is|was|are|were)\s+|"
                      r"yang\s+dimaksud(?:kan)?(?:\s+dengan)?\s+|pengertian\s+|(?:the\s+)?meaning\s+of\s+)?"
                      r"(?P<subject>.+?)\s*(?:\bitu\b)?\s*\??\s*$", re.IGNORECASE)
# the apposition after the subject and a comma: lowercase words first (a description, not another name in a list),
# opening with a lowercase word; it runs to the next comma, semicolon or dash outside brackets (``_role_end``)
_APPOSITION = re.compile(r"\s*,\s+(?P<role>[a-z])")
MAX_APPOSITION_WORDS = 20
# the stopwords an apposition may open with ("Najin, sebuah kota pelabuhan"); others open a list's next item
# ("optik, mekanik, dan …" has one word), a relative clause ("yang …") or an adverb ("biasanya …"), no description
_ARTICLES = frozenset({"sebuah", "seorang", "seekor", "salah", "a", "an", "the"})


def apposition(asked: str, text: str, start: int, end: int) -> Span | None:
    """The description a sentence sets off by commas after the name a who-is or what-is question asks about
    ("Siapa Robert King?": "mantan utusan khusus A.S. untuk masalah hak asasi manusia di Korea Utara" of "…
    demikian ungkap Robert King, mantan utusan khusus A.S. untuk masalah hak asasi manusia di Korea Utara, di
    Capital Cable"), where the sentence gives no copula; ``None`` otherwise. News writes who someone is so."""
    found = _SUBJECT.match(asked)
    if found is None or not asks_definition(asked):
        return None
    subject = found.group("subject")
    for named in re.finditer(rf"(?<!\w){re.escape(subject)}(?!\w)", text[start:end], re.IGNORECASE):
        role = _APPOSITION.match(text, start + named.end(), end)
        if role is None:
            continue
        a, e = role.start("role"), _role_end(text, role.start("role"), end)
        while e > a and (text[e - 1].isspace() or text[e - 1] in "\"“”'’"
                         or (text[e - 1] == "." and not re.search(r"(?:^|[\s.])[A-Z]\.$", text[a:e]))):
            e -= 1
        said = text[a:e].split()
        if 2 <= len(said) <= MAX_APPOSITION_WORDS and (not is_stopword(said[0]) or said[0] in _ARTICLES):
            return Span(a, e, text[a:e])
    return None


def _role_end(text: str, a: int, end: int) -> int:
    """Where an apposition from ``a`` ends: at the first comma, semicolon or dash outside brackets, else ``end``."""
    depth = 0
    for i in range(a, end):
        c = text[i]
        depth += (c == "(") - (c == ")")
        if depth <= 0 and c in ",;–—":
            return i
    return end


_NAME_BEFORE_COMMA = re.compile(rf"(?P<name>{_WORD}(?:\s+(?:{NAME_PARTICLE}\s+)?{_WORD})+)\s*,\s+$")


def described_person(asked: str, span: Span | None, text: str, start: int) -> Span | None:
    """Where ``asked`` asks who fits a description and the short answer ``span`` lies inside the description a
    sentence (from ``start``) sets off after a person's name, that name: "Siapa pakar Korea dan mantan analis CIA
    …?" of "Sue Mi Terry, pakar Korea dan mantan analis Badan Intelijen Pusat (…)" is "Sue Mi Terry", not "Badan
    Intelijen Pusat". Only a body's name is so taken for the person ("Badan …", "Ministry …": where the readers
    gave a person's name, it most often was the one asked for, as "Kofi Annan" of "New York, rabu - Sekretaris
    Jenderal PBB Kofi Annan menyatakan …"); the description must open with a word that is not a stopword and share
    two words with the question; else ``span`` as it is."""
    if span is None or not _BODY.match(span.text) or answer_type(asked) is not AnswerType.PERSON:
        return span
    comma = text.rfind(",", start, span.start)
    if comma < 0:
        return span
    opening = text[comma + 1:span.start].split()[:1]
    if not opening or not opening[0][:1].islower() or is_stopword(opening[0]):
        return span
    after = comma + 1
    while after < span.start and text[after].isspace():
        after += 1
    found = _NAME_BEFORE_COMMA.search(text, start, after)
    if found is None:
        return span
    a, name = found.start("name"), found.group("name")
    while " " in name and is_stopword(name.split()[0].lower()):  # "Menurut Budi Santoso": the sentence's first word
        cut = name.index(" ") + 1
        a, name = a + cut, name[cut:]
    if " " not in name or _BODY.search(name) or _OFFICE.match(name):
        return span
    close = text.find(",", span.end, span.end + 300)
    described = set(analyze(text[comma + 1:close if close >= 0 else span.end + 300]))
    if len(described & set(analyze(asked))) < 2:
        return span
    return Span(a, a + len(name), name)
