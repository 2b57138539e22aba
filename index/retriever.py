"""Hybrid retrieval: BM25 and FAISS dense scores, z-normalised and fused with weights."""

from __future__ import annotations

from typing import Protocol

import numpy as np

from citeqa.core.models import ScoredPassage
from citeqa.index.embedder import Embedder
from citeqa.index.store import IndexData


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
    """Dense (FAISS inner product) plus lexical (BM25) retrieval over one index."""

    def __init__(
        self, data: IndexData, embedder: Embedder, lexical_weight: float = 0.7, dense_weight: float = 0.3,
        candidates: int = 100,
    ) -> None:
        self.data = data
        self.embedder = embedder
        self.lexical_weight = lexical_weight
        self.dense_weight = dense_weight
        self.candidates = candidates

    def search(self, query: str, k: int) -> list[ScoredPassage]:
        """The ``k`` best passages for ``query`` by fused score, best first."""
        n = len(self.data.passages)
        if n == 0 or k <= 0:
            return []
        pool = min(n, max(self.candidates, k))
        lexical_all = self.data.lexical.scores(query)
        query_vec = self.embedder.embed_queries([query])
        _, dense_ids = self.data.dense.search(query_vec, pool)
        lexical_top = np.argpartition(-lexical_all, pool - 1)[:pool] if pool < n else np.arange(n)
        ids = np.unique(np.concatenate([lexical_top, dense_ids[0][dense_ids[0] >= 0]]))
        lexical = lexical_all[ids]
        dense = self.data.vectors[ids] @ query_vec[0]
        fused = fuse(lexical, dense, self.lexical_weight, self.dense_weight)
        order = np.argsort(-fused, kind="stable")[:k]
        return [
            ScoredPassage(self.data.passages[int(ids[i])], float(fused[i]), float(lexical[i]), float(dense[i]))
            for i in order
        ]
