"""The lexical half of retrieval: BM25 (bm25s) over analyzed passage terms."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path

import bm25s
import numpy as np

from citeqa.index.analyzer import analyze, learn, stems_of
from citeqa.index.data import LEXICAL, smoothed_idf

log = logging.getLogger(__name__)
logging.getLogger("bm25s").setLevel(logging.WARNING)
_EMPTY = "\x00empty"
TERMS = "terms.jsonl"  # one JSON list of analyzed terms per passage, in the passages' order
STEMS = "stems.json"  # word -> stem for the words of the passages


def read_terms(folder: Path) -> list[list[str]] | None:
    """The passages' terms saved in ``folder`` (``None`` for an index written before they were saved, or damaged:
    the caller analyzes again)."""
    try:
        lines = (folder / TERMS).read_text(encoding="utf-8").splitlines()
        terms = [json.loads(line) for line in lines]
    except (OSError, ValueError):
        return None
    if not all(isinstance(t, list) for t in terms):
        return None
    return terms


def read_stems(folder: Path) -> dict[str, str] | None:
    """The stems saved in ``folder`` (``None`` for an index written before they were kept, or damaged)."""
    try:
        stems = json.loads((folder / STEMS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stems if isinstance(stems, dict) else None


class LexicalIndex:
    """BM25 scores of a query against every passage."""

    def __init__(
        self, model: bm25s.BM25, size: int, doc_freq: dict[str, int], terms: list[list[str]] | None = None,
        stems: dict[str, str] | None = None,
    ) -> None:
        self._bm25 = model
        self.size = size
        self.doc_freq = doc_freq
        self._vocab = set(getattr(model, "vocab_dict", {}) or {})
        self.terms = terms  # each passage's analyzed terms, kept from ``build`` until ``save`` writes them
        self.stems = stems  # the stems of the passages' words, likewise (``analyzer.learn`` reads them when loaded)

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency of an analyzed term (high for unseen terms)."""
        return smoothed_idf(self.size, self.doc_freq.get(term, 0))

    @classmethod
    def build(
        cls, texts: list[str], known: Sequence[list[str] | None] | None = None,
        known_stems: dict[str, str] | None = None,
    ) -> LexicalIndex:
        """Index ``texts`` with the Indonesian-aware analyzer; ``known[i]``, where given, is ``texts[i]``'s terms
        as analyzed before (an unchanged passage of the previous version: analysis is most of a rebuild), and
        ``known_stems`` the previous version's stems, which hold the words of those passages (listing a million
        passages' words again took 35 s): only the other texts' words are added to them."""
        corpus = [(known[i] if known is not None and known[i] is not None else analyze(text)) or [_EMPTY]
                  for i, text in enumerate(texts)]
        model = bm25s.BM25(k1=LEXICAL["k1"], b=LEXICAL["b"])
        model.index(corpus, show_progress=False)
        doc_freq: dict[str, int] = {}
        for terms in corpus:
            for term in set(terms):
                doc_freq[term] = doc_freq.get(term, 0) + 1
        if known_stems is None or known is None:
            return cls(model, len(texts), doc_freq, corpus, stems_of(texts))
        added = stems_of([text for text, terms in zip(texts, known, strict=True) if terms is None])
        return cls(model, len(texts), doc_freq, corpus, {**known_stems, **added})

    def save(self, folder: Path) -> None:
        """Write the index files into ``folder``, and the passages' terms (``TERMS``) when it was built here."""
        self._bm25.save(str(folder), show_progress=False)
        (folder / "doc_freq.json").write_text(json.dumps(self.doc_freq, ensure_ascii=False))
        if self.stems is not None:
            (folder / STEMS).write_text(json.dumps(self.stems, ensure_ascii=False), encoding="utf-8")
        if self.terms is not None:
            with (folder / TERMS).open("w", encoding="utf-8") as handle:
                for terms in self.terms:
                    handle.write(json.dumps(terms, ensure_ascii=False) + "\n")

    @classmethod
    def load(cls, folder: Path, size: int, stems: bool = True) -> LexicalIndex:
        """Read an index written by ``save``; with ``stems``, the analyzer learns its words' stems (only for an
        index of this analyzer: another's may stem otherwise)."""
        # memory-mapped: a query reads only its terms' postings (a million passages' are about 500 MB)
        model = bm25s.BM25.load(str(folder), mmap=True, show_progress=False, verbosity=0)
        doc_freq = json.loads((folder / "doc_freq.json").read_text(encoding="utf-8"))
        known = read_stems(folder) if stems else None  # (one written before they were kept has none)
        if known:
            learn(known)
        return cls(model, size, doc_freq)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of ``query`` for every passage (zeros when no query term is indexed)."""
        terms = [t for t in analyze(query) if t in self._vocab]
        if not terms or self.size == 0:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(terms), dtype=np.float32)
