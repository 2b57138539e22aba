from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from citeqa.core.errors import CorruptIndexError, IndexMismatchError, IndexMissingError
from citeqa.index import store
from citeqa.index.analyzer import analyze
from citeqa.index.retriever import fuse, zscore


def test_zscore_of_constant_scores_is_zero() -> None:
    assert np.allclose(zscore(np.array([3.0, 3.0, 3.0])), 0.0)


def test_fusion_weights_both_signals() -> None:
    lexical = np.array([10.0, 0.0, 0.0])
    dense = np.array([0.1, 0.9, 0.2])
    assert int(np.argmax(fuse(lexical, dense, 1.0, 0.0))) == 0
    assert int(np.argmax(fuse(lexical, dense, 0.0, 1.0))) == 1
    # no query term matched: the lexical signal drops out and dense decides
    assert int(np.argmax(fuse(np.zeros(3), dense, 0.7, 0.3))) == 1


def test_fusion_rejects_misaligned_scores() -> None:
    with pytest.raises(ValueError, match="shape"):
        fuse(np.zeros(2), np.zeros(3), 0.5, 0.5)


def test_analyzer_folds_case_stems_and_drops_stopwords() -> None:
    assert analyze("Pertemuan yang DIADAKAN di P.B.B.") == ["temu", "ada", "pbb"]


def test_analyzer_keeps_the_content_words_of_sastrawis_stopword_list() -> None:
    # Sastrawi's list has "pertanyaan", "disampaikan", "bekerja", "luar": a question of nothing else had no term
    assert analyze("Kepada siapa pertanyaan dapat disampaikan?") == ["tanya", "sampai"]
    assert analyze("Di mana Robert King bekerja sekarang?") == ["robert", "king", "kerja"]
    assert "luar" in analyze("menteri luar negeri")
    # words that frame a question rather than name its topic are still dropped
    assert analyze("Kapan perang itu berakhir dan di tempat apa berlangsung?") == ["perang"]


def test_analyzer_drops_question_words_written_fused() -> None:
    # Sastrawi would stem these to "mana"/"kali", rare terms that match passages about something else
    assert analyze("Dimanakah kota itu? Di provinsi manakah? Berapa kalikah? Kemana dia pergi?") == [
        "kota", "provinsi", "pergi"]
    # a content word that merely ends like one keeps its meaning
    assert analyze("makalah ditambah penggunaan") == ["makalah", "tambah", "guna"]


def test_analyzer_drops_references_to_the_document_itself() -> None:
    assert analyze("Apa kepanjangan CIA menurut artikel?") == analyze("Apa kepanjangan CIA?")
    assert analyze("Siapa yang dikutip dalam artikel ini?") == analyze("Siapa yang dikutip?")
    assert analyze("Who is quoted in the article?") == analyze("Who is quoted?")
    # a document that is the subject stays: "pada dokumen nota kesepakatan" names a real one
    assert "dokumen" in analyze("Soeharto menandatangani pada dokumen nota kesepakatan")


def test_hybrid_search_ranks_the_matching_passage_first(assistant) -> None:
    hits = assistant.search("pelabuhan Najin pengapalan artileri", 3)
    assert "artileri" in hits[0].passage.text
    assert hits[0].score >= hits[1].score >= hits[2].score


def _copy_index(assistant, tmp_path: Path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(assistant.settings.default_index_dir, target)
    return target


def test_missing_index_is_reported(tmp_path: Path) -> None:
    with pytest.raises(IndexMissingError, match="citeqa ingest"):
        store.load(tmp_path / "nothing")


def test_corrupt_index_is_reported(assistant, tmp_path: Path) -> None:
    index = _copy_index(assistant, tmp_path)
    (store.current_version(index) / "dense.faiss").write_bytes(b"garbage")
    with pytest.raises(CorruptIndexError):
        store.load(index)


def test_truncated_passages_are_reported(assistant, tmp_path: Path) -> None:
    index = _copy_index(assistant, tmp_path)
    path = store.current_version(index) / "texts.bin"
    path.write_bytes(path.read_bytes()[:40])
    with pytest.raises(CorruptIndexError):
        store.load(index)


def test_index_of_another_model_is_a_mismatch(assistant, tmp_path: Path) -> None:
    index = _copy_index(assistant, tmp_path)
    with pytest.raises(IndexMismatchError, match="other-model"):
        store.load(index, expected_model="other-model")
    manifest = store.current_version(index) / "manifest.json"
    data = json.loads(manifest.read_text())
    data["format_version"] = 999
    manifest.write_text(json.dumps(data))
    with pytest.raises(IndexMismatchError, match="format"):
        store.load(index)


def test_english_words_meet_their_inflections_and_indonesian_keeps_sastrawi() -> None:
    assert analyze("Tesla investigated the memories") == analyze("Did Tesla investigate a memory?")
    assert analyze("meluncurkan satelit pengintai") == ["luncur", "satelit", "intai"]
    # an Indonesian root Sastrawi knows is left alone, not cut by the English stemmer
    assert analyze("teknologi rumah") == ["teknologi", "rumah"]


def test_an_index_built_with_another_analyzer_is_refused(assistant, tmp_path: Path) -> None:
    copy = _copy_index(assistant, tmp_path)
    manifest = store.current_version(copy) / "manifest.json"
    data = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**data, "analyzer": "sastrawi-stem+stopwords"}))
    with pytest.raises(IndexMismatchError, match="analyzer"):
        store.load(copy)
    assert store.load(copy, check_analyzer=False).passages  # its vectors can still be reused by an ingest
