"""Read and write an index folder atomically.

Layout: ``<index>/CURRENT`` names the live version folder ``<index>/versions/<id>/`` holding
``manifest.json``, ``documents.jsonl``, the passage table ``passages.npz`` with their texts ``texts.bin``
(``citeqa.index.table``; format 1 had ``passages.jsonl`` instead, still read), ``vectors.npy``, ``dense.faiss`` and
``lexical/``. A new version is written completely, then ``CURRENT`` is replaced in one ``os.replace``,
so an interrupted ingest leaves the previous index loadable.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from citeqa.core import threads
from citeqa.core.errors import CorruptIndexError, IndexMismatchError, IndexMissingError, IndexWriteError
from citeqa.index.analyzer import ANALYZER
from citeqa.index.data import LEXICAL, IndexData, StoredDocument, build_index_data, dense_index, spread
from citeqa.index.table import document_of, read_rows

__all__ = ["LEXICAL", "IndexData", "StoredDocument", "build_index_data", "exists", "load", "save"]

log = logging.getLogger(__name__)
FORMAT_VERSION = 2  # 2: passages as a table (``citeqa.index.table``); 1: as ``passages.jsonl``, still read
# Where sentences end (``ingest.splitter.sentence_spans``), recorded in the manifest: 1, at . ! ? unless an
# abbreviation precedes a lowercase word; 2, nor after a title or a name's initial ("Mr. Budi", "John F. Kennedy");
# 3, nor after a list item's number ("1. The board approved …") nor at the end of a line that ends with a comma, and a
# heading that ended a passage opens the next; 4, nor at the end of a line that a text file wrapped (``splitter.wraps``:
# "kerja bakti pada Sabtu, 22 Maret\n2025, pukul 07.00." in a Markdown file filled to its width); 5, and always
# between a table's rows, lines with " | " (a DOCX's or a PDF's table: "Cuti tahunan | 12 hari\ncuti sakit | …").
# An index split by other rules is split again on its next ingest (its vectors reused where a passage is unchanged).
SENTENCE_RULES = 5
READS = (1, 2)
FULL_CHECK_BELOW = 100_000  # passages: a smaller index is checked whole against its documents when loaded


def _write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> list[int]:
    """Write one JSON row per line; returns where each row starts in bytes, and the file's end."""
    offsets = [0]
    with path.open("wb") as handle:
        for row in rows:
            line = (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")
            handle.write(line)
            offsets.append(offsets[-1] + len(line))
    return offsets


def save(index_dir: Path, data: IndexData) -> Path:
    """Write ``data`` as a new version of ``index_dir`` and make it current; returns the version folder. Call it
    holding the index's write lock (``citeqa.index.lock``): it clears what a crashed writer left behind first.
    ``IndexWriteError`` (disk full, read-only folder) leaves the live version as it was and nothing half-written."""
    versions = index_dir / "versions"
    try:
        versions.mkdir(parents=True, exist_ok=True)
        for stale in versions.glob(".tmp-*"):  # no other writer holds the lock: these are a crashed one's
            shutil.rmtree(stale, ignore_errors=True)
        for pointer in index_dir.glob(".CURRENT.*"):  # likewise a pointer it wrote but was killed before renaming
            pointer.unlink(missing_ok=True)
        version = versions / uuid.uuid4().hex
        tmp = versions / f".tmp-{version.name}"
        tmp.mkdir()
    except OSError as exc:
        raise IndexWriteError(f"cannot write the index at {index_dir}: {exc.strerror or exc}") from exc
    try:
        return _write_version(index_dir, data, versions, version, tmp)
    except (OSError, RuntimeError) as exc:  # FAISS reports a failed write as a RuntimeError
        shutil.rmtree(tmp, ignore_errors=True)
        reason = getattr(exc, "strerror", None) or exc
        raise IndexWriteError(f"cannot write the index at {index_dir}: {reason}; the live version is unchanged") \
            from exc


def _write_version(index_dir: Path, data: IndexData, versions: Path, version: Path, tmp: Path) -> Path:
    import faiss

    sources = list(data.documents)
    offsets = _write_jsonl(tmp / "documents.jsonl", (data.documents[s].__dict__ for s in sources))
    data.passages.save(tmp, sources, offsets)
    np.save(tmp / "vectors.npy", np.asarray(data.vectors, dtype=np.float32))
    dense = data.dense  # (a loaded big one is split in shards, which FAISS cannot write: built again, whole)
    if isinstance(dense, faiss.IndexShards):
        dense = dense_index(data.vectors, int(data.manifest["dimension"]))
    faiss.write_index(dense, str(tmp / "dense.faiss"))
    (tmp / "lexical").mkdir()
    data.lexical.save(tmp / "lexical")
    manifest = dict(data.manifest, format_version=FORMAT_VERSION)  # (one read from an older version's files)
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    os.replace(tmp, version)
    pointer = index_dir / f".CURRENT.{uuid.uuid4().hex}"
    pointer.write_text(version.name)
    os.replace(pointer, index_dir / "CURRENT")
    _cleanup(versions, keep=version.name)
    return version


def _cleanup(versions: Path, keep: str) -> None:
    """Remove every version but ``keep``, except one a reader is loading (a later write removes it)."""
    for child in versions.iterdir():
        if child.name == keep:
            continue
        try:
            descriptor = os.open(child / "manifest.json", os.O_RDONLY)
        except OSError:  # a temporary folder or a broken version: nobody can be reading it
            shutil.rmtree(child, ignore_errors=True)
            continue
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue
        else:
            shutil.rmtree(child, ignore_errors=True)
        finally:
            os.close(descriptor)


@contextmanager
def _reading(version: Path) -> Iterator[bool]:
    """Hold a shared lock on ``version`` while it is read, so that no writer's cleanup removes it meanwhile;
    yields False when it is gone already."""
    try:
        descriptor = os.open(version / "manifest.json", os.O_RDONLY)
    except OSError:
        yield False
        return
    try:
        fcntl.flock(descriptor, fcntl.LOCK_SH)
        yield version.is_dir()
    finally:
        os.close(descriptor)


def exists(index_dir: Path) -> bool:
    """True when ``index_dir`` holds a current version."""
    return (index_dir / "CURRENT").is_file()


def current_version(index_dir: Path) -> Path:
    """The live version folder of ``index_dir``."""
    if not exists(index_dir):
        raise IndexMissingError(f"no index at {index_dir}: run 'citeqa ingest PATH --index {index_dir}'")
    name = (index_dir / "CURRENT").read_text().strip()
    version = index_dir / "versions" / name
    if not name or not version.is_dir():
        raise CorruptIndexError(f"index at {index_dir} points to a missing version {name!r}")
    return version


def read_manifest(index_dir: Path) -> dict[str, Any]:
    """The manifest of the live version."""
    return _manifest_of(index_dir, current_version(index_dir))


def _manifest_of(index_dir: Path, version: Path) -> dict[str, Any]:
    path = version / "manifest.json"
    try:
        manifest: dict[str, Any] = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise CorruptIndexError(f"cannot read {path}: {exc}") from exc
    if manifest.get("format_version") not in READS:
        raise IndexMismatchError(
            f"index at {index_dir} has format {manifest.get('format_version')!r}, this citeqa reads formats "
            f"{', '.join(map(str, READS))}: re-run 'citeqa ingest'"
        )
    return manifest


def load_documents(index_dir: Path) -> dict[str, StoredDocument]:
    """Only the documents of the live version of ``index_dir`` (source -> document), without vectors or model."""
    read_manifest(index_dir)
    path = current_version(index_dir) / "documents.jsonl"
    try:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        return {row["source"]: document_of(row) for row in rows}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CorruptIndexError(f"index at {index_dir} is damaged ({type(exc).__name__}: {exc})") from exc


def load(
    index_dir: Path, expected_model: str | None = None, check_analyzer: bool = True,
    expected_chunk_size: int | None = None,
) -> IndexData:
    """Load the live version of ``index_dir``; check it is whole, built with ``expected_model``, split into
    passages of ``expected_chunk_size`` (when given) and (with ``check_analyzer``) with this citeqa's text analyzer
    and BM25 parameters, whose terms and scores its lexical index holds. The version is locked for reading while
    it loads; one replaced and removed just before is followed to the new one."""
    for attempt in range(3):
        version = current_version(index_dir)
        with _reading(version) as present:
            if present or attempt == 2:
                return _load(index_dir, version, expected_model, check_analyzer, expected_chunk_size)
    raise CorruptIndexError(f"index at {index_dir} kept changing while it was read")  # pragma: no cover


def chunk_size_of(manifest: dict[str, Any]) -> int | None:
    """The passage size an index was split with (``None`` if its manifest does not say)."""
    size = (manifest.get("splitter") or {}).get("chunk_size")
    return size if isinstance(size, int) else None


def same_terms(manifest: dict[str, Any]) -> bool:
    """Whether an index's lexical side is built as this citeqa builds it: its analyzer and BM25 parameters (an
    index from before the parameters were recorded had these)."""
    return manifest.get("analyzer") == ANALYZER and manifest.get("lexical", LEXICAL) == LEXICAL


def same_split(manifest: dict[str, Any], chunk_size: int) -> bool:
    """Whether an index's passages end where this citeqa would end them at ``chunk_size``: its analyzer version,
    the rules of its sentence ends (``SENTENCE_RULES``) and passage size."""
    splitter = manifest.get("splitter") or {}
    return manifest.get("analyzer") == ANALYZER and splitter.get("sentences", 1) == SENTENCE_RULES \
        and chunk_size_of(manifest) in (chunk_size, None)


def built_as_now(index_dir: Path, chunk_size: int, model: str | None = None) -> bool:
    """Whether ``index_dir`` holds an index as this citeqa would build it at ``chunk_size`` (and with ``model``,
    where given): its terms (``same_terms``) and its passages (``same_split``); one from an earlier release is built
    again by its owner (the bundled article's, a benchmark's) rather than refused at load."""
    if not exists(index_dir):
        return False
    manifest = read_manifest(index_dir)
    return same_terms(manifest) and same_split(manifest, chunk_size) and model in (None, manifest.get("model"))


def _load(
    index_dir: Path, version: Path, expected_model: str | None, check_analyzer: bool, expected_chunk_size: int | None
) -> IndexData:
    import faiss

    from citeqa.index.lexical import LexicalIndex

    manifest = _manifest_of(index_dir, version)
    if check_analyzer and manifest.get("analyzer") != ANALYZER:
        raise IndexMismatchError(
            f"index at {index_dir} was built with analyzer {manifest.get('analyzer')!r}, this citeqa uses "
            f"{ANALYZER!r}: re-run 'citeqa ingest' on its documents (vectors are reused)"
        )
    if check_analyzer and manifest.get("lexical", LEXICAL) != LEXICAL:  # (absent: written before it was recorded)
        raise IndexMismatchError(
            f"index at {index_dir} was built with BM25 {manifest.get('lexical')!r}, this citeqa uses {LEXICAL!r}: "
            "re-run 'citeqa ingest' on its documents (vectors are reused)"
        )
    built = chunk_size_of(manifest)
    if expected_chunk_size is not None and built is not None and built != expected_chunk_size:
        raise IndexMismatchError(
            f"index at {index_dir} was split into passages of {built} characters but CITEQA_CHUNK_SIZE is "
            f"{expected_chunk_size}: re-run 'citeqa ingest' on its documents to split them again (unchanged text "
            f"keeps its vectors), or set CITEQA_CHUNK_SIZE={built}"
        )
    if expected_model is not None and manifest.get("model") != expected_model:
        raise IndexMismatchError(
            f"index at {index_dir} was built with model {manifest.get('model')!r} but {expected_model!r} "
            "is configured: re-ingest, or set CITEQA_MODEL and CITEQA_EMBEDDING_ADAPTER to match"
        )
    try:
        documents, passages = read_rows(version)
        vectors = np.load(version / "vectors.npy", mmap_mode="r")
        dense = spread(faiss.read_index(str(version / "dense.faiss")), min(4, threads.budget()))
        lexical = LexicalIndex.load(version / "lexical", len(passages), stems=manifest.get("analyzer") == ANALYZER)
    except (OSError, ValueError, KeyError, TypeError, RuntimeError, EOFError) as exc:
        raise CorruptIndexError(f"index at {index_dir} is damaged ({type(exc).__name__}: {exc})") from exc
    dimension = manifest.get("dimension")
    if not isinstance(dimension, int) or dimension <= 0:
        raise CorruptIndexError(f"index at {index_dir} is damaged: its manifest gives no dimension ({dimension!r})")
    if vectors.shape != (len(passages), dimension) or dense.ntotal != len(passages):
        raise CorruptIndexError(
            f"index at {index_dir} is inconsistent: {len(passages)} passages, vectors {vectors.shape}, "
            f"FAISS holds {dense.ntotal}"
        )
    if not _finite(version / "vectors.npy", vectors):
        raise CorruptIndexError(f"index at {index_dir} is damaged: some vectors are not finite numbers (NaN)")
    try:
        vector_file = (version / "vectors.npy").open("rb", buffering=0)
    except OSError as exc:
        raise CorruptIndexError(f"index at {index_dir} is damaged: {exc}") from exc
    data = IndexData(manifest, documents, passages, vectors, dense, lexical, folder=version, vector_file=vector_file)
    if len(passages) < FULL_CHECK_BELOW:  # a bigger one checks each passage against its id when it is read
        for passage in passages:
            doc = data.documents.get(passage.source)
            if doc is None or doc.text[passage.start:passage.end] != passage.text:
                raise CorruptIndexError(f"index at {index_dir}: passage {passage.id} does not match its source")
    return data


def _finite(path: Path, vectors: np.memmap) -> bool:
    """Whether every number of ``vectors``, memory-mapped from the ``.npy`` file at ``path``, is finite, read from
    the file in blocks outside the map (so that checking does not keep a million vectors resident)."""
    width = vectors.shape[1] if vectors.ndim == 2 else 1
    rows = max(1, 2**22 // width)
    with path.open("rb") as handle:
        handle.seek(vectors.offset)
        for _ in range(0, len(vectors), rows):
            if not np.isfinite(np.frombuffer(handle.read(rows * width * vectors.itemsize), dtype=vectors.dtype)).all():
                return False
    return True
