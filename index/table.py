"""An index version's passages and documents as columns and files, not as a Python object per passage.

A ``PassageTable`` holds each passage's id, document, offsets and sentence bounds in numpy arrays and the passages'
texts in one UTF-8 blob (bytes in memory, or a file read range by range); a ``Passage`` is made when one is asked
for. A ``DocumentFile`` reads a document's row of ``documents.jsonl`` when it is asked for and keeps the last few.
An index of a million passages then costs about 150 bytes per passage in memory beyond its vectors and lexical
index (a ``Passage`` object per passage, its text and its document's text cost several KB).

A version folder holds them as ``passages.npz`` and ``texts.bin`` beside ``documents.jsonl``; ``read_rows`` reads a
version written before them (format 1) from ``passages.jsonl``.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

import numpy as np

from citeqa.core.errors import CorruptIndexError
from citeqa.core.models import Passage, passage_id

if TYPE_CHECKING:
    from citeqa.index.data import StoredDocument

TABLE = "passages.npz"
TEXTS = "texts.bin"


class FileBytes:
    """Byte ranges of a file kept open, each read with ``os.pread`` (readable after the file is removed; and no
    memory map, whose read-around would keep tens of KB resident around every passage read: 280 MB of a million
    passages' texts after 40 questions)."""

    def __init__(self, path: Path) -> None:
        self.file = path.open("rb", buffering=0)
        self.size = os.fstat(self.file.fileno()).st_size

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, part: slice) -> bytes:
        start, stop, _ = part.indices(self.size)
        return os.pread(self.file.fileno(), max(0, stop - start), start)

    def __bytes__(self) -> bytes:
        return self[0:self.size]


class PassageTable(Sequence[Passage]):
    """Passages by position, made on demand from columns; ``verify``: check each one's id against its content
    (a table read from disk, so that a damaged file is never quoted)."""

    def __init__(self, columns: dict[str, np.ndarray], sources: list[str], texts: FileBytes | bytes,
                 verify: bool = False) -> None:
        self.ids: np.ndarray = columns["ids"]
        self.document: np.ndarray = columns["document"]
        self.starts: np.ndarray = columns["starts"]
        self.ends: np.ndarray = columns["ends"]
        self.text_at: np.ndarray = columns["text_at"]
        self.sentence_at: np.ndarray = columns["sentence_at"]
        self.sentences: np.ndarray = columns["sentences"]
        self.sources = sources
        self.texts = texts
        self.verify = verify
        self._sorted = np.argsort(self.ids, kind="stable")
        self._by_document = np.argsort(self.document, kind="stable")
        self._document_at = np.searchsorted(self.document[self._by_document], np.arange(len(sources) + 1))
        self._source_index = {source: i for i, source in enumerate(sources)}

    @classmethod
    def of(cls, passages: Sequence[Passage], sources: list[str]) -> PassageTable:
        """A table of ``passages``, whose sources are among ``sources``."""
        index = {source: i for i, source in enumerate(sources)}
        encoded = [p.text.encode("utf-8") for p in passages]
        spans = [s for p in passages for s in p.sentences]
        columns = {
            "ids": np.array([p.id.encode("ascii") for p in passages], dtype=np.bytes_),
            "document": np.array([index[p.source] for p in passages], dtype=np.int32),
            "starts": np.array([p.start for p in passages], dtype=np.int64),
            "ends": np.array([p.end for p in passages], dtype=np.int64),
            "text_at": np.concatenate([[0], np.cumsum([len(e) for e in encoded], dtype=np.int64)]).astype(np.int64),
            "sentence_at": np.concatenate([[0], np.cumsum([len(p.sentences) for p in passages])]).astype(np.int64),
            "sentences": np.array(spans, dtype=np.int64).reshape(-1, 2),
        }
        return cls(columns, list(sources), b"".join(encoded))

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, i: int) -> Passage: ...

    @overload
    def __getitem__(self, i: slice) -> list[Passage]: ...

    def __getitem__(self, i: int | slice) -> Passage | list[Passage]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        text = self.texts[int(self.text_at[i]):int(self.text_at[i + 1])].decode("utf-8")
        spans = self.sentences[int(self.sentence_at[i]):int(self.sentence_at[i + 1])].tolist()
        source, start, end, found = self.sources[int(self.document[i])], int(self.starts[i]), int(self.ends[i]), \
            self.id_at(i)
        if self.verify and passage_id(source, start, end, text) != found:
            raise CorruptIndexError(f"passage {found} is damaged: its text does not match its id")
        return Passage(source, start, end, text, tuple((a, b) for a, b in spans), found)

    def __iter__(self) -> Iterator[Passage]:
        return (self[i] for i in range(len(self)))

    def id_at(self, i: int) -> str:
        """The id of the passage at position ``i``."""
        return bytes(self.ids[i]).decode("ascii")

    def position(self, passage: str) -> int | None:
        """The position of the passage with id ``passage`` (``None`` when there is none)."""
        key = passage.encode("ascii", errors="replace")
        at = int(np.searchsorted(self.ids, key, sorter=self._sorted))
        if at < len(self) and self.ids[self._sorted[at]] == key:
            return int(self._sorted[at])
        return None

    def positions_of(self, source: str) -> list[int]:
        """The positions of the passages of the document ``source``, in order."""
        i = self._source_index.get(source)
        if i is None:
            return []
        return sorted(self._by_document[self._document_at[i]:self._document_at[i + 1]].tolist())

    def save(self, folder: Path, sources: list[str], offsets: list[int]) -> None:
        """Write ``TABLE`` and ``TEXTS`` into ``folder``; ``sources`` and ``offsets``: the documents' names and
        where their rows start in ``documents.jsonl`` (one more offset: its end)."""
        row = {source: i for i, source in enumerate(sources)}
        document = np.array([row[s] for s in self.sources], dtype=np.int32)[self.document] if len(self) else \
            self.document
        np.savez(folder / TABLE, ids=self.ids, document=document, starts=self.starts, ends=self.ends,
                 text_at=self.text_at, sentence_at=self.sentence_at, sentences=self.sentences,
                 document_sources=np.array(sources, dtype=np.str_), document_offsets=np.array(offsets, np.int64))
        with (folder / TEXTS).open("wb") as handle:
            handle.write(bytes(self.texts))

    @classmethod
    def load(cls, folder: Path) -> tuple[PassageTable, DocumentFile]:
        """The table and the documents a version folder holds (``OSError``, ``ValueError`` or ``KeyError`` when
        the files are missing or damaged)."""
        with np.load(folder / TABLE, allow_pickle=False) as found:
            columns = {key: found[key] for key in found.files}
        sources = [str(s) for s in columns.pop("document_sources")]
        offsets = columns.pop("document_offsets")
        texts = FileBytes(folder / TEXTS)
        if len(offsets) != len(sources) + 1 or (len(columns["text_at"]) and columns["text_at"][-1] > len(texts)):
            raise ValueError("the passage table does not match its files")
        return cls(columns, sources, texts, verify=True), DocumentFile(folder / "documents.jsonl", sources, offsets)


class DocumentFile(Mapping[str, "StoredDocument"]):
    """The documents of ``documents.jsonl`` by source, each read (and the last 64 kept) when asked for."""

    def __init__(self, path: Path, sources: list[str], offsets: np.ndarray) -> None:
        self.path = path
        self.rows = {source: i for i, source in enumerate(sources)}
        self.offsets = offsets
        self.data = FileBytes(path)
        self._lock = threading.Lock()
        self._read = lru_cache(maxsize=64)(self._parse)

    def _parse(self, row: int) -> StoredDocument:
        try:
            found = json.loads(self.data[int(self.offsets[row]):int(self.offsets[row + 1])].decode("utf-8"))
            return document_of(found)
        except (ValueError, KeyError, TypeError) as exc:
            raise CorruptIndexError(f"document row {row} of {self.path} is damaged: {exc}") from exc

    def __getitem__(self, source: str) -> StoredDocument:
        row = self.rows[source]
        with self._lock:
            return self._read(row)

    def __contains__(self, source: Any) -> bool:
        return source in self.rows

    def __iter__(self) -> Iterator[str]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def document_of(row: dict[str, Any]) -> StoredDocument:
    """The document of a row of ``documents.jsonl`` (``pages`` absent in an index written before pages were kept)."""
    from citeqa.index.data import StoredDocument  # (data imports this module)

    pages = tuple((int(start), int(number)) for start, number in row.pop("pages", ()))
    return StoredDocument(**row, pages=pages)


def read_rows(version: Path) -> tuple[Mapping[str, StoredDocument], PassageTable]:
    """The documents and passages of a version folder: from its passage table (documents read as needed), or
    from ``passages.jsonl`` for a version written before tables were."""
    if (version / TABLE).is_file():
        table, documents = PassageTable.load(version)
        return documents, table
    loaded = [document_of(json.loads(line)) for line in
              (version / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    passages = []
    for line in (version / "passages.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        passages.append(Passage(source=row["source"], start=row["start"], end=row["end"], text=row["text"],
                                sentences=tuple(tuple(s) for s in row["sentences"]), id=row["id"]))
    return {d.source: d for d in loaded}, PassageTable.of(passages, [d.source for d in loaded])
