"""Writers that die or collide: kill -9 at 100 random points of a write, and two writers at once in 20 trials.

The writers are forked from the test process, which has loaded the model once, so that a trial costs a write and
not a model load; each forked writer runs the real ingest and removal into a real index folder.
"""

from __future__ import annotations

import os
import random
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

import faiss
import pytest
import torch
import tqdm.auto
import tqdm.std

from citeqa.index import store
from citeqa.ingest.manage import remove
from citeqa.ingest.pipeline import ingest

pytestmark = pytest.mark.slow


def _docs(folder: Path, prefix: str, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"{prefix}-{i}.txt"
        path.write_text(f"Dokumen {prefix} nomor {i} membahas kota ke-{i} dan sungai ke-{i * 7}.", "utf-8")
        paths.append(path)
    return paths


def _fork(work: Callable[[], object]) -> int:
    """Run ``work`` in a forked child; its pid. The child exits 0 when ``work`` returns, 1 when it raises."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 1
        try:
            # tqdm's write lock (bm25s takes it even without a bar) holds a multiprocessing lock that forked
            # children share: a writer killed while holding it would leave the next one waiting forever. Separate
            # processes, as ``citeqa ingest`` runs them, never share it.
            for bar in {tqdm.std.tqdm, tqdm.auto.tqdm}:  # (set_lock sets the class's own lock)
                bar.set_lock(threading.RLock())
            # GNU OpenMP's worker threads are not forked: a child whose parent ran a parallel region (an earlier
            # test's batch encode, on two threads) would wait on them forever in its first one. One thread runs
            # no team.
            torch.set_num_threads(1)
            faiss.omp_set_num_threads(1)
            work()
            code = 0
        finally:
            os._exit(code)
    return pid


def _exit_code(pid: int) -> int:
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def test_kill_9_at_100_random_points_leaves_the_old_or_the_new_index_whole(tmp_path: Path, embedder) -> None:
    index = tmp_path / "idx"
    base = _docs(tmp_path / "base", "a", 5)
    ingest(base, index, embedder, chunk_size=600, progress=False)
    old = set(store.load(index).documents)
    more = _docs(tmp_path / "more", "b", 20)
    added = old | {p.name for p in more}

    def write() -> None:  # the next change: add the 20 documents, or remove them again
        if set(store.load_documents(index)) == added:
            remove(index, [p.name for p in more])
        else:
            ingest(more, index, embedder, chunk_size=600, progress=False)

    start = time.monotonic()
    assert _exit_code(_fork(write)) == 0  # uninterrupted, a write completes
    full = time.monotonic() - start
    assert set(store.load(index).documents) == added
    rng = random.Random(12)
    states = []
    for _ in range(100):
        pid = _fork(write)
        time.sleep(rng.uniform(0.0, 1.2 * full))
        os.kill(pid, signal.SIGKILL)
        _exit_code(pid)
        data = store.load(index)  # whole and consistent (it checks every passage against its text), or raises
        sources = set(data.documents)
        assert sources in (old, added)
        assert {p.source for p in data.passages} == sources and len(data.vectors) == len(data.passages)
        states.append(sources == added)
    assert len(set(states)) == 2  # some writes were cut short, some had finished: both outcomes were seen
    assert _exit_code(_fork(write)) == 0  # no lock or leftover stands in the way of the next writer
    # and it leaves no orphan: no half-written version, no other version, no stray pointer file
    assert [v.name for v in (index / "versions").iterdir()] == [store.current_version(index).name]
    assert not list(index.glob(".CURRENT.*"))


def test_two_writers_at_once_never_lose_a_document_in_20_trials(tmp_path: Path, embedder) -> None:
    index = tmp_path / "idx"
    ingest(_docs(tmp_path / "base", "base", 2), index, embedder, chunk_size=600, progress=False)
    expected = set(store.load(index).documents)
    for trial in range(20):
        first = _docs(tmp_path / f"a{trial}", f"a{trial}", 3)
        second = _docs(tmp_path / f"b{trial}", f"b{trial}", 3)
        writers = [_fork(lambda docs=docs: ingest(docs, index, embedder, chunk_size=600, progress=False))
                   for docs in (first, second)]
        assert [_exit_code(pid) for pid in writers] == [0, 0]
        expected |= {p.name for p in first + second}
        assert set(store.load(index).documents) == expected, f"trial {trial}"
