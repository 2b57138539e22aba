"""The shared store: documents, passages, vectors and BM25 postings in PostgreSQL with pgvector.

Chosen with ``CITEQA_STORE=postgresql://…``. Many ``citeqa serve`` replicas and ingest workers share one database:
a write is one transaction per document (``write_document``, ``delete_document``), and every read sees the
committed state, so a server answers from a new document as soon as its ingest commits, without a reload.

It answers through the same ``citeqa.index.contract.PassageStore`` methods as the embedded store, with the same
numbers: the terms are citeqa's own analysis (``citeqa.index.analyzer``) stored as postings, and BM25 is scored
here exactly as bm25s scores it (Lucene's formula, each term's score rounded to float32, summed in query order);
dense scores are the stored float32 vectors times the query vector. Up to ``EXACT_BELOW`` passages the dense
top-k is an exact scan, as FAISS's flat index is; above it pgvector's HNSW index answers. Fusion and reranking stay
in citeqa. Tables are prefixed ``citeqa_``; the schema is created by the first ingest.

Term statistics (a term's document frequency, the passage count) are asked term by term, dozens of times a
question; each thread keeps the ones it read while the store's write counter stays the same, and reads that counter
again at most every ``STATS_CHECK`` seconds (and at once after a write of this process commits), so one question
is answered with the statistics of one version and a write is seen by the next question.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from citeqa.core.config import redacted
from citeqa.core.errors import (
    ConfigError,
    DocumentNotFoundError,
    IndexMismatchError,
    IndexMissingError,
    PassageNotFoundError,
)
from citeqa.core.models import Passage
from citeqa.index.analyzer import ANALYZER, analyze
from citeqa.index.contract import Candidates
from citeqa.index.data import DENSE_MARGIN, LEXICAL, StoredDocument, smoothed_idf

EXACT_BELOW = 20_000  # passages: an exact dense scan below, the HNSW index above
STATS_CHECK = 0.2  # seconds: how long a thread trusts its term statistics before it reads the write counter again
STATS_KEPT = 200_000  # terms a thread remembers at most (forgotten all at once beyond it)
EMPTY = "\x00empty"  # the term of a passage without any (as index.lexical gives bm25s)
_writes = {"committed": 0}  # writes of this process committed so far (``note_write``)


def note_write() -> None:
    """A write of this process has committed: every thread reads its term statistics again."""
    _writes["committed"] += 1


class PostgresStore:
    """A ``PassageStore`` over one PostgreSQL database (see the module docstring). One connection per thread."""

    def __init__(self, url: str, model: str | None = None, dimension: int | None = None) -> None:
        self.url = url
        self._local = threading.local()
        meta = self._meta()
        if not meta:
            raise IndexMissingError(f"the store {redacted(url)} holds no index yet: run 'citeqa ingest' with "
                                    "CITEQA_STORE set to it first")
        if model is not None and meta.get("model") != model:
            raise IndexMismatchError(f"the store {redacted(url)} was built with model {meta.get('model')!r}, "
                                     f"not {model!r}")
        if dimension is not None and dimension != int(meta["dimension"]):
            raise IndexMismatchError(f"the store {redacted(url)} holds {meta['dimension']}-d vectors, not "
                                     f"{dimension}-d")
        for key, ours in (("analyzer", ANALYZER), ("lexical", LEXICAL)):
            if meta.get(key) != ours:  # its postings are another analysis than the questions' would be
                raise IndexMismatchError(
                    f"the store {redacted(url)} was built with {key} {meta.get(key)!r}, this citeqa uses {ours!r}: "
                    "re-run 'citeqa ingest' with CITEQA_STORE set to it (vectors are reused)")

    def _recent(self) -> dict[str, StoredDocument]:
        """The documents this thread has read (by source)."""
        recent = getattr(self._local, "recent", None)
        if recent is None:
            recent = self._local.recent = {}
        return recent  # type: ignore[no-any-return]

    def _conn(self) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.closed:
            conn = connect(self.url)
            self._local.conn = conn
        return conn

    def _rows(self, sql: str, params: Sequence[Any] = (), binary: bool = False) -> list[tuple[Any, ...]]:
        """The rows of one query; ``binary`` for vectors (parsing their text form costs more than the query)."""
        with self._conn().cursor() as cur:
            cur.execute(sql, params, binary=binary)
            return list(cur.fetchall())

    def _meta(self) -> dict[str, Any]:
        try:
            rows = self._rows("SELECT key, value FROM citeqa_meta")
        except _undefined_table():
            return {}
        return {key: value for key, value in rows}

    # the PassageStore contract

    @property
    def version(self) -> str | None:
        """The store's write counter: one more after every document written or deleted."""
        rows = self._rows("SELECT value FROM citeqa_meta WHERE key = 'version'")
        return f"pg-{rows[0][0]}" if rows else None

    @property
    def size(self) -> int:
        """How many passages it holds (a counter the writes keep, not a count of the table)."""
        self._stats()  # (the version check: a write since forgets the count)
        if self._local.size is None:
            self._local.size = int(self._rows("SELECT value FROM citeqa_meta WHERE key = 'passages'")[0][0])
        return self._local.size  # type: ignore[no-any-return]

    def _stats(self) -> dict[str, int]:
        """This thread's document frequencies by term, emptied (with its passage count and the documents it
        trusts) when the write counter has moved; the counter is read again at most every ``STATS_CHECK``
        seconds."""
        local = self._local
        now = time.monotonic()
        written = _writes["committed"]
        if getattr(local, "stats", None) is None or now - local.checked > STATS_CHECK or written != local.written:
            version = self.version
            if getattr(local, "stats", None) is None or version != local.stats_version \
                    or len(local.stats) > STATS_KEPT:
                local.stats, local.stats_version, local.trusted, local.size = {}, version, set(), None
            local.checked, local.written = now, written
        return local.stats  # type: ignore[no-any-return]

    def sources(self) -> list[str]:
        """The documents' source names, sorted."""
        return [r[0] for r in self._rows('SELECT source FROM citeqa_documents ORDER BY source COLLATE "C"')]

    def document(self, source: str) -> StoredDocument:
        """The document named ``source`` (its text read again only when its checksum changed; the checksum is not
        asked again while the store's version stays the same)."""
        recent = self._recent()
        self._stats()  # (the version check)
        trusted: set[str] = self._local.trusted
        if source in recent and source in trusted:
            return recent[source]
        if source in recent:
            now = self._rows("SELECT checksum FROM citeqa_documents WHERE source = %s", (source,))
            if now and now[0][0] == recent[source].checksum:
                trusted.add(source)
                return recent[source]
        rows = self._rows(f"SELECT {DOCUMENT} FROM citeqa_documents WHERE source = %s", (source,))
        if not rows:
            raise DocumentNotFoundError(f"no document {source!r} in the index")
        recent[source] = document_of(rows[0])
        trusted.add(source)
        return recent[source]

    def passage(self, passage_id: str) -> Passage:
        """The passage with ``passage_id``, as the database holds it now."""
        rows = self._rows(f"SELECT {_PASSAGE} FROM citeqa_passages WHERE id = %s", (passage_id,))
        if not rows:
            raise PassageNotFoundError(f"no passage with id {passage_id!r}")
        return _passage(rows[0])

    def passages_of(self, source: str) -> list[Passage]:
        """The passages of one document, in document order."""
        return [_passage(r) for r in self._rows(
            f"SELECT {_PASSAGE} FROM citeqa_passages WHERE source = %s ORDER BY ord", (source,))]

    def doc_freq(self, term: str) -> int:
        """How many passages hold ``term``."""
        stats = self._stats()
        if term not in stats:
            stats[term] = int(self._rows("SELECT count(*) FROM citeqa_postings WHERE term = %s", (term,))[0][0])
        return stats[term]

    def idf(self, term: str) -> float:
        """The smoothed inverse document frequency of ``term`` (``index.data.smoothed_idf``)."""
        return smoothed_idf(self.size, self.doc_freq(term))

    def terms_between(self, shortest: int, longest: int) -> list[str]:
        """The postings' terms of ``shortest`` to ``longest`` characters."""
        return [r[0] for r in self._rows("SELECT DISTINCT term FROM citeqa_postings WHERE length(term) BETWEEN %s "
                                         "AND %s ORDER BY term", (shortest, longest))]

    def candidates(self, query: str, vector: np.ndarray, k: int) -> Candidates:
        """The union of the ``k`` best by BM25 and the ``k`` best by inner product, both scored, in document
        order (as the embedded store gives them), with the passages themselves (read to score them, from the same
        snapshot)."""
        with self._conn().transaction():  # one snapshot for both halves
            n, total = self._rows("SELECT (SELECT value FROM citeqa_meta WHERE key = 'passages'), "
                                  "(SELECT value FROM citeqa_meta WHERE key = 'terms')")[0]
            if n == 0 or k <= 0:
                return Candidates([], np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.float32))
            pool = min(int(n), k)
            lexical, place = self._bm25(query, int(n), float(total) / int(n))
            if pool < n:
                dense_ids = self.nearest(vector, pool + DENSE_MARGIN, int(n))[:pool]
                best = sorted(lexical, key=lambda i: (-lexical[i], place[i]))[:pool]  # ties in passage order
                if len(best) < pool:  # too few hold a query term: the first passages make up the rest
                    first = self._rows(f"SELECT id FROM citeqa_passages ORDER BY {_ORDER} LIMIT %s",
                                       (pool + len(best),))
                    best += [r[0] for r in first if r[0] not in lexical][:pool - len(best)]
                wanted = list(set(best) | set(dense_ids))
                where, params = "WHERE id = ANY(%s)", [wanted]
            else:
                where, params = "", []
            rows = self._rows(f"SELECT embedding, {_PASSAGE} FROM citeqa_passages {where} ORDER BY {_ORDER}", params,
                              binary=True)
        passages = [_passage(r[1:]) for r in rows]
        ids = [p.id for p in passages]
        vectors = np.asarray([array_of(r[0]) for r in rows], dtype=np.float32).reshape(len(rows), -1)
        scores = np.asarray([lexical.get(i, 0.0) for i in ids], dtype=np.float32)
        return Candidates(ids, scores, vectors @ vector.astype(np.float32), passages)

    def nearest(self, vector: np.ndarray, count: int, size: int) -> list[str]:
        """The ids of the ``count`` passages nearest ``vector`` by inner product, rescored as float32 dot products
        and ordered by score then position: an exact scan for a store of fewer than ``EXACT_BELOW`` passages
        (``size``), the HNSW index above. Call inside a transaction (the settings are local to it)."""
        if size < EXACT_BELOW:
            self._conn().execute("SET LOCAL enable_indexscan = off")
        else:  # the HNSW index, which returns at most ef_search rows (pgvector's default 40, at most 1000)
            self._conn().execute("SET LOCAL enable_seqscan = off")
            self._conn().execute(f"SET LOCAL hnsw.ef_search = {min(1000, max(40, count))}")
        near = self._rows("SELECT id, source, ord, embedding FROM citeqa_passages ORDER BY embedding <#> %s "
                          "LIMIT %s", (vector, count), binary=True)
        scores = np.asarray([array_of(r[3]) for r in near], dtype=np.float32) @ vector.astype(np.float32)
        ranked = sorted(range(len(near)), key=lambda j: (-scores[j], near[j][1], near[j][2]))  # str: code points
        return [near[j][0] for j in ranked]

    def _bm25(self, query: str, n: int, average: float) -> tuple[dict[str, np.float32], dict[str, tuple[str, int]]]:
        """BM25 of every passage holding a query term, as bm25s computes it (see the module docstring), and where
        each of those passages stands (source, position)."""
        terms = analyze(query)
        if not terms:
            return {}, {}
        rows = self._rows(
            "SELECT o.term, o.passage_id, o.tf, p.length, d.df, p.source, p.ord FROM citeqa_postings o "
            "JOIN citeqa_passages p ON p.id = o.passage_id "
            "JOIN (SELECT term, count(*) AS df FROM citeqa_postings WHERE term = ANY(%s) GROUP BY term) d "
            "ON d.term = o.term WHERE o.term = ANY(%s)", (list(set(terms)), list(set(terms))))
        k1, b = float(LEXICAL["k1"]), float(LEXICAL["b"])
        by_term: dict[str, dict[str, np.float32]] = {}
        place: dict[str, tuple[str, int]] = {}
        for term, passage_id, tf, length, df, source, ord_ in rows:
            place[passage_id] = (source, ord_)
            # bm25s: a float32 idf, a float64 tf part, stored float32
            idf = np.float32(math.log(1 + (n - df + 0.5) / (df + 0.5)))
            tfc = float(tf) / (k1 * ((1 - b) + b * length / average) + float(tf))
            by_term.setdefault(term, {})[passage_id] = np.float32(np.float64(idf) * tfc)
        scores: dict[str, np.float32] = {}
        for term in terms:  # a repeated query term counts again, as in bm25s
            for passage_id, score in by_term.get(term, {}).items():
                scores[passage_id] = np.float32(scores.get(passage_id, np.float32(0.0)) + score)
        return scores, place


_PASSAGE = "source, start_at, end_at, text, sentences, id"
_ORDER = 'source COLLATE "C", ord'  # the embedded store's order: sources sorted by code point


def array_of(value: Any) -> np.ndarray:
    """A stored vector as float32 (pgvector gives its own ``Vector``)."""
    return np.asarray(value.to_numpy() if hasattr(value, "to_numpy") else value, dtype=np.float32)


DOCUMENT = "source, checksum, kind, text, pages"  # the columns ``document_of`` reads


def document_of(row: tuple[Any, ...]) -> StoredDocument:
    """The document of a row of ``DOCUMENT`` columns."""
    source, checksum, kind, text, pages = row
    return StoredDocument(source, checksum, kind, text, tuple((int(a), int(b)) for a, b in pages))


def _passage(row: tuple[Any, ...]) -> Passage:
    source, start, end, text, sentences, passage_id = row
    return Passage(source, int(start), int(end), text, tuple((int(a), int(b)) for a, b in sentences), passage_id)


def _undefined_table() -> type[Exception]:
    import psycopg

    return psycopg.errors.UndefinedTable


def connect(url: str) -> Any:
    """An autocommitting psycopg connection with pgvector's types; ``ConfigError`` when it cannot connect."""
    import psycopg
    from pgvector.psycopg import register_vector

    try:
        conn = psycopg.connect(url, autocommit=True)
    except psycopg.OperationalError as exc:
        raise ConfigError(f"cannot connect to CITEQA_STORE {redacted(url)}: {' '.join(str(exc).split())}") from exc
    try:
        register_vector(conn)
    except psycopg.ProgrammingError:  # the extension is not created yet: the first ingest creates it
        pass
    return conn
