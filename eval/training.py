"""Shared helpers of the training scripts: fit a LambdaRank model, cross-validate it by question."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def fit_ranker(
    x: np.ndarray, y: np.ndarray, groups: np.ndarray, names: tuple[str, ...], trees: int = 300, leaves: int = 31
):  # type: ignore[no-untyped-def]
    """Fit a LightGBM LambdaRank booster: rows of one question (consecutive, same ``groups`` value) compete
    for the top. Returns the booster."""
    import lightgbm as lgb

    if np.any(np.diff(groups) < 0):
        raise ValueError("rows must be sorted by group")
    _, counts = np.unique(groups, return_counts=True)
    ranker = lgb.LGBMRanker(n_estimators=trees, learning_rate=0.05, num_leaves=leaves, min_child_samples=20,
                            subsample=0.8, subsample_freq=1, colsample_bytree=0.8, random_state=0, verbose=-1,
                            n_jobs=2)
    ranker.fit(x, y, group=counts, feature_name=list(names))
    return ranker.booster_


def cross_validate(
    x: np.ndarray, y: np.ndarray, groups: np.ndarray, names: tuple[str, ...],
    metric: Callable[[np.ndarray, np.ndarray], float], configs: list[tuple[int, int]], folds: int = 5,
) -> dict[str, float]:
    """Mean ``metric(scores, test_questions)`` over question-grouped folds, per (trees, leaves) config."""
    from sklearn.model_selection import GroupKFold

    results = {}
    for trees, leaves in configs:
        values = []
        for train, test in GroupKFold(n_splits=folds).split(x, y, groups):
            booster = fit_ranker(x[train], y[train], groups[train], names, trees, leaves)
            values.append(metric(booster.predict(x[test]), test))
        results[f"{trees}x{leaves}"] = float(np.mean(values))
    return results
