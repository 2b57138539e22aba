"""The object an English question asks for, in an Indonesian sentence: "What did North Korea receive …?".

An English question over Indonesian documents is read in the bridge's words (``answer/bridge.py``), so the rules
of ``answer/gap.py``, written for "Apa yang <verb> …?", never saw its verb. "What do/did/will <subject> <verb> …?"
asks for what the sentence puts after the active form of a translation of that verb: "menerima bantuan teknologi
sebagai imbalan …" answers "What did North Korea receive in exchange for munitions?" with "bantuan teknologi", as
"Apa yang diterima Korea Utara …?" is answered. The readers, an English span reader beside an Indonesian sentence
among them, answered with a nearby name ("Ukraina").
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from citeqa.answer.gap import object_of, phrase_span, tokens_of
from citeqa.answer.spans import Span
from citeqa.index.analyzer import stem, words

# "What do the latest sanctions require …?", "What will Putin and Xi not support?", "What did X receive …?"
_ASKS_OBJECT = re.compile(r"^\s*what\s+(?:do|does|did|will|would|can|could|should|shall|must|might|may)\s+"
                          r"(?P<rest>.+)$", re.IGNORECASE)


def english_object(question: str, translations: Mapping[str, list[str]], text: str, start: int, end: int
                   ) -> Span | None:
    """The object phrase that answers an English "What do … <verb> …?" ``question`` in the Indonesian sentence
    ``text[start:end]``: after the first of the sentence's active verbs ("me…") whose stem is that of a translation
    (``translations``: each English word of the question with the Indonesian words the bridge gave it) of one of
    the question's words, in their order; ``None`` where the question is not of that kind or no such verb is
    there."""
    asked = _ASKS_OBJECT.match(question)
    if asked is None:
        return None
    toks, lower = tokens_of(text, start, end)
    context = {stem(t.lower()) for ts in translations.values() for t in ts}
    for word in words(asked.group("rest")):
        for root in dict.fromkeys(stem(t.lower()) for t in translations.get(word, [])):
            if not any(w.startswith("me") and w.isalpha() and stem(w) == root for w in lower):
                continue
            picked = object_of(lower, root, True, context - {root})
            if picked is not None:
                return phrase_span(text, toks, picked)
    return None
