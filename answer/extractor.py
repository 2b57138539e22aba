"""A learned short-answer extractor: score every short token span of a sentence as the answer.

Features describe a span's shape (length, capitals, digits, stopwords at its edges, punctuation around it),
whether it is a candidate of the asked type (``citeqa.answer.spans``), and how much of the question sits
next to it (IDF-weighted question terms in windows left and right, the way a factoid question restates the
sentence around its answer). A linear model trained on FacQA train by ``python -m citeqa.eval.train_extractor``
scores them; weights ship as ``answer/weights/extractor.json``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from citeqa.answer.question import AnswerType, QuestionInfo
from citeqa.answer.ranker import LinearModel
from citeqa.answer.spans import Span, candidates
from citeqa.index.analyzer import analyze, is_stopword, stem, words

WEIGHTS = Path(__file__).resolve().parent / "weights" / "extractor.json"
MAX_TOKENS = 8
_TOKEN = re.compile(r"\d+(?:[.,/:]\d+)*|(?:[A-Za-z]\.){2,}|\w+(?:[-'’]\w+)*|[^\w\s]")
_PLACE_WORDS = frozenset({"di", "ke", "dari", "in", "at", "to", "from"})
_TYPES = tuple(AnswerType)
_BASE = (
    "left3", "left8", "right3", "right8", "inside_question", "len1", "len2", "len3", "len4_5", "len6_plus",
    "capitals", "all_capitals", "digits", "starts_stopword", "ends_stopword", "punct_inside", "prev_boundary",
    "next_boundary", "prev_capital", "next_capital", "typed_exact", "typed_inside", "typed_cover",
    "sentence_coverage", "after_place_word", "first_in_sentence", "hint_exact", "hint_inside", "hint_cover",
)
_CROSSED = ("capitals", "digits", "typed_exact", "len1", "len6_plus", "inside_question", "starts_stopword", "left3",
            "right3", "prev_boundary", "next_boundary", "hint_exact", "hint_inside", "hint_cover")
FEATURES = _BASE + tuple(f"{t.value}*{f}" for t in _TYPES for f in _CROSSED)


@dataclass(frozen=True)
class QuestionTerms:
    """What the extractor needs of a question: its weighted terms and raw words."""

    info: QuestionInfo
    weights: dict[str, float]
    raw: frozenset[str]

    @classmethod
    def of(cls, question: str, info: QuestionInfo, idf: Callable[[str], float]) -> QuestionTerms:
        """Analyze ``question`` once."""
        return cls(info, {t: idf(t) for t in analyze(question)}, frozenset(words(question)))


def tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Token offsets in ``text[start:end]``: numbers such as "23,5" and initialisms stay whole."""
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


def span_features(
    text: str, start: int, end: int, q: QuestionTerms, hint: Span | None = None
) -> tuple[list[Span], np.ndarray]:
    """Every span of up to ``MAX_TOKENS`` tokens in ``text[start:end]`` (not starting or ending with
    punctuation) and its row of ``FEATURES``; ``hint`` is the rule-based reader's pick, if any."""
    toks = tokens(text, start, end)
    n = len(toks)
    if n == 0:
        return [], np.zeros((0, len(FEATURES)))
    surface = [text[s:e] for s, e in toks]
    lower = [t.lower() for t in surface]
    punct = np.array([not any(c.isalnum() for c in t) for t in surface])
    capital = np.array([t[:1].isupper() for t in surface]) & ~punct
    digit = np.array([any(c.isdigit() for c in t) for t in surface])
    stop = np.array([is_stopword(t) for t in lower]) & ~punct
    total = sum(q.weights.values()) or 1.0
    weight = np.array([0.0 if p else q.weights.get(stem(t), q.weights.get(t, 0.0)) for t, p in zip(lower, punct,
                                                                                                  strict=True)])
    weight = weight / total
    in_question = np.array([(not p) and (t in q.raw or stem(t) in q.raw or bool(set(words(t)) & q.raw))
                            for t, p in zip(lower, punct, strict=True)])
    seen: set[str] = set()
    coverage = 0.0
    for t, w in zip(lower, weight, strict=True):
        key = stem(t)
        if w > 0 and key not in seen:
            seen.add(key)
            coverage += float(w)
    typed = candidates(q.info.answer_type, text, start, end, text)
    typed_bounds = [(sp.start, sp.end) for sp in typed]
    prefix_w = np.concatenate([[0.0], np.cumsum(weight)])
    prefix = {name: np.concatenate([[0], np.cumsum(arr.astype(np.int64))])
              for name, arr in (("punct", punct), ("capital", capital), ("digit", digit), ("inq", in_question))}
    spans: list[Span] = []
    rows: list[list[float]] = []
    for i in range(n):
        if punct[i]:
            continue
        for j in range(i + 1, min(n, i + MAX_TOKENS) + 1):
            if punct[j - 1]:
                continue
            s, e = toks[i][0], toks[j - 1][1]
            length = j - i
            words_in = length - int(prefix["punct"][j] - prefix["punct"][i])
            caps = int(prefix["capital"][j] - prefix["capital"][i]) / words_in
            exact = any(ts == s and te == e for ts, te in typed_bounds)
            inside = any(ts <= s and e <= te and (ts, te) != (s, e) for ts, te in typed_bounds)
            cover = any(s <= ts and te <= e and (ts, te) != (s, e) for ts, te in typed_bounds)
            prev_boundary = i == 0 or bool(punct[i - 1])
            next_boundary = j == n or bool(punct[j])
            base = [
                prefix_w[i] - prefix_w[max(0, i - 3)], prefix_w[i] - prefix_w[max(0, i - 8)],
                prefix_w[min(n, j + 3)] - prefix_w[j], prefix_w[min(n, j + 8)] - prefix_w[j],
                int(prefix["inq"][j] - prefix["inq"][i]) / words_in,
                float(length == 1), float(length == 2), float(length == 3), float(4 <= length <= 5),
                float(length >= 6), caps, float(caps == 1.0), float(prefix["digit"][j] > prefix["digit"][i]),
                float(stop[i]), float(stop[j - 1]), float(prefix["punct"][j - 1] > prefix["punct"][i]),
                float(prev_boundary), float(next_boundary),
                float(i > 0 and bool(capital[i - 1])), float(j < n and bool(capital[j])),
                float(exact), float(inside), float(cover), coverage,
                float(i > 0 and lower[i - 1] in _PLACE_WORDS), float(i == 0),
                float(hint is not None and (hint.start, hint.end) == (s, e)),
                float(hint is not None and hint.start <= s and e <= hint.end and (hint.start, hint.end) != (s, e)),
                float(hint is not None and s <= hint.start and hint.end <= e and (hint.start, hint.end) != (s, e)),
            ]
            crossed = dict(zip(_BASE, base, strict=True))
            row = base + [crossed[f] if t is q.info.answer_type else 0.0 for t in _TYPES for f in _CROSSED]
            spans.append(Span(s, e, text[s:e]))
            rows.append(row)
    return spans, np.asarray(rows, dtype=np.float64).reshape(len(rows), len(FEATURES))


class Extractor:
    """Picks the best-scoring short span of a sentence."""

    def __init__(self, model: LinearModel) -> None:
        self.model = model

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> Extractor:
        """The extractor with the shipped weights."""
        return cls(LinearModel.load(path, FEATURES))

    def best(
        self, text: str, start: int, end: int, q: QuestionTerms, hint: Span | None = None
    ) -> tuple[Span, float] | None:
        """The highest-scoring span in ``text[start:end]`` and its probability, or ``None`` if none."""
        spans, x = span_features(text, start, end, q, hint)
        if not spans:
            return None
        scores = self.model.score(x)
        i = int(np.argmax(scores))
        return spans[i], float(1.0 / (1.0 + np.exp(-scores[i])))
