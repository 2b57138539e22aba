from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

import faiss
import pytest

from citeqa.core.errors import CorruptIndexError, IndexMismatchError, IndexWriteError, NoDocumentsError
from citeqa.index import store
from citeqa.index.analyzer import analyze
from citeqa.index.lexical import LexicalIndex
from citeqa.ingest import pipeline
from citeqa.ingest.pipeline import ingest


def _write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.slow
def test_folder_ingest_skips_unreadable_files_and_reuses_vectors(tmp_path: Path, embedder) -> None:
    docs = tmp_path / "docs"
    _write(docs, "a.txt", "Budi tinggal di Bandung. Dia bekerja sebagai guru sejak 2010.")
    _write(docs, "sub/b.md", "# Catatan\n\nSiti lahir di Medan pada 1990.")
    _write(docs, "bad.txt", b"\xff\xfe\x00\x00binary")
    _write(docs, "ignored.pdf", b"%PDF")
    index = tmp_path / "index"
    report = ingest([docs], index, embedder, chunk_size=600)
    assert sorted(report.added) == ["a.txt", "sub/b.md"]
    assert [e.path for e in report.skipped] == ["bad.txt", "ignored.pdf"]  # named, not passed over
    data = store.load(index, expected_model=embedder.name)
    assert {p.source for p in data.passages} == {"a.txt", "sub/b.md"}
    for p in data.passages:
        assert data.documents[p.source].text[p.start:p.end] == p.text

    again = ingest([docs], index, embedder, chunk_size=600)
    assert again.embedded == 0 and sorted(again.unchanged) == ["a.txt", "sub/b.md"]

    _write(docs, "a.txt", "Budi pindah ke Surabaya pada 2015.")
    changed = ingest([docs], index, embedder, chunk_size=600)
    assert changed.updated == ["a.txt"] and changed.embedded == 1
    texts = " ".join(p.text for p in store.load(index).passages)
    assert "Surabaya" in texts and "Bandung" not in texts


@pytest.mark.slow
def test_interrupted_ingest_leaves_previous_index_loadable(tmp_path: Path, embedder, monkeypatch) -> None:
    doc = _write(tmp_path, "a.txt", "Ani membeli buku di Jakarta pada Mei 2020.")
    index = tmp_path / "index"
    ingest([doc], index, embedder, chunk_size=600)

    _write(tmp_path, "a.txt", "Isi baru yang tidak boleh muncul.")

    def crash(*args, **kwargs):
        raise KeyboardInterrupt  # the user pressed Ctrl-C while the FAISS file was being written

    monkeypatch.setattr(faiss, "write_index", crash)  # the module store imports where it writes
    with pytest.raises(KeyboardInterrupt):
        ingest([doc], index, embedder, chunk_size=600)
    monkeypatch.undo()
    data = store.load(index, expected_model=embedder.name)
    assert "Jakarta" in data.passages[0].text


@pytest.mark.slow
def test_nothing_readable_is_a_clear_error(tmp_path: Path, embedder) -> None:
    bad = _write(tmp_path, "bad.txt", b"\xff\xfe\xfa")
    with pytest.raises(NoDocumentsError):
        ingest([bad], tmp_path / "index", embedder, chunk_size=600)
    assert not store.exists(tmp_path / "index")


@pytest.mark.parametrize("older", ["analyzer", "sentence rules"])
def test_an_index_of_another_analyzer_version_is_split_again_and_keeps_its_vectors(tmp_path: Path, embedder,
                                                                                   monkeypatch, older: str) -> None:
    docs = tmp_path / "docs"
    _write(docs, "a.txt", "Budi tinggal di Bandung. Dia bekerja sebagai guru sejak 2010.")
    index = tmp_path / "index"
    ingest([docs], index, embedder, chunk_size=600)
    manifest_path = store.current_version(index) / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    if older == "analyzer":
        manifest["analyzer"] = "an-older-analyzer/1"
    else:  # an index from before sentence rules were recorded: rules 1
        del manifest["splitter"]["sentences"]
    manifest_path.write_text(json.dumps(manifest))
    calls: list[str] = []
    real = pipeline.split_document
    monkeypatch.setattr(pipeline, "split_document", lambda text, source, *a: calls.append(source) or real(
        text, source, *a))
    report = ingest([docs], index, embedder, chunk_size=600)
    assert calls and set(calls) == {"a.txt"}  # the unchanged document was split again
    assert report.embedded == 0 and report.unchanged == ["a.txt"]  # and its vectors reused
    assert store.read_manifest(index)["analyzer"] == store.ANALYZER
    assert store.read_manifest(index)["splitter"]["sentences"] == store.SENTENCE_RULES


def test_a_full_disk_changes_nothing_and_leaves_nothing_behind(tmp_path: Path, embedder, monkeypatch) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    _write(docs, "a.txt", "Budi tinggal di Bandung.")
    ingest([docs], index, embedder, chunk_size=600)
    live = store.current_version(index)
    _write(docs, "b.txt", "Siti lahir di Medan.")

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(store.np, "save", full)
        with pytest.raises(IndexWriteError, match="No space left on device; the live version is unchanged"):
            ingest([docs], index, embedder, chunk_size=600)
    assert store.current_version(index) == live and sorted(store.load(index).documents) == ["a.txt"]
    assert not list((index / "versions").glob(".tmp-*"))
    (index / "versions" / ".tmp-crashed").mkdir()  # what a writer killed mid-write leaves
    (index / ".CURRENT.crashed").write_text("0" * 32)  # or killed between writing the pointer and renaming it
    assert ingest([docs], index, embedder, chunk_size=600).added == ["b.txt"]
    assert [p.name for p in (index / "versions").iterdir()] == [store.current_version(index).name]
    assert not list(index.glob(".CURRENT.*"))


@pytest.mark.parametrize("damage", ["empty vectors", "no dimension", "NaN vectors"])
def test_a_damaged_index_is_a_clear_error_and_a_re_ingest_repairs_it(tmp_path: Path, embedder, damage: str) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    _write(docs, "a.txt", "Budi tinggal di Bandung.")
    ingest([docs], index, embedder, chunk_size=600)
    version = store.current_version(index)
    if damage == "empty vectors":
        (version / "vectors.npy").write_bytes(b"")
    elif damage == "no dimension":
        manifest = json.loads((version / "manifest.json").read_text())
        del manifest["dimension"]
        (version / "manifest.json").write_text(json.dumps(manifest))
    else:
        vectors = store.np.load(version / "vectors.npy")
        vectors[0, 0] = float("nan")
        store.np.save(version / "vectors.npy", vectors)
    with pytest.raises(CorruptIndexError, match="damaged"):
        store.load(index)
    report = ingest([docs], index, embedder, chunk_size=600)
    assert report.embedded == 1 and store.load(index).documents.keys() == {"a.txt"}


def test_empty_files_and_undecodable_names_are_named_not_fatal(tmp_path: Path, embedder) -> None:
    docs = tmp_path / "docs"
    _write(docs, "a.txt", "Budi tinggal di Bandung.")
    _write(docs, "kosong.txt", "  \n")
    (docs / "b\udcff.txt".encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape")).write_bytes(b"x")
    report = ingest([docs], tmp_path / "index", embedder, chunk_size=600)
    assert report.added == ["a.txt"]
    reasons = {e.path: e.reason for e in report.skipped}
    assert reasons["kosong.txt"] == "file is empty"
    assert any("not valid UTF-8" in reason for reason in reasons.values())
    again = ingest([docs], tmp_path / "index", embedder, chunk_size=600)
    assert again.updated == [] and again.unchanged == ["a.txt"]


def test_two_files_of_one_name_in_two_folders_are_both_kept(tmp_path: Path, embedder) -> None:
    _write(tmp_path / "kantor", "notes.txt", "Rapat kantor diadakan hari Senin.")
    _write(tmp_path / "rumah", "notes.txt", "Belanja rumah dilakukan hari Sabtu.")
    _write(tmp_path / "rumah", "lain.txt", "Catatan lain.")
    index = tmp_path / "index"
    report = ingest([tmp_path / "kantor", tmp_path / "rumah"], index, embedder, chunk_size=600)
    assert sorted(report.added) == ["kantor/notes.txt", "lain.txt", "rumah/notes.txt"]
    texts = {s: d.text for s, d in store.load(index).documents.items()}
    assert "Senin" in texts["kantor/notes.txt"] and "Sabtu" in texts["rumah/notes.txt"]


def test_a_version_being_read_is_not_removed_by_a_writer(tmp_path: Path, embedder) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    _write(docs, "a.txt", "Budi tinggal di Bandung.")
    ingest([docs], index, embedder, chunk_size=600)
    read = store.current_version(index)
    descriptor = os.open(read / "manifest.json", os.O_RDONLY)
    fcntl.flock(descriptor, fcntl.LOCK_SH)  # a reader loading this version
    try:
        _write(docs, "b.txt", "Siti lahir di Medan.")
        ingest([docs], index, embedder, chunk_size=600)
        assert store.current_version(index) != read and read.is_dir()  # kept while it is read
    finally:
        os.close(descriptor)
    _write(docs, "c.txt", "Koperasi Maju di Garut.")
    ingest([docs], index, embedder, chunk_size=600)
    assert not read.exists()  # the next write removes it
    assert sorted(store.load(index).documents) == ["a.txt", "b.txt", "c.txt"]


@pytest.mark.slow
def test_unchanged_passages_are_not_analyzed_again(tmp_path: Path, embedder, monkeypatch) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    _write(docs, "a.txt", "Budi tinggal di Bandung. Dia bekerja sebagai guru sejak 2010.")
    _write(docs, "b.txt", "Siti lahir di Medan pada 1990 dan menjadi dokter.")
    ingest([docs], index, embedder, chunk_size=600)
    data = store.load(index)
    assert data.saved_terms() == {p.id: analyze(p.text) for p in data.passages}  # saved as analyzed

    from citeqa.index import lexical
    analyzed: list[str] = []
    monkeypatch.setattr(lexical, "analyze", lambda text: analyzed.append(text) or analyze(text))
    _write(docs, "b.txt", "Siti lahir di Medan pada 1991 dan menjadi dokter.")
    ingest([docs], index, embedder, chunk_size=600)
    assert analyzed == ["Siti lahir di Medan pada 1991 dan menjadi dokter."]  # only the changed passage

    fresh = LexicalIndex.build([p.text for p in store.load(index).passages])
    reused = store.load(index).lexical
    assert reused.doc_freq == fresh.doc_freq
    assert (reused.scores("guru Bandung") == fresh.scores("guru Bandung")).all()

    # an index written before terms were saved: analyzed again, same index
    version = store.current_version(index)
    (version / "lexical" / "terms.jsonl").unlink()
    assert store.load(index).saved_terms() == {}
    _write(docs, "a.txt", "Budi tinggal di Bogor.")
    ingest([docs], index, embedder, chunk_size=600)
    assert store.load(index).saved_terms() == {p.id: analyze(p.text) for p in store.load(index).passages}


@pytest.mark.slow
def test_drift_in_passage_size_or_bm25_is_found_and_said(tmp_path: Path, embedder) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    sentences = " ".join(f"Kalimat nomor {i} menyebut kota ke-{i} di provinsi itu." for i in range(30))
    _write(docs, "a.txt", sentences)
    ingest([docs], index, embedder, chunk_size=600)
    manifest = store.read_manifest(index)
    assert manifest["splitter"]["chunk_size"] == 600 and manifest["lexical"] == store.LEXICAL

    with pytest.raises(IndexMismatchError, match="CITEQA_CHUNK_SIZE is 300.*re-run 'citeqa ingest'"):
        store.load(index, expected_chunk_size=300)
    report = ingest([docs], index, embedder, chunk_size=300)  # unchanged file, other size: split again
    data = store.load(index, expected_chunk_size=300)
    assert report.unchanged == ["a.txt"] and max(len(p.text) for p in data.passages) <= 300
    assert report.embedded == len(data.passages)  # none of the new passages had the old text

    version = store.current_version(index)
    manifest = json.loads((version / "manifest.json").read_text(encoding="utf-8"))
    (version / "manifest.json").write_text(json.dumps({**manifest, "lexical": {"name": "bm25s", "k1": 2.0,
                                                                              "b": 0.5}}), encoding="utf-8")
    with pytest.raises(IndexMismatchError, match="BM25"):
        store.load(index)
    ingest([docs], index, embedder, chunk_size=300)  # re-ingest repairs it, vectors kept
    assert store.read_manifest(index)["lexical"] == store.LEXICAL


def test_a_folder_that_cannot_be_read_is_named_not_passed_over(tmp_path: Path, embedder, monkeypatch) -> None:
    docs = tmp_path / "docs"
    _write(docs, "a.txt", "Budi tinggal di Bandung.")
    _write(docs, "rahasia/b.txt", "Siti lahir di Medan.")
    _write(docs, ".git/c.txt", "tersembunyi")
    listing = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        if str(path).endswith("rahasia"):  # as a folder without read permission answers (root reads everything)
            raise PermissionError(13, "Permission denied", str(path))
        return listing(path)

    monkeypatch.setattr(os, "scandir", scandir)
    report = ingest([docs], tmp_path / "index", embedder, chunk_size=600)
    assert report.added == ["a.txt"]
    assert [(e.path, e.reason) for e in report.skipped] == [
        ("rahasia/", "folder cannot be read (Permission denied); its files are not ingested")]


@pytest.mark.slow
def test_an_index_of_another_model_keeps_its_documents_and_embeds_them_again(tmp_path: Path, embedder) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    _write(docs, "a.txt", "Budi tinggal di Bandung.")
    _write(tmp_path / "more", "b.txt", "Siti lahir di Medan.")
    ingest([docs], index, embedder, chunk_size=600)
    version = store.current_version(index)
    manifest = json.loads((version / "manifest.json").read_text(encoding="utf-8"))
    (version / "manifest.json").write_text(json.dumps({**manifest, "model": "another-model"}), encoding="utf-8")
    report = ingest([tmp_path / "more"], index, embedder, chunk_size=600)  # one new file: the old one stays
    data = store.load(index, expected_model=embedder.name)
    assert sorted(data.documents) == ["a.txt", "b.txt"]
    assert report.embedded == len(data.passages) and report.reused == 0  # no vector of the other model kept
