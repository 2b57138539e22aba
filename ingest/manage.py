"""Look after an index's documents: list them, remove some (``citeqa ls``, ``citeqa rm``).

Removing keeps every other passage and its vector as it is and rebuilds the FAISS and BM25 indexes from them, under
the index's write lock, as a new version (readers keep the one they loaded).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from citeqa.core.errors import DocumentError, NoDocumentsError
from citeqa.index import store
from citeqa.index.contract import PassageStore
from citeqa.index.lock import write_lock


@dataclass(frozen=True)
class Listed:
    """One indexed document: its source name, kind, passages and characters."""

    source: str
    kind: str
    passages: int
    chars: int


def listing(index_dir: Path) -> list[Listed]:
    """The documents of the index, by source name."""
    return listing_of(store.load(index_dir, check_analyzer=False))


def listing_of(found: PassageStore) -> list[Listed]:
    """The documents of any store (the shared one included), by source name."""
    listed = []
    for source in found.sources():
        document = found.document(source)
        listed.append(Listed(source, document.kind, len(found.passages_of(source)), len(document.text)))
    return listed


def remove(index_dir: Path, sources: Sequence[str], wait: bool = True,
           on_wait: Callable[[str], None] | None = None) -> list[str]:
    """Remove the documents named ``sources`` (as ``listing`` names them) from the index; returns them.
    ``DocumentError`` names a source the index does not hold (and nothing is removed); ``NoDocumentsError`` when
    nothing would be left (delete the index folder instead)."""
    with write_lock(index_dir, wait, on_wait):
        data = store.load(index_dir)
        unknown = [s for s in sources if s not in data.documents]
        if unknown:
            near = ", ".join(sorted(data.documents)[:5])
            raise DocumentError(unknown[0], f"not in the index at {index_dir} (it holds {near}…; see 'citeqa ls')")
        gone = set(sources)
        keep = [i for i, p in enumerate(data.passages) if p.source not in gone]
        if not keep:
            raise NoDocumentsError(f"removing {len(gone)} document(s) would leave the index at {index_dir} empty; "
                                   "delete the folder instead")
        documents = [d for s, d in sorted(data.documents.items()) if s not in gone]
        manifest = {**data.manifest, "documents": {d.source: {"checksum": d.checksum, "kind": d.kind}
                                                   for d in documents},
                    "passages": len(keep), "created": datetime.now(UTC).isoformat(timespec="seconds")}
        passages = [data.passages[i] for i in keep]
        store.save(index_dir, store.build_index_data(manifest, documents, passages, data.vectors[keep],
                                                     data.saved_terms(), data.saved_stems()))
        return sorted(gone)
