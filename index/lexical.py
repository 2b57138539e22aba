"""The lexical half of retrieval: BM25 (bm25s) over analyzed passage terms."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import bm25s
import numpy as np

from citeqa.index.analyzer import analyze

log = logging.getLogger(__name__)
logging.getLogger("bm25s").setLevel(logging.WARNING)
_EMPTY = "\x00empty"


class LexicalIndex:
    """BM25 scores of a query against every passage."""

    def __init__(self, model: bm25s.BM25, size: int, doc_freq: dict[str, int]) -> None:
        self._bm25 = model
        self.size = size
        self.doc_freq = doc_freq
        self._vocab = set(getattr(model, "vocab_dict", {}) or {})

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency of an analyzed term (high for unseen terms)."""
        return float(np.log((self.size + 1) / (self.doc_freq.get(term, 0) + 0.5)))

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        """Index ``texts`` with the Indonesian-aware analyzer."""
        corpus = [analyze(text) or [_EMPTY] for text in texts]
        model = bm25s.BM25(k1=1.2, b=0.75)
        model.index(corpus, show_progress=False)
        doc_freq: dict[str, int] = {}
        for terms in corpus:
            for term in set(terms):
                doc_freq[term] = doc_freq.get(term, 0) + 1
        return cls(model, len(texts), doc_freq)

    def save(self, folder: Path) -> None:
        """Write the index files into ``folder``."""
        self._bm25.save(str(folder), show_progress=False)
        (folder / "doc_freq.json").write_text(json.dumps(self.doc_freq, ensure_ascii=False))

    @classmethod
    def load(cls, folder: Path, size: int) -> LexicalIndex:
        """Read an index written by ``save``."""
        model = bm25s.BM25.load(str(folder), show_progress=False, verbosity=0)
        doc_freq = json.loads((folder / "doc_freq.json").read_text(encoding="utf-8"))
        return cls(model, size, doc_freq)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of ``query`` for every passage (zeros when no query term is indexed)."""
        terms = [t for t in analyze(query) if t in self._vocab]
        if not terms or self.size == 0:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(terms), dtype=np.float32)
