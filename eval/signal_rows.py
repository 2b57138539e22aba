"""Rows of calibrator signals for training (``citeqa.eval.train_confidence``, ``citeqa.eval.small_folders``): one
question asked, the signals behind its answer and its labels; gathered, written and read again."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from citeqa.answer.assistant import Assistant
from citeqa.answer.confidence import SIGNALS
from citeqa.eval import metrics as m
from citeqa.eval.runner import RIGHT_F1, EvalItem

# rows for the fit: signals, right, supported, the questions' sources, the kinds of ask
Collected = tuple[np.ndarray, np.ndarray, np.ndarray, list[str], np.ndarray]


def ask_row(
    assistant: Assistant, item: EvalItem, answering: frozenset[str], exclude: frozenset[str] = frozenset(),
    terms: Counter[str] | None = None,
) -> tuple[np.ndarray, float, float] | None:
    """One training row: ``item`` asked (without the ``exclude``d sources), the signals behind its answer, whether
    the answer is right and whether its cited sentence holds a gold answer in one of the ``answering`` sources
    (``None`` when nothing was retrieved)."""
    answer, evidence = assistant.ask_with_evidence(item.question, exclude=exclude, excluded_terms=terms)
    if evidence is None:
        return None
    right = 1.0 if item.answers and m.token_f1(answer.text, item.answers) >= RIGHT_F1 else 0.0
    cited = answer.citations[0] if answer.citations else None
    supported = m.cited_right(assistant.store.document(cited.source).text, cited.start, cited.end,
                              item.answers) if cited and cited.source in answering and item.answers else 0.0
    return evidence.vector(), right, float(supported)


@dataclass
class Rows:
    """Training rows as they are asked: signals, whether the answer is right, whether it is supported, the
    question's source and which kind of ask it is."""

    x: list[np.ndarray] = field(default_factory=list)
    right: list[float] = field(default_factory=list)
    supported: list[float] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)

    def ask(self, assistant: Assistant, item: EvalItem, kind: str, answering: frozenset[str],
            exclude: frozenset[str] = frozenset(), terms: Counter[str] | None = None, answerable: bool = True) -> None:
        """Add the row of ``item`` asked (``ask_row``), if anything was read; an ask that cannot be answered
        (``answerable`` false) is never right."""
        row = ask_row(assistant, item, answering, exclude, terms)
        if row is None:
            return
        self.x.append(row[0])
        self.right.append(row[1] if answerable else 0.0)
        self.supported.append(row[2])
        self.sources.append(item.source or item.id)
        self.kinds.append(kind)

    def arrays(self) -> Collected:
        """The rows as the fit takes them."""
        return (np.vstack(self.x), np.asarray(self.right), np.asarray(self.supported), self.sources,
                np.array(self.kinds))


def save_rows(path: Path, rows: Collected) -> None:
    """Write ``rows`` with the names of the signals they were collected with."""
    x, right, supported, sources, kinds = rows
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, x=x, right=right, supported=supported, sources=np.array(sources), kinds=np.array(kinds),
             names=np.array(SIGNALS))


def load_rows(path: Path, remedy: str) -> Collected:
    """Rows written by ``save_rows``; exits naming the ``remedy`` when they hold other signals."""
    saved = np.load(path, allow_pickle=False)
    if tuple(saved["names"]) != SIGNALS:
        raise SystemExit(f"{path} holds signals {list(saved['names'])}, not {list(SIGNALS)}: {remedy}")
    return saved["x"], saved["right"], saved["supported"], saved["sources"].tolist(), saved["kinds"]


def with_more(rows: Collected, paths: list[Path]) -> Collected:
    """``rows`` and those of the .npz files ``paths`` (each made with the same signals), one after the other."""
    x, right, supported, sources, kinds = rows
    for path in paths:
        more_x, more_right, more_supported, more_sources, more_kinds = load_rows(path, "collect it again")
        x, right = np.vstack([x, more_x]), np.concatenate([right, more_right])
        supported, kinds = np.concatenate([supported, more_supported]), np.concatenate([kinds, more_kinds])
        sources = sources + more_sources
    return x, right, supported, sources, kinds
