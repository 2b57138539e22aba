from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from citeqa.core.errors import IndexBusyError
from citeqa.index import store
from citeqa.index.lock import write_lock

CITEQA = [sys.executable, "-m", "citeqa.api.cli"]


def test_a_second_writer_fails_at_once_without_waiting(tmp_path: Path) -> None:
    with write_lock(tmp_path / "idx"):
        with pytest.raises(IndexBusyError, match=f"pid {os.getpid()}"):
            with write_lock(tmp_path / "idx", wait=False):
                pass
    with write_lock(tmp_path / "idx", wait=False):  # released: free again
        pass


def _docs(folder: Path, prefix: str, count: int) -> Path:
    folder.mkdir(parents=True)
    for i in range(count):
        (folder / f"{prefix}-{i}.txt").write_text(f"Dokumen {prefix} nomor {i} membahas kota ke-{i}.", "utf-8")
    return folder


def _ingest(folder: Path, index: Path, *more: str) -> subprocess.Popen[str]:
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    return subprocess.Popen([*CITEQA, "ingest", str(folder), "--index", str(index), *more], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.slow
def test_concurrent_ingests_wait_for_each_other_and_lose_nothing(tmp_path: Path) -> None:
    index = tmp_path / "idx"
    first, second = _docs(tmp_path / "a", "a", 40), _docs(tmp_path / "b", "b", 40)
    with write_lock(index):  # an ingest in progress, as far as the CLI can tell
        refused = _ingest(first, index, "--no-wait")
        _, err = refused.communicate(timeout=120)
        assert refused.returncode == 2 and f"another ingest (pid {os.getpid()}) is writing to" in err
        waiting = _ingest(first, index)
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(waiting.stderr or []), daemon=True)
        reader.start()
        deadline = time.monotonic() + 120
        while not any("waiting for it to finish" in line for line in lines) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert any(f"another ingest (pid {os.getpid()})" in line for line in lines), lines
        time.sleep(1.0)
        assert waiting.poll() is None and not store.exists(index)  # it waits while the lock is held
    assert waiting.wait(timeout=300) == 0, lines
    reader.join(timeout=10)
    assert store.exists(index)
    # two real writers at once: both sets of documents end up in the index
    both = [_ingest(first, index), _ingest(second, index)]
    for process in both:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    sources = set(store.load_documents(index))
    assert sources == {f"a-{i}.txt" for i in range(40)} | {f"b-{i}.txt" for i in range(40)}


@pytest.mark.slow
def test_kill_9_during_an_ingest_leaves_the_old_or_the_new_index_whole(tmp_path: Path) -> None:
    index = tmp_path / "idx"
    first = _docs(tmp_path / "a", "a", 5)
    assert _ingest(first, index).wait(timeout=300) == 0
    old = set(store.load_documents(index))
    more = _docs(tmp_path / "b", "b", 60)
    rng = random.Random(7)
    for _ in range(4):  # killed at a random point: loading the model, reading, embedding or writing
        process = _ingest(more, index)
        time.sleep(rng.uniform(2.0, 12.0))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        sources = set(store.load(index).documents)  # loads whole, or this raises
        assert sources == old or sources == old | {f"b-{i}.txt" for i in range(60)}
        old = sources
    assert _ingest(more, index).wait(timeout=300) == 0  # no lock or leftover stands in the way
    assert len(store.load(index).documents) == 65
    assert not list((index / "versions").glob(".tmp-*"))
