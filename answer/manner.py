"""The answer to a question asking how something was done: the act or the means the sentence gives, not a name.

The learned readers, trained on factoids, answer "Bagaimana …?" and "How did …?" with a nearby name, number or date
("Sue Mi Terry", "10", "dua bulan kemudian"). Instead:
- the verb the sentence puts between the question's subject and object where the question has its own
  (``acted_instead``): "Bagaimana RRT dan Rusia menanggapi resolusi tahun 2022 …?" → "… RRT dan Rusia memveto
  resolusi tahun 2022 …";
- what the sentence says enabled the act (``enabler_span``): "Bagaimana Korea Utara dapat menempatkan satelit …?" →
  "… bantuan teknis Moskow memungkinkan Korea Utara untuk menempatkan satelit …";
- where the readers still found a name, the phrase after a word of means (``means_span``): "Bagaimana ketiga negara
  akan meningkatkan tanggapan …?" → "… melalui pembagian informasi secara waktu nyata"; or else the whole cited
  sentence (``instead_of_entity``).
A readers' span that is no name stands: "by radiometric dating" is no answer to "How did the rocks on the moon
compare to those on Earth?", and they answered "extremely old". A why-question the causal rules found no answer to
(``adjuncts.reason_span``), or one asking what something means, is for or brought about ("Apa akibat …?", "What
was the purpose of …?"), is likewise not answered by a name, number or date, but by its whole sentence.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from citeqa.answer.adjuncts import asks_reason
from citeqa.answer.gap import GLUE, in_passage_instead, phrase_span, tokens_of
from citeqa.answer.question import AnswerType
from citeqa.answer.spans import Span, candidates
from citeqa.index.analyzer import is_stopword, stem, words

if TYPE_CHECKING:
    from citeqa.answer.reader import Reading

_INDONESIAN_HOW = re.compile(r"^(?:\W*\w+\s*,\s*)?\W*bagaimana(?:kah)?\s+(?!dengan\b|kalau\b|jika\b)", re.IGNORECASE)
# English asks how something was done with an auxiliary after "how" ("How did …", "How are …"), not "How many/high"
_ENGLISH_HOW = re.compile(r"\bhow\s+(?:do|does|did|is|are|was|were|can|could|will|would|has|have|had|should|may|"
                          r"might|must)\b", re.IGNORECASE)
# … except where it asks for a name or a spelling: "How is Genghis Khan written in pinyin?"
_NAME_ASKED = re.compile(r"\b(?:spelled|spelt|written|called|named|pronounced|known|abbreviated|translated|said)\b",
                         re.IGNORECASE)
_MEANS = re.compile(r"\b(?:melalui|lewat|dengan\s+cara|dengan\s+menggunakan|menggunakan|by|through|via|using)\s+",
                    re.IGNORECASE)
_ENABLERS = frozenset({"memungkinkan", "memampukan", "enabled", "allowed", "enables", "allows"})
_VERB = re.compile(r"^(?:me|di|ber|ter|per)[a-z]{3,}$")  # an Indonesian verb's prefixes
_ASPECT = frozenset(("akan harus telah sudah dapat bisa ingin mau perlu sedang masih pernah belum juga hendak boleh "
                     "sempat baru wajib mesti terus").split())
_PURPOSE = frozenset({"untuk", "agar", "supaya", "guna", "demi"})
_CLAUSE_END = re.compile(r"[,;:.!?()\"“”]")
# a means phrase ends where another clause or adjunct opens: "via electron microscopy since …", "… mulai bulan itu"
_PHRASE_END = re.compile(r"[,;:.!?()\"“”]|\b(?:since|because|when|while|which|who|whom|that|where|after|before|"
                         r"although|though|but|yang|karena|sehingga|ketika|saat|namun|tetapi|agar|supaya|mulai|"
                         r"sejak|hingga|sampai)\b", re.IGNORECASE)
_DANGLING = frozenset("in on at of for to the a an and or di ke dari pada dalam untuk".split())  # not a phrase's end
# a question asking what something means, is for, or brought about: no name, number or date answers it either
_DESCRIBED = re.compile(
    r"\bapa(?:kah)?\s+(?:akibat|dampak|konsekuensi|pengaruh|efek|tujuan|isi|inti|reaksi|tanggapan|sikap|manfaat|"
    r"kegunaan|fungsi|ciri|makna|arti|maksud|definisi|pengertian)\b|\bwhat\s+(?:is|was|are|were)\s+the\s+(?:effect|"
    r"impact|consequence|reaction|response|purpose|goal|aim|significance|meaning|definition|function|benefit|"
    r"advantage)s?\b", re.IGNORECASE)
MAX_MEANS_WORDS = 12  # a means phrase longer than this is cut
MAX_GAP = 4  # tokens between the question's subject and object in the sentence, where another verb stands
ENTITY_SHARE = 0.5  # a span more than this share of whose words lie in names, numbers or dates is an entity


def asks_manner(question: str) -> bool:
    """Whether ``question`` asks how something is or was done ("Bagaimana …?", "How did …?"), not how many, how
    high, or how a name is spelled."""
    if _INDONESIAN_HOW.search(question):
        return True
    return bool(_ENGLISH_HOW.search(question)) and not _NAME_ASKED.search(question)


def _root(word: str) -> str:
    """A word's stem, a reduplication ("langkah-langkah") read as its first half."""
    head, _, tail = word.partition("-")
    return stem(head if head == tail else word)


def entity_like(span: Span, text: str, start: int, end: int) -> bool:
    """Whether ``span`` (inside the sentence ``text[start:end]``) is mostly a name, a number or a date: more than
    ``ENTITY_SHARE`` of its words lie in a number or date, or are capitalised words of a name (the words a name
    joins over, "for" of "Roman Catholic Church for Lutheran", are not)."""
    counted = [c for kind in (AnswerType.NUMBER, AnswerType.DATE) for c in candidates(kind, text, start, end)]
    named = candidates(AnswerType.NAME, text, start, end)
    toks = [(span.start + m.start(), span.start + m.end()) for m in re.finditer(r"\w[\w'’.-]*", span.text)]
    if not toks:
        return False

    def within(s: int, e: int, spans: list[Span]) -> bool:
        return any(c.start <= s and e <= c.end for c in spans)

    inside = sum(1 for s, e in toks if within(s, e, counted) or any(ch.isdigit() for ch in text[s:e])
                 or (text[s].isupper() and within(s, e, named)))
    return inside / len(toks) > ENTITY_SHARE


def _asked_terms(question: str) -> set[str]:
    return {_root(w) for w in words(question) if not is_stopword(w)}


def means_span(question: str, text: str, start: int, end: int) -> Span | None:
    """The phrase after the first word of means ("melalui", "dengan cara", "by", "through" …) of the sentence
    ``text[start:end]`` that follows one of the question's words, up to the clause's end: not a name or number
    ("by Luther", "melalui Najin"), nor the question's own words."""
    asked = _asked_terms(question)
    toks, lower = tokens_of(text, start, end)
    seen = False
    for k, word in enumerate(lower):
        if word.isalpha() and _root(word) in asked:
            seen = True
        if not seen:
            continue
        found = _MEANS.match(text, toks[k][0], end)
        if found is None:
            continue
        stop = _PHRASE_END.search(text, found.end(), end)
        phrase_end = stop.start() if stop else end
        inner = [i for i, (s, e) in enumerate(toks) if found.end() <= s and e <= phrase_end][:MAX_MEANS_WORDS]
        while inner and (lower[inner[-1]] in GLUE or lower[inner[-1]] in _DANGLING):
            inner.pop()
        if not inner:
            continue
        span = phrase_span(text, toks, (k, inner[-1]))
        means = phrase_span(text, toks, (inner[0], inner[-1]))
        content = [_root(lower[i]) for i in inner if lower[i].isalpha() and not is_stopword(lower[i])]
        if span is None or means is None or not content or all(c in asked for c in content) \
                or entity_like(means, text, start, end):
            continue
        return span
    return None


def _question_parts(question: str) -> tuple[set[str], str, set[str]] | None:
    """An Indonesian how-question's subject words, its verb's stem and its object's words ("Bagaimana RRT dan Rusia
    menanggapi resolusi tahun 2022 …?": {rrt, rusia}, "tanggap", {resolusi, tahun, 2022 …}), or ``None``."""
    found = _INDONESIAN_HOW.search(question)
    if found is None:
        return None
    rest = words(question[found.end():])
    at = next((i for i, w in enumerate(rest) if _VERB.match(w) and w not in _ASPECT and i > 0), None)
    if at is None:
        return None
    subject = {_root(w) for w in rest[:at] if not is_stopword(w) and w not in _ASPECT}
    obj = {_root(w) for w in rest[at + 1:] if not is_stopword(w)}
    return (subject, stem(rest[at]), obj) if subject and obj else None


def acted_instead(question: str, text: str, start: int, end: int) -> Span | None:
    """The verb (with the words after it up to the object) that the sentence ``text[start:end]`` puts between the
    question's subject and its object where the question has another ("… RRT dan Rusia memveto resolusi …" for
    "Bagaimana RRT dan Rusia menanggapi resolusi …?"); ``None`` where the sentence uses the question's verb, or
    says no other between them."""
    parts = _question_parts(question)
    if parts is None:
        return None
    subject, verb, obj = parts
    toks, lower = tokens_of(text, start, end)
    roots = [_root(w) if w.isalpha() or "-" in w else w for w in lower]
    if verb in roots:
        return None
    for i, root in enumerate(roots):
        if root not in subject:
            continue
        j = next((j for j in range(i + 1, min(len(roots), i + MAX_GAP + 2)) if roots[j] in obj), None)
        if j is None or j == i + 1 or any(r in subject for r in roots[i + 1:j]):
            continue
        first = next((k for k in range(i + 1, j) if _VERB.match(lower[k])), None)
        # (a verb after "untuk" is what the act was for: "… digunakan Pyongyang untuk mengangkut artileri")
        if first is not None and not any(_CLAUSE_END.fullmatch(lower[k]) for k in range(first, j)) \
                and lower[first - 1] not in _PURPOSE:
            return phrase_span(text, toks, (first, j - 1))
    return None


def enabler_span(question: str, text: str, start: int, end: int) -> Span | None:
    """What the sentence ``text[start:end]`` says made the question's act possible: the words before "memungkinkan"
    ("enabled", "allowed") back to the verb or clause mark before them, where the question's subject follows it
    ("… melaporkan bantuan teknis Moskow memungkinkan Korea Utara untuk menempatkan satelit …")."""
    asked = _asked_terms(question)
    toks, lower = tokens_of(text, start, end)
    for k, word in enumerate(lower):
        if word not in _ENABLERS or k + 1 >= len(lower) or _root(lower[k + 1]) not in asked:
            continue
        first = k
        while first > 0 and lower[first - 1].isalnum() and not _VERB.match(lower[first - 1]) \
                and lower[first - 1] not in ("bahwa", "that", "yang", "which"):
            first -= 1
        if first < k and not all(_root(lower[i]) in asked or is_stopword(lower[i]) for i in range(first, k)):
            return phrase_span(text, toks, (first, k - 1))
    return None


def manner_span(question: str, text: str, start: int, end: int) -> Span | None:
    """The answer to a how-question (``asks_manner``) in the sentence ``text[start:end]``: the act the sentence puts
    in the question's verb's place, or what enabled it; ``None`` for other questions, or where it says neither."""
    if not asks_manner(question):
        return None
    return acted_instead(question, text, start, end) or enabler_span(question, text, start, end)


def instead_of_entity(question: str, span: Span, text: str, start: int, end: int) -> tuple[int, int]:
    """The range of ``text`` that answers ``question`` in place of ``span``, the readers' answer from the sentence
    ``text[start:end]``: ``span`` itself, unless it is a name, number or date given for a how- or a why-question
    (one the rules above, and ``adjuncts.reason_span``, found no answer to), or for one asking what something
    means, is for or brought about ("Apa pengertian unsur kimia?" had got "Dalton"); then the phrase of means the
    sentence gives a how-question (``means_span``), or else the whole sentence ("Why did Tesla sever ties with his
    family?" had got "Graz")."""
    manner = asks_manner(question)
    if not (manner or asks_reason(question) or _DESCRIBED.search(question)) or not entity_like(span, text, start, end):
        return span.start, span.end
    means = means_span(question, text, start, end) if manner else None
    return (means.start, means.end) if means is not None else (start, end)


def verb_instead(question: str, chosen: Reading, read: list[tuple[str, Reading]]) -> Reading:
    """For an Indonesian how-question whose ``chosen`` sentence neither uses the question's verb nor says the act in
    its place or what enabled it (``manner_span``), the first sentence ``read`` of the same passage that uses the
    verb ("… meningkatkan visibilitas kemitraan trilateral dan memperkuat latihan militer" for "Bagaimana Seoul,
    Tokyo, dan Washington memperkuat kerja sama mereka?", where the chooser had put "Seoul, Tokyo, dan Washington
    terus menyerukan upaya internasional …" first); ``chosen`` otherwise."""
    parts = _question_parts(question)
    if parts is None:
        return chosen
    verb = parts[1]

    def uses(t: str, sentence: tuple[int, int]) -> bool:
        return verb in {_root(w) for w in tokens_of(t, *sentence)[1] if w.isalpha()}

    return in_passage_instead(chosen, read, uses, lambda t, s: manner_span(question, t, *s) is not None)
