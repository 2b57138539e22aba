"""Questions made unanswerable by their sentence: a name or number that ties the question to the sentence swapped
for one of another question (``citeqa.eval.train_reader --swaps``).

A reader trained only on (question, sentence with its answer) and (question, sentence without it) learns to find
a span of the asked type; it reads "Siapa presiden Prancis?" beside "Presiden Rusia Vladimir Putin …" as surely as
"Siapa presiden Rusia?". A swapped question over the same sentence, marked "no answer", teaches it that the
question's names must be the sentence's: what a near-topic question about something the document does not say
looks like.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import replace

from citeqa.answer.question import proper_matches
from citeqa.eval.items import EvalItem
from citeqa.index.analyzer import analyze


def name_runs(question: str) -> list[tuple[int, int]]:
    """Character ranges of the question's runs of names and numbers: capitalised words (not the first word) and
    words with a digit, consecutive ones (only spaces or dots between: "PT. Maju Jaya") joined, trailing dots left
    out."""
    runs: list[tuple[int, int]] = []
    for match in proper_matches(question):
        token = match.group().rstrip(".")
        if not token:
            continue
        start, end = match.start(), match.start() + len(token)
        if runs and question[runs[-1][1]:start].strip(" .") == "":
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
    return runs


def _numeric(text: str) -> bool:
    return any(c.isdigit() for c in text)


def name_pool(questions: Iterable[str]) -> list[str]:
    """Every distinct name or number run of ``questions``, in first-seen order."""
    return list(dict.fromkeys(q[a:b] for q in questions for a, b in name_runs(q)))


def swapped(question: str, sentence: str, pool: list[str], rng: random.Random, answers: Iterable[str] = (),
            tries: int = 20) -> str | None:
    """``question`` with one of its name runs that ``sentence`` holds (as written, any case) replaced by a run of
    ``pool`` of the same kind (a number for a number, a name for a name) that shares no term with the sentence nor
    the ``answers``; ``None`` when the question has no such run or no replacement was found in ``tries`` draws."""
    lowered = sentence.lower()
    tied = [(a, b) for a, b in name_runs(question) if question[a:b].lower() in lowered]
    if not tied or not pool:
        return None
    a, b = rng.choice(tied)
    held = set(analyze(sentence)) | {t for answer in answers for t in analyze(answer)}
    for _ in range(tries):
        other = rng.choice(pool)
        terms = set(analyze(other))
        if _numeric(other) == _numeric(question[a:b]) and terms and not terms & held \
                and other.lower() not in lowered:
            return question[:a] + other + question[b:]
    return None


def swapped_items(items: list[EvalItem], text_of: Callable[[str], str], count: int, seed: int = 2) -> list[EvalItem]:
    """Up to ``count`` unanswerable items made from ``items`` (drawn in a ``seed``-ed order): a question whose
    gold document (``text_of(source)``) holds one of its names or numbers, with that run swapped for another
    question's that the document lacks (``swapped``), id suffixed ``-swapped``. A near-topic question the gold
    document does not answer ("Kapankah Arroyo mendukung …?" of a passage about another leader); the name swapped
    in may still be answered by another indexed document, which such a set cannot rule out."""
    pool = name_pool(item.question for item in items)
    rng = random.Random(seed)
    order = [item for item in items if item.answerable and item.source]
    rng.shuffle(order)
    made: list[EvalItem] = []
    for item in order:
        if len(made) >= count:
            break
        question = swapped(item.question, text_of(item.source or ""), pool, rng, item.answers)
        if question is not None:
            made.append(replace(item, id=f"{item.id}-swapped", question=question, answers=(), evidence=None,
                                answerable=False))
    return made
