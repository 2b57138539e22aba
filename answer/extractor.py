"""A learned short-answer extractor: score every short token span of a sentence as the answer.

Features describe a span's shape (length, capitals, digits, stopwords at its edges, punctuation around it), whether
it is a candidate of the asked type (``citeqa.answer.spans``), and how much of the question sits next to it
(IDF-weighted question terms in windows left and right, the way a factoid question restates the sentence around its
answer), and whether the rule-based reader picked it. Gradient-boosted trees trained on the train sides of FacQA,
TyDi-id and SQuAD-en by ``python -m citeqa.eval.train_extractor`` score them; the model ships as
``answer/weights/extractor.txt``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from citeqa.answer.model import TreeModel
from citeqa.answer.question import QUESTION_KINDS, AnswerType, QuestionInfo, question_kind, type_nouns_of
from citeqa.answer.spans import Span, candidates
from citeqa.index.analyzer import analyze, is_stopword, stem, words

MODEL = Path(__file__).resolve().parent / "weights" / "extractor.txt"
MAX_TOKENS = 10
_TOKEN = re.compile(r"\d+(?:[.,/:]\d+)*|(?:[A-Za-z]\.){2,}|\w+(?:[-'’]\w+)*|[^\w\s]")
_PLACE_WORDS = frozenset({"di", "ke", "dari", "in", "at", "to", "from"})
# Words that open the answer to a descriptive question: a reason ("karena", "because"), a purpose ("untuk",
# "to"), a means or manner ("dengan", "by").
_REASON_WORDS = frozenset({"karena", "sebab", "akibat", "lantaran", "because", "due", "since", "as"})
_PURPOSE_WORDS = frozenset({"untuk", "guna", "agar", "supaya", "demi", "to", "for"})
_MEANS_WORDS = frozenset({"dengan", "melalui", "secara", "lewat", "by", "through", "via", "using", "with"})
_VERB_PREFIX = ("me", "di", "ber", "ter", "per")
# A definition or description follows a copula: "Fusi nuklir adalah reaksi di mana ...".
_COPULAS = frozenset({"adalah", "merupakan", "ialah", "yaitu", "yakni", "is", "was", "are", "were", "means"})
_CLAUSE_OPENERS = _COPULAS | _REASON_WORDS | _PURPOSE_WORDS | _MEANS_WORDS
_CLAUSE_ENDS = frozenset({",", ";", ":", "(", ")", "—", "–"})


def _clauses(lower: list[str], punct: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Token ranges longer than ``MAX_TOKENS`` that a descriptive answer takes: from a copula, reason, purpose or
    means word (or just after it) to the next clause mark or to the end of the sentence."""
    n = len(lower)
    found: set[tuple[int, int]] = set()
    for k, token in enumerate(lower):
        if token not in _CLAUSE_OPENERS:
            continue
        stop = next((x for x in range(k + 1, n) if lower[x] in _CLAUSE_ENDS), n)
        ends = {stop, n}
        for end in ends:
            while end > k and punct[end - 1]:
                end -= 1
            for start in (k, k + 1):
                if end - start > MAX_TOKENS and not punct[start]:
                    found.add((start, end))
    ordered = sorted(found)
    return np.array([a for a, _ in ordered], dtype=np.int64), np.array([b for _, b in ordered], dtype=np.int64)
_TYPES = tuple(AnswerType)
_BASE = (
    "left3", "left8", "right3", "right8", "inside_question", "len1", "len2", "len3", "len4_5", "len6_plus",
    "capitals", "all_capitals", "digits", "starts_stopword", "ends_stopword", "punct_inside", "prev_boundary",
    "next_boundary", "prev_capital", "next_capital", "typed_exact", "typed_inside", "typed_cover",
    "sentence_coverage", "after_place_word", "first_in_sentence", "hint_exact", "hint_inside", "hint_cover",
    "noun_before", "noun_first", "noun_inside", *(f"type_{t.value}" for t in AnswerType),
    "length", "position", "doc_first_sentence", "doc_position", "clause", "prev_copula", "first_reason",
    "first_purpose", "first_means", "first_verb", "prev_reason",
    "prev_purpose", "prev_means", *(f"asks_{k}" for k in QUESTION_KINDS),
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
    kind: str = "other"

    @classmethod
    def of(cls, question: str, info: QuestionInfo, idf: Callable[[str], float]) -> QuestionTerms:
        """Analyze ``question`` once."""
        nouns = type_nouns_of(question)
        return cls(info, {t: idf(t) for t in analyze(question)}, frozenset(words(question)),
                   frozenset(nouns | {stem(n) for n in nouns}), question_kind(question))


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


@lru_cache(maxsize=4096)
def _sentence(
    text: str, start: int, end: int
) -> tuple[list[tuple[int, int]], list[str], list[str], list[str], tuple[np.ndarray, ...]]:
    """What span features need of a sentence whatever the question, computed once per sentence: its tokens,
    their surface, lower-case and stemmed forms, and flags (punctuation, capital, digit, stopword, place word,
    reason word, copula, purpose word, means word, verb-like)."""
    toks = tokens(text, start, end)
    surface = [text[s:e] for s, e in toks]
    lower = [t.lower() for t in surface]
    punct = np.array([not any(c.isalnum() for c in t) for t in surface], dtype=bool)
    flags = (
        punct,
        np.array([t[:1].isupper() for t in surface], dtype=bool) & ~punct,
        np.array([any(c.isdigit() for c in t) for t in surface], dtype=bool),
        np.array([is_stopword(t) for t in lower], dtype=bool) & ~punct,
        *(np.array([t in vocabulary for t in lower], dtype=bool)
          for vocabulary in (_PLACE_WORDS, _REASON_WORDS, _COPULAS, _PURPOSE_WORDS, _MEANS_WORDS)),
        np.array([t.isalpha() and t.islower() and len(t) > 5 and t.startswith(_VERB_PREFIX) for t in surface],
                 dtype=bool),
    )
    for array in flags:
        array.flags.writeable = False  # shared between questions
    return toks, surface, lower, [stem(t) for t in lower], flags


def span_features(
    text: str, start: int, end: int, q: QuestionTerms, hint: Span | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every span of up to ``MAX_TOKENS`` tokens in ``text[start:end]`` that neither starts nor ends with
    punctuation: (start offsets, end offsets, rows of ``FEATURES``). ``hint`` is the rule-based reader's pick."""
    toks, surface, lower, stems, flags = _sentence(text, start, end)
    n = len(toks)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros((0, len(FEATURES)))
    punct, capital, digit, stop, place, reason, copula, purpose, means, verb = flags
    noun = np.array([(not p) and (t in q.nouns or st in q.nouns)
                     for t, st, p in zip(lower, stems, punct, strict=True)], dtype=bool)
    total = sum(q.weights.values()) or 1.0
    weight = np.array([0.0 if p else q.weights.get(st, q.weights.get(t, 0.0))
                       for t, st, p in zip(lower, stems, punct, strict=True)]) / total
    in_question = np.array([(not p) and (t in q.raw or st in q.raw or bool(set(words(t)) & q.raw))
                            for t, st, p in zip(lower, stems, punct, strict=True)], dtype=bool)
    matched = {st: float(w) for st, w in zip(stems, weight, strict=True) if w > 0}
    coverage = sum(matched.values())

    i = np.repeat(np.arange(n), MAX_TOKENS)
    j = i + np.tile(np.arange(1, MAX_TOKENS + 1), n)
    i, j = i[j <= n], j[j <= n]
    keep = ~punct[i] & ~punct[j - 1]
    i, j = i[keep], j[keep]
    ci, cj = _clauses(lower, punct)
    clause = np.concatenate([np.zeros(len(i), dtype=bool), np.ones(len(ci), dtype=bool)])
    i, j = np.concatenate([i, ci]).astype(np.int64), np.concatenate([j, cj]).astype(np.int64)
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
        "length": length, "position": i / n, "clause": clause,
        # where the sentence sits in its document: an encyclopedia paragraph answers "what is X" in its first
        "doc_first_sentence": np.full(len(i), not text[:start].strip()),
        "doc_position": np.full(len(i), start / max(1, len(text))),
        "prev_copula": (i > 0) & copula[np.maximum(0, i - 1)], "first_reason": reason[i], "first_purpose": purpose[i],
        "first_means": means[i], "first_verb": verb[i], "prev_reason": (i > 0) & reason[np.maximum(0, i - 1)],
        "prev_purpose": (i > 0) & purpose[np.maximum(0, i - 1)], "prev_means": (i > 0) & means[np.maximum(0, i - 1)],
        **{f"asks_{k}": np.full(len(i), k == q.kind) for k in QUESTION_KINDS},
    }
    matrix = np.zeros((len(i), len(FEATURES)))  # the crossed columns of the types not asked stay 0
    for k, f in enumerate(_BASE):
        matrix[:, k] = columns[f]
    first = len(_BASE) + _TYPES.index(q.info.answer_type) * len(_CROSSED)
    for k, f in enumerate(_CROSSED):
        matrix[:, first + k] = columns[f]
    return starts, ends, matrix


@dataclass(frozen=True, eq=False)
class Candidate:
    """The extractor's best span of a region, its score and its row of ``FEATURES``; and every span it scored in
    the region (start and end offsets, scores), for a second reader to weigh in."""

    span: Span
    score: float
    features: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    scores: np.ndarray


Region = tuple[str, int, int, Span | None]  # text, start, end, the rule-based hint


class Extractor:
    """Picks the best-scoring short span of a sentence."""

    def __init__(self, model: TreeModel) -> None:
        self.model = model

    @classmethod
    def load(cls, path: Path = MODEL, compiled_in: Path | None = None) -> Extractor:
        """The extractor with the shipped model, scored compiled once compiled into ``compiled_in`` where given
        (``TreeModel.load``)."""
        return cls(TreeModel.load(path, FEATURES, compiled_in))

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
            here = scores[offset:offset + len(starts)]
            i = int(np.argmax(here))
            s, e = int(starts[i]), int(ends[i])
            found.append(Candidate(Span(s, e, text[s:e]), float(here[i]), x[i], starts, ends, here))
            offset += len(starts)
        return found

    def best(self, text: str, start: int, end: int, q: QuestionTerms, hint: Span | None = None) -> Candidate | None:
        """The highest-scoring span in ``text[start:end]``, or ``None`` if it has none."""
        return self.best_of([(text, start, end, hint)], q)[0]
