"""Calibrated confidence: the probability that an answer is right, from the evidence behind it.

A logistic model over a few signals (the reader's evidence score, how much of the question the cited sentence
covers, whether the passage holds the question's names and rarest term close together, the share of the question's
names and numbers that no indexed document uses, the share of all its words that none uses (nor their translation),
whether an answer of the asked type was found, the extractor's score, the span reader's margin, the reranker's score
of the cited passage, whether the answer is a rule's phrase) is trained on the train sides of FacQA, TyDi-id and
SQuAD-en (their last quarter of documents) by ``python -m citeqa.eval.train_confidence`` with "right" meaning token
F1 >= 0.5, and ships as ``answer/weights/confidence.json``. Training asks each question twice: against the whole
corpus, and with the passages that hold its answer left out, so that the model also learns what a document that is
silent looks like; and in small folders (``citeqa.eval.small_folders``), as a user's folder of one report is asked.
The abstention threshold is then chosen on the dev sides.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from citeqa.core.errors import ConfigError

WEIGHTS = Path(__file__).resolve().parent / "weights" / "confidence.json"
# The same model form for another question: does the cited sentence hold the answer at all (the documents are
# not silent)? Abstention is decided on it, so that an answerable question whose short answer is uncertain is
# still answered with its cited sentence.
SUPPORT_WEIGHTS = WEIGHTS.with_name("support.json")
SIGNALS = ("reader", "coverage", "window_coverage", "names_found", "rarest_found", "unknown_names", "typed",
           "type_found", "answer_window", "answer_score", "rank_margin", "span_margin", "span_agreement",
           "rerank_score", "defined", "unknown_words", "ruled")


@dataclass(frozen=True)
class Evidence:
    """The signals behind one answer."""

    reader: float
    coverage: float
    window_coverage: float
    names_found: float
    rarest_found: float
    unknown_names: float
    typed: bool
    type_found: bool
    answer_window: float
    answer_score: float = 0.0  # the extractor's score of the short answer (0 when it gave none)
    rank_margin: float = 0.0  # the reranker's score of the cited passage over the next one's
    span_margin: float = 0.0  # the span reader's score of its answer over "no answer in this sentence"
    span_agreement: float = 0.0  # the short answer's overlap with the span reader's own pick (0 to 1)
    rerank_score: float = 0.0  # the reranker's score of the cited passage (0 without the reranker)
    defined: bool = False  # the answer is the cited sentence's own definition of the abbreviation asked about
    unknown_words: float = 0.0  # the share of the question's words that no indexed passage uses (nor a translation)
    ruled: bool = False  # the short answer is a rule's phrase (an object, a definition …), not the readers' span

    def vector(self) -> np.ndarray:
        """The signals in ``SIGNALS`` order."""
        return np.array([float(getattr(self, name)) for name in SIGNALS])


@dataclass(frozen=True)
class Calibrator:
    """``sigmoid(weights · signals + bias)``."""

    weights: np.ndarray
    bias: float

    def probability(self, evidence: Evidence) -> float:
        """The calibrated probability that the answer is right."""
        return self.probability_of(evidence.vector())

    def probability_of(self, signals: np.ndarray) -> float:
        """The same, from a vector of ``SIGNALS``."""
        z = float(signals @ self.weights + self.bias)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def probabilities_of(self, rows: np.ndarray) -> np.ndarray:
        """The same for each row of a matrix of ``SIGNALS`` (evaluation: many answers at once)."""
        z = np.clip(rows @ self.weights + self.bias, -30.0, 30.0)
        return np.asarray(1.0 / (1.0 + np.exp(-z)))

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return {"signals": list(SIGNALS), "weights": self.weights.tolist(), "bias": self.bias}

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> Calibrator:
        """Read the shipped weights; raises ``ConfigError`` when missing, corrupt or for other signals."""
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            calibrator = cls(np.asarray(raw["weights"], dtype=np.float64), float(raw["bias"]))
            signals = tuple(raw["signals"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"cannot load confidence weights {path}: {exc}") from exc
        if signals != SIGNALS or calibrator.weights.shape != (len(SIGNALS),):
            raise ConfigError(f"confidence weights {path} are for signals {list(signals)}, expected "
                              f"{list(SIGNALS)}; retrain them")
        return calibrator
