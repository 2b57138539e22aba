"""One thread budget for the heavy libraries (torch, FAISS's OpenMP), set from one setting.

Answering runs many short requests side by side: each query encode takes one thread (a MiniLM encode is about as
fast on one thread, and threads of concurrent requests would otherwise fight over the cores: 520 ms for one encode
under load with torch's default, ~16 ms with one). Ingest encodes big batches one after another: it may use the
whole budget. LightGBM predicts with one thread, except for a big batch of rows while the question is the only
one being answered (``spare``): then it may use the whole budget (the extractor's 2,000 rows per question in 8 ms on
2 cores against 15 ms).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from citeqa.core.config import cpu_cores

log = logging.getLogger(__name__)
_applied: tuple[int, bool] | None = None
_budget = cpu_cores()
_active = 0
_lock = threading.Lock()


def apply(threads: int, batch: bool) -> int:
    """Set torch's and FAISS's thread counts: ``threads`` for batch work (ingest), 1 per request otherwise.
    Returns the count set. Safe to call again (the last call wins)."""
    global _applied
    import faiss
    import torch

    set_budget(threads)
    count = _budget if batch else 1
    if _applied != (count, batch):
        torch.set_num_threads(count)
        faiss.omp_set_num_threads(count)
        _applied = (count, batch)
        log.info("thread budget: %d for %s", count, "batch work" if batch else "each request")
    return count


@contextmanager
def answering() -> Iterator[None]:
    """Counts one question being answered while inside (``spare`` reads the count)."""
    global _active
    with _lock:
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1


def budget() -> int:
    """The cores ``CITEQA_THREADS`` gives this process (set by ``apply``; all of them until then)."""
    return _budget


def spare() -> int:
    """Threads a short parallel step of a request may use: the whole budget while it is the only question being
    answered, else 1 (concurrent requests already share the cores)."""
    return _budget if _active <= 1 else 1


def set_budget(cores: int) -> None:
    """Set the cores ``spare`` may hand out (``apply`` sets it from ``CITEQA_THREADS``)."""
    global _budget
    _budget = max(1, cores)
