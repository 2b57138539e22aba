"""Metrics as pure functions over predictions and gold (SQuAD/DrQA style)."""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Sequence

_ARTICLES = re.compile(r"\b(a|an|the|yang|sang|si)\b")
_PUNCT = set(string.punctuation) | set("“”‘’—–…")


def normalize_answer(text: str) -> str:
    """Lower case, drop punctuation, articles and extra whitespace (SQuAD normalization)."""
    text = text.lower()
    text = "".join(" " if ch in _PUNCT else ch for ch in text)
    text = _ARTICLES.sub(" ", text)
    return " ".join(text.split())


def exact_match(prediction: str | None, gold: Sequence[str]) -> float:
    """1.0 when the normalized prediction equals any normalized gold answer."""
    if prediction is None or not gold:
        return 0.0
    pred = normalize_answer(prediction)
    return float(any(pred == normalize_answer(g) for g in gold))


def _f1(prediction: str, gold: str) -> float:
    pred_tokens = normalize_answer(prediction).split()
    gold_tokens = normalize_answer(gold).split()
    common = Counter(pred_tokens) & Counter(gold_tokens)
    same = sum(common.values())
    if same == 0:
        return 0.0
    precision = same / len(pred_tokens)
    recall = same / len(gold_tokens)
    return 2 * precision * recall / (precision + recall)


def token_f1(prediction: str | None, gold: Sequence[str]) -> float:
    """Token-overlap F1, the max over gold answers; 0 for an abstention."""
    if prediction is None or not gold:
        return 0.0
    return max(_f1(prediction, g) for g in gold)


def contains_gold(prediction: str | None, gold: Sequence[str]) -> float:
    """1.0 when the normalized prediction contains any normalized gold answer."""
    if prediction is None or not gold:
        return 0.0
    pred = normalize_answer(prediction)
    return float(any(normalize_answer(g) in pred for g in gold))


def occurrences(text: str, needle: str) -> list[int]:
    """Every start offset of ``needle`` in ``text``, overlapping ones included (none for an empty needle)."""
    found: list[int] = []
    at = text.find(needle) if needle else -1
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def answer_spans(text: str, answers: Sequence[str]) -> list[tuple[int, int]]:
    """``(start, end)`` of every occurrence of every answer in ``text`` (``occurrences``), answer by answer."""
    return [(at, at + len(answer)) for answer in answers for at in occurrences(text, answer)]


def cited_right(document: str | None, start: int, end: int, gold: Sequence[str]) -> float:
    """1.0 when the cited range ``start:end`` of the gold ``document`` overlaps an occurrence of a gold answer
    (``document`` is ``None`` when the citation is from another document, or there is none)."""
    if document is None or end <= start:
        return 0.0
    return float(any(at < end and start < at + len(answer)
                     for answer in gold for at in occurrences(document, answer)))


def _squash(text: str) -> str:
    return " ".join(text.split())


def retrieval_rank(passages: Sequence[tuple[str, str]], evidence: str, source: str | None = None) -> int | None:
    """1-based rank of the first (source, text) passage holding ``evidence`` (and from ``source``)."""
    needle = _squash(evidence)
    for rank, (passage_source, text) in enumerate(passages, start=1):
        if (source is None or passage_source == source) and needle in _squash(text):
            return rank
    return None


def hit_at(ranks: Sequence[int | None], k: int) -> float:
    """Share of questions whose evidence is in the top ``k`` passages."""
    if not ranks:
        return 0.0
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks)


def mean_reciprocal_rank(ranks: Sequence[int | None]) -> float:
    """Mean of 1/rank (0 when the evidence was not retrieved)."""
    if not ranks:
        return 0.0
    return sum(1.0 / r for r in ranks if r) / len(ranks)


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0–100) by linear interpolation; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def mean(values: Sequence[float]) -> float:
    """Arithmetic mean; 0 for no values."""
    return sum(values) / len(values) if values else 0.0
