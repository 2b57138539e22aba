"""The embedded store: one index version in memory (FAISS over the passage vectors, bm25s over their terms, the
document texts), answering through the ``citeqa.index.contract.PassageStore`` methods.

``citeqa.index.store`` reads and writes it as a folder.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from citeqa.core.errors import DocumentNotFoundError, PassageNotFoundError
from citeqa.core.models import Passage
from citeqa.index.contract import Candidates

if TYPE_CHECKING:  # FAISS and bm25s load where an index is built, written or read, not for checking one exists
    import faiss

    from citeqa.index.lexical import LexicalIndex

LEXICAL = {"name": "bm25s", "k1": 1.2, "b": 0.75}  # BM25 as built (index.lexical); recorded in the manifest
# The dense top-k is taken from this many more nearest passages, rescored as float32 dot products and ordered by
# score then position, so that another store (pgvector, which sums in another order) draws the same boundary.
DENSE_MARGIN = 16


def smoothed_idf(size: int, doc_freq: int) -> float:
    """The inverse document frequency the reader and the extractor weigh terms by, for a term held by
    ``doc_freq`` of ``size`` passages (high for one no passage holds)."""
    return float(np.log((size + 1) / (doc_freq + 0.5)))


@dataclass(frozen=True)
class StoredDocument:
    """A source document as indexed: its name, checksum, full decoded text and, for a PDF, where its pages start
    (offset, page number)."""

    source: str
    checksum: str
    kind: str
    text: str
    pages: tuple[tuple[int, int], ...] = ()

    def page_at(self, offset: int) -> int | None:
        """The page number of the text at ``offset`` (``None`` for a document without pages)."""
        found = bisect.bisect_right([start for start, _ in self.pages], offset) - 1
        return self.pages[found][1] if found >= 0 else None


@dataclass
class IndexData:
    """Everything an index version holds, in memory; a ``PassageStore``."""

    manifest: dict[str, Any]
    documents: dict[str, StoredDocument]
    passages: list[Passage]
    vectors: np.ndarray
    dense: faiss.Index
    lexical: LexicalIndex
    by_id: dict[str, int] = field(default_factory=dict)
    folder: Path | None = None  # the version folder it was loaded from (``None``: built in memory)
    by_source: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id = {p.id: i for i, p in enumerate(self.passages)}
        self.by_source = {}
        for i, passage in enumerate(self.passages):
            self.by_source.setdefault(passage.source, []).append(i)

    def saved_terms(self) -> dict[str, list[str]]:
        """Passage id -> its analyzed terms as this version saved them (empty when it saved none), for a new
        version to reuse."""
        from citeqa.index.lexical import read_terms

        terms = read_terms(self.folder / "lexical") if self.folder is not None else None
        if terms is None or len(terms) != len(self.passages):
            return {}
        return {p.id: t for p, t in zip(self.passages, terms, strict=True)}

    # the PassageStore contract

    @property
    def version(self) -> str | None:
        """The version folder's name."""
        return self.folder.name if self.folder is not None else None

    @property
    def size(self) -> int:
        """How many passages it holds."""
        return len(self.passages)

    def sources(self) -> list[str]:
        """The documents' source names, sorted."""
        return sorted(self.documents)

    def document(self, source: str) -> StoredDocument:
        """The document named ``source``."""
        found = self.documents.get(source)
        if found is None:
            raise DocumentNotFoundError(f"no document {source!r} in the index")
        return found

    def passage(self, passage_id: str) -> Passage:
        """The passage with ``passage_id``."""
        index = self.by_id.get(passage_id)
        if index is None:
            raise PassageNotFoundError(f"no passage with id {passage_id!r}")
        return self.passages[index]

    def passages_of(self, source: str) -> list[Passage]:
        """The passages of one document, in document order."""
        return [self.passages[i] for i in self.by_source.get(source, ())]

    def doc_freq(self, term: str) -> int:
        """How many passages hold ``term``."""
        return self.lexical.doc_freq.get(term, 0)

    def idf(self, term: str) -> float:
        """BM25's smoothed inverse document frequency of ``term``."""
        return self.lexical.idf(term)

    def candidates(self, query: str, vector: np.ndarray, k: int) -> Candidates:
        """The union of the ``k`` best by BM25 (bm25s) and the ``k`` best by inner product (FAISS), both scored, in
        passage order; every passage when there are no more than ``k``. Where fewer than ``k`` passages hold a query
        term, the first passages in order make up the BM25 side (as the shared store does)."""
        n = len(self.passages)
        if n == 0 or k <= 0:
            return Candidates([], np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.float32))
        pool = min(n, k)
        lexical_all = self.lexical.scores(query)
        _, found = self.dense.search(vector.reshape(1, -1), min(n, pool + DENSE_MARGIN))
        found = found[0][found[0] >= 0]
        scores = self.vectors[found] @ vector  # the order at the boundary as any store computes it, ties by position
        dense_top = found[np.lexsort((found, -scores))][:pool]
        lexical_top = np.argsort(-lexical_all, kind="stable")[:pool] if pool < n else np.arange(n)
        ids = np.unique(np.concatenate([lexical_top, dense_top]))
        return Candidates([self.passages[int(i)].id for i in ids], lexical_all[ids], self.vectors[ids] @ vector)


def build_index_data(
    manifest: dict[str, Any], documents: list[StoredDocument], passages: list[Passage], vectors: np.ndarray,
    known_terms: dict[str, list[str]] | None = None,
) -> IndexData:
    """Assemble in-memory indexes (FAISS inner product over normalised vectors, BM25) from parts;
    ``known_terms`` (passage id -> terms, from ``IndexData.saved_terms``) spares analyzing unchanged passages."""
    import faiss

    from citeqa.index.lexical import LexicalIndex

    dim = int(manifest["dimension"])
    dense = faiss.IndexFlatIP(dim)
    if len(passages):
        dense.add(np.ascontiguousarray(vectors, dtype=np.float32))
    known = [known_terms.get(p.id) for p in passages] if known_terms else None
    lexical = LexicalIndex.build([p.text for p in passages], known)
    return IndexData(manifest, {d.source: d for d in documents}, passages, vectors, dense, lexical)
