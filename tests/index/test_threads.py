from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import faiss
import pytest
import torch

from citeqa.core import threads
from citeqa.core.config import load_settings
from citeqa.core.errors import ConfigError


def test_answering_uses_one_thread_per_request_and_ingest_the_budget() -> None:
    try:
        assert threads.apply(3, batch=True) == 3
        assert torch.get_num_threads() == 3 and faiss.omp_get_max_threads() == 3
        assert threads.apply(3, batch=False) == 1
        assert torch.get_num_threads() == 1 and faiss.omp_get_max_threads() == 1
    finally:
        threads.apply(1, batch=False)


def test_the_budget_is_a_setting_checked_early(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CITEQA_THREADS", "2")
    assert load_settings().threads == 2
    monkeypatch.setenv("CITEQA_THREADS", "0")
    with pytest.raises(ConfigError, match="CITEQA_THREADS=.0.: Input should be greater than or equal to 1"):
        load_settings()


def test_a_question_answered_alone_may_use_the_spare_cores(monkeypatch: pytest.MonkeyPatch,
                                                           tmp_path: Path) -> None:
    import threading

    idle = tmp_path / "loadavg"
    idle.write_text("0.50 0.40 0.30 1/113 4242\n", encoding="ascii")  # only the reader itself runnable
    monkeypatch.setattr(threads, "LOADAVG", idle)
    monkeypatch.setattr(threads, "cpu_cores", lambda: 2)
    before = threads.budget()
    threads.set_budget(2)
    try:
        assert threads.spare() == 2
        with threads.answering():
            assert threads.spare() == 2  # alone
            with threads.answering():
                assert threads.spare() == 1  # another question in flight: one thread each
            assert threads.spare() == 2
        barrier, seen = threading.Barrier(3), []

        def ask() -> None:
            with threads.answering():
                barrier.wait(timeout=5)
                seen.append(threads.spare())
                barrier.wait(timeout=5)

        workers = [threading.Thread(target=ask) for _ in range(3)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=10)
        assert seen == [1, 1, 1] and threads.spare() == 2  # and the count went back down
    finally:
        threads.set_budget(before)


@pytest.mark.parametrize(("runnable", "cores", "spared"), [("1/90", 2, 2), ("2/90", 2, 1), ("3/90", 2, 1),
                                                          ("3/90", 8, 4), ("9/90", 8, 1)])
def test_a_lone_question_spares_only_the_cores_other_work_leaves_idle(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, runnable: str, cores: int, spared: int,
) -> None:
    loadavg = tmp_path / "loadavg"
    loadavg.write_text(f"1.00 1.00 1.00 {runnable} 4242\n", encoding="ascii")
    monkeypatch.setattr(threads, "LOADAVG", loadavg)
    monkeypatch.setattr(threads, "cpu_cores", lambda: cores)
    before = threads.budget()
    threads.set_budget(4)
    try:
        with threads.answering():
            assert threads.spare() == spared
    finally:
        threads.set_budget(before)


def test_where_the_machine_load_cannot_be_read_nothing_is_spared(monkeypatch: pytest.MonkeyPatch,
                                                                 tmp_path: Path) -> None:
    for text in (None, "garbage\n"):
        loadavg = tmp_path / "loadavg"
        if text is not None:
            loadavg.write_text(text, encoding="ascii")
        monkeypatch.setattr(threads, "LOADAVG", loadavg)
        before = threads.budget()
        threads.set_budget(2)
        try:
            assert threads.spare() == 1
        finally:
            threads.set_budget(before)


@pytest.mark.skipif(not threads.LOADAVG.exists(), reason="reads Linux's /proc/loadavg")
def test_another_busy_process_is_seen() -> None:
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        deadline, seen = time.monotonic() + 5, 0
        while time.monotonic() < deadline and not seen:
            seen = threads.busy_elsewhere()
            time.sleep(0.05)
        assert seen >= 1
    finally:
        busy.kill()
        busy.wait()
