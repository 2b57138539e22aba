"""The scale benchmark: the FacQA and TyDi dev questions with their gold paragraphs among N distractor passages.

Usage (after ``python -m citeqa.eval.benchsets ../shared/datasets /tmp/bench``)::

    python -m citeqa.eval.scale_bench --bench /tmp/bench --work /tmp/scale --sizes 10000,100000,1000000

Deterministic (seeded) and built from the shared datasets' real text:

- **gold**: the FacQA and TyDi dev paragraphs (one document each), ingested by the real pipeline (real vectors);
- **distractors**: passages of 300 to 580 characters composed of whole sentences drawn from the train sides'
  paragraphs (FacQA, TyDi, SQuAD; no dev text; no sentence that holds a gold answer of the dev questions, as a
  word or words), eight to a document. Each sentence of that pool is encoded once by
  the embedder (real vectors); a distractor's vector is the normalized mean of its sentences' vectors and its
  lexical terms are its sentences' terms, so that a million of them are built in minutes rather than the hours that
  encoding them would take on 2 cores. They are stated as such beside the figures.

It first ingests the gold documents through the pipeline into a fresh folder and encodes their passages bare in
the same process: the ingest's rate against the encoder's. For each size the index is written by
``citeqa.index.store`` (as ``citeqa ingest`` writes one) and measured in a
new process (``--measure``): load time; questions asked in-process (``--questions``, half FacQA, half TyDi, seeded;
after ``--warmup`` other questions of the same sets, untimed, as a server that has been answering a while) with the
p50/p95 of ``Assistant.ask`` beside a bare single-question encode in the same run (the ONNX query encoder
the answer uses, and torch's); cited right; the dense search's recall@20 against an exact search; resident memory
(VmRSS, VmHWM, and its anonymous and file-backed parts) after the questions; the index's size on disk. The first
row is the gold paragraphs alone (their own corpus), for the quality at scale to be compared with.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from citeqa.eval.scale_corpus import distractors, encode_pool, pool_sentences, say


def timed_ingest(args: argparse.Namespace, settings: Any, embedder: Any) -> None:
    """Ingest the gold documents into a fresh ``ingest-timing`` folder and encode their passages bare, in the same
    process (model warm), and print both rates and their ratio."""
    from citeqa.index import store
    from citeqa.ingest.pipeline import embed_in_batches, ingest

    folder = args.work / "ingest-timing"
    shutil.rmtree(folder, ignore_errors=True)
    embedder.embed(["pemanasan"] * 4)  # the first batch pays for warming up
    started = time.perf_counter()
    report = ingest([args.bench / "facqa" / "dev", args.bench / "tydi" / "dev"], folder, embedder,
                    settings.chunk_size, progress=False)
    took = time.perf_counter() - started
    texts = [p.text for p in store.load(folder).passages]
    started = time.perf_counter()
    embed_in_batches(embedder, texts, settings.batch_size, progress=False)
    bare = time.perf_counter() - started
    say(f"ingest of the gold documents: {report.passages} passages in {took:.1f} s, {report.passages / took:.1f}/s; "
        f"a bare batch encode of them {len(texts) / bare:.1f}/s; ingest at {bare / took:.2f} of the encode's rate")


def build(args: argparse.Namespace) -> list[tuple[int, Path]]:
    """Write the gold index and one index per size under ``--work``; returns (passages, folder) of each."""
    from citeqa.core.config import load_settings
    from citeqa.eval.items import load_set
    from citeqa.index import store
    from citeqa.index.analyzer import analyze, stems_of
    from citeqa.index.embedder import load_embedder

    settings = load_settings(data_dir=args.work / "data")
    embedder = load_embedder(settings, batch=True)
    gold = args.work / "gold"
    timed_ingest(args, settings, embedder)
    if not store.built_as_now(gold, settings.chunk_size):
        shutil.rmtree(gold, ignore_errors=True)
        shutil.copytree(args.work / "ingest-timing", gold)
    base = store.load(gold)
    folders = [args.bench / name / "train" for name in ("facqa", "tydi", "squad")]
    sentences = pool_sentences(folders, settings.chunk_size)
    started = time.perf_counter()
    vectors = encode_pool(sentences, embedder, args.work)
    say(f"distractor pool: {len(sentences)} sentences of the train sides, encoded in "
        f"{time.perf_counter() - started:.0f} s (or read from the cache)")
    answers = {a.strip().lower() for name in ("facqa", "tydi") for item in load_set(args.bench / f"{name}-dev.jsonl")
               for a in item.answers if len(a.strip()) >= 2}
    holds = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(answers, key=len, reverse=True))) + r")\b")
    keep = [i for i, sentence in enumerate(sentences) if not holds.search(sentence.lower())]
    sentences, vectors = [sentences[i] for i in keep], vectors[keep]
    say(f"  {len(sentences)} of them hold no gold answer of the dev questions: the distractors draw from these")
    terms = [analyze(s) for s in sentences]
    known_stems = base.saved_stems()  # and the pool's: a distractor's words are its sentences' (none listed again)
    stems = {**known_stems, **stems_of(sentences)} if known_stems is not None else None
    built = [(base.size, gold)]
    for size in args.sizes:
        folder = args.work / f"idx-{size}"
        if not store.built_as_now(folder, settings.chunk_size):
            shutil.rmtree(folder, ignore_errors=True)
            started = time.perf_counter()
            docs, passages, dvectors, known = distractors(size - base.size, sentences, vectors, terms, args.seed)
            known.update(base.saved_terms())
            documents = [*base.documents.values(), *docs]
            manifest = dict(base.manifest, passages=base.size + len(passages),
                            documents={d.source: {"checksum": d.checksum, "kind": d.kind} for d in documents})
            data = store.build_index_data(manifest, documents, [*base.passages, *passages],
                                          np.vstack([base.vectors, dvectors]), known, stems)
            store.save(folder, data)
            say(f"built {folder} ({data.size} passages, {len(documents)} documents) in "
                f"{time.perf_counter() - started:.0f} s")
            del data, docs, passages, dvectors, known
        built.append((size, folder))
    return built


def memory() -> dict[str, float]:
    """This process's resident memory in MB: VmRSS, its peak VmHWM, and its anonymous and file-backed parts."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
            fields[key] = int(value.split()[0]) / 1024
    return fields


def recall_at(store: Any, queries: np.ndarray, k: int = 20) -> float:
    """The share of the exact ``k`` nearest passages (inner product over every vector, in blocks) that the
    store's dense side returns among its ``k`` (its index's ``k`` + ``DENSE_MARGIN`` nearest, rescored)."""
    from citeqa.index.data import DENSE_MARGIN

    queries = np.ascontiguousarray(queries, dtype=np.float32)
    found = []
    for query, near in zip(queries, store.dense.search(queries, k + DENSE_MARGIN)[1], strict=True):
        near = near[near >= 0]  # rescored with the float32 vectors, as the store's candidates are
        found.append(near[np.lexsort((near, -(store.rows(near) @ query)))][:k])
    best = np.full((len(queries), k), -np.inf, dtype=np.float32)
    ids = np.zeros((len(queries), k), dtype=np.int64)
    for at in range(0, store.size, 100_000):
        scores = queries @ np.asarray(store.vectors[at:at + 100_000], dtype=np.float32).T
        top = np.argpartition(-scores, min(k, scores.shape[1] - 1), axis=1)[:, :k]
        merged = np.concatenate([best, np.take_along_axis(scores, top, axis=1)], axis=1)
        merged_ids = np.concatenate([ids, top + at], axis=1)
        keep = np.argsort(-merged, axis=1, kind="stable")[:, :k]
        best, ids = np.take_along_axis(merged, keep, axis=1), np.take_along_axis(merged_ids, keep, axis=1)
    return sum(len(set(a.tolist()) & set(b.tolist())) for a, b in zip(ids, found, strict=True)) / ids.size


def measure(index: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Load ``index``, ask the questions, and return the figures (run in a process of its own)."""
    from citeqa.answer.assistant import Assistant
    from citeqa.core.config import load_settings
    from citeqa.eval import metrics as m
    from citeqa.eval import runner
    from citeqa.eval.bench import sample

    settings = load_settings(index_dir=index, data_dir=args.work / "data")
    started = time.perf_counter()
    assistant = Assistant.load(settings)
    loaded = time.perf_counter() - started
    store = assistant.store
    items, others = [], []
    for name in ("facqa", "tydi"):
        answerable = [i for i in runner.load_set(args.bench / f"{name}-dev.jsonl") if i.answerable]
        chosen = sample(answerable, args.questions // 2)
        items += chosen
        others += sample([i for i in answerable if i not in chosen], args.warmup // 2, seed=1)
    embedder = assistant.embedder
    torch_ms: list[float] = []
    onnx_ms: list[float] = []
    ask_ms: list[float] = []
    for item in others:  # a server that has answered a while (the analyzer's word cache is warm), not the same
        assistant.ask(item.question)
    embedder.embed([items[0].question])

    class Texts(dict[str, str]):
        def get(self, key: str, default: Any = None) -> Any:
            return store.document(key).text if key in store.documents else default

    def ask(question: str) -> Any:
        started = time.perf_counter()
        embedder.embed([question])  # torch, one question: the floor the issue names
        torch_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        embedder.embed_queries([question])  # what answering encodes with
        onnx_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        answer = assistant.ask(question)
        ask_ms.append((time.perf_counter() - started) * 1000)
        return answer

    predictions = runner.predict(ask, Texts(), items)
    resident = memory()  # before the exact search below reads every vector
    queries = embedder.embed_queries([item.question for item in items])
    disk = sum(f.stat().st_size for f in store.folder.rglob("*") if f.is_file()) / 2**20
    p50 = statistics.median(ask_ms)
    return {"passages": store.size, "load_s": round(loaded, 2), "questions": len(items),
            "cited_right": round(statistics.mean(p.cited_right for p in predictions), 3),
            "token_f1": round(statistics.mean(m.token_f1(p.answer, p.item.answers) for p in predictions), 3),
            "hit@1": round(m.hit_at([p.rank for p in predictions], 1), 3),
            "hit@5": round(m.hit_at([p.rank for p in predictions], 5), 3),
            "ask_p50_ms": round(p50, 1), "ask_p95_ms": round(float(np.percentile(ask_ms, 95)), 1),
            "torch_encode_p50_ms": round(statistics.median(torch_ms), 1),
            "onnx_encode_p50_ms": round(statistics.median(onnx_ms), 1),
            "ask_over_torch_encode": round(p50 / statistics.median(torch_ms), 2),
            "recall@20": round(recall_at(store, queries), 4), "disk_mb": round(disk),
            **{k: round(v) for k, v in resident.items()}}


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--bench", type=Path, default=Path("/tmp/bench"), help="benchsets' output folder")
    parser.add_argument("--work", type=Path, default=Path("/tmp/scale"), help="where the indexes are written")
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated passage counts")
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=100, help="other questions asked first, untimed")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # one index, in this process: a JSON line
    args = parser.parse_args(argv)
    args.sizes = [int(s) for s in str(args.sizes).split(",") if s]
    if args.measure:
        say(json.dumps(measure(args.measure, args)))
        return 0
    args.work.mkdir(parents=True, exist_ok=True)
    for size, folder in build(args):
        command = [sys.executable, "-m", "citeqa.eval.scale_bench", "--measure", str(folder), "--bench",
                   str(args.bench), "--work", str(args.work), "--questions", str(args.questions), "--warmup",
                   str(args.warmup)]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        lines = result.stdout.strip().splitlines()
        if result.returncode != 0 or not lines:
            say(f"{size}: measuring failed: {result.stderr.strip()[-2000:]}")
            return 1
        say(f"{size}: {lines[-1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
