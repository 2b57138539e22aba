"""Hybrid retrieval: BM25 and FAISS dense scores, z-normalised and fused with weights."""

from __future__ import annotations

from typing import Protocol

import numpy as np

from citeqa.core.models import ScoredPassage
from citeqa.index.contract import PassageStore
from citeqa.index.embedder import Embedder


class Retriever(Protocol):
    """Finds the passages most likely to answer a query."""

    def search(self, query: str, k: int) -> list[ScoredPassage]:
        """The ``k`` best passages for ``query``, best first."""
        ...


def zscore(values: np.ndarray) -> np.ndarray:
    """Standardise ``values``; a constant array maps to zeros."""
    if values.size == 0:
        return values
    std = float(values.std())
    if std < 1e-9:
        return np.zeros_like(values, dtype=np.float32)
    return ((values - values.mean()) / std).astype(np.float32)


def fuse(lexical: np.ndarray, dense: np.ndarray, lexical_weight: float, dense_weight: float) -> np.ndarray:
    """Weighted sum of z-normalised scores over the same candidates.

    When the query shares no term with any candidate, the lexical signal is constant and drops out.
    """
    if lexical.shape != dense.shape:
        raise ValueError(f"score arrays differ in shape: {lexical.shape} vs {dense.shape}")
    return lexical_weight * zscore(lexical) + dense_weight * zscore(dense)


class HybridRetriever:
    """Dense plus lexical (BM25) retrieval over one store: its candidates' scores fused."""

    def __init__(
        self, store: PassageStore, embedder: Embedder, lexical_weight: float = 0.7, dense_weight: float = 0.3,
        candidates: int = 100,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.lexical_weight = lexical_weight
        self.dense_weight = dense_weight
        self.candidates = candidates

    def search(self, query: str, k: int) -> list[ScoredPassage]:
        """The ``k`` best passages for ``query`` by fused score, best first."""
        n = self.store.size
        if n == 0 or k <= 0:
            return []
        query_vec = self.embedder.embed_queries([query])
        found = self.store.candidates(query, query_vec[0], min(n, max(self.candidates, k)))
        fused = fuse(found.lexical, found.dense, self.lexical_weight, self.dense_weight)
        order = np.argsort(-fused, kind="stable")[:k]
        return [ScoredPassage(found.passages[i] if found.passages is not None else self.store.passage(found.ids[i]),
                              float(fused[i]), float(found.lexical[i]), float(found.dense[i])) for i in order]
