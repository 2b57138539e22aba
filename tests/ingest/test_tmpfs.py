"""A real full disk and a real read-only file system: a small tmpfs mounted for each test.

Mounting needs root (CI runs as root); elsewhere the tests are skipped with the reason.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from citeqa.core.errors import IndexWriteError
from citeqa.index import store
from citeqa.ingest.pipeline import ingest

pytestmark = pytest.mark.slow


@contextmanager
def _tmpfs(path: Path, size: str) -> Iterator[Path]:
    path.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip() or done.returncode}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def _docs(folder: Path, *names: str) -> Path:
    folder.mkdir(exist_ok=True)
    for name in names:
        (folder / name).write_text(f"Dokumen {name} menyebut Bandung, Medan dan Surabaya.", encoding="utf-8")
    return folder


def _fill(disk: Path) -> Path:
    """Write a file until the file system is full; the file."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
        except OSError:
            pass
    return filler


def test_a_full_disk_is_one_clear_error_that_changes_nothing(tmp_path: Path, embedder) -> None:
    with _tmpfs(tmp_path / "disk", "8m") as disk:
        index = disk / "idx"
        docs = _docs(tmp_path / "docs", "a.txt")
        ingest([docs], index, embedder, chunk_size=600)
        live = store.current_version(index)
        _docs(docs, "b.txt")
        filler = _fill(disk)
        with pytest.raises(IndexWriteError, match="No space left on device"):
            ingest([docs], index, embedder, chunk_size=600)
        assert store.current_version(index) == live and sorted(store.load(index).documents) == ["a.txt"]
        assert not list((index / "versions").glob(".tmp-*"))  # nothing half-written stays to fill the disk
        filler.unlink()
        assert ingest([docs], index, embedder, chunk_size=600).added == ["b.txt"]  # room again: it just works
        assert [v.name for v in (index / "versions").iterdir()] == [store.current_version(index).name]


def test_a_read_only_file_system_is_said_before_any_work_and_still_served(
    tmp_path: Path, embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    with _tmpfs(tmp_path / "disk", "8m") as disk:
        index = disk / "idx"
        docs = _docs(tmp_path / "docs", "a.txt")
        ingest([docs], index, embedder, chunk_size=600)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        _docs(docs, "b.txt")

        def no_embedding(texts: list[str]) -> None:
            raise AssertionError("embedded before finding the index read-only")

        monkeypatch.setattr(embedder, "embed", no_embedding)
        with pytest.raises(IndexWriteError, match="Read-only file system"):
            ingest([docs], index, embedder, chunk_size=600)
        monkeypatch.undo()
        assert sorted(store.load(index).documents) == ["a.txt"]  # readers need no write access
