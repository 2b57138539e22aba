"""An Indonesian question over English documents, put as the span reader reads it: in the documents' words.

The span reader learned from Indonesian questions over Indonesian passages and English ones over English passages.
Read as asked beside an English sentence, "Celana warna apa yang dipakai Broncos di Super Bowl 50?" found no answer
in "The Broncos … wore … white jerseys and pants". Put as "what pants color cloth Broncos Super Bowl 50?": its
question word in English, first; each word the bridge translated as the English word the retrieved passages write
(the first passage word with the translation's stem: "pants", not the stem "pant"); its names and numbers as
they are; its other Indonesian function words left out (what the reader learned English questions by are their
question words and content words). The short answer and the sentence chosen read it so; the support keeps the
span reader's margin for the question as asked, which is what it learned from (``README``, "How it works";
``eval/EXPERIMENTS.md``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from citeqa.answer.bridge import Bridging
from citeqa.index.analyzer import WORD, analyze, is_stopword

_ASKING = {"siapa": "who", "siapakah": "who", "kapan": "when", "kapankah": "when", "berapa": "how many",
           "berapakah": "how many", "mengapa": "why", "kenapa": "why", "bagaimana": "how", "bagaimanakah": "how",
           "apa": "what", "apakah": "what", "mana": "which", "manakah": "which", "dimana": "where",
           "dimanakah": "where"}
# two words that ask together ("Ke mana …?" asks where, "Tahun berapa …?" what year)
_ASKING_PAIRS = {("di", "mana"): "where", ("ke", "mana"): "where", ("dari", "mana"): "where",
                 ("berapa", "lama"): "how long", ("berapa", "panjang"): "how long",
                 ("berapa", "jauh"): "how far", ("berapa", "tinggi"): "how high", ("berapa", "besar"): "how much",
                 ("berapa", "kali"): "how many times",
                 ("tahun", "berapa"): "what year", ("jam", "berapa"): "what time", ("pukul", "berapa"): "what time"}
_TOKEN = re.compile(r"[\w'’.-]+")
SURFACE_PASSAGES = 5  # the retrieved passages whose words the translations are written as


def _written(passages: Sequence[str]) -> dict[str, str]:
    """Each single-term word of ``passages`` by its term: the first time it is written (lowercased)."""
    written: dict[str, str] = {}
    for text in passages:
        for match in WORD.finditer(text):
            terms = analyze(match.group(0))
            if len(terms) == 1:
                written.setdefault(terms[0], match.group(0).lower())
    return written


def in_their_words(question: str, bridging: Bridging, passages: Sequence[str]) -> str:
    """``question`` (Indonesian) as the span reader reads it over English ``passages`` (the retrieved ones, best
    first): its first question word in English, then its words in order, each the bridge translated as the word
    ``passages`` write for its (narrowed) translation, names and content words kept, function words left out."""
    texts = list(passages[:SURFACE_PASSAGES])
    translations = bridging.narrowed([set(analyze(t)) for t in texts])
    written = _written(texts)
    tokens = _TOKEN.findall(question.replace("?", " "))
    asking: list[str] = []
    kept: list[str] = []
    lows = [token.lower().strip(".") for token in tokens]
    skip = False
    for n, (token, low) in enumerate(zip(tokens, lows, strict=True)):
        if skip:
            skip = False
            continue
        pair = _ASKING_PAIRS.get((low, lows[n + 1])) if n + 1 < len(lows) else None
        if pair is not None:
            asking.append(pair)
            skip = True
        elif low in _ASKING:
            asking.append(_ASKING[low])
        elif translations.get(low):
            word = written.get(translations[low][0], translations[low][0])
            kept.append(token if word == low else word)  # ("Newton" stays "Newton")
        elif not (is_stopword(low) and (n == 0 or token == low)):  # ("Doctor Who" keeps its "Who")
            kept.append(token)
    return " ".join(asking[:1] + kept) + "?"
