"""Answers that are adjuncts of the sentence: the cause a why-question asks for, the purpose a what-for question
asks for, the place of a birth or a seat.

"Mengapa …?", "Apa penyebab …?", "Why …?" are answered with the cause after the sentence's first causal marker
("karena", "disebabkan oleh", "because", "due to" …); "Untuk apa …?", "Apa fungsi/tujuan/kegunaan X?", "What is the
purpose of X?" with the purpose after "berfungsi untuk", "digunakan sebagai", "bertujuan" … or else after the
first "untuk", "agar", "supaya", "in order to"; "Di mana X lahir?", "Dimana kantor pusat X?", "Where was X born?"
with the place after the question's verb and "di"/"in"/"at". The learned readers, trained mostly on factoids,
answered all three with a name nearby.
"""

from __future__ import annotations

import re
from functools import lru_cache

from citeqa.answer.gap import GLUE, QUOTES, STOPPERS, TOKEN, predicate
from citeqa.answer.spans import Span, is_date_word, is_month
from citeqa.index.analyzer import stem

# "Mengapa …?", "Kenapa …?", "Apa penyebab/alasan …?", "Why …?", "For what reason …?", "What was the cause of …?"
_ASKS_REASON = re.compile(
    r"^\s*(?:(?:dan|and)\s+)?(?:mengapa|kenapa|why|what caused)\b|\bapa(?:kah)?\s+(?:sebab|alasan|penyebab)(?:nya)?\b"
    r"|\b(?:for what reason|what (?:was|is|were|are) the (?:main |primary )?(?:reasons?|causes?))\b",
    re.IGNORECASE)
_ASKS_WHY = re.compile(r"\s*(?:(?:dan|and)\s+)?(?:mengapa|kenapa|why)\b", re.IGNORECASE)
# where the sentence gives a cause ("akibatnya", a consequence, and "since", also a time, are left out)
_BECAUSE = re.compile(r"\b(?:(?:di|ter)?sebabkan\s+oleh|diakibatkan\s+oleh|akibat(?:\s+dari)?|karena|sebab|lantaran|"
                      r"mengingat|sehubungan\s+dengan|berhubung(?:\s+dengan)?|because(?:\s+of)?|due\s+to|owing\s+to|as\s+a\s+result\s+of|caused\s+by|"
                      r"given\s+that)\s+", re.IGNORECASE)
# who said it, after a clause: "…, demikian ungkap Robert King", "…, kata Agus Salim", "…, said the mayor"
_SAID = r"demikian|kata|ujar|ungkap|tutur|jelas|menurut|said|says|according"
# where a cause ends before the next clause: "…, sehingga …", "…, but …"
_CAUSE_END = re.compile(rf";|,\s+(?:sehingga|tetapi|namun|sedangkan|padahal|but|so|whereas|while|which|{_SAID})\b",
                        re.IGNORECASE)
_COMMA = re.compile(",")
# else a verb that the cause is the subject of: "Hujan deras sejak Minggu malam menyebabkan Sungai Cikaso meluap",
# "Too much detergent causes error E35"
_CAUSES = re.compile(r"\b(?:menyebabkan|mengakibatkan|memicu|caused|triggered|led\s+to|leads\s+to|"
                     r"resulted\s+in|results\s+in)\b", re.IGNORECASE)
_CLAUSE = re.compile(r"[,;:]\s+")
_RELATIVE = re.compile(r"(?:yang|which|that|who)\b", re.IGNORECASE)


def asks_reason(question: str) -> bool:
    """Whether ``question`` asks why ("Mengapa …?", "Apa penyebab …?", "Why …?")."""
    return bool(_ASKS_REASON.search(question))


def reason_span(question: str, text: str, start: int, end: int) -> Span | None:
    """The cause after the first causal marker of the sentence ``text[start:end]`` ("karena …", "disebabkan oleh
    …", "because …", "due to …"), up to where its clause ends (its first comma when the cause opens the sentence),
    for a ``question`` that asks why; ``None`` for other questions or sentences that give no cause."""
    if not asks_reason(question):
        return None
    found = _BECAUSE.search(text, start, end)
    if found is None:
        cause = _subject_cause(question, text, start, end)
        # "Mengapa Keraton Sumenep didirikan?", "Why did he translate it?": what it was done for ("untuk …", "so
        # that …"); not for a question asking the cause ("Apa penyebab kematian …?" is no purpose)
        return cause or (_purpose(text, start, end) if _ASKS_WHY.match(question) else None)
    # a cause that opens the sentence ends at its first comma: "Because the council cut the budget, the library …"
    fronted = not text[start:found.start()].strip(f" {QUOTES}")
    stop = (_COMMA if fronted else _CAUSE_END).search(text, found.end(), end)
    return predicate(text, found.end(), stop.start() if stop is not None else end)


def _subject_cause(question: str, text: str, start: int, end: int) -> Span | None:
    """The subject of the sentence's first causing verb ("menyebabkan", "causes" …) in its clause, where it says
    something the question does not ("The renovation caused delays" does not say why the renovation was late)."""
    verb = _CAUSES.search(text, start, end)
    if verb is None:
        return None
    clauses = [m.end() for m in _CLAUSE.finditer(text, start, verb.start())]
    opening = start
    if clauses and text[clauses[-1]:verb.start()].strip() and not _RELATIVE.match(text, clauses[-1]):
        opening = clauses[-1]  # "Menurut BPBD, hujan deras menyebabkan …": the clause's own subject
    while opening < verb.start() and (text[opening].isspace() or text[opening] in QUOTES):
        opening += 1
    cause = predicate(text, opening, verb.start())
    if cause is None:
        return None
    asked = {stem(w.lower()) for w in re.findall(r"\w+", question)}
    if all(stem(w.lower()) in asked for w in re.findall(r"\w+", cause.text)):
        return None
    return cause


# "Untuk apa …?", "Apa(kah) fungsi/tujuan/kegunaan/manfaat X?", "For what purpose …?", "What was the purpose of …?"
_ASKS_PURPOSE = re.compile(
    r"\buntuk\s+apa\b|\bapa(?:kah)?\s+(?:tujuan|fungsi|kegunaan|manfaat|guna)(?:nya)?\b|\bfor\s+what\s+purpose\b"
    r"|\bwhat\s+(?:is|was|are|were)\s+(?:the\s+)?(?:main\s+|primary\s+)?purposes?\s+of\b|\bwhat\s+for\b",
    re.IGNORECASE)
# where the sentence names a use or aim ("berfungsi sebagai", "digunakan untuk", "bertujuan", "its purpose is to")
_SERVES = re.compile(r"\b(?:berfungsi|bertujuan|digunakan|dipakai|dimanfaatkan|berguna|bermanfaat|diperuntukkan)"
                     r"(?:\s+(?:untuk|sebagai|bagi))?\s+|\b(?:purpose|function)\s+(?:is|was)\s+(?:to\s+)?",
                     re.IGNORECASE)
# else the first purpose clause ("untuk …", "agar …", "in order to …"); a bare English "to" is too often no purpose
_IN_ORDER = re.compile(r"\b(?:untuk|guna|agar|supaya|demi|in\s+order\s+to|so\s+that|designed\s+to|intended\s+to)\s+",
                       re.IGNORECASE)
_PURPOSE_END = re.compile(rf";|,\s+(?:sehingga|tetapi|namun|sedangkan|dan|but|and|which|while|{_SAID})\b",
                          re.IGNORECASE)


def purpose_span(question: str, text: str, start: int, end: int) -> Span | None:
    """The purpose the sentence ``text[start:end]`` gives after a use or aim word ("berfungsi untuk …", "digunakan
    sebagai …"), else after its first purpose clause mark ("untuk …", "agar …"), up to where the clause ends, for a
    ``question`` that asks what something is for; ``None`` for other questions or sentences that give none."""
    if not _ASKS_PURPOSE.search(question):
        return None
    return _purpose(text, start, end)


def _purpose(text: str, start: int, end: int) -> Span | None:
    """The purpose the sentence ``text[start:end]`` gives (see ``purpose_span``), or ``None``."""
    found = _SERVES.search(text, start, end) or _IN_ORDER.search(text, start, end)
    if found is None:
        return None
    stop = _PURPOSE_END.search(text, found.end(), end)
    return predicate(text, found.end(), stop.start() if stop is not None else end)


# "Di mana X lahir?", "Dimanakah proklamasi dibacakan?", "Where was X born?": the place after the question's verb and
# "di"/"in"/"at" in the sentence ("dilahirkan di Montepulciano di Tuscany")
_ASKS_WHERE = re.compile(r"^\s*(?:di\s*mana(?:kah)?|where)\b", re.IGNORECASE)
_AT = frozenset({"di", "in", "at"})
# words that end a place: a time, a clause, a doer ("pada 1542", "yang", "oleh"); "di"/"dan" go on ("Montepulciano
# di Tuscany", "Cape Town dan Johannesburg")
_PLACE_END = (STOPPERS - {"di", "dan"}) | {"yang", "tahun", "dalam", "pada", "when", "after", "before", "during",
                                             "since", "where", "which", "who", "that", "as", "by", "with", "for", "on",
                                             "in"}
MAX_PLACE_WORDS = 10


# where someone was born, died or lies buried, where something has its seat, lies, is kept or takes place: the
# readers often answer these with a name nearby (TyDi: "Dimana Robert Bellarmine lahir?" -> "Robert Allen
# Zimmerman"); other "where" questions are left to them: they answered them better than this rule, tried on every
# "where" question, on the dev sides
_WHERE_WORDS = ("lahir", "dilahirkan", "meninggal", "wafat", "tewas", "dimakamkan", "makam", "kantor", "markas",
                "berkedudukan", "born", "died", "buried", "headquartered", "headquarters",
                # where something lies, is kept or takes place (a user's "Di mana barang berbahaya disimpan?"; on the
                # train sides' 255 such questions F1 summed 105.94 against 104.02 without, the dev sides' 47 one better)
                "terletak", "letak", "disimpan", "diselenggarakan", "berlangsung", "dilaksanakan", "located", "held",
                "stored", "kept", "situated")


@lru_cache(maxsize=1)
def _where_stems() -> frozenset[str]:
    return frozenset(stem(w) for w in _WHERE_WORDS)  # (stemmed on first use: nothing heavy at import)


_THERE = frozenset({"sana", "situ", "sini", "there", "here"})
_NEAR = 4  # the place may follow the verb's doer: "dibacakan oleh Soekarno di <place>"


def _date_name(token: str) -> bool:
    return token[:1].isupper() and is_date_word(token.rstrip(".,"))


def where_span(question: str, text: str, start: int, end: int) -> Span | None:
    """The place after a word of the question's and "di"/"in"/"at" (within ``_NEAR`` words of it) in the sentence
    ``text[start:end]`` ("dilahirkan di <place>" for "Di mana X lahir?"), up to a word that ends it
    (``_PLACE_END``), a clause mark or ``MAX_PLACE_WORDS`` words, for a question that asks where; ``None``
    otherwise."""
    if not _ASKS_WHERE.match(question):
        return None
    asked = {stem(w) for w in re.findall(r"\b[a-z]\w*", question)} & _where_stems()  # (not a name's words)
    if not asked:
        return None
    tokens = list(TOKEN.finditer(text, start, end))
    lower = [t.group().lower().rstrip(".") or t.group() for t in tokens]
    for k in range(len(tokens) - 2):
        if not lower[k].isalpha() or stem(lower[k]) not in asked:
            continue
        at = next((j for j in range(k + 1, min(len(tokens) - 1, k + 1 + _NEAR)) if lower[j] in _AT), None)
        if at is None or any(not any(c.isalnum() for c in w) for w in lower[k + 1:at]):
            continue
        first, last = at + 1, at
        for j in range(first, min(len(tokens), first + MAX_PLACE_WORDS)):
            word, following = lower[j], tokens[j + 1].group() if j + 1 < len(tokens) else ""
            if word in _PLACE_END or (not any(c.isalnum() for c in word) and word != ",") \
                    or (word.isdigit() and is_month(following)) or _date_name(tokens[j].group()):
                break  # "Malaga, Spanyol 25 Oktober 1881", "Pecatu, Bali, Sabtu"
            if word in {",", "dan", "and"} and not following[:1].isupper():
                break  # a comma or "dan" goes on only to another name: "Culver City, California", "X dan Y"
            last = j
            if tokens[j].group().endswith(".") and len(word) > 3:
                break  # the sentence ends (not at "St.", "Jl.")
        if last < first or (last == first and lower[first] in _THERE):
            continue
        while last >= first and (lower[last] in GLUE or lower[last] in _AT or lower[last] == ","):
            last -= 1
        if last >= first:
            e = tokens[last].end()
            while e > tokens[first].start() and text[e - 1] in ".,":
                e -= 1
            return Span(tokens[first].start(), e, text[tokens[first].start():e])
    return None
