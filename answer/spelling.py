"""Misspelled question words: a word no indexed passage holds, and no dictionary knows, is read as the index term
it most likely meant ("Apa itu homeostatis?" as "homeostasis", "the second largest contrubtor" as "contributor").

Without this such a word only costs: retrieval cannot match it, and the reader and the support count it as a
question term the documents lack, so the question is abstained on or answered from the wrong passage. A word is
corrected only when it is safe to:

- it has at least ``MIN_LETTERS`` letters, is not a stopword, an acronym ("STAIN") or a number, and neither it nor
  its stem is an index term;
- it is not a word of the language: Sastrawi's dictionary of Indonesian roots knows neither it nor its stem, and,
  in an English question or written in lower case, pyspellchecker's English word list does not know it (a name in
  capitals inside an Indonesian question, "Sony Entertainment Television", may still be corrected);
- an index term lies within one edit of its stem (two from ``LONG`` letters), and one passage holds that term
  together with at least half of the question's other terms (by IDF), among the ``CHECK`` passages BM25 ranks
  first for them: "Prince" in "karakter utama Le Petit Prince" is not read as "print";
- where two terms are equally close and the question has no other term to decide between them, nothing is changed.

On the dev sides (README, "Misspelled questions") it raised TyDi's cited right 0.674 → 0.682 and changed no answer
to FacQA's or SQuAD's questions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from citeqa.index.analyzer import analyze, bare, indonesian_root, is_stopword, stem
from citeqa.index.contract import PassageStore

if TYPE_CHECKING:
    from spellchecker import SpellChecker

MIN_LETTERS = 5
LONG = 8  # from this many letters, a stem two edits from an index term is still read as it
CHECK = 10  # passages read to see whether a correction meets the question's other terms
TRIED = 3  # closest index terms tried for one word
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Correction:
    """One misspelled word of a question and the index term read in its place."""

    word: str
    term: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _english() -> SpellChecker:
    from spellchecker import SpellChecker  # its word list takes 0.2 s to load: only for a question that needs it

    return SpellChecker(language="en", distance=1)


def is_word(word: str, english: bool) -> bool:
    """Whether the lower-case ``word`` is an Indonesian word (its root is in Sastrawi's dictionary) or, when
    ``english``, an English one."""
    return indonesian_root(word) is not None or (english and word in _english())


class Speller:
    """Finds the misspelled words of questions about one store (see the module's rules)."""

    def __init__(self, store: PassageStore, encode: Callable[[str], np.ndarray]) -> None:
        """``encode``: a question's vector, for the store's search (asked only for a word that may be misspelled)."""
        self.store = store
        self.encode = encode

    def corrected(self, question: str, language: str) -> tuple[str, list[Correction]]:
        """``question`` with each misspelled word replaced by its index term, and the corrections made."""
        corrections = list(self._corrections(question, language == "en"))
        for c in reversed(corrections):
            question = question[:c.start] + c.term + question[c.end:]
        return question, corrections

    def _corrections(self, question: str, english: bool) -> Iterator[Correction]:
        encoded = lru_cache(maxsize=1)(lambda: self.encode(question))  # once, and only if a search needs it
        for match in _WORD.finditer(question):
            raw = match.group(0)
            word = bare(raw.lower())
            if len(word) < MIN_LETTERS or not word.isalpha() or raw.isupper() or is_stopword(word):
                continue
            term = stem(word)
            if self.store.doc_freq(term) or self.store.doc_freq(word) \
                    or is_word(word, english or raw[:1].islower()):
                continue
            found = self._term_for(term, question, encoded)
            if found is not None:  # (shown to the asker: capitalised as the word was)
                yield Correction(raw, found.capitalize() if raw[:1].isupper() else found, match.start(), match.end())

    def _term_for(self, term: str, question: str, vector: Callable[[], np.ndarray]) -> str | None:
        """The index term ``term`` was meant to be, or ``None``."""
        from rapidfuzz import distance, process

        edits = 1 if len(term) < LONG else 2
        pool = self.store.terms_between(len(term) - edits, len(term) + edits)
        near = process.extract(term, pool, scorer=distance.Levenshtein.distance, score_cutoff=edits, limit=None)
        ranked = sorted((d, -self.store.doc_freq(t), t) for t, d, _ in near if t != term and t.isalpha())[:TRIED]
        others = {t: self.store.idf(t) for t in analyze(question) if t != term and self.store.doc_freq(t)}
        fitting = [(d, t) for d, _, t in ranked if self._meets(t, others, vector)]
        if not fitting:
            return None
        closest = [t for d, t in fitting if d == fitting[0][0]]
        return closest[0] if others or len(closest) == 1 else None

    def _meets(self, term: str, others: dict[str, float], vector: Callable[[], np.ndarray]) -> bool:
        """Whether one passage holds ``term`` and at least half of the ``others`` (term -> IDF)."""
        if not others:
            return True
        found = self.store.candidates(" ".join([term, *others]), vector(), CHECK)
        passages = found.passages or [self.store.passage(i) for i in found.ids]
        total = sum(others.values())
        for k in np.argsort(-found.lexical, kind="stable")[:CHECK]:
            terms = set(analyze(passages[k].text))
            if term in terms and sum(w for t, w in others.items() if t in terms) >= total / 2:
                return True
        return False
