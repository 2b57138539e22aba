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
from citeqa.eval.runner import EvalItem
from citeqa.eval.training import cross_validate, fit_ranker, load_sets, report, start, top_rows, training_parser
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


MAX_ROWS = 300  # span rows per question: every span of the sentences holding a gold answer, then a sample


def _relevance(span: str, gold: tuple[str, ...]) -> float:
    """Graded label: 3 for a gold answer exactly, 2 or 1 for a partial one (token F1 >= 0.67 or >= 0.4), else 0."""
    if any(span == g for g in gold):
        return 3.0
    f1 = m.token_f1(span, gold)
    return 2.0 if f1 >= 0.67 else 1.0 if f1 >= 0.4 else 0.0


def build_rows(data: store.IndexData, items: list[EvalItem], max_rows: int = MAX_ROWS, seed: int = 0) -> SpanRows:
    """Span rows of every item whose gold answer is found in its own document: every short span of every sentence
    of that document competes (the extractor also ranks sentences against each other). Spans are labelled by
    ``_relevance``, so that an answer longer than the longest span still teaches which span covers most of it;
    a question keeps the spans of the sentences holding its answer and a seeded sample of the others, at most
    ``max_rows``."""
    rng = np.random.default_rng(seed)
    by_source: dict[str, list[int]] = {}
    for i, passage in enumerate(data.passages):
        by_source.setdefault(passage.source, []).append(i)
    reader = Reader(data)
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
        at = m.answer_spans(text, item.answers)
        if not at:
            continue
        info = analyze_question(item.question)
        q = QuestionTerms.of(item.question, info, data.lexical.idf)
        terms = reader.focus_terms(item.question, info)
        rows: list[np.ndarray] = []
        labels: list[float] = []
        holds: list[bool] = []
        spans_text: list[str] = []
        for index in by_source[item.source]:
            passage = data.passages[index]
            for s, e in passage.sentences or ((passage.start, passage.end),):
                hint = reader.typed_span(item.question, info, text, s, e, terms)
                starts, ends, x = span_features(text, s, e, q, hint)
                rows.append(x)
                texts_here = [text[a:b] for a, b in zip(starts.tolist(), ends.tolist(), strict=True)]
                labels.extend(_relevance(t, item.answers) for t in texts_here)
                holds.extend([any(s <= a and b <= e for a, b in at)] * len(texts_here))
                spans_text.extend(texts_here)
        y = np.asarray(labels)
        if not y.any():
            continue
        keep = np.asarray(holds) | (y > 0)
        others = np.flatnonzero(~keep)
        room = max(0, max_rows - int(keep.sum()))
        if len(others) > room:
            others = rng.choice(others, room, replace=False)
        chosen = np.sort(np.concatenate([np.flatnonzero(keep), others]).astype(np.int64))
        xs.append(np.vstack(rows)[chosen].astype(np.float32))
        ys.append(y[chosen])
        groups.append(np.full(len(chosen), len(texts)))
        texts.append([spans_text[i] for i in chosen])
        golds.append(item.answers)
        kept.append(number)
    return SpanRows(np.vstack(xs), np.concatenate(ys), np.concatenate(groups), texts, golds, kept)


def top_f1(scores: np.ndarray, groups: np.ndarray, texts: list[list[str]], golds: list[tuple[str, ...]]) -> float:
    """Mean token F1 of each question's top-scored span (``scores`` and ``groups`` cover the same rows)."""
    first: dict[int, int] = {}  # a question's spans are consecutive rows, in the order of its ``texts``
    for row, g in enumerate(groups.tolist()):
        first.setdefault(g, row)
    return float(np.mean([m.token_f1(texts[g][top - first[g]], golds[g]) for g, top in top_rows(scores, groups)]))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = training_parser(__doc__, MODEL)
    parser.add_argument("--folds", type=int, default=3, help="cross-validation folds, grouped by passage")
    parser.add_argument("--configs", default=",".join(f"{t}x{n}" for t, n in CONFIGS),
                        help="(trees)x(leaves) sizes compared by cross-validation")
    args = start(parser, argv)
    data = store.load(load_settings(index_dir=args.index).resolved_index_dir())
    items = load_sets(args.set, args.per_set, parts=args.parts)
    r = build_rows(data, items)
    log.info("%d questions, %d span rows", len(r.texts), len(r.y))
    sources = np.array([items[i].source or "" for i in r.items])
    configs = [(int(t), int(n)) for t, n in (c.split("x") for c in args.configs.split(","))]
    results = cross_validate(r.x, r.y, r.groups, FEATURES, lambda s, rows: top_f1(s, r.groups[rows], r.texts, r.golds),
                             configs, folds=args.folds, fold_groups=sources[r.groups])
    trees, leaves = (int(v) for v in max(results, key=lambda c: results[c]).split("x"))
    fit_ranker(r.x, r.y, r.groups, FEATURES, trees, leaves).save_model(str(args.out))
    return report({"questions": len(r.texts), "rows": int(len(r.y)), "cv_top_span_f1": results,
                   "chosen": f"{trees}x{leaves}"}, args.out)


if __name__ == "__main__":
    raise SystemExit(main())
