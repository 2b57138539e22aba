"""The default index: the bundled article's, built on first use and rebuilt when the model or the chunk size
changes (an upgrade needs new vectors)."""

from __future__ import annotations

import logging
from pathlib import Path

from citeqa.core.config import BUNDLED_CORPUS, Settings
from citeqa.index import store
from citeqa.index.embedder import Embedder

progress = logging.getLogger("citeqa.progress")  # one-time work the CLI shows at its default verbosity


def ensure_index(settings: Settings, embedder: Embedder) -> Path:
    """The index to use; the default index of the bundled article is built on first use."""
    index_dir = settings.resolved_index_dir()
    if not settings.uses_default_index():
        return index_dir
    # the bundled article's index is ours to rebuild: an upgrade or another model needs new vectors
    built = store.exists(index_dir)
    if not store.built_as_now(index_dir, settings.chunk_size, embedder.name):
        from citeqa.ingest.pipeline import ingest  # (splitters and readers: not imported just to answer)

        progress.info("%s the default index of the bundled article at %s for model %s",
                      "rebuilding" if built else "building", index_dir, embedder.name)
        ingest([BUNDLED_CORPUS], index_dir, embedder, settings.chunk_size, settings.batch_size)
    return index_dir
