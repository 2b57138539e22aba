"""The seam between an index and what answers from it: what ``answer/`` and the retriever may ask of a store.

The embedded store (``citeqa.index.store.IndexData``: FAISS, bm25s and the document texts of one index folder)
implements it, and so does the shared one (``citeqa.index.postgres.PostgresStore``: PostgreSQL with pgvector).
Answering never reaches past it to FAISS, bm25s, SQL or a store's lists. Writes go per document through ``citeqa
ingest`` (``ingest.pipeline`` for a folder, ``ingest.shared`` for the database: add or replace) and ``citeqa rm``
(delete), each making a new version.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np

from citeqa.core.models import Passage

if TYPE_CHECKING:
    from citeqa.index.store import StoredDocument


@dataclass(frozen=True)
class Candidates:
    """Passages a query may be about: the union of its best lexical and best dense matches, each with both its
    BM25 score and its dense (cosine) score, for the retriever to fuse."""

    ids: list[str]
    lexical: np.ndarray
    dense: np.ndarray
    passages: list[Passage] | None = None  # the passages themselves, where the store read them to score them


class PassageStore(Protocol):
    """Passages by id, documents by source, corpus statistics for BM25, and hybrid search."""

    @property
    def version(self) -> str | None:
        """The store's version (a new one after every write), ``None`` for one built in memory."""
        ...

    @property
    def size(self) -> int:
        """How many passages it holds."""
        ...

    def sources(self) -> list[str]:
        """The source names of its documents, sorted."""
        ...

    def document(self, source: str) -> StoredDocument:
        """The document named ``source``; ``DocumentNotFoundError`` if there is none."""
        ...

    def passage(self, passage_id: str) -> Passage:
        """The passage with ``passage_id``; ``PassageNotFoundError`` if there is none."""
        ...

    def passages_of(self, source: str) -> list[Passage]:
        """The passages of one document, in document order."""
        ...

    def doc_freq(self, term: str) -> int:
        """How many passages hold the analyzed ``term``."""
        ...

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency of an analyzed term (high for one no passage holds)."""
        ...

    def terms_between(self, shortest: int, longest: int) -> Sequence[str]:
        """Every analyzed term some passage holds that has ``shortest`` to ``longest`` characters (for reading a
        misspelled question word as the term it meant, ``answer.spelling``)."""
        ...

    def candidates(self, query: str, vector: np.ndarray, k: int) -> Candidates:
        """The ``k`` best passages for ``query`` by BM25 and the ``k`` best by dense similarity to ``vector``
        (a normalized query vector), together, with both scores."""
        ...
