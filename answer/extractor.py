"""A learned short-answer extractor: score every short token span of a sentence as the answer.

Features describe a span's shape (length, capitals, digits, stopwords at its edges, punctuation around it),
whether it is a candidate of the asked type (``citeqa.answer.spans``), and how much of the question sits
next to it (IDF-weighted question terms in windows left and right, the way a factoid question restates the
sentence around its answer), and whether the rule-based reader picked it. Gradient-boosted trees trained on
FacQA train by ``python -m citeqa.eval.train_extractor`` score them; the model ships as
``answer/weights/extractor.txt``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from citeqa.answer.model import TreeModel
from citeqa.answer.question import AnswerType, QuestionInfo, type_nouns_of
from citeqa.answer.spans import Span, candidates
from citeqa.index.analyzer import analyze, is_stopword, stem, words

MODEL = Path(__file__).resolve().parent / "weights" / "extractor.txt"
MAX_TOKENS = 8
_TOKEN = re.compile(r"\d+(?:[.,/:]\d+)*|(?:[A-Za-z]\.){2,}|\w+(?:[-'’]\w+)*|[^\w\s]")
_PLACE_WORDS = frozenset({"di", "ke", "dari", "in", "at", "to", "from"})
_TYPES = tuple(AnswerType)
_BASE = (
    "left3", "left8", "right3", "right8", "inside_question", "len1", "len2", "len3", "len4_5", "len6_plus",
    "capitals", "all_capitals", "digits", "starts_stopword", "ends_stopword", "punct_inside", "prev_boundary",
    "next_boundary", "prev_capital", "next_capital", "typed_exact", "typed_inside", "typed_cover",
    "sentence_coverage", "after_place_word", "first_in_sentence", "hint_exact", "hint_inside", "hint_cover",
    "noun_before", "noun_first", "noun_inside", *(f"type_{t.value}" for t in AnswerType),
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
    nouns: frozenset[str] = frozenset()

    @classmethod
    def of(cls, question: str, info: QuestionInfo, idf: Callable[[str], float]) -> QuestionTerms:
        """Analyze ``question`` once."""
        nouns = type_nouns_of(question)
        return cls(info, {t: idf(t) for t in analyze(question)}, frozenset(words(question)),
                   frozenset(nouns | {stem(n) for n in nouns}))


def tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Token offsets in ``text[start:end]``: numbers such as "23,5" and initialisms stay whole."""
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


def _within(starts: np.ndarray, ends: np.ndarray, bounds: list[tuple[int, int]]) -> tuple[np.ndarray, ...]:
    """Per candidate: equals one of ``bounds``; lies strictly inside one; strictly covers one."""
    exact = np.zeros(len(starts), dtype=bool)
    inside = np.zeros(len(starts), dtype=bool)
    cover = np.zeros(len(starts), dtype=bool)
    for b_start, b_end in bounds:
        same = (starts == b_start) & (ends == b_end)
        exact |= same
        inside |= (b_start <= starts) & (ends <= b_end) & ~same
        cover |= (starts <= b_start) & (b_end <= ends) & ~same
    return exact, inside, cover


def span_features(
    text: str, start: int, end: int, q: QuestionTerms, hint: Span | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every span of up to ``MAX_TOKENS`` tokens in ``text[start:end]`` that neither starts nor ends with
    punctuation: (start offsets, end offsets, rows of ``FEATURES``). ``hint`` is the rule-based reader's pick."""
    toks = tokens(text, start, end)
    n = len(toks)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros((0, len(FEATURES)))
    surface = [text[s:e] for s, e in toks]
    lower = [t.lower() for t in surface]
    punct = np.array([not any(c.isalnum() for c in t) for t in surface])
    capital = np.array([t[:1].isupper() for t in surface]) & ~punct
    digit = np.array([any(c.isdigit() for c in t) for t in surface])
    stop = np.array([is_stopword(t) for t in lower]) & ~punct
    place = np.array([t in _PLACE_WORDS for t in lower])
    noun = np.array([(not p) and (t in q.nouns or stem(t) in q.nouns) for t, p in zip(lower, punct, strict=True)])
    total = sum(q.weights.values()) or 1.0
    weight = np.array([0.0 if p else q.weights.get(stem(t), q.weights.get(t, 0.0))
                       for t, p in zip(lower, punct, strict=True)]) / total
    in_question = np.array([(not p) and (t in q.raw or stem(t) in q.raw or bool(set(words(t)) & q.raw))
                            for t, p in zip(lower, punct, strict=True)])
    matched = {stem(t): float(w) for t, w in zip(lower, weight, strict=True) if w > 0}
    coverage = sum(matched.values())

    i = np.repeat(np.arange(n), MAX_TOKENS)
    j = i + np.tile(np.arange(1, MAX_TOKENS + 1), n)
    i, j = i[j <= n], j[j <= n]
    keep = ~punct[i] & ~punct[j - 1]
    i, j = i[keep], j[keep]
    tok_start = np.array([s for s, _ in toks])
    tok_end = np.array([e for _, e in toks])
    starts, ends = tok_start[i], tok_end[j - 1]

    def prefix(values: np.ndarray) -> np.ndarray:
        return np.concatenate([[0.0], np.cumsum(values.astype(np.float64))])

    pw, pp, pc, pd, pq, pn = (prefix(a) for a in (weight, punct, capital, digit, in_question, noun))
    padded = np.concatenate([capital, [False]])
    length = j - i
    words_in = length - (pp[j] - pp[i])
    caps = (pc[j] - pc[i]) / words_in
    typed = [(sp.start, sp.end) for sp in candidates(q.info.answer_type, text, start, end, text)]
    t_exact, t_inside, t_cover = _within(starts, ends, typed)
    h_exact, h_inside, h_cover = _within(starts, ends, [(hint.start, hint.end)] if hint else [])
    columns = {
        "left3": pw[i] - pw[np.maximum(0, i - 3)], "left8": pw[i] - pw[np.maximum(0, i - 8)],
        "right3": pw[np.minimum(n, j + 3)] - pw[j], "right8": pw[np.minimum(n, j + 8)] - pw[j],
        "inside_question": (pq[j] - pq[i]) / words_in,
        "len1": length == 1, "len2": length == 2, "len3": length == 3, "len4_5": (length >= 4) & (length <= 5),
        "len6_plus": length >= 6, "capitals": caps, "all_capitals": caps == 1.0, "digits": pd[j] > pd[i],
        "starts_stopword": stop[i], "ends_stopword": stop[j - 1], "punct_inside": pp[j - 1] > pp[i],
        "prev_boundary": (i == 0) | punct[np.maximum(0, i - 1)], "next_boundary": (j == n) | np.concatenate(
            [punct, [True]])[j],
        "prev_capital": (i > 0) & capital[np.maximum(0, i - 1)], "next_capital": padded[j],
        "typed_exact": t_exact, "typed_inside": t_inside, "typed_cover": t_cover,
        "sentence_coverage": np.full(len(i), coverage),
        "after_place_word": (i > 0) & place[np.maximum(0, i - 1)], "first_in_sentence": i == 0,
        "hint_exact": h_exact, "hint_inside": h_inside, "hint_cover": h_cover,
        "noun_before": pn[i] > pn[np.maximum(0, i - 2)], "noun_first": noun[i], "noun_inside": pn[j] > pn[i],
        **{f"type_{t.value}": np.full(len(i), t is q.info.answer_type) for t in AnswerType},
    }
    zeros = np.zeros(len(i))
    crossed = [columns[f] if t is q.info.answer_type else zeros for t in _TYPES for f in _CROSSED]
    matrix = np.column_stack([columns[f] for f in _BASE] + crossed).astype(np.float64)
    return starts, ends, matrix


@dataclass(frozen=True)
class Candidate:
    """The extractor's best span of a region, its score and its row of ``FEATURES``."""

    span: Span
    score: float
    features: np.ndarray


Region = tuple[str, int, int, Span | None]  # text, start, end, the rule-based hint


class Extractor:
    """Picks the best-scoring short span of a sentence."""

    def __init__(self, model: TreeModel) -> None:
        self.model = model

    @classmethod
    def load(cls, path: Path = MODEL) -> Extractor:
        """The extractor with the shipped model."""
        return cls(TreeModel.load(path, FEATURES))

    def best_of(self, regions: list[Region], q: QuestionTerms) -> list[Candidate | None]:
        """The best candidate of each region (``None`` where a region has no span), scored in one model call."""
        parts = [span_features(text, start, end, q, hint) for text, start, end, hint in regions]
        if not parts:
            return []
        scores = self.model.score(np.vstack([x for _, _, x in parts]))
        found: list[Candidate | None] = []
        offset = 0
        for (text, _, _, _), (starts, ends, x) in zip(regions, parts, strict=True):
            if not len(starts):
                found.append(None)
                continue
            i = int(np.argmax(scores[offset:offset + len(starts)]))
            s, e = int(starts[i]), int(ends[i])
            found.append(Candidate(Span(s, e, text[s:e]), float(scores[offset + i]), x[i]))
            offset += len(starts)
        return found

    def best(self, text: str, start: int, end: int, q: QuestionTerms, hint: Span | None = None) -> Candidate | None:
        """The highest-scoring span in ``text[start:end]``, or ``None`` if it has none."""
        return self.best_of([(text, start, end, hint)], q)[0]
