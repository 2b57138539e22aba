"""Shared helpers of the training scripts: fit a LambdaRank model, cross-validate it by question."""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from citeqa.eval.runner import EvalItem, load_set

if TYPE_CHECKING:
    from citeqa.index.store import IndexData


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


def top_rows(scores: np.ndarray, groups: np.ndarray) -> list[tuple[int, int]]:
    """For each group (a question's rows, consecutive or not): (group id, index of its top-scored row)."""
    order = np.argsort(groups, kind="stable")
    ids, starts = np.unique(groups[order], return_index=True)
    ends = [*starts[1:], len(order)]
    return [(int(g), int(order[lo + int(np.argmax(scores[order[lo:hi]]))]))
            for g, lo, hi in zip(ids, starts, ends, strict=True)]


def cross_validate(
    x: np.ndarray, y: np.ndarray, groups: np.ndarray, names: tuple[str, ...],
    metric: Callable[[np.ndarray, np.ndarray], float], configs: list[tuple[int, int]], folds: int = 5,
    sample: float = 0.8, fold_groups: np.ndarray | None = None,
) -> dict[str, float]:
    """Mean ``metric(scores, test_rows)`` over grouped folds, per (trees, leaves) config, each booster fit with
    ``sample`` (see ``fit_ranker``). Rows are folded by ``fold_groups`` (one value per row: the passage a
    question asks about, so that no passage is on both sides) or else by question (``groups``)."""
    from sklearn.model_selection import GroupKFold

    results = {}
    for trees, leaves in configs:
        values = []
        by = groups if fold_groups is None else fold_groups
        if len(np.unique(by)) < folds:  # fewer documents than folds (a one-document set): fold by question
            by = groups
        for train, test in GroupKFold(n_splits=folds).split(x, y, by):
            booster = fit_ranker(x[train], y[train], groups[train], names, trees, leaves, sample=sample)
            values.append(metric(booster.predict(x[test]), test))
        results[f"{trees}x{leaves}"] = float(np.mean(values))
    return results


def training_parser(doc: str | None, default_out: Path) -> argparse.ArgumentParser:
    """The arguments every training script takes: the training set, the index it is asked against, the output."""
    parser = argparse.ArgumentParser(description=(doc or "").split("\n")[0])
    parser.add_argument("--set", type=Path, nargs="+", required=True,
                        help="training question sets (JSONL with gold sources, e.g. the train sides of benchsets)")
    parser.add_argument("--per-set", type=int, default=None,
                        help="use at most this many questions of each set (a seeded sample; default: all)")
    parser.add_argument("--parts", default=None, metavar="I,J/N",
                        help="use only the questions whose document falls in parts I,J of N (by a hash of its "
                             "name), e.g. 0,1/4 for the extractor, 2/4 for the reranker, 3/4 for the calibrator, "
                             "so that each learns from questions the ones before it never saw")
    parser.add_argument("--index", type=Path, required=True, help="index of the corpus holding their passages")
    parser.add_argument("--out", type=Path, default=default_out, help=f"where to write the model ({default_out})")
    return parser


def in_parts(source: str, parts: str | None) -> bool:
    """Whether the document ``source`` falls in ``parts`` ("I,J/N": parts I and J of N; ``None``: all)."""
    if parts is None:
        return True
    chosen, _, of = parts.partition("/")
    try:
        wanted, total = {int(p) for p in chosen.split(",")}, int(of)
    except ValueError as exc:
        raise ValueError(f"--parts must look like 0,1/4, got {parts!r}") from exc
    return int(hashlib.sha1(source.encode()).hexdigest()[:8], 16) % total in wanted


def load_sets(paths: list[Path], per_set: int | None, seed: int = 0, parts: str | None = None) -> list[EvalItem]:
    """The questions of every set in ``paths`` whose document is in ``parts`` (see ``in_parts``), at most
    ``per_set`` of each (a seeded sample, in file order)."""
    import random

    items: list[EvalItem] = []
    for path in paths:
        found = [item for item in load_set(path) if in_parts(item.source or item.id, parts)]
        if per_set is not None and len(found) > per_set:
            chosen = set(random.Random(seed).sample(range(len(found)), per_set))
            found = [item for i, item in enumerate(found) if i in chosen]
        items.extend(found)
    return items


def start(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    """Parse the arguments, set up logging, and make sure the output folder exists."""
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    return args


def report(values: dict[str, Any], model: Path | None = None) -> int:
    """Print a training report as JSON on stdout and, given the ``model`` written, keep it beside the model
    (``write_meta``); returns the exit status."""
    json.dump(values, sys.stdout, indent=1)
    sys.stdout.write("\n")
    if model is not None:
        write_meta(values, model)
    return 0


def write_meta(values: dict[str, Any], model: Path, extends: dict[str, Any] | None = None) -> None:
    """Keep ``values`` beside ``model`` as ``<model>.meta.json`` with the command, the commit it was trained at and
    when (and, for a model refitted in part, the metadata of the model it ``extends``)."""
    import shlex
    import subprocess
    from datetime import UTC, datetime

    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                cwd=Path(__file__).parent, check=False).stdout.strip() or None
    except OSError:
        commit = None
    spec = getattr(sys.modules["__main__"], "__spec__", None)
    program = f"python -m {spec.name}" if spec else sys.argv[0]
    meta = {"command": " ".join([program, shlex.join(sys.argv[1:])]),
            "commit": commit, "trained": datetime.now(UTC).isoformat(timespec="seconds"), "report": values}
    if extends is not None:
        meta["extends"] = extends
    meta_path = model.with_name(model.name + ".meta.json")
    meta_path.write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def sentence_bounds(data: IndexData) -> dict[str, list[tuple[int, int]]]:
    """Each document's sentences as ``(start, end)`` offsets into its text, in passage order (a passage without
    sentence bounds counts as one sentence)."""
    bounds: dict[str, list[tuple[int, int]]] = {}
    for passage in data.passages:
        bounds.setdefault(passage.source, []).extend(passage.sentences or ((passage.start, passage.end),))
    return bounds
