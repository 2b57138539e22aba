"""Train the short-answer extractor's weights on FacQA train (never on valid or the article's eval set).

Usage::

    python -m citeqa.eval.facqa ../shared/datasets/facqa /tmp/facqa --questions train
    citeqa ingest /tmp/facqa/corpus --index /tmp/facqa/index
    python -m citeqa.eval.train_extractor --set /tmp/facqa/train.jsonl --index /tmp/facqa/index

For each training question, every short span of every sentence of its own passage becomes a row of
``citeqa.answer.extractor.FEATURES``, labelled 1 when it is exactly the gold answer. A LambdaRank model
(LightGBM) is fit, its size chosen by question-grouped cross-validation on the token F1 of the top span, and
saved in LightGBM's text format.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from citeqa.answer.extractor import FEATURES, MODEL, QuestionTerms, span_features
from citeqa.answer.question import analyze_question
from citeqa.answer.reader import Reader
from citeqa.core.config import load_settings
from citeqa.eval import metrics as m
from citeqa.eval.runner import EvalItem, load_set
from citeqa.eval.training import cross_validate, fit_ranker, report, start, training_parser
from citeqa.index import store

log = logging.getLogger(__name__)

CONFIGS = [(150, 15), (300, 31)]  # (trees, leaves) compared by cross-validation


@dataclass(frozen=True)
class SpanRows:
    """Training rows: one per candidate span, grouped by question (``groups`` numbers them from 0)."""

    x: np.ndarray
    y: np.ndarray
    groups: np.ndarray
    texts: list[list[str]]  # per question: the text of each of its spans
    golds: list[tuple[str, ...]]  # per question: its gold answers
    items: list[int]  # per question: its position in the training set


def build_rows(data: store.IndexData, items: list[EvalItem]) -> SpanRows:
    """Span rows of every item whose gold answer is a span of its own passage."""
    by_source: dict[str, list[int]] = {}
    for i, passage in enumerate(data.passages):
        by_source.setdefault(passage.source, []).append(i)
    reader = Reader(data.lexical, {s: d.text for s, d in data.documents.items()})
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    groups: list[np.ndarray] = []
    texts: list[list[str]] = []
    golds: list[tuple[str, ...]] = []
    kept: list[int] = []
    for number, item in enumerate(items):
        if not item.answers or item.source not in by_source:
            continue
        text = data.documents[item.source].text
        info = analyze_question(item.question)
        q = QuestionTerms.of(item.question, info, data.lexical.idf)
        terms = reader.focus_terms(item.question, info)
        gold = [(text.find(a), text.find(a) + len(a)) for a in item.answers if a and a in text]
        rows: list[np.ndarray] = []
        labels: list[float] = []
        spans_text: list[str] = []
        for index in by_source[item.source]:
            passage = data.passages[index]
            for s, e in passage.sentences or ((passage.start, passage.end),):
                hint = reader.typed_span(item.question, info, text, s, e, terms)
                starts, ends, x = span_features(text, s, e, q, hint)
                rows.append(x)
                bounds = list(zip(starts.tolist(), ends.tolist(), strict=True))
                labels.extend(1.0 if (a, b) in gold else 0.0 for a, b in bounds)
                spans_text.extend(text[a:b] for a, b in bounds)
        if not any(labels):
            continue
        xs.append(np.vstack(rows))
        ys.append(np.asarray(labels))
        groups.append(np.full(len(labels), len(texts)))
        texts.append(spans_text)
        golds.append(item.answers)
        kept.append(number)
    return SpanRows(np.vstack(xs), np.concatenate(ys), np.concatenate(groups), texts, golds, kept)


def top_f1(scores: np.ndarray, groups: np.ndarray, texts: list[list[str]], golds: list[tuple[str, ...]]) -> float:
    """Mean token F1 of each question's top-scored span (``scores`` and ``groups`` cover the same rows)."""
    f1 = []
    for g in np.unique(groups):
        rows = np.flatnonzero(groups == g)
        f1.append(m.token_f1(texts[g][int(np.argmax(scores[rows]))], golds[g]))
    return float(np.mean(f1))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    args = start(training_parser(__doc__, MODEL), argv)
    data = store.load(load_settings(index_dir=args.index).resolved_index_dir())
    r = build_rows(data, load_set(args.set))
    results = cross_validate(r.x, r.y, r.groups, FEATURES, lambda s, rows: top_f1(s, r.groups[rows], r.texts, r.golds),
                             CONFIGS)
    trees, leaves = (int(v) for v in max(results, key=lambda c: results[c]).split("x"))
    fit_ranker(r.x, r.y, r.groups, FEATURES, trees, leaves).save_model(str(args.out))
    return report({"questions": len(r.texts), "rows": int(len(r.y)), "cv_top_span_f1": results,
                   "chosen": f"{trees}x{leaves}"})


if __name__ == "__main__":
    raise SystemExit(main())
