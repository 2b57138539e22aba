"""Learned scoring models shipped with citeqa: gradient-boosted trees (LightGBM text format) over named features.

The reranker and the short-answer extractor each score rows of features with one of these. The models are trained on
the train sides of FacQA, TyDi-id and SQuAD-en by ``python -m citeqa.eval.train_extractor`` / ``train_ranker`` and
load offline.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from citeqa.core import threads
from citeqa.core.errors import ConfigError

if TYPE_CHECKING:
    import lightgbm as lgb

    from citeqa.answer.compiled_trees import CompiledTrees

log = logging.getLogger(__name__)
PARALLEL_ROWS = 500  # rows from which a lone question's scoring may use more than one thread


class TreeModel:
    """A LightGBM booster whose features must be exactly ``expected``, in order; scored by its ``compiled`` form
    where one is given (``citeqa.answer.compiled_trees``: the same scores, several times faster)."""

    def __init__(self, booster: lgb.Booster, path: Path, compiled: CompiledTrees | None = None) -> None:
        self.booster = booster
        self.path = path
        self.compiled = compiled

    @classmethod
    def load(cls, path: Path, expected: tuple[str, ...], compiled_in: Path | None = None) -> TreeModel:
        """Read a model file; raises ``ConfigError`` when it is missing, corrupt or for other features. With
        ``compiled_in``, it is scored compiled, once compiled into that folder; where it cannot be (lleaves missing,
        a read-only folder), a warning says so and LightGBM scores it."""
        import lightgbm as lgb

        from citeqa.answer.compiled_trees import CompiledTrees

        try:
            booster = lgb.Booster(model_file=str(path))
        except (OSError, lgb.basic.LightGBMError) as exc:
            raise ConfigError(f"cannot load model {path}: {exc}") from exc
        names = tuple(booster.feature_name())
        if names != expected:
            raise ConfigError(f"model {path} is for features {list(names)}, expected {list(expected)}; retrain it")
        compiled = None
        if compiled_in is not None:
            try:
                compiled = CompiledTrees.shared(path, compiled_in)
            except ConfigError as exc:  # answering still works, only slower: say so and go on
                log.warning("%s; LightGBM scores it", exc)
        return cls(booster, path, compiled)

    def score(self, x: np.ndarray) -> np.ndarray:
        """One score per row of ``x`` (higher is better)."""
        if len(x) == 0:
            return np.zeros(0)
        if self.compiled is not None:
            return self.compiled.predict(x)
        # one thread for a few hundred rows (faster than OpenMP's fork and join) and whenever other questions are
        # being answered (they already share the cores); the spare cores for a big batch of a lone question
        count = threads.spare() if len(x) >= PARALLEL_ROWS else 1
        return np.asarray(self.booster.predict(x, num_threads=count), dtype=np.float64)


def skip_scikit_learn() -> None:
    """Import LightGBM without its scikit-learn estimators, for a process that only answers (boosters are read and
    predicted with LightGBM's own API). With scikit-learn installed (it comes with sentence-transformers) LightGBM
    imports it for those estimators: 0.7–1.3 s of a cold ``citeqa ask``. Does nothing once either is imported; a
    training process must not call it (its ``LGBMRanker`` needs them)."""
    if "lightgbm" in sys.modules or "sklearn" in sys.modules:
        return
    sys.modules["sklearn"] = None  # type: ignore[assignment]  # importing it fails: LightGBM leaves it out
    try:
        import lightgbm  # noqa: F401
    finally:
        del sys.modules["sklearn"]
