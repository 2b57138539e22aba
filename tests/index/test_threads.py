from __future__ import annotations

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


def test_a_question_answered_alone_may_use_the_spare_cores() -> None:
    import threading

    before = threads.spare()
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
