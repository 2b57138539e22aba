"""Score support and confidence models on rows the bench kept (``citeqa.eval.bench --signals``) without asking
again: the answers do not depend on the calibrators, only which of them are given does.

Usage (rows of each dev side, each kept once; the names before ``=`` label the sets)::

    python -m citeqa.eval.bench --set /tmp/bench/tydi-dev.jsonl --index /tmp/bench/idx-tydi-dev --left-out 100 \\
        --signals /tmp/rows/tydi.npz
    python -m citeqa.eval.calibrators --support answer/weights/support.json \\
        --confidence answer/weights/confidence.json tydi=/tmp/rows/tydi.npz squad=/tmp/rows/squad.npz ...

The threshold is the dev sides' rule unless ``--threshold`` is given: the highest (in steps of 0.001) at which
no set named by ``--rule-sets`` abstains on more than ``--max-false`` of its answerable questions. Per set it prints
what the bench would: cited right, token F1 and false abstention over the answerable questions (an abstention
counts as a miss), unanswerable questions abstained, and the confidence buckets of the answers given (n and share
right, token F1 ≥ 0.5). Training rows are read too (the small folders of the dev sides, for one: ``python -m
citeqa.eval.small_folders --set /tmp/bench/tydi-dev.jsonl --corpus /tmp/bench/tydi/dev --index
/tmp/bench/idx-tydi-dev --parts 0,1,2,3/4 --work W --out /tmp/rows/small-tydi.npz``); they keep whether an answer
is right, not its F1, so ``right`` stands in for token F1.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from citeqa.answer.confidence import SIGNALS, Calibrator
from citeqa.eval.runner import RIGHT_F1
from citeqa.eval.train_confidence import ANSWERABLE


@dataclass(frozen=True)
class Rows:
    """One set's answers at threshold 0: signals (NaN where nothing was read), answerable, cited right, F1."""

    x: np.ndarray
    answerable: np.ndarray
    cited: np.ndarray
    f1: np.ndarray
    graded: bool = True  # False for training rows, which keep only whether F1 >= RIGHT_F1 (``f1`` is then 0 or 1)
    kinds: np.ndarray | None = None  # each unanswerable row's kind ("left-out", "swapped", "written"), when known

    @classmethod
    def load(cls, path: Path) -> Rows:
        """Rows written by ``bench --signals``, or training rows (``eval.signal_rows.save_rows``: those of
        ``eval.small_folders`` run on the dev sides, say), where an ask of an ``ANSWERABLE`` kind is answerable
        and a supported one cited right; ``ValueError`` for rows of other signals."""
        data = np.load(path)
        if "names" in data.files and tuple(data["names"]) != SIGNALS:
            raise ValueError(f"{path} holds signals {list(data['names'])}, not {list(SIGNALS)}")
        if "kinds" in data.files:
            return cls(data["x"], np.isin(data["kinds"], ANSWERABLE), data["supported"], data["right"], graded=False)
        kinds = np.array([unanswerable_kind(str(i)) for i in data["ids"]]) if "ids" in data.files else None
        return cls(data["x"], data["answerable"].astype(bool), data["cited"], data["f1"], kinds=kinds)


def unanswerable_kind(item_id: str) -> str:
    """The kind of unanswerable question an id of ``bench`` names: "left-out", "swapped", or "written" (in the set
    as such)."""
    return next((k for k in ("left-out", "swapped") if item_id.endswith(f"-{k}")), "written")


def probabilities(model: Calibrator, rows: Rows) -> np.ndarray:
    """The model's probability for each row (0 where nothing was read: such a question is always abstained)."""
    read = ~np.isnan(rows.x).any(axis=1)
    return np.where(read, model.probabilities_of(np.nan_to_num(rows.x, nan=0.0)), 0.0)


def rule_threshold(support: Calibrator, sets: list[Rows], max_false: float = 0.10) -> float:
    """The highest threshold (0.001 steps, below 1) at which every one of ``sets`` abstains on at most
    ``max_false`` of its answerable questions."""
    shares = [probabilities(support, rows)[rows.answerable] for rows in sets]
    best = 0.0
    for step in range(1, 1000):
        threshold = step / 1000
        if any((p < threshold).mean() > max_false for p in shares if len(p)):
            break
        best = threshold
    return best


def figures(support: Calibrator, confidence: Calibrator, rows: Rows, threshold: float) -> dict[str, object]:
    """What the bench reports of one set when answers below ``threshold`` support abstain."""
    given = probabilities(support, rows) >= threshold
    sure = probabilities(confidence, rows)
    out: dict[str, object] = {}
    a = rows.answerable
    if a.any():
        out["cited_right"] = float((rows.cited[a] * given[a]).mean())
        out["token_f1" if rows.graded else "right"] = float((rows.f1[a] * given[a]).mean())
        out["false_abstention"] = float((~given[a]).mean())
    if (~a).any():
        out["unanswerable_abstained"] = f"{int((~given[~a]).sum())} of {int((~a).sum())}"
    if rows.kinds is not None and len(set(rows.kinds[~a])) > 1:  # each kind's share as well
        for kind in sorted(set(rows.kinds[~a])):
            inside = ~a & (rows.kinds == kind)
            out[f"{kind}_abstained"] = f"{int((~given[inside]).sum())} of {int(inside.sum())}"
    buckets = []
    for low in (0.0, 0.2, 0.4, 0.6, 0.8):
        inside = given & (sure >= low) & ((sure < low + 0.2) if low < 0.8 else (sure <= 1.0))
        if inside.any():
            buckets.append(f"{int(inside.sum())}: {(rows.f1[inside] >= RIGHT_F1).mean():.2f}")
    out["buckets"] = " / ".join(buckets)
    return out


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("rows", nargs="+", metavar="NAME=ROWS.npz")
    parser.add_argument("--support", type=Path, required=True)
    parser.add_argument("--confidence", type=Path, required=True)
    parser.add_argument("--threshold", type=float, default=None, help="default: the dev sides' rule")
    parser.add_argument("--rule-sets", nargs="+", default=["tydi", "squad", "facqa"], metavar="NAME")
    parser.add_argument("--max-false", type=float, default=0.10)
    args = parser.parse_args(argv)
    named: dict[str, Rows] = {}
    for spec in args.rows:
        name, sep, path = spec.partition("=")
        if not sep:
            parser.error(f"{spec!r}: name each rows file, as tydi=/tmp/rows/tydi.npz")
        named[name] = Rows.load(Path(path))
    missing = [name for name in args.rule_sets if name not in named]
    if args.threshold is None and missing:
        parser.error(f"the rule's sets {missing} have no rows (give them, or --threshold)")
    support, confidence = Calibrator.load(args.support), Calibrator.load(args.confidence)
    threshold = args.threshold if args.threshold is not None else rule_threshold(
        support, [named[n] for n in args.rule_sets], args.max_false)
    lines = [f"threshold {threshold:.3f}"]
    for name, rows in named.items():
        lines.append(f"{name:<10} " + "  ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}"
                                              for k, v in figures(support, confidence, rows, threshold).items()))
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
