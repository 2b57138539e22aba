"""Train the confidence calibrator on FacQA train (never on valid or the article's eval set).

Usage (after the extractor and reranker are trained)::

    python -m citeqa.eval.train_confidence --set /tmp/facqa/train.jsonl --index /tmp/facqa/index

Every training question is answered in the open corpus with abstention off, once with every document and once
with the documents holding its answer left out (a document that is silent); the signals behind each answer
(``citeqa.answer.confidence.SIGNALS``) and whether it was right (token F1 >= 0.5) train a logistic regression,
written as JSON. Report: cross-validated log loss and the reliability of the fitted probabilities.
"""

from __future__ import annotations

import json
import logging

import numpy as np

from citeqa.answer.assistant import Assistant
from citeqa.answer.confidence import SIGNALS, WEIGHTS, Calibrator
from citeqa.core.config import load_settings
from citeqa.eval import metrics as m
from citeqa.eval.runner import RIGHT_F1, EvalItem, load_set
from citeqa.eval.training import report, start, training_parser

log = logging.getLogger(__name__)


def fit_calibrator(x: np.ndarray, y: np.ndarray, c: float = 1.0) -> Calibrator:
    """Logistic regression on standardised signals, folded back into raw-signal weights."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    clf = LogisticRegression(C=c, max_iter=2000).fit((x - mean) / scale, y)
    weights = clf.coef_[0] / scale
    return Calibrator(weights, float(clf.intercept_[0] - np.sum(clf.coef_[0] * mean / scale)))


def collect(assistant: Assistant, items: list[EvalItem]) -> tuple[np.ndarray, np.ndarray]:
    """Signals and right/wrong labels: each item asked with every document, and with its answer's left out."""
    holding: dict[str, set[str]] = {}
    for source, document in assistant.data.documents.items():
        holding.setdefault(document.text, set()).add(source)
    rows, labels = [], []
    for item in items:
        if not item.answers:
            continue
        answering = frozenset(s for text, sources in holding.items() if any(a in text for a in item.answers)
                              for s in sources) | ({item.source} if item.source else set())
        for exclude in (frozenset(), answering):
            answer, evidence = assistant.ask_with_evidence(item.question, exclude=exclude)
            if evidence is None:
                continue
            rows.append(evidence.vector())
            labels.append(1.0 if m.token_f1(answer.text, item.answers) >= RIGHT_F1 else 0.0)
    return np.vstack(rows), np.asarray(labels)


def reliability(p: np.ndarray, y: np.ndarray) -> dict[str, list[float]]:
    """Per 0.2-wide probability bucket: [answers, share right]."""
    buckets = {}
    for lo in (0.0, 0.2, 0.4, 0.6, 0.8):
        inside = (p >= lo) & ((p < lo + 0.2) if lo < 0.8 else (p <= 1.0))
        buckets[f"{lo:.1f}-{lo + 0.2:.1f}"] = [int(inside.sum()), float(y[inside].mean()) if inside.any() else 0.0]
    return buckets


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    from sklearn.metrics import log_loss
    from sklearn.model_selection import KFold

    args = start(training_parser(__doc__, WEIGHTS), argv)
    assistant = Assistant.load(load_settings(index_dir=args.index, calibrate=False, abstain_threshold=0.0))
    x, y = collect(assistant, load_set(args.set))
    losses = []
    for train, test in KFold(n_splits=5, shuffle=True, random_state=0).split(x):
        fold = fit_calibrator(x[train], y[train])
        losses.append(log_loss(y[test], [fold.probability_of(v) for v in x[test]], labels=[0, 1]))
    calibrator = fit_calibrator(x, y)
    args.out.write_text(json.dumps(calibrator.to_json(), indent=1) + "\n", encoding="utf-8")
    p = np.array([calibrator.probability_of(v) for v in x])
    return report({"answers": len(y), "right_rate": float(y.mean()), "cv_log_loss": float(np.mean(losses)),
                   "reliability_n_and_accuracy": reliability(p, y),
                   "weights": dict(zip(SIGNALS, np.round(calibrator.weights, 3).tolist(), strict=True))})


if __name__ == "__main__":
    raise SystemExit(main())
