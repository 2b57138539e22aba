"""One thread budget for the heavy libraries (torch, FAISS's OpenMP), set from one setting.

Answering runs many short requests side by side: each query encode takes one thread (a MiniLM encode is about as
fast on one thread, and threads of concurrent requests would otherwise fight over the cores: 520 ms for one encode
under load with torch's default, ~16 ms with one). Ingest encodes big batches one after another: it may use the
whole budget. LightGBM predicts with one thread, except for a big batch of rows while the question is the only
one being answered (``spare``): then it may use the whole budget (the extractor's 2,000 rows per question in 8 ms on
2 cores against 15 ms, where its trees are not compiled) less the cores other work on the machine is running on:
OpenMP's threads spin while they wait for each other, and beside another busy process they fight it at every step.

The span reader reads on one thread (``SPAN_READER_THREADS``), whatever else runs. On the spare cores it answered a
lone question 3 to 5 ms sooner (36.3 against 41.5 ms on the article, ``python -m citeqa.eval.latency``), but its
bfloat16 sums are taken in another order on two threads than on one, so that a margin moved by a hundredth and now
and then an answer changed (2 of about 2,000 of the dev sides) with what else ran on the machine; and taking both
cores whatever else ran, its spinning threads fought another busy process on 2 cores (an ingest, a second server,
a benchmark) at every operation: the article's questions took 0.6 to 1 s each instead of 32 ms.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from citeqa.core.config import cpu_cores

log = logging.getLogger(__name__)
_applied: tuple[int, bool] | None = None
_budget = cpu_cores()
_active = 0
_lock = threading.Lock()
SPAN_READER_THREADS = 1
LOADAVG = Path("/proc/loadavg")  # Linux: its fourth field counts the threads runnable now ("2/113")


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
    """Threads a short parallel step of a request may use: while it is the only question being answered, the
    budget less the cores that other threads of the machine are running on now (``busy_elsewhere``), else 1
    (concurrent requests already share the cores)."""
    if _active > 1 or _budget == 1:
        return 1
    return max(1, min(_budget, cpu_cores() - busy_elsewhere()))


def busy_elsewhere() -> int:
    """Threads runnable on the machine now besides the caller's own, read from ``LOADAVG`` (about 20 µs); where
    it cannot be read (not Linux), every core counts as busy, so nothing is spared."""
    try:
        runnable = int(LOADAVG.read_text(encoding="ascii").split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return cpu_cores()
    return max(0, runnable - 1)


def set_budget(cores: int) -> None:
    """Set the cores ``spare`` may hand out (``apply`` sets it from ``CITEQA_THREADS``)."""
    global _budget
    _budget = max(1, cores)
