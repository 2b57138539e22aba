"""Benchmark citeqa beside the strawman on one question set, in-process or through the HTTP API.

Usage (after ``python -m citeqa.eval.benchsets ../shared/datasets /tmp/bench`` and an ingest of the set's
corpus)::

    citeqa ingest /tmp/bench/tydi/dev --index /tmp/bench/idx-tydi-dev
    python -m citeqa.eval.bench --set /tmp/bench/tydi-dev.jsonl --index /tmp/bench/idx-tydi-dev
    python -m citeqa.eval.bench --set ... --index ... --url http://127.0.0.1:8000   # asked through POST /ask

Prints one table row each for citeqa and the strawman (``citeqa.eval.strawman``): cited right (the first
citation lies in the gold document and overlaps a gold answer), passage hit@1, EM, token F1, false abstention,
unanswerable abstained, p50 latency; then citeqa's calibration buckets. ``--output`` writes both summaries.

Two kinds of unanswerable questions can be added, and each kind's abstention is printed on its own line:
``--left-out N`` asks N questions with their gold document left out of the index (a folder that is silent on
them); ``--swapped N`` asks N questions with a name or number swapped for another question's that their gold
document lacks (``citeqa.eval.swaps.swapped_items``), over the whole index: a near-topic question the document
does not answer, as people write them about a document they know ("Siapa perdana menteri Jepang yang …?" of an
article that names no prime minister).

``--signals ROWS.npz`` (in-process) asks at threshold 0, so that every question is answered, and keeps each
answer's calibrator signals beside whether it was cited right and its token F1: ``citeqa.eval.calibrators``
scores any support and confidence model on such rows, at the threshold the dev sides' rule picks for it, without
asking again (the answers do not depend on the calibrators).
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from citeqa.answer.confidence import Evidence
from citeqa.core.config import load_settings
from citeqa.core.models import Answer, Citation, Passage, ScoredPassage
from citeqa.eval import metrics as m
from citeqa.eval import runner
from citeqa.eval.calibrators import unanswerable_kind
from citeqa.eval.strawman import Strawman
from citeqa.eval.swaps import swapped_items
from citeqa.index import store

COLUMNS = (("cited_right", "cited"), ("hit@1", "hit@1"), ("exact_match", "EM"), ("token_f1", "F1"),
           ("false_abstention", "false abst."), ("abstention_rate_unanswerable", "unans. abst."),
           ("latency_p50_ms", "p50 ms"))


def http_asker(url: str, api_key: str | None = None) -> Callable[[str], Answer]:
    """Ask through ``POST {url}/ask`` and rebuild the ``Answer`` from its JSON."""
    import httpx

    client = httpx.Client(base_url=url, timeout=60.0,
                          headers={"Authorization": f"Bearer {api_key}"} if api_key else {})

    def ask(question: str) -> Answer:
        response = client.post("/ask", json={"question": question})
        response.raise_for_status()
        body = response.json()
        citations = tuple(Citation(**c) for c in body["citations"])
        passages = tuple(ScoredPassage(Passage(p["source"], p["start"], p["end"], p["text"], id=p["passage_id"]),
                                       p["score"]) for p in body["passages"])
        return Answer(question, body["answer"], body["confidence"], citations, passages)

    return ask


def sample(items: list[runner.EvalItem], limit: int | None, seed: int = 0) -> list[runner.EvalItem]:
    """At most ``limit`` items, drawn with ``seed`` (all of them, in order, without a limit)."""
    if limit is None or limit >= len(items):
        return items
    return sorted(random.Random(seed).sample(items, limit), key=items.index)


def row(name: str, summary: dict[str, Any]) -> str:
    """One line of the comparison table."""
    return f"{name:<10}" + "".join(f"{summary.get(key, 0.0):>{max(9, len(label) + 2)}.3f}" for key, label in COLUMNS)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", type=Path, required=True, help="JSONL question set with gold sources")
    parser.add_argument("--index", type=Path, required=True, help="index of the set's corpus")
    parser.add_argument("--url", help="ask citeqa through this server's POST /ask instead of in-process")
    parser.add_argument("--limit", type=int, help="ask at most this many questions (a seeded sample)")
    parser.add_argument("--left-out", type=int, default=0, metavar="N",
                        help="in-process only: N more questions (a seeded sample) asked with their gold document "
                             "left out of the index, as unanswerable ones")
    parser.add_argument("--swapped", type=int, default=0, metavar="N",
                        help="N more questions (seeded) with a name or number swapped for one their gold document "
                             "lacks, asked over the whole index as unanswerable ones")
    parser.add_argument("--output", type=Path, help="write both summaries as JSON")
    parser.add_argument("--signals", type=Path, metavar="ROWS.npz",
                        help="in-process only: ask at threshold 0 and write every answer's signals (see above)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    items = sample(runner.load_set(args.set), args.limit)
    settings = load_settings(index_dir=args.index, **({"abstain_threshold": 0.0} if args.signals else {}))
    data = store.load(args.index)
    documents = {s: d.text for s, d in data.documents.items()}
    left_out = [replace(item, id=f"{item.id}-left-out", answers=(), answerable=False)
                for item in sample(runner.load_set(args.set), args.left_out, seed=1)] if args.left_out else []
    swaps = swapped_items(runner.load_set(args.set), lambda source: documents.get(source, ""), args.swapped) \
        if args.swapped else []
    if args.url:
        if left_out or args.signals:
            parser.error("--left-out and --signals need the in-process assistant")
        ask = http_asker(args.url, settings.api_key)
    else:
        from citeqa.answer.assistant import Assistant
        from citeqa.index.embedder import load_embedder

        assistant = Assistant(data, load_embedder(settings), settings)
        ask = assistant.ask
    gold_of = {item.id: item.source for item in left_out}
    evidence: dict[str, Evidence | None] = {}

    def ours_ask(question: str, item_id: str | None = None) -> Answer:
        if item_id in gold_of or args.signals:
            exclude = frozenset({gold_of[item_id] or ""}) if item_id in gold_of else frozenset()
            answer, evidence[item_id or ""] = assistant.ask_with_evidence(question, exclude=exclude)
            return answer
        return ask(question)

    def straw_ask(question: str, item_id: str | None = None) -> Answer:
        return straw_without(gold_of[item_id]).ask(question) if item_id in gold_of else full_straw.ask(question)

    full_straw = Strawman(documents)

    def straw_without(source: str | None) -> Strawman:
        return Strawman({s: t for s, t in documents.items() if s != source})

    predictions = runner.predict(ours_ask, documents, items + left_out + swaps, with_ids=True)
    ours = runner.summarize(predictions)
    strawman = runner.summarize(runner.predict(straw_ask, documents, items + left_out + swaps, with_ids=True))
    header = f"{'':<10}" + "".join(f"{label:>{max(9, len(label) + 2)}}" for _, label in COLUMNS)
    lines = [f"{args.set.name}: {ours['questions']} questions ({ours['unanswerable']} unanswerable), "
             f"{len(documents)} documents", header, row("citeqa", ours), row("strawman", strawman), "",
             "citeqa confidence buckets (n, share right):"]
    lines += [f"  {k}: {v['n']:>5} {v['accuracy']:.3f}" for k, v in ours["calibration"].items()]
    ours["abstained_by_kind"] = abstained_by_kind(predictions)
    lines += [f"citeqa abstained on {kind} questions: {n_abstained} of {n} ({n_abstained / n:.3f})"
              for kind, (n_abstained, n) in ours["abstained_by_kind"].items()]
    sys.stdout.write("\n".join(lines) + "\n")
    if args.output:
        per_question = [{"id": p.item.id, "answerable": p.item.answerable, "confidence": p.confidence,
                         "support": p.extra.get("support"),
                         "answer": p.answer, "cited_right": p.cited_right,
                         "token_f1": m.token_f1(p.answer, p.item.answers)} for p in predictions]
        args.output.write_text(json.dumps({"citeqa": ours, "strawman": strawman, "questions": per_question},
                                          indent=1, ensure_ascii=False))
    if args.signals:
        save_rows(args.signals, predictions, evidence)
    return 0


def abstained_by_kind(predictions: list[runner.Prediction]) -> dict[str, tuple[int, int]]:
    """For each kind of unanswerable question asked (``calibrators.unanswerable_kind``): how many were abstained on,
    of how many."""
    counts: dict[str, list[int]] = {}
    for p in predictions:
        if p.item.answerable:
            continue
        found = counts.setdefault(unanswerable_kind(p.item.id), [0, 0])
        found[0] += p.answer is None
        found[1] += 1
    return {kind: (n_abstained, n) for kind, (n_abstained, n) in counts.items()}


def save_rows(path: Path, predictions: list[runner.Prediction], evidence: dict[str, Evidence | None]) -> None:
    """Each prediction's signals (NaN where nothing was read), whether its question is answerable, its cited
    right and token F1, and its id, as ``citeqa.eval.calibrators`` reads them."""
    import numpy as np

    from citeqa.answer.confidence import SIGNALS

    found = [evidence.get(p.item.id) for p in predictions]
    np.savez(path, x=np.array([e.vector() if e is not None else np.full(len(SIGNALS), np.nan) for e in found]),
             answerable=np.array([p.item.answerable for p in predictions]),
             cited=np.array([p.cited_right for p in predictions]),
             f1=np.array([m.token_f1(p.answer, p.item.answers) for p in predictions]),
             ids=np.array([p.item.id for p in predictions]), names=np.array(SIGNALS))


if __name__ == "__main__":
    raise SystemExit(main())
