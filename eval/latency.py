"""In-process answer latency against the floor of a bare question encode, measured in the same run.

Usage::

    python -m citeqa.eval.latency [--set eval/sets/article.jsonl] [--index DIR] [--rounds 5]

Each round asks every question of the set once per configuration, interleaved question by question so that a
shared, noisy machine slows every configuration alike, and times a bare torch encode and a bare ONNX encode of the
same question. Per round it prints the p50 of each; then the median of the rounds' p50s and its ratio to the torch
encode. Configurations: as shipped; the extractor's trees scored by LightGBM instead of compiled
(``CITEQA_TREES=lightgbm``); the span reader on every core of the budget instead of one (as it read a lone question
until the eighteenth session, ``core/threads.py``); questions encoded by torch instead of ONNX Runtime.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from citeqa.core import threads
from citeqa.core.config import load_settings
from citeqa.eval.items import load_set
from citeqa.index.onnx_query import OnnxQueryEncoder

DEFAULT_SET = Path(__file__).resolve().parent / "sets" / "article.jsonl"


def timed(call: Callable[[], object]) -> float:
    """Milliseconds ``call`` takes."""
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    from citeqa.answer.assistant import Assistant
    from citeqa.index.embedder import SentenceTransformerEmbedder

    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET)
    parser.add_argument("--index", type=Path, default=None, help="index to ask (default: the bundled article's)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    assistant = Assistant.load(load_settings(index_dir=args.index))
    embedder = assistant.embedder
    if not isinstance(embedder, SentenceTransformerEmbedder):
        parser.error("needs the sentence-transformers embedder")
    onnx = embedder.query_encoder
    if onnx is None:
        parser.error("the ONNX query encoder is off (CITEQA_QUERY_ENCODER=torch): nothing to compare")
    budget = threads.budget()
    trees = assistant.extractor.model if assistant.extractor is not None else None
    compiled = trees.compiled if trees is not None else None
    questions = [item.question for item in load_set(args.set)]
    for question in questions[:5]:  # warm up
        assistant.ask(question)

    def configure(encoder: OnnxQueryEncoder | None, compiling: bool = True, reader: int = 1) -> None:
        embedder.query_encoder = encoder
        if trees is not None:
            trees.compiled = compiled if compiling else None
        threads.SPAN_READER_THREADS = reader

    configs: dict[str, tuple[OnnxQueryEncoder | None, bool, int]] = {
        "shipped": (onnx, True, 1), "LightGBM trees": (onnx, False, 1),
        f"span reader on {budget} threads": (onnx, True, budget), "torch questions": (None, True, 1)}
    p50s: dict[str, list[float]] = {name: [] for name in [*configs, "bare torch encode", "bare onnx encode"]}
    try:
        for number in range(args.rounds):
            times: dict[str, list[float]] = {name: [] for name in p50s}
            for question in questions:
                times["bare torch encode"].append(timed(partial(embedder.embed, [question])))
                times["bare onnx encode"].append(timed(partial(onnx.encode, [question])))
                for name, (encoder, compiling, reader) in configs.items():
                    configure(encoder, compiling, reader)
                    times[name].append(timed(partial(assistant.ask, question)))
                configure(onnx)
            for name, values in times.items():
                p50s[name].append(statistics.median(values))
            sys.stdout.write(f"round {number + 1}: " + ", ".join(f"{k} {v[-1]:.1f}" for k, v in p50s.items()) + " ms\n")
    finally:
        configure(onnx)
    floor = statistics.median(p50s["bare torch encode"])
    sys.stdout.write(f"median of {args.rounds} rounds' p50 ({len(questions)} questions, {budget} cores):\n")
    for name, values in p50s.items():
        sys.stdout.write(f"  {name:28s} {statistics.median(values):6.1f} ms  {statistics.median(values) / floor:.2f}"
                         " x the bare torch encode\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
