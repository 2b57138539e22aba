"""Ingest documents into an index: read, clean, split, embed (reusing vectors), write atomically."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from citeqa.core.errors import CiteqaError, DocumentError, NoDocumentsError
from citeqa.core.models import Passage
from citeqa.index import store
from citeqa.index.analyzer import ANALYZER
from citeqa.index.embedder import Embedder
from citeqa.index.lock import write_lock
from citeqa.ingest.cleaning import content_regions
from citeqa.ingest.loader import Document, discover, read_document
from citeqa.ingest.progress import Progress
from citeqa.ingest.splitter import split_document

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    """What an ingest did, document by document."""

    index_dir: Path | str  # the index folder, or the shared store's URL without its password
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[DocumentError] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    passages: int = 0
    documents: int = 0
    embedded: int = 0
    reused: int = 0


def _previous(index_dir: Path, model: str) -> store.IndexData | None:
    """The index's live version, whose documents the new one keeps. The lexical index is rebuilt on every ingest,
    so one built with another analyzer still lends its vectors; one built with another model lends only its
    documents, which are embedded again."""
    if not store.exists(index_dir):
        return None
    try:
        data = store.load(index_dir, check_analyzer=False)
    except CiteqaError as exc:
        log.warning("previous index at %s not reused: %s", index_dir, exc)
        return None
    if data.manifest.get("model") != model:
        log.warning("the index at %s was built with model %r: its %d document(s) are kept and embedded again with "
                    "%r", index_dir, data.manifest.get("model"), len(data.documents), model)
    return data


def document_passages(text: str, source: str, kind: str, chunk_size: int) -> list[Passage]:
    """A document's passages: its content regions split into whole sentences."""
    return split_document(text, source, content_regions(text, kind), chunk_size)


def embed_in_batches(
    embedder: Embedder, texts: list[str], batch_size: int, progress: bool | None = None
) -> np.ndarray:
    """Embed ``texts`` batch by batch, showing progress (``progress``: see ``Progress``'s ``bar``)."""
    chunks = []
    with Progress("embedding", len(texts), "passages", progress) as shown:
        for i in range(0, len(texts), batch_size):
            batch = texts[i : i + batch_size]
            chunks.append(embedder.embed(batch))
            shown.update(len(batch))
    if not chunks:
        return np.zeros((0, embedder.dimension), dtype=np.float32)
    return np.vstack(chunks).astype(np.float32)


def ingest(
    paths: Iterable[Path],
    index_dir: Path,
    embedder: Embedder,
    chunk_size: int,
    batch_size: int = 32,
    progress: bool | None = None,
    on_skip: Callable[[DocumentError], None] | None = None,
    wait: bool = True,
    on_wait: Callable[[str], None] | None = None,
    sync: bool = False,
) -> IngestReport:
    """Ingest ``paths`` (files or folders) into ``index_dir``, keeping documents already indexed there.

    Unreadable files are reported in ``IngestReport.skipped`` (and to ``on_skip``) and the rest ingested.
    Raises ``NoDocumentsError`` when nothing could be read and the index would be empty. One ingest writes to an
    index at a time: another one waits for it (``on_wait`` is told the writer's pid), or with ``wait=False``
    raises ``IndexBusyError``. With ``sync``, the index keeps only the documents found in ``paths``: those no
    longer there are removed (``IngestReport.removed``); a file still there but unreadable keeps its old version.
    """
    with write_lock(index_dir, wait, on_wait):
        return _ingest(paths, index_dir, embedder, chunk_size, batch_size, progress, on_skip, sync)


def _ingest(
    paths: Iterable[Path], index_dir: Path, embedder: Embedder, chunk_size: int, batch_size: int,
    progress: bool | None, on_skip: Callable[[DocumentError], None] | None, sync: bool,
) -> IngestReport:
    report = IngestReport(index_dir=index_dir)
    previous = _previous(index_dir, embedder.name)
    documents: dict[str, store.StoredDocument] = dict(previous.documents) if previous else {}
    passages_by_source: dict[str, list[Passage]] = {}
    if previous and store.same_split(previous.manifest, chunk_size):
        for passage in previous.passages:
            passages_by_source.setdefault(passage.source, []).append(passage)
    elif previous:
        # another analyzer version (its terms, or where its sentences end) or passage size: split the kept
        # documents again; the passages' vectors are still reused wherever a passage's text is unchanged
        for stored in previous.documents.values():
            passages_by_source[stored.source] = document_passages(stored.text, stored.source, stored.kind, chunk_size)

    unsupported: list[DocumentError] = []
    found = list(discover(paths, unsupported))
    for error in unsupported:  # named, never passed over in silence
        report.skipped.append(error)
        if on_skip:
            on_skip(error)
    with Progress("reading", len(found), "files", progress) as shown:
        for path, source in found:
            shown.update()
            try:
                doc: Document = read_document(path, source)
            except DocumentError as exc:
                report.skipped.append(exc)
                if on_skip:
                    on_skip(exc)
                continue
            old = documents.get(source)
            if old is not None and old.checksum == doc.checksum and source in passages_by_source:
                report.unchanged.append(source)
                continue
            (report.updated if old is not None else report.added).append(source)
            documents[source] = store.StoredDocument(source, doc.checksum, doc.kind, doc.text, doc.pages)
            passages_by_source[source] = document_passages(doc.text, source, doc.kind, chunk_size)

    if sync:  # what vanished from the folders given leaves the index
        present = {source for _, source in found}
        for source in sorted(set(documents) - present):
            documents.pop(source)
            passages_by_source.pop(source, None)
            report.removed.append(source)
    passages = [p for source in sorted(passages_by_source) for p in passages_by_source[source]]
    if not passages:
        raise NoDocumentsError("no passages to index: every file was empty, unreadable or of a type citeqa does "
                               "not read (.txt, .md, .html, .pdf, .docx)")

    old_vectors: dict[str, np.ndarray] = {}
    if previous and previous.manifest.get("model") == embedder.name:
        old_vectors = {p.id: previous.vectors[i] for i, p in enumerate(previous.passages)}
    missing = [p for p in passages if p.id not in old_vectors]
    fresh = embed_in_batches(embedder, [p.text for p in missing], batch_size, progress)
    old_vectors.update({p.id: fresh[i] for i, p in enumerate(missing)})
    vectors = np.vstack([old_vectors[p.id] for p in passages]).astype(np.float32)
    report.embedded, report.reused = len(missing), len(passages) - len(missing)

    kept_docs = [documents[s] for s in sorted(passages_by_source)]
    manifest = {
        "format_version": store.FORMAT_VERSION,
        "model": embedder.name,
        "dimension": int(embedder.dimension),
        "splitter": {"name": "langchain RecursiveCharacterTextSplitter", "chunk_size": chunk_size,
                     "chunk_overlap": 0, "sentences": store.SENTENCE_RULES},
        "analyzer": ANALYZER,
        "lexical": store.LEXICAL,
        "documents": {d.source: {"checksum": d.checksum, "kind": d.kind} for d in kept_docs},
        "passages": len(passages),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    reusable, stems = None, None
    if previous is not None and store.same_terms(previous.manifest):
        reusable, stems = previous.saved_terms(), previous.saved_stems()
    data = store.build_index_data(manifest, kept_docs, passages, vectors, reusable, stems)
    store.save(index_dir, data)
    report.passages, report.documents = len(passages), len(kept_docs)
    return report
