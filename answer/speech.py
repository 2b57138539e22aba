"""The answer to a question asking what someone said: the clause the sentence reports, not a name inside it; and to
one asking who said or reported it: the speaker the sentence gives, not a name inside what was said.

News reports what people said in three ways: "Sue Mi Terry mengatakan (bahwa) Beijing dan Moskow telah menunjukkan
…", "Kim Jong Un besar kemungkinan akan mengambil tindakan agresif …, demikian ungkap Robert King, …", and "Menurut
Robert King, …". "Apa kata Robert King tentang Kim Jong Un?" had got "Korea Utara", a name inside the clause; the
answer is the clause. Indonesian questions only: English ones ("What did Luther say was …?") mostly ask for a
thing inside what was said, and the readers answer them.

"Siapa yang melaporkan pertemuan penasihat keamanan …?" had got "Korea Selatan" from "Penasihat keamanan ketiga negara
bertemu di Korea Selatan …, demikian yang dilaporkan The Associated Press", and "Menurut siapa pengapalan di Najin
digunakan untuk mengangkut artileri?" "Pyongyang" from "… yang menurut para pejabat A.S. digunakan Pyongyang …": the
answer is the speaker ("The Associated Press", "para pejabat A.S."), as ``said_by`` finds it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from citeqa.answer.question import proper_tokens
from citeqa.answer.spans import Span
from citeqa.index.analyzer import stem, words

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


# "Siapa(kah) yang mengatakan/melaporkan … ?" (a verb of saying or reporting), "Menurut siapa …?"
_ASKS_SPEAKER = re.compile(r"^\s*(?i:siapa(?:kah)?\s+yang\s+(?:telah\s+)?(?P<verb>mengatakan|menyatakan|mengungkapkan|"
                           r"menjelaskan|menambahkan|menegaskan|melaporkan|memberitakan|mengumumkan|menyampaikan|"
                           r"menyebutkan|berkata)\b|(?P<according>menurut\s+siapa(?:kah)?)\b)")
# "Who reported …?", "Which media outlet reported …?", "According to whom …?", asked of Indonesian documents
_ASKS_SPEAKER_EN = re.compile(r"^\s*(?i:(?:who\s+|which\s+(?P<kind>(?:[a-z]+\s+){0,2}?))(?P<verb>reported|said|stated|"
                              r"announced|told|claimed|spoke|warned|added|explained)\b"
                              r"|(?P<according>according\s+to\s+whom)\b)")
# an English question's verb of saying as the stem of the Indonesian verbs that say it ("reported" → "melaporkan")
_ENGLISH_SAYING = {"reported": "lapor", "said": "kata", "told": "kata", "spoke": "kata", "claimed": "kata",
                   "warned": "kata", "stated": "nyata", "announced": "umum", "added": "tambah", "explained": "jelas"}
# where a sentence gives its speaker: "X melaporkan …" (the name just before the verb), "…, demikian (yang)
# dilaporkan X", "…, kata X kepada …", "menurut X, …"
# ("kata", "jelas", "tegas" … only after a comma: elsewhere they are a noun or an adjective, "kata kunci")
_SPEAKER_AFTER = re.compile(r"(?:,\s*(?:demikian\s+)?(?:yang\s+)?(?i:(?P<verb>ungkap|kata|ujar|tutur|ucap|jelas|tambah|"
                            r"tegas))|\b(?i:(?P<reported>dilaporkan|diberitakan|dikatakan|menurut)))(?:nya)?\s+(?=\S)")
_SPEAKER_END = re.compile(r"\s*[,;(]|\s+(?:kepada|di|pada|dalam|saat|ketika|bahwa|yang|ini|itu)\b|\.(?:\s|$)|"
                          r"\s+(?=(?:me|di)[a-z]{4,}\b)")
_NAME_BEFORE = re.compile(r"(?:[A-Z][\w.'’-]*\s+)*[A-Z][\w.'’-]*\s+(?:(?:telah|juga|pun|pernah)\s+)?$")
# the stems of the verbs a sentence says who spoke with ("mengatakan" → "kata", "melaporkan" → "lapor")
_SPEECH_STEMS = frozenset({"kata", "nyata", "ungkap", "jelas", "tambah", "tegas", "lapor", "berita", "umum", "sebut",
                           "sampai"})
_NOT_SPEAKERS = frozenset({"ia", "dia", "mereka", "beliau", "kami", "kita"})


def speaker_span(
    question: str, text: str, start: int, end: int, english: bool = False,
    translations: Mapping[str, Sequence[str]] | None = None,
) -> Span | None:
    """For a question asking who said or reported something ("Siapa yang melaporkan …?", "Menurut siapa …?"; or,
    ``english``, an English one asked of Indonesian text: "Which media outlet reported …?", "According to whom
    …?", with the bridge's ``translations`` of its words), the speaker the sentence ``text[start:end]`` gives:
    after "menurut" first for "Menurut siapa …?"; for "Which news agency …?" first one of that kind ("Kantor Berita
    Yonhap", a word of "news agency" in the bridge's words); else first where the sentence says it with the
    question's verb ("X melaporkan …", "…, demikian yang dilaporkan X"), then any other way; ``None`` where the
    sentence gives none, or for other questions."""
    asked = (_ASKS_SPEAKER_EN if english else _ASKS_SPEAKER).match(question)
    if asked is None:
        return None
    according = bool(asked.group("according"))
    verb = asked.group("verb").lower() if not according else ""
    wanted = "turut" if according else _ENGLISH_SAYING[verb] if english else stem(verb)
    found: list[tuple[str, Span]] = []
    for marker in _SPEAKER_AFTER.finditer(text, start, end):
        stop = _SPEAKER_END.search(text, marker.end() + 1, end)
        span = _clause(text, marker.end(), stop.start() if stop is not None else end)
        if span is not None and re.search(r"\b[A-Z]\.[A-Z]$", span.text) and text[span.end:span.end + 1] == ".":
            span = Span(span.start, span.end + 1, text[span.start:span.end + 1])  # "para pejabat A.S."
        if span is not None and span.text.split()[0].lower() not in _NOT_SPEAKERS:
            found.append((stem((marker.group("verb") or marker.group("reported")).lower()), span))
    before: list[tuple[str, Span]] = []
    if not according:  # "X melaporkan …", "X mengatakan …": the name just before the verb
        for verb in re.finditer(r"\b(?:me|ber)[a-z]{3,}\b", text[start:end]):
            said = stem(verb.group())
            name = _NAME_BEFORE.search(text, start, start + verb.start()) if said in _SPEECH_STEMS else None
            if name is not None and name.group().split()[0].lower() not in _NOT_SPEAKERS:
                phrase = re.sub(r"\s+(?:telah|juga|pun|pernah)\s+$", "", name.group())
                span = _clause(text, name.start(), name.start() + len(phrase))
                if span is not None:
                    before.append((said, span))
    found = before + found  # (a subject before its verb first, each kind in the sentence's order)
    # one of the kind a which-question asks, then the question's own verb, then a speaker the question names a
    # word of ("Which CSIS website reported …?": "Beyond Parallel CSIS", not "para pejabat A.S."), then the order above
    named = {w.lower() for token in proper_tokens(question) for w in words(token)}
    kind = words(asked.group("kind") or "") if english else []
    kinds = {w.lower() for k in kind for t in (k, *(translations or {}).get(k, ())) for w in words(t)}
    ranked = sorted(found, key=lambda f: (not kinds & {w.lower() for w in words(f[1].text)}, f[0] != wanted,
                                          not named & {w.lower() for w in words(f[1].text)}))
    if not ranked:
        return None
    speaker = ranked[0][1]
    which = english and asked.group("kind") is not None  # ("Which website …?", not "Who …?")
    lead = re.match(r"(?:[a-z]+\s+)+(?=[A-Z])", speaker.text) if which else None
    if lead is not None:  # "Which website …?": the name, not "situs web" that says what it is
        speaker = Span(speaker.start + lead.end(), speaker.end, speaker.text[lead.end():])
    return speaker
