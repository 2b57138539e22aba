"""Ablation: run eval sets under several configurations and print one markdown table.

Usage::

    python -m citeqa.eval.ablation --set /tmp/facqa/valid.jsonl --index /tmp/facqa/index

Each row switches parts of the pipeline on or off through ``Settings`` (the same object the CLI and server
build), so a row is exactly what ``CITEQA_RERANK=false citeqa eval ...`` would report.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

from citeqa.answer.assistant import Assistant
from citeqa.core.config import load_settings
from citeqa.eval.runner import load_set, predict, summarize
from citeqa.index import store
from citeqa.index.embedder import load_embedder

CONFIGS: list[tuple[str, dict[str, Any]]] = [
    ("BM25 only (Sastrawi stems), sentence reader", {"dense_weight": 0.0, "lexical_weight": 1.0, "rerank": False,
                                                     "short_answers": False, "calibrate": False}),
    ("MiniLM (+ adapter) only, sentence reader", {"dense_weight": 1.0, "lexical_weight": 0.0, "rerank": False,
                                                  "short_answers": False, "calibrate": False}),
    ("fusion 0.7/0.3 + rule reader", {"rerank": False, "short_answers": False, "calibrate": False}),
    ("fusion + learned extractor", {"rerank": False, "calibrate": False}),
    ("fusion + learned reranker + extractor", {"calibrate": False}),
    ("all: + calibrated confidence (shipped)", {}),
]
COLUMNS = ("hit@1", "hit@5", "mrr", "exact_match", "token_f1", "false_abstention", "abstained_unanswerable",
           "latency_p50_ms")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", type=Path, required=True)
    parser.add_argument("--index", type=Path, help="index folder (default: the bundled article's)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    base = load_settings(index_dir=args.index) if args.index else load_settings()
    embedder = load_embedder(base)
    loaded = Assistant.load(base, embedder)
    data: store.IndexData = loaded.data
    items = load_set(args.set)
    documents = {s: d.text for s, d in data.documents.items()}
    lines = ["| configuration | " + " | ".join(COLUMNS) + " |", "|---" * (len(COLUMNS) + 1) + "|"]
    for name, overrides in CONFIGS:
        settings = base.model_copy(update=overrides)
        summary = summarize(predict(Assistant(data, embedder, settings).ask, documents, items))
        cells = [f"{summary[c]:.3f}" if isinstance(summary[c], float) else str(summary[c]) for c in COLUMNS]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
