"""The extractor's trees compiled with lleaves: LightGBM's scores, a file made once per CPU and model and checked
before it is loaded (LLVM aborts the process on a damaged one), and LightGBM again where it cannot be written."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import numpy as np
import pytest

from citeqa.answer.assistant import Assistant
from citeqa.answer.compiled_trees import SUFFIX, CompiledTrees, cache_key, cached
from citeqa.answer.extractor import FEATURES, MODEL
from citeqa.answer.model import TreeModel
from citeqa.core.config import load_settings
from citeqa.core.errors import ConfigError


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> CompiledTrees:
    return CompiledTrees.prepare(MODEL, tmp_path_factory.mktemp("models"))


def _rows(count: int) -> np.ndarray:
    """Feature rows like the extractor's: counts, shares and flags, some missing."""
    rng = np.random.default_rng(5)
    rows = rng.choice([0.0, 1.0, 2.0, 0.5, 0.25, 3.0, -1.0], size=(count, len(FEATURES)))
    rows += rng.normal(0, 0.3, size=rows.shape) * (rng.random(rows.shape) < 0.5)
    rows[rng.random(rows.shape) < 0.02] = np.nan
    return rows


def test_the_compiled_trees_give_lightgbm_s_scores(compiled: CompiledTrees) -> None:
    plain = TreeModel.load(MODEL, FEATURES)
    rows = _rows(2000)
    expected = plain.score(rows)
    assert np.ptp(expected) > 0.5  # rows the trees tell apart
    np.testing.assert_allclose(TreeModel(plain.booster, MODEL, compiled).score(rows), expected, rtol=0, atol=1e-9)
    np.testing.assert_allclose(compiled.predict(rows[:1]), expected[:1], rtol=0, atol=1e-9)


def test_the_compiled_file_is_made_once_and_named_by_the_model(compiled: CompiledTrees, tmp_path: Path) -> None:
    folder = compiled.path.parent
    assert compiled.path.is_file() and compiled.path.name.startswith(cache_key(MODEL) + "-")
    assert cached(cache_key(MODEL), folder) == compiled.path
    assert [p.name for p in folder.iterdir()] == [compiled.path.name]  # no temporary file left
    made = compiled.path.stat().st_mtime_ns
    start = time.perf_counter()
    again = CompiledTrees.prepare(MODEL, folder)
    assert time.perf_counter() - start < 2.0 and again.path == compiled.path  # read, not compiled
    assert compiled.path.stat().st_mtime_ns == made
    np.testing.assert_array_equal(again.predict(_rows(50)), compiled.predict(_rows(50)))
    other = tmp_path / "other.txt"
    other.write_text(MODEL.read_text(encoding="utf-8").replace("learning_rate", "learning_rate ", 1), encoding="utf-8")
    assert cache_key(other) != cache_key(MODEL)


def test_a_damaged_compiled_file_is_compiled_again_not_loaded(
    compiled: CompiledTrees, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "models"
    folder.mkdir()
    truncated = folder / compiled.path.name  # the name of a sound file, half its bytes
    truncated.write_bytes(compiled.path.read_bytes()[: compiled.path.stat().st_size // 2])
    (folder / f"{cache_key(MODEL)}-{'0' * 32}{SUFFIX}").write_bytes(b"not an object file")
    with caplog.at_level(logging.WARNING, logger="citeqa.answer.compiled_trees"), \
            caplog.at_level(logging.INFO, logger="citeqa.progress"):
        mended = CompiledTrees.prepare(MODEL, folder)  # loading either would abort this process
    assert caplog.text.count("is damaged; compiling it again") == 2
    # the one-time compile is shown where the CLI shows progress (its default verbosity)
    assert [r.getMessage() for r in caplog.records if r.name == "citeqa.progress"] == [
        f"compiling the tree model {MODEL.name} into {folder} (once, a few seconds)"]
    assert [p.name for p in folder.iterdir()] == [mended.path.name]
    assert mended.path.read_bytes() == compiled.path.read_bytes()  # the compiler writes the same object code
    np.testing.assert_array_equal(mended.predict(_rows(50)), compiled.predict(_rows(50)))


def test_an_unwritable_cache_is_a_clear_error_and_lightgbm_scores(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(ConfigError, match="CITEQA_TREES=lightgbm"):
        CompiledTrees.prepare(MODEL, blocker / "models")
    model = tmp_path / "extractor.txt"  # a model this process has not compiled yet (another line at its end)
    model.write_bytes(MODEL.read_bytes() + b"\n")
    with caplog.at_level(logging.WARNING, logger="citeqa.answer.model"):
        fallback = TreeModel.load(model, FEATURES, blocker / "models")
    assert fallback.compiled is None
    assert "cannot write the compiled tree model" in caplog.text and "LightGBM scores it" in caplog.text


def test_the_setting_chooses_lightgbm_and_is_checked(
    embedder, assistant: Assistant, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert assistant.extractor is not None and assistant.extractor.model.compiled is not None  # the default
    monkeypatch.setenv("CITEQA_TREES", "lightgbm")
    settings = load_settings(data_dir=tmp_path)
    plain = Assistant.load(settings, embedder)
    assert plain.extractor is not None and plain.extractor.model.compiled is None
    question = "Kapan Kim Jong Un bertemu dengan Vladimir Putin?"
    ours, theirs = plain.ask(question), assistant.ask(question)
    assert (ours.text, ours.confidence, ours.support, ours.citations) == \
        (theirs.text, theirs.confidence, theirs.support, theirs.citations)
    monkeypatch.setenv("CITEQA_TREES", "llvm")
    with pytest.raises(ConfigError, match="CITEQA_TREES='llvm'"):
        load_settings()


def test_one_compiled_model_per_process_and_model_bytes(tmp_path: Path) -> None:
    first = CompiledTrees.shared(MODEL, tmp_path / "a")
    assert CompiledTrees.shared(MODEL, tmp_path / "b") is first  # another data dir: the same compiled model
    assert not (tmp_path / "b").exists() or not list((tmp_path / "b").iterdir())
