"""A folder of one document, ingested with the real model, for end-to-end answering tests."""

from __future__ import annotations

from pathlib import Path

from citeqa.answer.assistant import Assistant
from citeqa.core.config import load_settings
from citeqa.ingest.pipeline import ingest


def assistant_over(tmp_path: Path, embedder, name: str, text: str, abstains: bool = False) -> Assistant:
    """An assistant over a folder of one document ``name`` holding ``text``, abstaining never (or, with
    ``abstains``, at the shipped threshold)."""
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    (docs / name).write_text(text, encoding="utf-8")
    ingest([docs], tmp_path / "index", embedder, chunk_size=600)
    threshold = {} if abstains else {"abstain_threshold": 0.0}
    return Assistant.load(load_settings(index_dir=tmp_path / "index", **threshold), embedder)
