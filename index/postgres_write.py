"""Writing the shared store (``citeqa.index.postgres``): the schema, and one document added, replaced or deleted
per transaction, with its passages, vectors and BM25 postings (``citeqa.ingest.shared`` drives it)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from citeqa.core.config import redacted
from citeqa.core.errors import IndexMismatchError
from citeqa.core.models import Passage
from citeqa.index.analyzer import ANALYZER, analyze
from citeqa.index.data import LEXICAL, StoredDocument
from citeqa.index.postgres import DOCUMENT, EMPTY, array_of, connect, document_of, note_write
from citeqa.index.store import SENTENCE_RULES

_SCHEMA = """
CREATE EXTENSION IF NOT EXISTS vector;
CREATE TABLE IF NOT EXISTS citeqa_meta (key text PRIMARY KEY, value jsonb NOT NULL);
CREATE TABLE IF NOT EXISTS citeqa_documents (
    source text PRIMARY KEY, checksum text NOT NULL, kind text NOT NULL, text text NOT NULL,
    pages jsonb NOT NULL DEFAULT '[]');
CREATE TABLE IF NOT EXISTS citeqa_passages (
    id text PRIMARY KEY, source text NOT NULL REFERENCES citeqa_documents (source) ON DELETE CASCADE,
    ord integer NOT NULL, start_at integer NOT NULL, end_at integer NOT NULL, text text NOT NULL,
    sentences jsonb NOT NULL, length integer NOT NULL, embedding vector({dim}) NOT NULL);
CREATE INDEX IF NOT EXISTS citeqa_passages_source ON citeqa_passages (source, ord);
CREATE INDEX IF NOT EXISTS citeqa_passages_hnsw ON citeqa_passages USING hnsw (embedding vector_ip_ops);
CREATE TABLE IF NOT EXISTS citeqa_postings (
    term text NOT NULL, passage_id text NOT NULL REFERENCES citeqa_passages (id) ON DELETE CASCADE,
    tf integer NOT NULL, PRIMARY KEY (term, passage_id));
CREATE INDEX IF NOT EXISTS citeqa_postings_passage ON citeqa_postings (passage_id);
"""


def split_settings(chunk_size: int) -> dict[str, Any]:
    """What a stored passage's ends and terms depend on, as this citeqa splits and analyses at ``chunk_size``
    (kept in ``citeqa_meta``; the embedded store's ``store.same_split`` reads the same from its manifest)."""
    return {"analyzer": ANALYZER, "lexical": LEXICAL, "sentences": SENTENCE_RULES, "chunk_size": chunk_size}


def stale_split(conn: Any, chunk_size: int) -> bool:
    """Whether the stored passages were split or analysed otherwise than this citeqa would at ``chunk_size`` (a
    store written before ``sentences`` and ``chunk_size`` were kept was split by the first sentence rules)."""
    found = dict(conn.execute("SELECT key, value FROM citeqa_meta").fetchall())
    found.setdefault("sentences", 1)
    return any(found.get(key) != value for key, value in split_settings(chunk_size).items()) \
        and bool(conn.execute("SELECT EXISTS (SELECT 1 FROM citeqa_documents)").fetchone()[0])


def mark_split(conn: Any, chunk_size: int) -> None:
    """Record that every stored passage is now split and analysed as ``split_settings(chunk_size)`` says."""
    with conn.transaction():
        for key, value in split_settings(chunk_size).items():
            conn.execute("INSERT INTO citeqa_meta (key, value) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE "
                         "SET value = EXCLUDED.value", (key, json.dumps(value)))


def stored_document(conn: Any, source: str) -> StoredDocument:
    """The stored document ``source``, as kept."""
    return document_of(conn.execute(f"SELECT {DOCUMENT} FROM citeqa_documents WHERE source = %s",
                                    (source,)).fetchone())


@contextmanager
def writing(url: str, model: str, dimension: int) -> Iterator[Any]:
    """A connection to write with: the schema created if missing, and the store's model checked (a store holds
    one model's vectors: ``IndexMismatchError`` for another)."""
    from pgvector.psycopg import register_vector

    conn = connect(url)
    try:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(hashtext('citeqa schema'))")
            conn.execute(_SCHEMA.format(dim=int(dimension)))
            # (a new store's split settings are recorded by the ingest that fills it: ``mark_split``)
            for key, value in (("model", model), ("dimension", dimension), ("analyzer", ANALYZER),
                               ("lexical", LEXICAL), ("version", 0), ("passages", 0), ("terms", 0)):
                conn.execute("INSERT INTO citeqa_meta (key, value) VALUES (%s, %s) ON CONFLICT (key) DO NOTHING",
                             (key, json.dumps(value)))
            found = dict(conn.execute("SELECT key, value FROM citeqa_meta").fetchall())
        register_vector(conn)
        if found.get("model") != model or int(found.get("dimension", 0)) != int(dimension):
            raise IndexMismatchError(f"the store {redacted(url)} holds vectors of model {found.get('model')!r} "
                                     f"({found.get('dimension')}-d), not {model!r}: use another database")
        yield conn
    finally:
        conn.close()


def stored_checksum(conn: Any, source: str) -> str | None:
    """The checksum of the stored document ``source`` (``None``: not stored)."""
    row = conn.execute("SELECT checksum FROM citeqa_documents WHERE source = %s", (source,)).fetchone()
    return row[0] if row else None


def stored_vectors(conn: Any, source: str) -> dict[str, np.ndarray]:
    """Passage id -> vector of the stored passages of ``source``, for a new version of it to reuse."""
    rows = conn.execute("SELECT id, embedding FROM citeqa_passages WHERE source = %s", (source,),
                        binary=True).fetchall()
    return {r[0]: array_of(r[1]) for r in rows}


def write_document(conn: Any, document: StoredDocument, passages: Sequence[Passage], vectors: np.ndarray) -> None:
    """Add or replace one document with its passages, vectors and postings, in one transaction."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (document.source,))
        before = _counted(conn, document.source)
        conn.execute("DELETE FROM citeqa_documents WHERE source = %s", (document.source,))
        conn.execute("INSERT INTO citeqa_documents (source, checksum, kind, text, pages) VALUES (%s, %s, %s, %s, %s)",
                     (document.source, document.checksum, document.kind, document.text,
                      json.dumps([list(p) for p in document.pages])))
        with conn.cursor() as cur:
            postings: list[tuple[str, str, int]] = []
            rows: list[tuple[Any, ...]] = []
            for ord_, (passage, vector) in enumerate(zip(passages, vectors, strict=True)):
                terms = analyze(passage.text) or [EMPTY]
                rows.append((passage.id, passage.source, ord_, passage.start, passage.end, passage.text,
                             json.dumps([list(s) for s in passage.sentences]), len(terms),
                             np.asarray(vector, dtype=np.float32)))
                postings.extend((term, passage.id, tf) for term, tf in Counter(terms).items())
            cur.executemany("INSERT INTO citeqa_passages (id, source, ord, start_at, end_at, text, sentences, length, "
                            "embedding) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)", rows)
            cur.executemany("INSERT INTO citeqa_postings (term, passage_id, tf) VALUES (%s, %s, %s)", postings)
        _bump(conn, len(passages) - before[0], sum(r[7] for r in rows) - before[1])
    note_write()


def delete_document(conn: Any, source: str) -> bool:
    """Remove one document and everything of it, in one transaction; False when it was not stored."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (source,))
        before = _counted(conn, source)
        gone = conn.execute("DELETE FROM citeqa_documents WHERE source = %s", (source,)).rowcount
        if gone:
            _bump(conn, -before[0], -before[1])
    note_write()
    return bool(gone)


def _counted(conn: Any, source: str) -> tuple[int, int]:
    """The passages of ``source`` and their terms, as stored."""
    row = conn.execute("SELECT count(*), coalesce(sum(length), 0) FROM citeqa_passages WHERE source = %s",
                       (source,)).fetchone()
    return int(row[0]), int(row[1])


def _bump(conn: Any, passages: int, terms: int) -> None:
    """One write more; ``passages`` more (or fewer) passages holding ``terms`` more terms (BM25's lengths)."""
    for key, delta in (("version", 1), ("passages", passages), ("terms", terms)):
        conn.execute("UPDATE citeqa_meta SET value = to_jsonb(value::text::bigint + %s) WHERE key = %s",
                     (delta, key))


def stored_sources(conn: Any) -> list[str]:
    """The source names of the stored documents, sorted."""
    return [r[0] for r in conn.execute('SELECT source FROM citeqa_documents ORDER BY source COLLATE "C"').fetchall()]


def counts(conn: Any) -> tuple[int, int]:
    """How many documents and passages the store holds."""
    row = conn.execute("SELECT (SELECT count(*) FROM citeqa_documents), (SELECT count(*) FROM citeqa_passages)"
                       ).fetchone()
    return int(row[0]), int(row[1])
