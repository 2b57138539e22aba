from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from citeqa.answer.assistant import Assistant
from citeqa.core.config import BUNDLED_MODEL, Settings
from citeqa.core.errors import ConfigError, IndexMismatchError
from citeqa.index import store
from citeqa.index.embedder import ADAPTER, SentenceTransformerEmbedder, adapter_name, resolve_adapter

# written for this test only: Indonesian questions and the sentence that answers each, among distractors
PAIRS = [
    ("Siapa yang memimpin rapat desa kemarin?", "Rapat desa kemarin dipimpin oleh kepala desa Budi Santoso."),
    ("Berapa harga beras di pasar Minggu?", "Di pasar Minggu, beras dijual seharga 12.000 rupiah per kilogram."),
    ("Kapan jembatan baru itu diresmikan?", "Jembatan baru di Sungai Musi diresmikan pada 3 Maret 2021."),
    ("Di mana festival layang-layang diadakan?", "Festival layang-layang tahun ini diadakan di Pantai Parangtritis."),
]


@pytest.fixture(scope="module")
def plain() -> SentenceTransformerEmbedder:
    """The bundled model without its adapter."""
    return SentenceTransformerEmbedder(BUNDLED_MODEL)


def test_adapter_setting_is_resolved() -> None:
    assert resolve_adapter("none", BUNDLED_MODEL) is None
    assert resolve_adapter("bundled", BUNDLED_MODEL) == ADAPTER
    assert resolve_adapter("bundled", "some/other-model") is None  # the shipped adapter is for MiniLM only
    with pytest.raises(ConfigError, match="no-such.safetensors"):
        resolve_adapter("/tmp/no-such.safetensors", BUNDLED_MODEL)


def test_shipped_adapter_is_small_and_named_by_content() -> None:
    assert ADAPTER.stat().st_size < 1_000_000
    assert adapter_name(ADAPTER).startswith(ADAPTER.stem + "@")


@pytest.mark.slow
def test_adapter_changes_the_vectors_and_the_model_name(embedder, plain) -> None:
    assert embedder.name != plain.name and embedder.name.startswith(BUNDLED_MODEL + "+")
    texts = [q for q, _ in PAIRS]
    assert not np.allclose(embedder.embed(texts), plain.embed(texts))


@pytest.mark.slow
def test_adapter_brings_indonesian_questions_nearer_their_answers(embedder, plain) -> None:
    questions, answers = [q for q, _ in PAIRS], [a for _, a in PAIRS]

    def margin(model: SentenceTransformerEmbedder) -> float:
        scores = model.embed(questions) @ model.embed(answers).T
        own = np.diag(scores)
        others = (scores.sum(axis=1) - own) / (len(PAIRS) - 1)
        return float(np.mean(own - others))

    assert margin(embedder) > margin(plain)
    scores = embedder.embed(questions) @ embedder.embed(answers).T
    assert list(np.argmax(scores, axis=1)) == list(range(len(PAIRS)))


@pytest.mark.parametrize("content", [b"not a safetensors file", b""])
def test_corrupt_adapter_is_a_config_error(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(content)
    with pytest.raises(ConfigError, match="bad.safetensors"):
        SentenceTransformerEmbedder(BUNDLED_MODEL, adapter=bad)


@pytest.mark.parametrize("tensors", [{"no.such.parameter": (3,)}, {"0.model.embeddings.LayerNorm.bias": (5,)}])
def test_adapter_for_another_model_is_a_config_error(tmp_path: Path, tensors: dict[str, tuple[int]]) -> None:
    import torch
    from safetensors.torch import save_file

    other = tmp_path / "other.safetensors"
    save_file({name: torch.zeros(shape) for name, shape in tensors.items()}, str(other))
    with pytest.raises(ConfigError, match="does not fit"):
        SentenceTransformerEmbedder(BUNDLED_MODEL, adapter=other)


@pytest.mark.slow
def test_default_index_is_rebuilt_for_a_new_model_but_an_explicit_one_is_not(
    settings: Settings, embedder, plain, tmp_path: Path
) -> None:
    Assistant.load(settings, plain)
    assert store.read_manifest(settings.default_index_dir)["model"] == plain.name
    Assistant.load(settings, embedder)  # e.g. after an upgrade that ships an adapter
    assert store.read_manifest(settings.default_index_dir)["model"] == embedder.name

    explicit = settings.model_copy(update={"index_dir": settings.default_index_dir})
    with pytest.raises(IndexMismatchError, match="CITEQA_EMBEDDING_ADAPTER"):
        Assistant.load(explicit, plain)
