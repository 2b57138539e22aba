"""Train the sentence chooser (``citeqa.answer.sentences``) on the train sides of the benchmarks.

Usage (after ``python -m citeqa.eval.benchsets`` and an ingest of the train documents, see README)::

    python -m citeqa.eval.train_sentences --set /tmp/bench/facqa-train.jsonl /tmp/bench/tydi-train.jsonl \\
        /tmp/bench/squad-train.jsonl --index /tmp/bench/idx-train --parts 2/4 --per-set 1000

Each question is asked as the assistant asks it (shipped reranker and extractor, which never saw these
documents' questions: the extractor learned parts 0 and 1); when the reranker's passage is of the question's
document and some but not all of its sentences hold a gold answer, its sentences become rows of features labelled
1 for those that hold one. A LambdaRank model is fit on them, its size chosen by cross-validation grouped by
document, against the reader's rule (its score plus the extractor's best span score) as the baseline.
"""

from __future__ import annotations

import logging

import numpy as np

from citeqa.answer.assistant import Assistant
from citeqa.answer.bridge import Bridging
from citeqa.answer.choice import extractor_preference
from citeqa.answer.question import analyze_question
from citeqa.answer.sentences import FEATURES, MODEL
from citeqa.core.config import load_settings
from citeqa.eval.metrics import answer_spans
from citeqa.eval.runner import EvalItem
from citeqa.eval.training import cross_validate, fit_ranker, load_sets, report, start, top_rows, training_parser

log = logging.getLogger(__name__)
_RULE = FEATURES.index("rule")
_SPAN = FEATURES.index("span_score")


class _Recorder:
    """Stands in for the chooser: keeps the rows the reader builds and scores them by the reader's rule."""

    def __init__(self) -> None:
        self.rows: list[np.ndarray] = []

    def scores(self, rows: np.ndarray) -> np.ndarray:
        self.rows.append(rows)
        return rows[:, _RULE] + rows[:, _SPAN]


def build_rows(assistant: Assistant, items: list[EvalItem]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Rows, labels, question ids and, per row, the question's document, for the questions whose reranked first
    passage is of their document with the answer in some of its sentences but not all."""
    xs, ys, groups, sources = [], [], [], []
    for number, item in enumerate(items):
        info = analyze_question(item.question)
        _, retrieved, fit = assistant._retrieve(Bridging(item.question, {}, False), info, 3)
        if not retrieved or retrieved[0].passage.source != item.source:
            continue
        recorder = _Recorder()
        assistant.reader.read(item.question, info, retrieved, extractor_preference(fit), recorder)  # type: ignore[arg-type]
        passage = retrieved[0].passage
        text = assistant.store.document(passage.source).text
        gold = answer_spans(text, item.answers)
        sentences = passage.sentences or ((passage.start, passage.end),)
        labels = np.array([float(any(s < ge and gs < e for gs, ge in gold)) for s, e in sentences])
        if not recorder.rows or labels.min() == labels.max():
            continue
        xs.append(recorder.rows[0])
        ys.append(labels)
        groups.append(np.full(len(labels), number))
        sources.extend([item.source or item.id] * len(labels))
        if number % 500 == 0:
            log.info("%d of %d questions asked", number, len(items))
    return np.vstack(xs), np.concatenate(ys), np.concatenate(groups), sources


def accuracy(scores: np.ndarray, labels: np.ndarray, groups: np.ndarray) -> float:
    """Share of questions whose top-scored sentence holds the answer."""
    return float(np.mean([labels[top] for _, top in top_rows(scores, groups)]))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    args = start(training_parser(__doc__, MODEL), argv)
    assistant = Assistant.load(load_settings(index_dir=args.index, choose_sentences=False, calibrate=False))
    items = load_sets(args.set, args.per_set, parts=args.parts)
    x, y, groups, sources = build_rows(assistant, items)
    baseline = accuracy(x[:, _RULE] + x[:, _SPAN], y, groups)
    results = cross_validate(x, y, groups, FEATURES, lambda s, rows: accuracy(s, y[rows], groups[rows]),
                             [(100, 7), (200, 7), (200, 15)], sample=1.0, fold_groups=np.array(sources))
    trees, leaves = (int(v) for v in max(results, key=lambda c: results[c]).split("x"))
    fit_ranker(x, y, groups, FEATURES, trees, leaves, sample=1.0).save_model(str(args.out))
    return report({"questions": len(items), "trained_on": int(len(np.unique(groups))), "rows": int(len(y)),
                   "rule_accuracy": baseline, "cv_accuracy": results, "chosen": f"{trees}x{leaves}"}, args.out)


if __name__ == "__main__":
    raise SystemExit(main())
