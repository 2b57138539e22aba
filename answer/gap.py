"""The answer to "Apa yang <verb> …?": the phrase the sentence puts where the question puts "apa".

An Indonesian question about what was done ("Apa yang dilarang resolusi itu?", "Apa yang akan diterima Korea
Utara?") restates the sentence with the object replaced by "apa yang" and the verb made passive; the sentence says
"Resolusi itu melarang program rudal Korea Utara, …". The answer is the object after the active verb, up to the
next clause mark, adjunct preposition or word of the question; or, where the sentence keeps the passive ("artileri
yang diangkut …"), the noun phrase before the verb. Names are no answer to such a question, yet the learned readers,
trained on factoids, prefer them: this rule gives the object phrase instead.

Likewise a question asking what something is ("Apa itu X?", "Apa yang dimaksud dengan X?", "Siapa itu X?") is
answered with the predicate the sentence gives X after its copula ("X adalah <definition>"), not a name inside it;
and "Di mana letak X?" with the place after "terletak di". Causes and the places of births and seats are
``answer/adjuncts.py``'s, which shares this module's tokens and ``predicate``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from citeqa.answer.question import asks_who_is
from citeqa.answer.spans import Span
from citeqa.index.analyzer import is_stopword, stem, words

if TYPE_CHECKING:
    from citeqa.answer.reader import Reading

_MODAL_WORDS = frozenset(("akan harus telah sudah tidak tak dapat bisa ingin mau perlu sedang masih pernah belum juga "
                          "kemudian biasa sering hendak boleh sempat baru wajib mesti sebaiknya hendaknya").split())
_MODALS = rf"(?:(?:{'|'.join(sorted(_MODAL_WORDS))})\s+)*"
# passive verbs whose complement is what is forbidden, required or asked: "Warga dilarang mencuci kendaraan …"
# answers "Apa yang dilarang?" with "mencuci kendaraan …", not "Warga"
_COMPLEMENTED = frozenset({"larang", "wajib", "minta", "harus", "izin", "boleh", "anjur", "saran", "imbau"})
_VERB_OPENING = re.compile(r"(?:me|ber|ter|untuk$)")
# "apa yang" with optional aspect and modal words, then the verb; "menurut X, apa yang …" and "selain X, apa …"
_ASKS_OBJECT = re.compile(rf"(?:^|[,;:]\s*)apa(?:kah)?\s+yang\s+{_MODALS}([a-z]+)\b")
# the other passive: the doer before a bare verb, "Apa yang dia janjikan?", "Apa yang Putin tidak akan dukung?"
_ASKS_OBJECT_OF = re.compile(
    rf"(?:^|[,;:]\s*)[Aa]pa(?:kah)?\s+yang\s+(?:(?:dia|ia|mereka|beliau|kami|kita|saya|dan|[A-Z][\w.'’-]*)\s+)+"
    rf"{_MODALS}([a-z]+)\b"
)
# a second verb the object belongs to: "Apa yang akan dibantu Rusia untuk diluncurkan oleh Korea Utara?"
_PURPOSE_VERB = re.compile(r"\b(?:untuk|agar|supaya)\s+((?:di|ter)[a-z]{3,})\b")
# Words that open an adjunct after the object: where, to whom, why, when, how, as what.
STOPPERS = frozenset({
    "ke", "kepada", "dari", "di", "pada", "untuk", "guna", "agar", "supaya", "demi", "karena", "sebab", "bila",
    "jika", "apabila", "ketika", "saat", "sejak", "sebagai", "melalui", "lewat", "oleh", "terhadap", "sehingga",
    "namun", "tetapi", "tapi", "meskipun", "walaupun", "setelah", "sebelum", "selama", "hingga", "sampai",
    "bahwa", "dengan",
})
# verbs that ask for a definition or an event rather than an object: "Apa yang dimaksud dengan X?", "Apa yang
# dilakukan dalam upacara itu?", "Apa yang terjadi?"
_LIGHT_VERBS = frozenset({"dimaksud", "dimaksudkan", "disebut", "dinamakan", "terjadi", "menjadi", "dilakukan",
                          "melakukan", "lakukan", "ada", "adalah", "merupakan"})
GLUE = frozenset({"dan", "atau", "serta", "yang", "maupun", "para", "sang", "si"})  # not a phrase's last word
TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*\.?|[^\w\s]")
QUOTES = "\"“”‘’'"
MAX_WORDS = 8  # an object phrase longer than this is cut at its last word within the limit


def asked_verb(question: str) -> tuple[str, bool] | None:
    """The stem of the verb in an "apa yang <verb>" question ("dilarang" → "larang") and whether the question
    has it passive, or ``None``. "Apa yang dimaksud dengan X?" asks for a definition, not an object: ``None``."""
    doer = _ASKS_OBJECT_OF.search(question)
    if doer is not None and len(doer.group(1)) >= 4 and not is_stopword(doer.group(1)) \
            and doer.group(1) not in _LIGHT_VERBS:
        return stem(doer.group(1)), True  # the object is asked, whatever form the verb has
    found = _ASKS_OBJECT.search(question.lower())
    if found is None or len(found.group(1)) < 5 or found.group(1) in _LIGHT_VERBS:
        return None
    verb = found.group(1)
    root = stem(verb)
    if root == verb and not verb.startswith(("di", "me", "ber", "ter")):
        return None
    return root, _passive(verb, root)


def asked_verbs(question: str) -> list[tuple[str, bool]]:
    """``asked_verb`` and then the passive verbs of a purpose the object is for ("Apa yang akan dibantu Rusia
    untuk diluncurkan …?": "bantu", then "luncur"), each with whether the question has it passive."""
    first = asked_verb(question)
    if first is None:
        return []
    more = [(stem(m.group(1)), True) for m in _PURPOSE_VERB.finditer(question.lower())
            if m.group(1) not in _LIGHT_VERBS and stem(m.group(1)) != m.group(1)]
    return [first] + [verb for verb in more if verb[0] != first[0]]


def _passive(word: str, root: str) -> bool:
    return any(word.startswith(prefix) and not root.startswith(prefix) for prefix in ("di", "ter"))


def tokens_of(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], list[str]]:
    """The ``TOKEN``s of ``text[start:end]``: their offsets, and each lower-cased without a closing full stop."""
    toks = [(m.start(), m.end()) for m in TOKEN.finditer(text, start, end)]
    return toks, [text[s:e].lower().rstrip(".") for s, e in toks]


def object_span(question: str, text: str, start: int, end: int) -> Span | None:
    """The object phrase that answers an "apa yang <verb>" ``question`` in the sentence ``text[start:end]``, or
    ``None`` where the question is not of that kind or the sentence does not use its verb."""
    toks, lower = tokens_of(text, start, end)
    context = {stem(w) for w in words(question) if not is_stopword(w)}
    for root, asked_passive in asked_verbs(question):
        picked = object_of(lower, root, asked_passive, context - {root})
        span = phrase_span(text, toks, picked) if picked is not None else None
        if span is not None:
            return span
    return None


def object_instead(question: str, chosen: Reading, read: list[tuple[str, Reading]]) -> Reading:
    """For an "apa yang <verb>" question whose ``chosen`` sentence does not use the verb (``object_span`` finds no
    object in it), the first sentence ``read`` of the same passage that does ("Resolusi itu melarang program rudal …"
    for "Apa yang dilarang oleh resolusi …?", where the chooser had put the sentence naming the resolution first);
    ``chosen`` otherwise."""
    if asked_verb(question) is None:
        return chosen
    return in_passage_instead(chosen, read, lambda t, s: object_span(question, t, *s) is not None)


def in_passage_instead(chosen: Reading, read: list[tuple[str, Reading]], fits: Callable[[str, tuple[int, int]], bool],
                       keeps: Callable[[str, tuple[int, int]], bool] | None = None) -> Reading:
    """``chosen`` where its sentence ``fits`` (or ``keeps`` it: ``fits(text, sentence)`` with its document's text),
    else the first sentence ``read`` of the same passage that fits, else ``chosen``."""
    text = next((t for t, r in read if r is chosen), "")
    if fits(text, chosen.sentence) or (keeps is not None and keeps(text, chosen.sentence)):
        return chosen
    return next((r for t, r in read if r.passage is chosen.passage and fits(t, r.sentence)), chosen)


def phrase_span(text: str, toks: list[tuple[int, int]], picked: tuple[int, int]) -> Span | None:
    """The characters of the tokens ``picked`` (first, last) of ``toks``, without closing punctuation (an
    abbreviation's full stop kept: "P.B.B.") or quotes around them; ``None`` where nothing is left."""
    s, e = toks[picked[0]][0], toks[picked[1]][1]
    while e > s and text[e - 1] in f".,;:{QUOTES}" and not re.search(r"(?:[A-Z]\.){2,}$", text[s:e]):
        e -= 1
    while s < e and text[s] in QUOTES:
        s += 1
    return Span(s, e, text[s:e]) if e > s else None


def object_of(lower: list[str], root: str, asked_passive: bool, context: set[str]) -> tuple[int, int] | None:
    """Token range of the object the verb ``root`` has in the sentence's ``lower`` tokens, or ``None``."""
    for k, word in enumerate(lower):
        if not word.isalpha() or stem(word) != root:
            continue
        # the object was asked (passive question) and the sentence has the verb active: it follows the verb;
        # a passive sentence, or a question asking for the subject (active verb), puts it before
        complement = k + 1 + (k + 1 < len(lower) and lower[k + 1] == "untuk")
        if asked_passive != _passive(word, root) or (
                root in _COMPLEMENTED and _passive(word, root) and complement < len(lower)
                and _VERB_OPENING.match(lower[k + 1])):
            picked = _after(lower, complement - 1, context)
            if picked is not None and root in _COMPLEMENTED and not _passive(word, root):
                picked = _required(lower, picked, context) or picked
        else:
            picked = _before(lower, k, context)
        if picked is not None:
            return picked
    return None


def _required(lower: list[str], picked: tuple[int, int], context: set[str]) -> tuple[int, int] | None:
    """What an active verb of ``_COMPLEMENTED`` asks its object to do, where the sentence says it: "mewajibkan
    Dewan Keamanan untuk memperketat pembatasan ekspor" is asked "Apa yang diwajibkan …?" for "memperketat
    pembatasan ekspor", not for who must do it."""
    after = picked[1] + 1
    if after + 1 < len(lower) and lower[after] in ("untuk", "agar", "supaya") \
            and _VERB_OPENING.match(lower[after + 1]):
        return _after(lower, after, context)
    return None


def _ends_phrase(word: str, context: set[str]) -> bool:
    return (not any(c.isalnum() for c in word) and word not in QUOTES) or word in STOPPERS \
        or (word.isalpha() and stem(word) in context)


def _after(lower: list[str], k: int, context: set[str]) -> tuple[int, int] | None:
    """Token range of the object after the active verb at ``k``; ``None`` where another verb is coordinated
    with it ("akan menghadiri dan berpidato dalam Sidang Umum": what follows is that verb's)."""
    first = k + 1
    while first < len(lower) and lower[first] in QUOTES:
        first += 1
    if first < len(lower) and lower[first] in ("dan", "serta", "atau"):
        return None
    last = first - 1
    for j in range(first, min(len(lower), first + MAX_WORDS)):
        if lower[j] in QUOTES:  # a closing quote ends a quoted object
            break
        if _ends_phrase(lower[j], context):
            break
        last = j
    while last >= first and lower[last] in GLUE:
        last -= 1
    return (first, last) if last >= first else None


def _before(lower: list[str], k: int, context: set[str]) -> tuple[int, int] | None:
    """Token range of the noun phrase before the passive verb at ``k`` ("artileri yang diangkut"), past the
    modal words before the verb ("marga Polythrichum dapat dipergunakan") and its agent ("marga Marchantia (lumut
    hati) oleh masyarakat dipergunakan"); a bracketed aside inside the phrase is kept."""
    last = k - 1
    while last >= 0 and (lower[last] == "yang" or lower[last] in _MODAL_WORDS):
        last -= 1
    agent = next((j for j in range(last, max(-1, last - 5), -1) if lower[j] == "oleh"), None)
    if agent is not None:
        last = agent - 1
    first = last + 1
    j = last
    while j > max(-1, last - MAX_WORDS):
        if lower[j] == ")" and "(" in lower[max(0, j - MAX_WORDS):j]:
            j = max(i for i in range(max(0, j - MAX_WORDS), j) if lower[i] == "(")
            first = j
            j -= 1
            continue
        if _ends_phrase(lower[j], context) or (is_stopword(lower[j]) and j < last):
            break
        first = j
        j -= 1
    return (first, last) if last >= first else None


# "Apa itu X?", "Apa yang dimaksud dengan X?", "Apa pengertian X?", "Siapa itu X?" ask for a definition: the
# predicate the sentence gives X after a copula ("X adalah <definition>").
_ASKS_DEFINITION = re.compile(r"^\s*apa(?:kah)?\s+(?:itu|yang\s+dimaksud(?:kan)?(?:\s+dengan)?|pengertian|definisi|"
                              r"arti(?:\s+dari)?|maksud(?:\s+dari)?)\s+\S", re.IGNORECASE)
_COPULA = re.compile(r"\b(?:adalah|merupakan|ialah|yaitu|yakni|(?:di)?artikan\s+sebagai|didefinisikan\s+sebagai|"
                     r"dikenal\s+sebagai|berarti|bermakna|artinya)\s+", re.IGNORECASE)
MAX_DEFINITION_WORDS = 60  # a longer predicate is cut at its last word within the limit
# where a definition ends inside a "sentence" the splitter kept whole: a full stop before the next sentence, a
# reference mark ("[7]"), a semicolon
_DEFINITION_END = re.compile(r"\.(?:\[\d+\])*\s+(?=\S)|\[\d+\]|;")


def asks_definition(question: str) -> bool:
    """Whether ``question`` asks what something is ("Apa itu X?", "Apa yang dimaksud dengan X?", "Siapa itu
    X?")."""
    return bool(_ASKS_DEFINITION.match(question)) or asks_who_is(question)


# "Di mana letak X?": where the sentence says X lies ("X terletak di <place>")
_ASKS_LOCATION = re.compile(r"^\s*(?:di\s*mana(?:kah)?|dimanakah)\s+(?:letak|lokasi)\b|\b(?:terletak|berada|berlokasi)"
                            r"\s+di\s*mana(?:kah)?\b", re.IGNORECASE)
_LIES_AT = re.compile(r"\b(?:terletak|berada|berlokasi|bertempat)\s+(?:di|pada)\s+", re.IGNORECASE)


def location_span(question: str, text: str, start: int, end: int) -> Span | None:
    """The place after "terletak di" (or "berada di" …) in the sentence ``text[start:end]``, up to where the
    clause ends, for a question asking where something lies; ``None`` otherwise."""
    if not _ASKS_LOCATION.search(question):
        return None
    found = _LIES_AT.search(text, start, end)
    return predicate(text, found.end(), end) if found is not None else None


def definition_span(question: str, text: str, start: int, end: int) -> Span | None:
    """The predicate after the first copula of the sentence ``text[start:end]`` ("adalah …", not one inside
    brackets) up to where the definition ends (``_DEFINITION_END``; a last bracketed aside left out), for a
    ``question`` that asks for a definition; ``None`` for other questions or sentences without one."""
    if not asks_definition(question):
        return None
    found = next((m for m in _COPULA.finditer(text, start, end)
                  if text.count("(", start, m.start()) <= text.count(")", start, m.start())), None)
    return predicate(text, found.end(), end) if found is not None else None


def predicate(text: str, s: int, end: int) -> Span | None:
    """``text[s:end]`` up to where the predicate ends (``_DEFINITION_END``), at most ``MAX_DEFINITION_WORDS``
    words, a last bracketed aside and closing punctuation left out."""
    stop = _DEFINITION_END.search(text, s, end)
    limit = stop.start() if stop is not None else end
    tokens = list(TOKEN.finditer(text, s, limit))
    if not tokens:
        return None
    e = tokens[min(len(tokens), MAX_DEFINITION_WORDS) - 1].end()
    aside = re.search(r"\s\([^()]*\)?\W*$", text[s:e])  # "… tumbuhan (Pemakan Tumbuhan)"
    if aside is not None and aside.start() > 0:
        e = s + aside.start()
    while e > s and (text[e - 1] in f".,;:{QUOTES}" or text[e - 1].isspace()):
        e -= 1
    return Span(s, e, text[s:e]) if e > s else None


# "… terkait dengan apa?", "… bertentangan dengan apa?", "… terbuat dari apa?": "apa" after a word and its
# preposition, at the question's end ("di apa", "ke apa", "oleh apa" ask where, whither and by whom: not here)
_ASKS_AFTER = re.compile(r"\b(?P<word>[a-z]{3,})\s+(?P<prep>dengan|dari|pada|tentang|kepada|terhadap|akan|sebagai|"
                         r"atas|bagi)\s+apa(?:kah)?\s*\??\s*$", re.IGNORECASE)
_CLAUSE_MARK = re.compile(r"[,;:()]|\s[–—-]\s|\.(?:\s|$)")
MAX_AFTER_WORDS = 12  # a longer phrase is no answer to such a question


def after_span(question: str, text: str, start: int, end: int) -> Span | None:
    """What the sentence ``text[start:end]`` puts after the word and preposition that a question puts before a
    final "apa" ("Peningkatan pengapalan itu terkait dengan apa?": "pengapalan munisi ke Rusia" of "… yang menurut
    para ahli terkait dengan pengapalan munisi ke Rusia."), up to the clause's end; ``None`` where the question is
    not of that kind, the sentence lacks the pair, or the phrase is longer than ``MAX_AFTER_WORDS`` words."""
    asked = _ASKS_AFTER.search(question)
    if asked is None or is_stopword(asked.group("word").lower()):
        return None
    root, prep = stem(asked.group("word").lower()), asked.group("prep").lower()
    pair = re.compile(rf"\b(\w+)\s+{prep}\s+", re.IGNORECASE)
    for found in pair.finditer(text, start, end):
        if stem(found.group(1).lower()) != root:
            continue
        stop = _CLAUSE_MARK.search(text, found.end(), end)
        s, e = found.end(), stop.start() if stop is not None else end
        phrase = TOKEN.findall(text, s, e)
        if not phrase or len(phrase) > MAX_AFTER_WORDS:
            continue
        while e > s and (text[e - 1].isspace() or text[e - 1] in f".{QUOTES}"):
            e -= 1
        return Span(s, e, text[s:e]) if e > s else None
    return None
