"""A small in-memory store of one text, for reader and extractor tests that need no embedding model."""

from __future__ import annotations

import numpy as np

from citeqa.core.models import Passage
from citeqa.index.data import IndexData, StoredDocument, build_index_data


def text_store(source: str, text: str, spans: list[tuple[int, int]]) -> IndexData:
    """The embedded store holding ``text`` as ``source``, one passage per span (zero vectors: no dense side)."""
    passages = [Passage(source, s, e, text[s:e]) for s, e in spans]
    document = StoredDocument(source, "-", "text", text)
    return build_index_data({"dimension": 4}, [document], passages, np.zeros((len(passages), 4), np.float32))
