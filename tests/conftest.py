"""Shared fixtures: settings pointing the data dir at tmp_path, the real model, a built article index."""

from __future__ import annotations

from pathlib import Path

import pytest

from citeqa.answer.assistant import Assistant
from citeqa.core.config import BUNDLED_CORPUS, Settings, load_settings
from citeqa.index.embedder import SentenceTransformerEmbedder, load_embedder

ARTICLE = next(BUNDLED_CORPUS.glob("*.txt"))


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the user's data dir."""
    monkeypatch.setenv("CITEQA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CITEQA_INDEX_DIR", raising=False)
    monkeypatch.delenv("CITEQA_API_KEY", raising=False)
    monkeypatch.delenv("CITEQA_STORE", raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(data_dir=tmp_path / "data")


@pytest.fixture(scope="session")
def embedder() -> SentenceTransformerEmbedder:
    """The real bundled model with its shipped adapter (as configured by default), loaded once per session."""
    return load_embedder(load_settings())


@pytest.fixture(scope="session")
def article_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return load_settings(data_dir=tmp_path_factory.mktemp("article-data"))


@pytest.fixture(scope="session")
def assistant(article_settings: Settings, embedder: SentenceTransformerEmbedder) -> Assistant:
    """The assistant over the bundled article's default index, built on first use."""
    return Assistant.load(article_settings, embedder)


@pytest.fixture(scope="session")
def article_text() -> str:
    return ARTICLE.read_text(encoding="utf-8")
