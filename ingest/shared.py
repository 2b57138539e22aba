"""Ingest into the shared PostgreSQL store (``CITEQA_STORE``): read, split and embed as ``ingest.pipeline`` does,
then write each document in its own transaction, so that other ingest workers and the serving replicas never see
half a document, and an interrupted ingest keeps every document it committed.

An unchanged document (same checksum) is left alone; a changed one reuses the vectors of its unchanged passages.
A store split or analysed by another citeqa (``postgres_write.stale_split``: its sentence rules, analyzer or passage
size) has every kept document split again from its stored text on the next ingest, as the index folder has.
Several workers may ingest into one store at once: writes to the same document are serialised by a lock on its
name inside the database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from citeqa.core.config import Settings, redacted
from citeqa.core.errors import DocumentError, NoDocumentsError
from citeqa.core.models import Passage
from citeqa.index import postgres, postgres_write
from citeqa.index.data import StoredDocument
from citeqa.index.embedder import Embedder
from citeqa.ingest.loader import discover, read_document
from citeqa.ingest.manage import remove
from citeqa.ingest.pipeline import IngestReport, document_passages, embed_in_batches, ingest
from citeqa.ingest.progress import Progress


def ingest_shared(
    paths: Iterable[Path], url: str, embedder: Embedder, chunk_size: int, batch_size: int = 32,
    progress: bool | None = None, on_skip: Callable[[DocumentError], None] | None = None, sync: bool = False,
) -> IngestReport:
    """Ingest ``paths`` (files or folders) into the store at ``url``; the report as ``ingest.pipeline.ingest``'s.
    With ``sync``, documents of the store that are not among ``paths`` are removed."""
    report = IngestReport(index_dir=redacted(url))
    unsupported: list[DocumentError] = []
    found = list(discover(paths, unsupported))
    for error in unsupported:
        report.skipped.append(error)
        if on_skip:
            on_skip(error)
    with postgres_write.writing(url, embedder.name, embedder.dimension) as conn:
        pending: list[tuple[StoredDocument, list[Passage], dict[str, np.ndarray]]] = []
        # split or analysed by another citeqa (its sentence rules, analyzer or passage size): every kept document
        # is split again from its stored text and written anew, its unchanged passages' vectors reused
        resplit = set(postgres_write.stored_sources(conn)) if postgres_write.stale_split(conn, chunk_size) else set()
        with Progress("reading", len(found), "files", progress) as shown:
            for path, source in found:
                shown.update()
                try:
                    doc = read_document(path, source)
                except DocumentError as exc:
                    report.skipped.append(exc)
                    if on_skip:
                        on_skip(exc)
                    continue
                old = postgres_write.stored_checksum(conn, source)
                if old == doc.checksum:
                    report.unchanged.append(source)
                    continue
                resplit.discard(source)
                (report.updated if old is not None else report.added).append(source)
                passages = document_passages(doc.text, source, doc.kind, chunk_size)
                stored = StoredDocument(source, doc.checksum, doc.kind, doc.text, doc.pages)
                pending.append((stored, passages, postgres_write.stored_vectors(conn, source) if old else {}))
        if sync:  # (what leaves the store is not split again first)
            resplit &= {source for _, source in found}
        for source in sorted(resplit):
            kept = postgres_write.stored_document(conn, source)
            pending.append((kept, document_passages(kept.text, source, kept.kind, chunk_size),
                            postgres_write.stored_vectors(conn, source)))
        pending.sort(key=lambda item: item[0].source)  # embedded in the order (and batches) the index folder has
        missing = [p for _, passages, known in pending for p in passages if p.id not in known]
        fresh = embed_in_batches(embedder, [p.text for p in missing], batch_size, progress)
        vectors = {p.id: fresh[i] for i, p in enumerate(missing)}
        report.embedded = len(missing)
        with Progress("writing", len(pending), "documents", progress) as shown:
            for stored, passages, known in pending:
                rows = np.asarray([known.get(p.id, vectors.get(p.id)) for p in passages], dtype=np.float32)
                postgres_write.write_document(conn, stored, passages, rows.reshape(len(passages), embedder.dimension))
                report.reused += sum(p.id in known for p in passages)
                shown.update()
        postgres_write.mark_split(conn, chunk_size)
        if sync:
            present = {source for _, source in found}
            for source in postgres_write.stored_sources(conn):
                if source not in present and postgres_write.delete_document(conn, source):
                    report.removed.append(source)
        report.documents, report.passages = postgres_write.counts(conn)
    if report.documents == 0:
        raise NoDocumentsError("no passages to index: every file was empty, unreadable or of a type citeqa does "
                               "not read (.txt, .md, .html, .pdf, .docx)")
    return report


def remove_shared(url: str, sources: list[str]) -> list[str]:
    """Remove the documents named ``sources`` from the store at ``url``; ``DocumentError`` names one it does not
    hold (and nothing is removed)."""
    conn = postgres.connect(url)
    try:
        held = set(postgres_write.stored_sources(conn))
        unknown = [s for s in sources if s not in held]
        if unknown:
            raise DocumentError(unknown[0], f"not in the store {redacted(url)} (see 'citeqa ls')")
        for source in sources:
            postgres_write.delete_document(conn, source)
    finally:
        conn.close()
    return sorted(sources)


def ingest_configured(
    settings: Settings, paths: list[Path], embedder: Embedder, progress: bool | None = None,
    on_skip: Callable[[DocumentError], None] | None = None, wait: bool = True,
    on_wait: Callable[[str], None] | None = None, sync: bool = False,
) -> IngestReport:
    """Ingest into the store ``settings`` name: the shared one (``CITEQA_STORE``) or the index folder."""
    if settings.store:
        return ingest_shared(paths, settings.store, embedder, settings.chunk_size, settings.batch_size, progress,
                             on_skip, sync)
    return ingest(paths, settings.resolved_index_dir(), embedder, settings.chunk_size, settings.batch_size,
                  progress, on_skip, wait, on_wait, sync)


def remove_configured(settings: Settings, sources: list[str], wait: bool = True,
                      on_wait: Callable[[str], None] | None = None) -> list[str]:
    """Remove documents from the store ``settings`` name (see ``ingest_configured``)."""
    if settings.store:
        return remove_shared(settings.store, sources)
    return remove(settings.resolved_index_dir(), sources, wait, on_wait)
