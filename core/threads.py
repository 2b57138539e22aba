"""One thread budget for the heavy libraries (torch, FAISS's OpenMP), set from one setting.

Answering runs many short requests side by side: each query encode takes one thread (a MiniLM encode is about as
fast on one thread, and threads of concurrent requests would otherwise fight over the cores: 520 ms for one encode
under load with torch's default, ~16 ms with one). Ingest encodes big batches one after another: it may use the
whole budget. LightGBM predicts with one thread everywhere (``citeqa.answer.model``).
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)
_applied: tuple[int, bool] | None = None


def apply(threads: int, batch: bool) -> int:
    """Set torch's and FAISS's thread counts: ``threads`` for batch work (ingest), 1 per request otherwise.
    Returns the count set. Safe to call again (the last call wins)."""
    global _applied
    import faiss
    import torch

    count = max(1, threads) if batch else 1
    if _applied != (count, batch):
        torch.set_num_threads(count)
        faiss.omp_set_num_threads(count)
        _applied = (count, batch)
        log.info("thread budget: %d for %s", count, "batch work" if batch else "each request")
    return count
