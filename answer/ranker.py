"""A learned reranker: reorder the retrieved passages by how well each one answers the question.

Hybrid retrieval usually has the right passage in its top few but not first. The reranker scores each of the top
passages with a small learned model over cheap features (question-term coverage weighted by IDF, also of the
question's words other than its names, shared word n-grams, the question's numbers found, whether the passage holds
an answer of the asked type near the question's words, how well the extractor's best answer candidate fits, the
retrieval scores) and sorts by that score. The model (gradient-boosted trees) is trained on the train sides of FacQA,
TyDi-id and SQuAD-en by ``python -m citeqa.eval.train_ranker`` and ships as ``answer/weights/ranker.txt``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from citeqa.answer.fit import FIT_FEATURES, NO_FIT
from citeqa.answer.model import TreeModel
from citeqa.answer.question import AnswerType, QuestionInfo, name_terms
from citeqa.answer.reader import coverage
from citeqa.answer.spans import candidates
from citeqa.core.models import ScoredPassage
from citeqa.index.analyzer import analyze, is_stopword, words

MODEL = Path(__file__).resolve().parent / "weights" / "ranker.txt"
RERANK_DEPTH = 20  # how many retrieved passages the reranker reorders

FEATURES = (
    "fused", "lexical_rel", "dense", "inv_rank", "coverage", "coverage_gap", "raw_coverage", "bigrams",
    "longest_run", "longest_run_gap", "rarest_missing", "names", "sentence_coverage", "typed",
    "type_present", "type_near", "log_words", "window_coverage", "window_gap", "ordered", "ordered_gap",
    "phrases", "raw_coverage_gap", "bigrams_gap", *FIT_FEATURES, "answer_fit_gap", "predicate_coverage",
    "predicate_gap", "numbers", "numbers_gap",
)
# Standardised among the question's retrieved passages, so that the trees see how a passage stands against
# the others for this question rather than on an absolute scale that varies with question length.
_STANDARDISED = ("coverage", "window_coverage", "answer_fit", "predicate_coverage", "bigrams", "sentence_coverage",
                 "dense", "lexical_rel")
FEATURES = FEATURES + tuple(f"{name}_z" for name in _STANDARDISED)
_GAPS = (("coverage", "coverage_gap"), ("longest_run", "longest_run_gap"), ("window_coverage", "window_gap"),
         ("ordered", "ordered_gap"), ("raw_coverage", "raw_coverage_gap"), ("bigrams", "bigrams_gap"),
         ("answer_fit", "answer_fit_gap"), ("predicate_coverage", "predicate_gap"), ("numbers", "numbers_gap"))
FIT_DEPTH = 5  # passages scored by the answer extractor (the slowest feature); the rest get NO_FIT
WINDOW = 12  # words: a factoid question restates a short stretch of its passage


def _ngrams(tokens: Sequence[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


def longest_run(question: Sequence[str], passage: Sequence[str]) -> int:
    """Length of the longest run of consecutive question words that the passage also has, in order."""
    # a common run of n words holds common runs of every shorter length: count up until none is common
    for n in range(1, min(len(question), len(passage)) + 1):
        if not _ngrams(question, n) & _ngrams(passage, n):
            return n - 1
    return min(len(question), len(passage))


def window_coverage(weights: dict[str, float], passage_terms: Sequence[str], width: int = WINDOW) -> float:
    """The largest IDF-weighted share of the question's terms found within ``width`` consecutive terms."""
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    best = 0.0
    hits = [i for i, t in enumerate(passage_terms) if t in weights]
    for i in hits:
        found = {t for t in passage_terms[i:i + width] if t in weights}
        best = max(best, sum(weights[t] for t in found))
    return best / total


def ordered_match(question: Sequence[str], passage: Sequence[str]) -> float:
    """Longest common subsequence of the two term lists, as a share of the question's terms."""
    if not question or not passage:
        return 0.0
    wanted = set(question)
    passage = [t for t in passage if t in wanted]
    previous = [0] * (len(passage) + 1)
    for q in question:
        current = [0]
        for j, p in enumerate(passage):
            current.append(previous[j] + 1 if q == p else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1] / len(question)


_PHRASE = re.compile(r"(?:[A-Z][\w-]*|\d[\w.,/-]*)(?:\s+(?:[A-Z][\w-]*|\d[\w.,/-]*))+")


def question_phrases(question: str) -> list[str]:
    """Runs of two or more capitalised words or numbers after the first word: "Pusat Topan Nasional AS"."""
    first = question.split(maxsplit=1)
    body = first[1] if len(first) > 1 else ""
    return [" ".join(words(m.group(0))) for m in _PHRASE.finditer(body)]


def _type_evidence(info: QuestionInfo, text: str, question_words: set[str], anchors: set[str]) -> tuple[float, float]:
    """(1 if the text holds an answer candidate of the asked type that the question does not already
    state, else 0; closeness of the nearest such candidate to a question word, 1/(1 + words between))."""
    if info.answer_type is AnswerType.OTHER:
        return 0.0, 0.0
    spans = [s for s in candidates(info.answer_type, text, 0, len(text), text)
             if not set(words(s.text)) <= question_words]
    if not spans:
        return 0.0, 0.0
    tokens = _positions(text)
    anchor_at = [i for i, (_, w) in enumerate(tokens) if w in anchors]
    best = 0.0
    for span in spans:
        inside = [i for i, (pos, _) in enumerate(tokens) if span.start <= pos < span.end]
        outside = [a for a in anchor_at if not inside or not inside[0] <= a <= inside[-1]]
        if not inside or not outside:
            continue
        gap = min(min(abs(a - inside[0]), abs(a - inside[-1])) for a in outside) - 1
        best = max(best, 1.0 / (1.0 + gap))
    return 1.0, best


_THOUSANDS = re.compile(r"(?<=\d)[.,](?=\d{3}\b)")
_DIGITS = re.compile(r"\d+")


def numbers_of(text: str) -> set[str]:
    """The digit groups of ``text``, thousands separators dropped: "7.380 meter" and "7380 meter" share "7380"."""
    return set(_DIGITS.findall(_THOUSANDS.sub("", text)))


def _positions(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0).lower()) for m in re.finditer(r"\w+", text)]


def features(
    question: str, info: QuestionInfo, retrieved: Sequence[ScoredPassage], idf: Callable[[str], float],
    fit: Callable[[Sequence[ScoredPassage]], np.ndarray] | None = None,
) -> np.ndarray:
    """One row of ``FEATURES`` per retrieved passage (in retrieval order). ``fit`` gives ``FIT_FEATURES``
    rows: how well each passage's best answer candidate fits the question."""
    q_terms = analyze(question)
    terms = {t: idf(t) for t in q_terms}
    q_words = words(question)
    q_content = [w for w in q_words if not is_stopword(w)]
    q_bigrams = _ngrams(q_words, 2)
    phrases = question_phrases(question)
    names = name_terms(question)
    # what the question says happened, apart from who and what it names: "gagal memainkan netting"
    predicate = {t: w for t, w in terms.items() if t not in names}
    q_numbers = numbers_of(question)
    rarest = max(terms, key=lambda t: terms[t]) if terms else None
    anchors = set(q_content)
    max_lexical = max((p.lexical for p in retrieved), default=0.0)
    rows = []
    for rank, scored in enumerate(retrieved):
        text = scored.passage.text
        p_words = words(text)
        p_set = set(p_words)
        p_term_list = analyze(text)
        p_terms = set(p_term_list)
        joined = " " + " ".join(p_words) + " "
        sentences = scored.passage.sentences or ((scored.passage.start, scored.passage.end),)
        base = scored.passage.start
        sentence_cov = max(coverage(terms, set(analyze(text[s - base:e - base]))) for s, e in sentences)
        present, near = _type_evidence(info, text, set(q_words), anchors)
        rows.append([
            scored.score,
            scored.lexical / max_lexical if max_lexical > 0 else 0.0,
            scored.dense,
            1.0 / (1.0 + rank),
            coverage(terms, p_terms),
            0.0,
            sum(1 for w in q_content if w in p_set) / len(q_content) if q_content else 0.0,
            len(q_bigrams & _ngrams(p_words, 2)) / len(q_bigrams) if q_bigrams else 0.0,
            longest_run(q_words, p_words) / max(1, len(q_words)),
            0.0,
            0.0 if rarest is None or rarest in p_terms else 1.0,
            len(names & p_terms) / len(names) if names else 1.0,
            sentence_cov,
            0.0 if info.answer_type is AnswerType.OTHER else 1.0,
            present,
            near,
            math.log1p(len(p_words)),
            window_coverage(terms, p_term_list),
            0.0,
            ordered_match(q_terms, p_term_list),
            0.0,
            sum(1 for ph in phrases if f" {ph} " in joined) / len(phrases) if phrases else 1.0,
            0.0,
            0.0,
            *([NO_FIT] + [0.0] * (len(FIT_FEATURES) - 1)),
            0.0,
            coverage(predicate, p_terms) if predicate else 1.0,
            0.0,
            len(q_numbers & numbers_of(text)) / len(q_numbers) if q_numbers else 1.0,
            0.0,
            *([0.0] * len(_STANDARDISED)),
        ])
    matrix = np.asarray(rows, dtype=np.float64).reshape(len(rows), len(FEATURES))
    if len(rows) and fit is not None:
        head = list(retrieved[:FIT_DEPTH])
        first = FEATURES.index(FIT_FEATURES[0])
        matrix[:len(head), first:first + len(FIT_FEATURES)] = fit(head)
    if len(rows):
        for name, gap in _GAPS:
            column = matrix[:, FEATURES.index(name)]
            matrix[:, FEATURES.index(gap)] = column - column.max()
        for name in _STANDARDISED:
            column = matrix[:, FEATURES.index(name)]
            matrix[:, FEATURES.index(f"{name}_z")] = (column - column.mean()) / (column.std() + 1e-9)
    return matrix


class Reranker:
    """Reorders the top retrieved passages by a learned score."""

    def __init__(self, model: TreeModel, idf: Callable[[str], float], depth: int = RERANK_DEPTH) -> None:
        self.model = model
        self.idf = idf
        self.depth = depth

    @classmethod
    def load(cls, idf: Callable[[str], float], path: Path = MODEL) -> Reranker:
        """The reranker with the shipped model."""
        return cls(TreeModel.load(path, FEATURES), idf)

    def rerank(
        self, question: str, info: QuestionInfo, retrieved: list[ScoredPassage],
        fit: Callable[[Sequence[ScoredPassage]], np.ndarray] | None = None,
    ) -> list[ScoredPassage]:
        """The retrieved passages, the top ``depth`` reordered by the model (their ``score`` becomes it)."""
        head, tail = retrieved[:self.depth], retrieved[self.depth:]
        if len(head) < 2:
            return retrieved
        scores = self.model.score(features(question, info, head, self.idf, fit))
        order = np.argsort(-scores, kind="stable")
        return [replace(head[int(i)], score=float(scores[int(i)])) for i in order] + tail
