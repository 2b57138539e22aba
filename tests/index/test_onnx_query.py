"""The ONNX query encoder: vectors that agree with torch's, exported once and cached, re-exported when damaged, a
clear error where it cannot be written, and the setting that turns it off."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest
import torch

from citeqa.core.config import load_settings
from citeqa.core.errors import ConfigError
from citeqa.index.embedder import SentenceTransformerEmbedder, load_embedder
from citeqa.index.onnx_query import OnnxQueryEncoder, cache_file, folder_cache_file

QUESTIONS = [
    "Kapan Kim Jong Un bertemu dengan Vladimir Putin?",
    "Berapa harga beras di pasar Minggu?",
    "Who founded the University of Notre Dame?",
    "Siapa yang memimpin rapat desa kemarin dan mengapa rapat itu diadakan di balai desa, bukan di sekolah?",
]


def test_the_default_embedder_encodes_questions_with_onnx_close_to_torch(embedder: SentenceTransformerEmbedder) -> None:
    assert embedder.query_encoder is not None  # the default for answering
    fast, exact = embedder.embed_queries(QUESTIONS), embedder.embed(QUESTIONS)
    assert fast.shape == exact.shape and fast.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(fast, axis=1), 1.0, atol=1e-4)
    cosines = (fast * exact).sum(axis=1)
    assert cosines.min() > 0.97, cosines
    # each question is still nearest its own torch vector: the int8 error is small against the gaps between texts
    assert list(np.argmax(fast @ exact.T, axis=1)) == list(range(len(QUESTIONS)))
    # a question's vector does not depend on the questions encoded beside it
    single = np.vstack([embedder.embed_queries([q]) for q in QUESTIONS])
    np.testing.assert_array_equal(single, fast)


@pytest.mark.slow
def test_the_export_is_cached_and_a_damaged_one_is_made_again(
    embedder: SentenceTransformerEmbedder, tmp_path: Path
) -> None:
    first = OnnxQueryEncoder.prepare(embedder.model, embedder.name, tmp_path)
    assert first.path == cache_file(tmp_path, embedder.model) and first.path.is_file()
    stamp = first.path.stat().st_mtime_ns
    again = OnnxQueryEncoder.prepare(embedder.model, embedder.name, tmp_path)
    assert again.path.stat().st_mtime_ns == stamp  # read, not exported again
    assert [p.name for p in tmp_path.iterdir()] == [first.path.name]  # no temporary files left behind
    first.path.write_bytes(b"not an onnx model")
    repaired = OnnxQueryEncoder.prepare(embedder.model, embedder.name, tmp_path)
    np.testing.assert_allclose(repaired.encode(QUESTIONS[:1]), first.encode(QUESTIONS[:1]), atol=1e-6)
    # other weights (an edited model folder, another adapter) are another file
    bias = embedder.model[0].auto_model.pooler.dense.bias if hasattr(embedder.model[0].auto_model, "pooler") else None
    parameter = bias if bias is not None else next(embedder.model.parameters())
    saved = parameter.detach().clone()
    try:
        with torch.no_grad():
            parameter.add_(1e-3)
        assert cache_file(tmp_path, embedder.model) != first.path
    finally:
        with torch.no_grad():
            parameter.copy_(saved)
    assert cache_file(tmp_path, embedder.model) == first.path


def test_an_unwritable_cache_is_a_clear_error_and_answering_goes_on_with_torch(
    embedder: SentenceTransformerEmbedder, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(ConfigError, match="CITEQA_QUERY_ENCODER=torch"):
        OnnxQueryEncoder.prepare(embedder.model, embedder.name, blocker / "models")
    with caplog.at_level(logging.WARNING, logger="citeqa.index.embedder"):
        fallback = load_embedder(load_settings(data_dir=blocker))
    assert fallback.query_encoder is None
    assert "cannot write the ONNX query encoder" in caplog.text and "encoded with torch" in caplog.text
    np.testing.assert_array_equal(fallback.embed_queries(QUESTIONS[:1]), fallback.embed(QUESTIONS[:1]))


def test_the_setting_turns_it_off_and_is_checked(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CITEQA_QUERY_ENCODER", "torch")
    plain = load_embedder(load_settings(data_dir=tmp_path))
    assert plain.query_encoder is None
    np.testing.assert_array_equal(plain.embed_queries(QUESTIONS[:2]), plain.embed(QUESTIONS[:2]))
    assert not (tmp_path / "models").exists()
    monkeypatch.setenv("CITEQA_QUERY_ENCODER", "onnx")
    with pytest.raises(ConfigError, match="CITEQA_QUERY_ENCODER='onnx'"):
        load_settings()


@pytest.mark.slow
def test_an_answering_process_finds_the_export_without_loading_torch_s_model(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    first = load_embedder(settings)  # exports, for which it loads the model
    again = load_embedder(settings)  # finds the export by the model folder's files and the adapter
    assert first.model is not None and again._loaded is None
    assert again.dimension == first.dimension == 384 and again.name == first.name
    np.testing.assert_array_equal(again.embed_queries(QUESTIONS), first.embed_queries(QUESTIONS))
    assert [p.name for p in (tmp_path / "models").glob("*.onnx")] == [again.query_encoder.path.name]
    plain = load_embedder(load_settings(data_dir=tmp_path, embedding_adapter="none"))  # another adapter: another file
    assert plain.query_encoder is not None and plain.query_encoder.path != again.query_encoder.path
    np.testing.assert_allclose(again.embed(QUESTIONS[:1]) @ again.embed_queries(QUESTIONS[:1]).T, 1.0, atol=0.03)


def test_the_folder_digest_is_remembered_until_a_file_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder, cache = tmp_path / "model", tmp_path / "models"
    folder.mkdir()
    cache.mkdir()
    (folder / "model.safetensors").write_bytes(b"weights")
    (folder / "tokenizer.json").write_text("{}", encoding="utf-8")
    first = folder_cache_file(cache, str(folder), None)
    assert (cache / "digests.json").is_file()
    read: list[Path] = []
    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or original(self))
    assert folder_cache_file(cache, str(folder), None) == first and not read  # remembered: no file read again
    (folder / "model.safetensors").write_bytes(b"other weights")
    changed = folder_cache_file(cache, str(folder), None)
    assert changed != first and read  # a changed file is read, and names another export
    (cache / "digests.json").write_text("not json", encoding="utf-8")
    assert folder_cache_file(cache, str(folder), None) == changed  # a damaged memo is computed anew
