"""Train the passage reranker's weights on FacQA train (never on valid or the article's eval set).

Usage::

    python -m citeqa.eval.facqa ../shared/datasets/facqa /tmp/facqa --questions train
    citeqa ingest /tmp/facqa/corpus --index /tmp/facqa/index
    python -m citeqa.eval.train_ranker --set /tmp/facqa/train.jsonl --index /tmp/facqa/index

Each training question is retrieved against the whole corpus; its top passages become rows of features
(``citeqa.answer.ranker.FEATURES``) labelled 1 for the question's own passage. A logistic regression is fit
on them, its regularisation chosen by grouped cross-validation on hit@1, and written as JSON.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

import numpy as np

from citeqa.answer.assistant import Assistant
from citeqa.answer.question import analyze_question
from citeqa.answer.ranker import FEATURES, RERANK_DEPTH, WEIGHTS, LinearModel, features
from citeqa.core.config import load_settings
from citeqa.eval.runner import EvalItem, load_set

log = logging.getLogger(__name__)


def build_rows(assistant: Assistant, items: list[EvalItem], depth: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Feature rows, labels and question ids for every item whose own passage is retrieved in the top ``depth``."""
    xs, ys, groups = [], [], []
    idf = assistant.data.lexical.idf
    for number, item in enumerate(items):
        retrieved = assistant.retriever.search(item.question, depth)
        labels = [1.0 if p.passage.source == item.source or (item.evidence and item.evidence in p.passage.text)
                  else 0.0 for p in retrieved]
        if not any(labels) or all(labels):
            continue
        xs.append(features(item.question, analyze_question(item.question), retrieved, idf))
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


def fit_linear(x: np.ndarray, y: np.ndarray, c: float, names: tuple[str, ...]) -> LinearModel:
    """Standardise and fit an L2 logistic regression over features ``names``."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    clf = LogisticRegression(C=c, max_iter=2000)
    clf.fit((x - mean) / scale, y)
    return LinearModel(names, clf.coef_[0].astype(np.float64), float(clf.intercept_[0]), mean, scale)


def choose(x: np.ndarray, y: np.ndarray, groups: np.ndarray, folds: int = 5) -> tuple[float, dict[float, float]]:
    """The regularisation strength with the best cross-validated hit@1 (folds split by question)."""
    from sklearn.model_selection import GroupKFold

    results = {}
    for c in (0.01, 0.1, 1.0, 10.0):
        hits = []
        for train, test in GroupKFold(n_splits=folds).split(x, y, groups):
            model = fit_linear(x[train], y[train], c, FEATURES)
            hits.append(hit_at_1(model.score(x[test]), y[test], groups[test]))
        results[c] = float(np.mean(hits))
    return max(results, key=lambda c: results[c]), results


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", type=Path, required=True, help="training questions (JSONL, e.g. FacQA train)")
    parser.add_argument("--index", type=Path, required=True, help="index of the corpus they are asked against")
    parser.add_argument("--out", type=Path, default=WEIGHTS)
    parser.add_argument("--depth", type=int, default=RERANK_DEPTH)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    assistant = Assistant.load(load_settings(index_dir=args.index, rerank=False, short_answers=False))
    items = load_set(args.set)
    x, y, groups = build_rows(assistant, items, args.depth)
    baseline = hit_at_1(x[:, FEATURES.index("inv_rank")], y, groups)
    best, results = choose(x, y, groups)
    model = fit_linear(x, y, best, FEATURES)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
    report = {"questions": len(items), "trained_on": int(len(np.unique(groups))), "rows": int(len(y)),
              "retrieval_hit@1_where_retrieved": baseline, "cv_hit@1_by_C": results, "C": best,
              "weights": dict(zip(FEATURES, np.round(model.weights, 3).tolist(), strict=True))}
    json.dump(report, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
