"""The passage table, reading an index version's files lazily, and the approximate dense index of a big one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from citeqa.core.errors import CorruptIndexError, PassageNotFoundError
from citeqa.core.models import Passage
from citeqa.index import data as index_data
from citeqa.index import store
from citeqa.index.data import StoredDocument, build_index_data, top_stable


def _copy(assistant, tmp_path: Path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(assistant.settings.default_index_dir, target)
    return target


@given(st.lists(st.integers(0, 4), min_size=2, max_size=60), st.data())
def test_top_stable_is_the_head_of_a_stable_descending_sort(values: list[int], data: st.DataObject) -> None:
    scores = np.array(values, dtype=np.float32)
    k = data.draw(st.integers(1, len(values) - 1))
    expected = np.argsort(-scores, kind="stable")[:k]
    assert sorted(top_stable(scores, k).tolist()) == sorted(expected.tolist())


def test_a_loaded_index_gives_the_passages_it_was_built_with(assistant, tmp_path: Path) -> None:
    index = _copy(assistant, tmp_path)
    loaded = store.load(index)
    built = assistant.store
    assert [p for p in loaded.passages] == [p for p in built.passages]
    first = built.passages[3]
    assert loaded.passage(first.id) == first
    assert loaded.passages_of(first.source) == built.passages_of(first.source)
    assert loaded.document(first.source).text[first.start:first.end] == first.text
    with pytest.raises(PassageNotFoundError):
        loaded.passage("0" * 16)


def test_a_format_1_version_is_still_read(assistant, tmp_path: Path) -> None:
    index = _copy(assistant, tmp_path)
    version = store.current_version(index)
    passages = list(store.load(index).passages)
    with (version / "passages.jsonl").open("w", encoding="utf-8") as handle:
        for p in passages:
            handle.write(json.dumps({"id": p.id, "source": p.source, "start": p.start, "end": p.end, "text": p.text,
                                     "sentences": [list(s) for s in p.sentences]}) + "\n")
    (version / "passages.npz").unlink()
    (version / "texts.bin").unlink()
    manifest = json.loads((version / "manifest.json").read_text())
    (version / "manifest.json").write_text(json.dumps(dict(manifest, format_version=1)))
    old = store.load(index)
    assert list(old.passages) == passages
    # the next version written from it is of the current format
    store.save(index, old)
    assert store.read_manifest(index)["format_version"] == store.FORMAT_VERSION
    assert list(store.load(index).passages) == passages


@pytest.mark.parametrize("damage", ["table", "texts", "documents"])
def test_a_damaged_or_missing_file_is_a_corrupt_index(assistant, tmp_path: Path, damage: str) -> None:
    index = _copy(assistant, tmp_path)
    version = store.current_version(index)
    if damage == "table":
        (version / "passages.npz").write_bytes(b"not a table")
    elif damage == "texts":
        (version / "texts.bin").unlink()
    else:
        (version / "documents.jsonl").write_text("")
    with pytest.raises(CorruptIndexError):
        store.load(index)


def test_an_empty_table_is_an_empty_sequence() -> None:
    from citeqa.index.table import PassageTable

    table = PassageTable.of([], ["a.txt"])
    assert len(table) == 0 and list(table) == [] and table.position("0" * 16) is None
    assert table.positions_of("a.txt") == [] and table.positions_of("b.txt") == []


def test_a_damaged_passage_text_is_never_quoted(assistant, tmp_path: Path, monkeypatch) -> None:
    index = _copy(assistant, tmp_path)
    texts = store.current_version(index) / "texts.bin"
    damaged = bytearray(texts.read_bytes())
    at = damaged.index(b"September")
    damaged[at:at + 9] = b"Oktober  "
    texts.write_bytes(bytes(damaged))
    with pytest.raises(CorruptIndexError, match="does not match"):
        store.load(index)  # a small index is checked whole when loaded
    monkeypatch.setattr(store, "FULL_CHECK_BELOW", 0)
    loaded = store.load(index)  # a big one is checked passage by passage, as each is read
    with pytest.raises(CorruptIndexError, match="damaged"):
        list(loaded.passages)


def _random_index(n: int, dim: int = 16) -> tuple[index_data.IndexData, np.ndarray]:
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(n, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    texts = [f"passage {i} about topic {i % 17}" for i in range(n)]
    full = "\n".join(texts)
    passages, at = [], 0
    for text in texts:
        passages.append(Passage("many.txt", at, at + len(text), text))
        at += len(text) + 1
    document = StoredDocument("many.txt", "x", "text", full)
    return build_index_data({"dimension": dim}, [document], passages, vectors), vectors


def test_a_big_index_holds_8_bit_vectors_and_keeps_them_when_saved(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(index_data, "QUANTIZED_FROM", 1000)
    data, vectors = _random_index(3000)
    assert type(data.dense).__name__ == "IndexScalarQuantizer"
    small, _ = _random_index(999)
    assert type(small.dense).__name__ == "IndexFlatIP"
    queries = vectors[:50] + 0.05
    recalled = 0
    for query in queries:
        query /= np.linalg.norm(query)
        exact = set(np.argsort(-(vectors @ query), kind="stable")[:20].tolist())
        found = data.candidates("", query, 20)
        recalled += len(exact & {data.passages.position(i) for i in found.ids})
        # the dense scores are the float32 vectors' own, whatever the index stored
        rows = [data.passages.position(i) for i in found.ids]
        assert np.allclose(found.dense, vectors[rows] @ query, atol=1e-6)
    assert recalled / (20 * len(queries)) >= 0.99
    manifest = {"format_version": store.FORMAT_VERSION, "dimension": 16}
    data.manifest = manifest
    store.save(tmp_path / "big", data)
    loaded = store.load(tmp_path / "big", check_analyzer=False)
    assert type(loaded.dense).__name__ in ("IndexScalarQuantizer", "IndexShards")  # (shards: more than one core)
    split = index_data.spread(data.dense, 3)
    assert type(split).__name__ == "IndexShards" and split.ntotal == 3000
    assert np.array_equal(split.search(queries, 30)[1], data.dense.search(queries, 30)[1])
    import faiss  # a float16 index, as citeqa wrote before 8-bit ones, is split the same way

    half = faiss.IndexScalarQuantizer(16, faiss.ScalarQuantizer.QT_fp16, faiss.METRIC_INNER_PRODUCT)
    half.train(vectors[:10])
    half.add(vectors)
    assert np.array_equal(index_data.spread(half, 2).search(queries, 30)[1], half.search(queries, 30)[1])
    store.save(tmp_path / "big", loaded)  # written whole again
    assert type(store.load(tmp_path / "big", check_analyzer=False).dense).__name__ in ("IndexScalarQuantizer",
                                                                                       "IndexShards")
    # rows come from the file, and match what was saved
    assert np.array_equal(loaded.rows(np.array([5, 0, 2999])), vectors[[5, 0, 2999]])


def test_answering_stems_the_words_of_passages_from_the_index_not_sastrawi(assistant, tmp_path, monkeypatch) -> None:
    from citeqa.index import analyzer

    index = _copy(assistant, tmp_path)
    stems = json.loads((store.current_version(index) / "lexical" / "stems.json").read_text())
    assert stems["meluncurkan"] == "luncur" and "yang" not in stems  # (a stopword is never stemmed)
    monkeypatch.setattr(analyzer, "_learned", {})
    analyzer.stem.cache_clear()
    analyzer._analyzed.cache_clear()
    store.load(index)

    def unavailable():  # noqa: ANN202
        raise AssertionError("Sastrawi asked for a word the index knows")

    monkeypatch.setattr(analyzer, "_stemmer", unavailable)
    passage = store.load(index).passages[0]
    assert analyzer.analyze(passage.text)
    analyzer.stem.cache_clear()
    analyzer._analyzed.cache_clear()


def test_a_new_version_lists_only_its_new_passages_words_for_stems(embedder, tmp_path, monkeypatch) -> None:
    from citeqa.index import lexical
    from citeqa.ingest.pipeline import ingest

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("Presiden meresmikan bendungan baru di Sukamaju pada hari Senin.", encoding="utf-8")
    index = tmp_path / "index"
    ingest([folder / "a.txt"], index, embedder, 1000, progress=False)
    (folder / "b.txt").write_text("Petani menanam padi di sawah yang diairi bendungan itu.", encoding="utf-8")
    listed: list[list[str]] = []
    real = lexical.stems_of
    monkeypatch.setattr(lexical, "stems_of", lambda texts: listed.append(list(texts)) or real(texts))
    ingest([folder / "a.txt", folder / "b.txt"], index, embedder, 1000, progress=False)
    assert listed == [["Petani menanam padi di sawah yang diairi bendungan itu."]]  # a.txt's words were known
    stems = json.loads((store.current_version(index) / "lexical" / "stems.json").read_text())
    assert stems["meresmikan"] == "resmi" and stems["menanam"] == "tanam"  # the old words and the new
    from citeqa.ingest.manage import remove

    listed.clear()
    remove(index, ["b.txt"])
    assert listed == [[]]  # a removal lists no words again
