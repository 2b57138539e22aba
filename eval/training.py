"""Shared helpers of the training scripts: fit a LambdaRank model, cross-validate it by question."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np


def fit_ranker(
    x: np.ndarray, y: np.ndarray, groups: np.ndarray, names: tuple[str, ...], trees: int = 300, leaves: int = 31,
    seed: int = 0, sample: float = 0.8,
):  # type: ignore[no-untyped-def]
    """Fit a LightGBM LambdaRank booster: rows of one question (consecutive, same ``groups`` value) compete
    for the top. Each tree sees a ``sample`` share of the rows and of the features, drawn with ``seed``
    (``sample=1.0``: all of them, and the same booster every time). Returns the booster."""
    import lightgbm as lgb

    if np.any(np.diff(groups) < 0):
        raise ValueError("rows must be sorted by group")
    _, counts = np.unique(groups, return_counts=True)
    ranker = lgb.LGBMRanker(n_estimators=trees, learning_rate=0.05, num_leaves=leaves, min_child_samples=20,
                            subsample=sample, subsample_freq=1 if sample < 1 else 0, colsample_bytree=sample,
                            random_state=seed, verbose=-1,
                            n_jobs=2)
    ranker.fit(x, y, group=counts, feature_name=list(names))
    return ranker.booster_


def cross_validate(
    x: np.ndarray, y: np.ndarray, groups: np.ndarray, names: tuple[str, ...],
    metric: Callable[[np.ndarray, np.ndarray], float], configs: list[tuple[int, int]], folds: int = 5,
    sample: float = 0.8,
) -> dict[str, float]:
    """Mean ``metric(scores, test_questions)`` over question-grouped folds, per (trees, leaves) config, each
    booster fit with ``sample`` (see ``fit_ranker``)."""
    from sklearn.model_selection import GroupKFold

    results = {}
    for trees, leaves in configs:
        values = []
        for train, test in GroupKFold(n_splits=folds).split(x, y, groups):
            booster = fit_ranker(x[train], y[train], groups[train], names, trees, leaves, sample=sample)
            values.append(metric(booster.predict(x[test]), test))
        results[f"{trees}x{leaves}"] = float(np.mean(values))
    return results


def training_parser(doc: str | None, default_out: Path) -> argparse.ArgumentParser:
    """The arguments every training script takes: the training set, the index it is asked against, the output."""
    parser = argparse.ArgumentParser(description=(doc or "").split("\n")[0])
    parser.add_argument("--set", type=Path, required=True, help="training questions (JSONL, e.g. FacQA train)")
    parser.add_argument("--index", type=Path, required=True, help="index of the corpus holding their passages")
    parser.add_argument("--out", type=Path, default=default_out, help=f"where to write the model ({default_out})")
    return parser


def start(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    """Parse the arguments, set up logging, and make sure the output folder exists."""
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    return args


def report(values: dict[str, Any]) -> int:
    """Print a training report as JSON on stdout; returns the exit status."""
    json.dump(values, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0
