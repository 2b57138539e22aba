"""A learned sentence chooser: which sentence of the chosen passage holds the answer (and is cited).

The reader's hand-set rule (question-term coverage of the sentence and its window, plus the extractor's best span
score) picks the wrong sentence of the right passage for about one question in five on Wikipedia paragraphs. Here
gradient-boosted trees (LambdaRank among one question's sentences) score each sentence from the same signals plus
where the sentence sits, how long it is, how its neighbours cover the question, which of the question's names and
word pairs it repeats, and how its best span stands against the other sentences' best spans. Trained on the train
sides of FacQA, TyDi-id and SQuAD-en by ``python -m citeqa.eval.train_sentences``; the model ships as
``answer/weights/sentences.txt``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from citeqa.answer.model import TreeModel
from citeqa.answer.question import QUESTION_KINDS, AnswerType, question_kind
from citeqa.index.analyzer import analyze

MODEL = Path(__file__).resolve().parent / "weights" / "sentences.txt"
NO_SPAN = -10.0  # the span score of a sentence without any candidate span
FEATURES = (
    "rule", "sent_cov", "window_cov", "passage_cov", "prev_cov", "next_cov", "typed_ok", "span_score",
    "span_gap", "span_top", "index", "position", "first", "last", "count", "length", "names_cov", "pairs_cov",
    "rarest", "new_terms", *(f"asks_{k}" for k in QUESTION_KINDS), *(f"type_{t.value}" for t in AnswerType),
)


@dataclass(frozen=True)
class SentenceSignals:
    """What the reader measured of one sentence: its rule score and the parts it was built from."""

    rule: float
    coverage: float
    window: float
    passage: float
    typed_ok: bool
    span_score: float
    terms: frozenset[str]


def _pairs(terms: list[str]) -> set[tuple[str, str]]:
    return set(zip(terms, terms[1:], strict=False))


def sentence_rows(
    question: str, answer_type: AnswerType, weights: dict[str, float], names: set[str],
    sentences: list[SentenceSignals], analyzed: list[list[str]],
) -> np.ndarray:
    """One row of ``FEATURES`` per sentence of a passage (in passage order). ``weights``: the question's terms
    and their IDF; ``names``: the terms of its names and numbers; ``analyzed``: each sentence's terms in order
    (``analyze`` of its text)."""
    n = len(sentences)
    rows = np.zeros((n, len(FEATURES)))
    if n == 0:
        return rows
    rarest = max(weights, key=lambda t: weights[t]) if weights else None
    question_pairs = _pairs(analyze(question))
    spans = np.array([s.span_score for s in sentences])
    best_span = float(spans.max())
    order = np.argsort(-spans, kind="stable")
    top = np.zeros(n)
    top[order[0]] = 1.0
    kind = question_kind(question)
    for i, (signals, terms) in enumerate(zip(sentences, analyzed, strict=True)):
        covs = [sentences[j].coverage if 0 <= j < n else 0.0 for j in (i - 1, i + 1)]
        present = signals.terms
        row = {
            "rule": signals.rule, "sent_cov": signals.coverage, "window_cov": signals.window,
            "passage_cov": signals.passage, "prev_cov": covs[0], "next_cov": covs[1],
            "typed_ok": float(signals.typed_ok), "span_score": signals.span_score,
            "span_gap": signals.span_score - best_span, "span_top": top[i], "index": i, "position": i / n,
            "first": float(i == 0), "last": float(i == n - 1), "count": n, "length": len(terms),
            "names_cov": len(names & present) / len(names) if names else 1.0,
            "pairs_cov": len(question_pairs & _pairs(terms)) / len(question_pairs) if question_pairs else 0.0,
            "rarest": float(rarest in present) if rarest else 0.0,
            "new_terms": sum(1 for t in set(terms) if t not in weights) / max(1, len(set(terms))),
            **{f"asks_{k}": float(k == kind) for k in QUESTION_KINDS},
            **{f"type_{t.value}": float(t is answer_type) for t in AnswerType},
        }
        rows[i] = [row[f] for f in FEATURES]
    return rows


class SentenceChooser:
    """Scores the sentences of a passage; the highest is the one to cite."""

    def __init__(self, model: TreeModel) -> None:
        self.model = model

    @classmethod
    def load(cls, path: Path = MODEL) -> SentenceChooser:
        """The chooser with the shipped model."""
        return cls(TreeModel.load(path, FEATURES))

    def scores(self, rows: np.ndarray) -> np.ndarray:
        """One score per row of ``sentence_rows``."""
        return self.model.score(rows)
