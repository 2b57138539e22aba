"""Train the passage reranker's weights on FacQA train (never on valid or the article's eval set).

Usage::

    python -m citeqa.eval.facqa ../shared/datasets/facqa /tmp/facqa --questions train
    citeqa ingest /tmp/facqa/corpus --index /tmp/facqa/index
    python -m citeqa.eval.train_ranker --set /tmp/facqa/train.jsonl --index /tmp/facqa/index

Each training question is retrieved against the whole corpus; its top passages become rows of features
(``citeqa.answer.ranker.FEATURES``) labelled 1 for the question's own passage. A LambdaRank model (LightGBM) is
fit on them, its size chosen by question-grouped cross-validation on hit@1, and saved in LightGBM's text format.
"""

from __future__ import annotations

import logging

import numpy as np

from citeqa.answer.assistant import Assistant
from citeqa.answer.extractor import Extractor
from citeqa.answer.fit import AnswerFit
from citeqa.answer.question import analyze_question
from citeqa.answer.ranker import FEATURES, MODEL, RERANK_DEPTH, features
from citeqa.core.config import load_settings
from citeqa.eval.runner import EvalItem, load_set
from citeqa.eval.training import cross_validate, fit_ranker, report, start, training_parser

log = logging.getLogger(__name__)


def build_rows(
    assistant: Assistant, items: list[EvalItem], depth: int, extractor: Extractor | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Feature rows, labels and question ids for every item whose own passage is retrieved in the top ``depth``."""
    xs, ys, groups = [], [], []
    idf = assistant.data.lexical.idf
    for number, item in enumerate(items):
        retrieved = assistant.retriever.search(item.question, depth)
        labels = [1.0 if p.passage.source == item.source or (item.evidence and item.evidence in p.passage.text)
                  else 0.0 for p in retrieved]
        if not any(labels) or all(labels):
            continue
        info = analyze_question(item.question)
        fit = AnswerFit(extractor, assistant.reader, item.question, info, idf) if extractor else None
        xs.append(features(item.question, info, retrieved, idf, fit))
        ys.append(np.asarray(labels))
        groups.append(np.full(len(labels), number))
    return np.vstack(xs), np.concatenate(ys), np.concatenate(groups)


def hit_at_1(scores: np.ndarray, labels: np.ndarray, groups: np.ndarray) -> float:
    """Share of questions whose top-scored row is a positive."""
    hits = []
    for g in np.unique(groups):
        rows = groups == g
        hits.append(labels[rows][int(np.argmax(scores[rows]))])
    return float(np.mean(hits))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = training_parser(__doc__, MODEL)
    parser.add_argument("--depth", type=int, default=RERANK_DEPTH, help="retrieved passages per question")
    args = start(parser, argv)
    assistant = Assistant.load(load_settings(index_dir=args.index, rerank=False, short_answers=False, calibrate=False))
    items = load_set(args.set)
    x, y, groups = build_rows(assistant, items, args.depth, Extractor.load())
    baseline = hit_at_1(x[:, FEATURES.index("inv_rank")], y, groups)
    results = cross_validate(x, y, groups, FEATURES, lambda s, rows: hit_at_1(s, y[rows], groups[rows]),
                             [(100, 7), (300, 7), (150, 15)])
    trees, leaves = (int(v) for v in max(results, key=lambda c: results[c]).split("x"))
    fit_ranker(x, y, groups, FEATURES, trees, leaves).save_model(str(args.out))
    return report({"questions": len(items), "trained_on": int(len(np.unique(groups))), "rows": int(len(y)),
                   "retrieval_hit@1_where_retrieved": baseline, "cv_hit@1_where_retrieved": results,
                   "chosen": f"{trees}x{leaves}"})


if __name__ == "__main__":
    raise SystemExit(main())
