"""The embedded store: one index version (FAISS over the passage vectors, bm25s over their terms, the passages as
a ``citeqa.index.table.PassageTable``, the documents), answering through the ``citeqa.index.contract.PassageStore``
methods.

``citeqa.index.store`` reads and writes it as a folder; a loaded one reads its texts, documents, vector rows and
BM25 postings from the folder's files as a question needs them (``eval/scale_bench.py``: a million passages in
1.6 GB).
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import numpy as np

from citeqa.core.errors import DocumentNotFoundError, PassageNotFoundError
from citeqa.core.models import Passage
from citeqa.index.contract import Candidates
from citeqa.index.table import PassageTable

if TYPE_CHECKING:  # FAISS and bm25s load where an index is built, written or read, not for checking one exists
    import faiss

    from citeqa.index.lexical import LexicalIndex

LEXICAL = {"name": "bm25s", "k1": 1.2, "b": 0.75}  # BM25 as built (index.lexical); recorded in the manifest
# The dense top-k is taken from this many more nearest passages, rescored as float32 dot products and ordered by
# score then position, so that another store (pgvector, which sums in another order) draws the same boundary.
DENSE_MARGIN = 16
# From this many passages the dense index holds 8-bit copies of the vectors (``dense_index``).
QUANTIZED_FROM = 200_000
QUANTIZER_SAMPLE = 100_000  # about this many vectors, evenly spaced, set the 8-bit codes' range


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
    """Everything an index version holds; a ``PassageStore``. Passages are columns (``PassageTable``); documents
    and vectors, when loaded from a folder, are read from its files as they are needed."""

    manifest: dict[str, Any]
    documents: Mapping[str, StoredDocument]
    passages: PassageTable
    vectors: np.ndarray  # float32, one row per passage (memory-mapped when loaded)
    dense: faiss.Index
    lexical: LexicalIndex
    folder: Path | None = None  # the version folder it was loaded from (``None``: built in memory)
    vector_file: BinaryIO | None = None  # its vectors' file, open (``rows`` reads it even once the folder is gone)
    _by_length: dict[int, list[str]] | None = field(default=None, init=False, repr=False, compare=False)

    def saved_terms(self) -> dict[str, list[str]]:
        """Passage id -> its analyzed terms as this version saved them (empty when it saved none), for a new
        version to reuse."""
        from citeqa.index.lexical import read_terms

        terms = read_terms(self.folder / "lexical") if self.folder is not None else None
        if terms is None or len(terms) != len(self.passages):
            return {}
        return {self.passages.id_at(i): t for i, t in enumerate(terms)}

    def saved_stems(self) -> dict[str, str] | None:
        """The stems of the passages' words as this version saved them (``None`` when it saved none), for a new
        version to extend with the words of its new passages only."""
        from citeqa.index.lexical import read_stems

        return read_stems(self.folder / "lexical") if self.folder is not None else None

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
        index = self.passages.position(passage_id)
        if index is None:
            raise PassageNotFoundError(f"no passage with id {passage_id!r}")
        return self.passages[index]

    def passages_of(self, source: str) -> list[Passage]:
        """The passages of one document, in document order."""
        return [self.passages[i] for i in self.passages.positions_of(source)]

    def doc_freq(self, term: str) -> int:
        """How many passages hold ``term``."""
        return self.lexical.doc_freq.get(term, 0)

    def idf(self, term: str) -> float:
        """BM25's smoothed inverse document frequency of ``term``."""
        return self.lexical.idf(term)

    def terms_between(self, shortest: int, longest: int) -> list[str]:
        """The BM25 vocabulary's terms of ``shortest`` to ``longest`` characters (grouped by length once, when
        first asked: a misspelled question word is rare)."""
        if self._by_length is None:
            grouped: dict[int, list[str]] = {}
            for term in self.lexical.doc_freq:
                grouped.setdefault(len(term), []).append(term)
            self._by_length = grouped
        return [t for n in range(max(1, shortest), longest + 1) for t in self._by_length.get(n, ())]

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
        scores = self.rows(found) @ vector  # the order at the boundary as any store computes it, ties by position
        dense_top = found[np.lexsort((found, -scores))][:pool]
        lexical_top = top_stable(lexical_all, pool) if pool < n else np.arange(n)
        ids = np.unique(np.concatenate([lexical_top, dense_top]))
        return Candidates([self.passages.id_at(int(i)) for i in ids], lexical_all[ids], self.rows(ids) @ vector)

    def rows(self, positions: np.ndarray) -> np.ndarray:
        """The float32 vectors at ``positions``. Read from the file of a loaded version one row at a time: through
        its memory map, the kernel's read-around would map tens of rows around each (1.4 GB of a million
        passages' vectors resident after 40 questions)."""
        if self.vector_file is None or not isinstance(self.vectors, np.memmap):
            return np.asarray(self.vectors[positions], dtype=np.float32)
        width, start, descriptor = self.vectors.shape[1] * 4, self.vectors.offset, self.vector_file.fileno()
        block = b"".join(os.pread(descriptor, width, start + int(i) * width) for i in positions)
        return np.frombuffer(block, dtype=np.float32).reshape(len(positions), -1)


def top_stable(scores: np.ndarray, k: int) -> np.ndarray:
    """The positions of the ``k`` highest ``scores`` (0 < k < len; none negative), equal scores taken in position
    order: the first ``k`` of a stable descending sort, as a set, found without sorting them all (BM25 gives most
    passages 0, which only pads)."""
    held = np.flatnonzero(scores > 0)  # (a comparison first: five times faster than nonzero on floats)
    if len(held) <= k:
        return np.concatenate([held, np.flatnonzero(scores == 0)[:k - len(held)]])
    values = scores[held]
    kth = np.partition(values, len(values) - k)[len(values) - k]
    above = held[values > kth]
    return np.concatenate([above, held[values == kth][:k - len(above)]])


def dense_index(vectors: np.ndarray, dim: int) -> faiss.Index:
    """FAISS over ``vectors`` (inner product, exhaustive): float32 below ``QUANTIZED_FROM`` passages, 8-bit copies
    from there (one byte a dimension, 0.375 KB a passage, one range for every dimension learned from evenly spaced
    vectors; the store rescores what it finds with the float32 vectors, so the order is theirs).

    Measured on the scale benchmark (``eval/scale_bench.py``, a million passages, 2 cores, 200 questions): the
    8-bit scan in two shards takes 12.7 ms against 23.2 ms for float16 copies, and both find every one of the exact
    20 nearest after rescoring (recall@20 1.000); a range per dimension (``QT_8bit``) scans slower (20.7 ms).
    Approximate indexes did not pay: HNSW (M 32, float16) found 0.93 of the exact 20 nearest at efSearch 2,048 in
    10 ms, 0.97 at 8,192 in 49 ms, and took 7 minutes to build for every new version; inverted lists (2,000,
    float16) 0.60 at 48 lists visited, 0.93 at 512 in 11 ms. The 8-bit index is rebuilt in seconds."""
    import faiss

    dense: faiss.Index
    if len(vectors) < QUANTIZED_FROM:
        dense = faiss.IndexFlatIP(dim)
    else:
        dense = faiss.IndexScalarQuantizer(dim, faiss.ScalarQuantizer.QT_8bit_uniform, faiss.METRIC_INNER_PRODUCT)
        step = max(1, len(vectors) // QUANTIZER_SAMPLE)
        dense.train(np.ascontiguousarray(vectors[::step], dtype=np.float32))
    for start in range(0, len(vectors), 100_000):
        dense.add(np.ascontiguousarray(vectors[start:start + 100_000], dtype=np.float32))
    return dense


def spread(dense: faiss.Index, parts: int) -> faiss.Index:
    """A loaded quantized index (8-bit, or float16 as written before) of ``QUANTIZED_FROM`` passages or more, split
    into ``parts`` shards that one search scans side by side (FAISS spreads a search over questions, not over one
    question's vectors: a million 8-bit passages in 12.7 ms on two cores against 23.1 ms); same results. Any other
    index as it is."""
    import faiss

    if parts < 2 or not isinstance(dense, faiss.IndexScalarQuantizer) or dense.ntotal < QUANTIZED_FROM:
        return dense
    size, n = dense.code_size, dense.ntotal
    codes = faiss.rev_swig_ptr(dense.codes.data(), n * size)  # a view of the codes, not a copy
    shards = faiss.IndexShards(dense.d, True, True)  # type: ignore[call-arg]  # threaded; ids run on
    for k in range(parts):
        start, end = n * k // parts, n * (k + 1) // parts
        shard = faiss.IndexScalarQuantizer(dense.d, dense.sq.qtype, faiss.METRIC_INNER_PRODUCT)
        shard.sq = dense.sq  # the learned range
        shard.is_trained = True
        faiss.copy_array_to_vector(codes[start * size:end * size], shard.codes)
        shard.ntotal = end - start
        shards.add_shard(shard)  # (faiss's wrapper keeps the shard alive as long as ``shards``)
    return shards


def build_index_data(
    manifest: dict[str, Any], documents: Sequence[StoredDocument], passages: Sequence[Passage],
    vectors: np.ndarray, known_terms: dict[str, list[str]] | None = None,
    known_stems: dict[str, str] | None = None,
) -> IndexData:
    """Assemble in-memory indexes (FAISS inner product over normalised vectors, BM25) from parts;
    ``known_terms`` (passage id -> terms, from ``IndexData.saved_terms``) spares analyzing unchanged passages, and
    ``known_stems`` (``IndexData.saved_stems`` of the same version; used with ``known_terms``) listing their words'
    stems again."""
    from citeqa.index.lexical import LexicalIndex

    known = [known_terms.get(p.id) for p in passages] if known_terms else None
    lexical = LexicalIndex.build([p.text for p in passages], known, known_stems)
    table = PassageTable.of(passages, [d.source for d in documents])
    dense = dense_index(vectors, int(manifest["dimension"]))
    return IndexData(manifest, {d.source: d for d in documents}, table, vectors, dense, lexical)
