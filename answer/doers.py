"""Who was appointed, who is to approve, to whom it goes: the names a sentence puts around the question's verb.

"Who was appointed treasurer?" of "Aisha Rahman was appointed treasurer, replacing Tom Becker, who stepped down" was
answered "Tom Becker": the readers took the name after the verb. A question asking who underwent something ("Who was
appointed/named/hired …?", "Siapa yang ditunjuk sebagai …?") is answered by the name the sentence gives just before
the same verb in the passive ("Aisha Rahman was appointed", "Gianfranco Rotigliano ditunjuk"), an aside set off by
commas between them allowed. A question asking who is to do something, as a policy says it ("Siapa yang harus
menyetujui cuti tahunan?", "Who approves other trips?") is answered by the agent after the same verb in the passive
("… harus disetujui atasan langsung"), and "Kepada siapa …?", "Dengan siapa …?" by what follows that preposition.
"""

from __future__ import annotations

import re

from citeqa.answer.question import OFFICES
from citeqa.answer.spans import NAME_PARTICLE, Span
from citeqa.index.analyzer import is_stopword, stem

_IRREGULAR = (r"made|chosen|elected|named|born|known|given|sent|built|led|held|won|paid|told|found|shot|hit|caught|"
              r"taught|brought|bought|sold|kept|left|lost|met|put|seen|set|taken|thought|written")
_AUXILIARY_EN = r"(?:was|were|is|are|has\s+been|had\s+been|have\s+been|will\s+be)"
_ASKS_EN = re.compile(rf"^\s*who\s+{_AUXILIARY_EN}\s+(?:\w+ly\s+)?(?P<verb>\w+(?:ed|en|wn)|{_IRREGULAR})\b", re.I)
# not "Siapa yang dimaksud dengan X?", "Siapa yang disebut X?": those ask what a name means
_ASKS_ID = re.compile(r"^\s*siapa(?:kah)?\s+yang\s+(?:telah\s+|akan\s+|sudah\s+|pernah\s+|baru\s+)?"
                      r"(?P<verb>di(?!maksud|sebut|kenal|namakan|juluki)[a-z]{3,})\b", re.I)
_WORD = r"[A-Z](?:[\w'’-]+|\.)"  # a capitalized word or an initial ("John F. Kennedy")
_NAME = (rf"(?:(?:Dr|Prof|Ir|Mr|Mrs|Ms|H|Hj)\.\s+)?{_WORD}"
         rf"(?:\s+(?:{NAME_PARTICLE}\s+)?{_WORD})*")
_OFFICE = re.compile(rf"{OFFICES}", re.IGNORECASE)


def doer_span(question: str, text: str, start: int, end: int) -> Span | None:
    """The name just before the question's passive verb in the sentence ``text[start:end]`` ("Aisha Rahman" of
    "Aisha Rahman was appointed treasurer" for "Who was appointed treasurer?"), or ``None`` where the question asks
    no such thing or the sentence has no name there."""
    found = _ASKS_EN.search(question)
    english = found is not None
    found = found or _ASKS_ID.search(question)
    if found is None:
        return None
    verb = re.escape(found.group("verb"))
    between = (rf"\s+{_AUXILIARY_EN}\s+(?:\w+ly\s+)?" if english
               else r"\s+(?:telah\s+|akan\s+|sudah\s+|pernah\s+|baru\s+)?")
    pattern = re.compile(rf"(?<![\w'’.-])(?P<name>{_NAME})(?:\s*,[^,]{{1,80}},)?{between}(?i:{verb})\b")
    for match in pattern.finditer(text, start, end):
        a, name = match.start("name"), match.group("name")
        first = name.split()[0]
        if a == start and is_stopword(first.lower()):  # a sentence's first word is capitalized whatever it is
            name = name[len(first):].lstrip()  # ("Then Aisha Rahman was …", "Ia ditunjuk …")
            a = match.end("name") - len(name)
        if not name or (a == start and " " not in name) or _OFFICE.fullmatch(name.split()[0]):
            continue  # a lone first word ("Kennedy was …" may be "He was …"), or an office, not a name
        return Span(a, a + len(name), name)
    return None


# who is to do something, as a policy or a procedure says it: "Siapa yang harus menyetujui cuti tahunan?", "Who
# approves other trips?", "Who must sign the form?" (a modal, or the present tense; an encyclopedia's "Siapakah yang
# mendirikan …?", "Who designed …?" are left to the readers, who answered them better: TyDi and SQuAD train)
_DOES_ID = re.compile(r"^\s*siapa(?:kah)?\s+(?:yang\s+)?(?:harus|wajib|perlu|berhak|boleh|dapat|bisa)\s+"
                      r"(?P<verb>me[a-z]{3,})\b", re.I)
_DOES_EN = re.compile(r"^\s*who\s+(?:(?:must|should|can|may|has\s+to|needs\s+to)\s+(?P<verb>[a-z]{3,})|"
                      r"(?P<present>(?!is\b|was\b|has\b|does\b|lives\b)[a-z]{2,}[^s\W]s))\b", re.I)
# the agent after the passive verb: "… harus disetujui (oleh) atasan langsung", "… are approved by the line manager"
_AGENT_END = re.compile(r"[,.;:()]|\s(?:dan|yang|sebelum|setelah|paling|melalui|untuk|dalam|pada|and|before|after|"
                        r"within|for|at|on|in|unless|if|jika|bila)\b", re.I)
_PASSIVE_EN = re.compile(r"\b(?P<verb>[a-z]{4,})\s+by\s+", re.I)
_PASSIVE_ID = re.compile(r"\b(?P<verb>di[a-z]{3,})\s+(?:oleh\s+)?", re.I)
_APPOSITIVE = re.compile(rf",\s+{_NAME}(?=\s*(?:[.;]|,\s|$))")
MAX_AGENT_WORDS = 6


def agent_span(question: str, text: str, start: int, end: int) -> Span | None:
    """For a question asking who does something ("Siapa yang harus menyetujui cuti tahunan?", "Who approves other
    trips?"), the agent the sentence ``text[start:end]`` names after the same verb in the passive ("atasan langsung"
    of "… harus disetujui atasan langsung", "the employee's line manager" of "Other trips are approved by the
    employee's line manager"); ``None`` where the question asks no such thing or the sentence says no such agent."""
    found = _DOES_ID.search(question)
    english = found is None
    found = found or _DOES_EN.search(question)
    if found is None:
        return None
    wanted = stem((found.group("verb") or found.group("present")).lower())
    for verb in (_PASSIVE_EN if english else _PASSIVE_ID).finditer(text, start, end):
        if stem(verb.group("verb").lower()) != wanted or (english and not verb.group("verb").lower().endswith(
                ("ed", "en", "wn"))):
            continue
        stop = _AGENT_END.search(text, verb.end(), end)
        a, b = verb.end(), stop.start() if stop is not None else end
        named = _APPOSITIVE.match(text, b, end)
        if named is not None:  # "the Chief Financial Officer, Mei Tanaka": the office with its holder's name
            b = named.end()
        while b > a and not text[b - 1].isalnum():
            b -= 1
        agent = text[a:b]
        if agent and len(agent.split()) <= MAX_AGENT_WORDS:
            return Span(a, b, agent)
    return None


# who, after a preposition: "Kepada siapa pertanyaan disampaikan?", "Dengan siapa … bertemu?" (English "To whom …?"
# is left to the readers: "to" opens infinitives too, and SQuAD train lost "Archbishop Albrecht" to "Luther's letter")
_ASKS_WITH_WHOM = re.compile(r"^\s*(?P<prep>kepada|dengan|bersama|dari|untuk|bagi)\s+siapa(?:kah)?\b", re.I)
_WHOM_END = re.compile(r"[.;:()]|\s(?:di|pada|melalui|untuk|agar|supaya|sebelum|setelah|jika|at|on|in|via|before|"
                       r"after|if|within|by)\b|,\s+(?:di|pada|yang|dan|and|which|who)\b", re.I)


def whom_span(question: str, text: str, start: int, end: int) -> Span | None:
    """For a question asking who after a preposition ("Kepada siapa pertanyaan mengenai cuti disampaikan?"), what
    follows the same preposition in the sentence ``text[start:end]`` ("Bagian SDM, Ibu Ratna Sari" of "… dapat
    disampaikan kepada Bagian SDM, Ibu Ratna Sari, di ekstensi 214."); ``None`` for other questions or where the
    sentence has no such phrase."""
    asked = _ASKS_WITH_WHOM.search(question)
    if asked is None:
        return None
    for found in re.finditer(rf"\b{asked.group('prep')}\s+", text[start:end], re.I):
        a = start + found.end()
        stop = _WHOM_END.search(text, a, end)
        b = stop.start() if stop is not None else end
        while b > a and not text[b - 1].isalnum():
            b -= 1
        phrase = text[a:b]
        if not phrase or all(is_stopword(w.lower()) for w in phrase.split()) \
                or len(phrase.split()) > MAX_AGENT_WORDS + 2:
            continue
        return Span(a, b, phrase)
    return None


# who did it, where the sentence says several did: "Who vetoed the 2022 resolution?" of "RRT dan Rusia memveto
# resolusi tahun 2022" is "RRT dan Rusia", not "Rusia" alone
_ASKS_WHO = re.compile(r"^\s*(?:siapa(?:kah)?|who|which|negara\s+(?:apa|mana))\b", re.IGNORECASE)
_CONJUNCTS = re.compile(rf"(?:{_NAME}\s*,\s*)*{_NAME},?\s+(?:dan|and)\s+$")
_ADVERBS = r"(?:(?:terus|telah|juga|akan|sudah|pun|pernah|bersama-sama|also|have|has|had|jointly)\s+)*"
_VERB_AFTER = re.compile(rf"\s+{_ADVERBS}(?:(?:me|ber|di|ter)[a-z]{{3,}}|[a-z]{{3,}}(?:ed|es))\b")


def conjoined_doers(question: str, span: Span | None, text: str, start: int) -> Span | None:
    """For a who- or which-question whose answer ``span`` is the last of names joined by "dan"/"and" that do what
    follows them ("RRT dan Rusia memveto …", "Seoul, Tokyo, dan Washington terus menyerukan …"), all of them, where
    the question names none of them (the sentence begins at ``start``); any other answer as it is."""
    if span is None or not _ASKS_WHO.match(question) or not span.text[:1].isupper() \
            or not _VERB_AFTER.match(text, span.end):
        return span
    joined = _CONJUNCTS.search(text, start, span.start)
    if joined is None:
        return span
    names = [*re.split(r"\s*,\s*|\s+(?:dan|and)\s+", joined.group()), span.text]
    if any(name.strip() and name.strip().lower() in question.lower() for name in names):
        return span  # ("Siapakah istri Djamaludin Malik?": "Djamaludin Malik dan Farida Al-Hasni")
    return Span(joined.start(), span.end, text[joined.start():span.end])
