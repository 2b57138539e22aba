from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from citeqa.api.cli import main
from citeqa.core.errors import DocumentError, NoDocumentsError
from citeqa.index import store
from citeqa.ingest.manage import listing, remove
from citeqa.ingest.pipeline import ingest


def _folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "a.txt").write_text("Budi tinggal di Bandung. Dia bekerja sebagai guru.", encoding="utf-8")
    (docs / "b.md").write_text("# Catatan\n\nSiti lahir di Medan pada 1990.", encoding="utf-8")
    (docs / "sub" / "c.txt").write_text("Koperasi Maju didirikan pada 2001 di Garut.", encoding="utf-8")
    return docs


def test_remove_keeps_the_other_passages_and_their_vectors(tmp_path: Path, embedder) -> None:
    index = tmp_path / "index"
    ingest([_folder(tmp_path)], index, embedder, chunk_size=600)
    before = store.load(index)
    assert [d.source for d in listing(index)] == ["a.txt", "b.md", "sub/c.txt"]
    with pytest.raises(DocumentError, match="not in the index"):
        remove(index, ["a.txt", "nope.txt"])
    assert len(listing(index)) == 3  # nothing removed
    assert remove(index, ["b.md"]) == ["b.md"]
    after = store.load(index)
    assert sorted(after.documents) == ["a.txt", "sub/c.txt"]
    kept = {p.id: before.vectors[i] for i, p in enumerate(before.passages)}
    for i, passage in enumerate(after.passages):
        assert np.array_equal(after.vectors[i], kept[passage.id])
    assert after.lexical.scores("Medan").max() == 0.0  # gone from BM25 too
    with pytest.raises(NoDocumentsError, match="empty"):
        remove(index, ["a.txt", "sub/c.txt"])


def test_sync_removes_what_vanished_from_the_folder(tmp_path: Path, embedder) -> None:
    docs, index = _folder(tmp_path), tmp_path / "index"
    ingest([docs], index, embedder, chunk_size=600)
    (docs / "sub" / "c.txt").unlink()
    kept = ingest([docs], index, embedder, chunk_size=600)  # without --sync nothing is removed
    assert kept.removed == [] and "sub/c.txt" in store.load_documents(index)
    synced = ingest([docs], index, embedder, chunk_size=600, sync=True)
    assert synced.removed == ["sub/c.txt"] and sorted(store.load_documents(index)) == ["a.txt", "b.md"]
    assert synced.embedded == 0


@pytest.mark.slow
def test_ls_and_rm_from_the_command_line(tmp_path: Path, capsys) -> None:
    index = tmp_path / "index"
    assert main(["ingest", str(_folder(tmp_path)), "--index", str(index)]) == 0
    capsys.readouterr()
    assert main(["ls", "--index", str(index)]) == 0
    out = capsys.readouterr()
    assert out.out.splitlines()[0].startswith("a.txt\ttext\t1 passages") and "3 document(s)" in out.err
    assert main(["rm", "b.md", "--index", str(index)]) == 0
    assert capsys.readouterr().out == "removed b.md\n"
    assert main(["rm", "b.md", "--index", str(index)]) == 2
    assert "b.md: not in the index" in capsys.readouterr().err
