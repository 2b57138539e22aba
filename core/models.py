"""Frozen records that flow through citeqa: passages, citations and answers."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


def passage_id(source: str, start: int, end: int, text: str) -> str:
    """A stable, content-hashed id for a passage."""
    digest = hashlib.sha256(f"{source}\x00{start}\x00{end}\x00{text}".encode()).hexdigest()
    return digest[:16]


@dataclass(frozen=True)
class Passage:
    """A span of a source document: ``text == original[start:end]``.

    ``sentences`` holds (start, end) offsets of each sentence, relative to the original text.
    """

    source: str
    start: int
    end: int
    text: str
    sentences: tuple[tuple[int, int], ...] = ()
    id: str = field(default="")

    def __post_init__(self) -> None:
        if self.end - self.start != len(self.text):
            raise ValueError(f"passage length {len(self.text)} does not match offsets {self.start}:{self.end}")
        if not self.id:
            object.__setattr__(self, "id", passage_id(self.source, self.start, self.end, self.text))


@dataclass(frozen=True)
class Citation:
    """A verbatim quote of a source: ``text == original[start:end]``."""

    source: str
    passage_id: str
    start: int
    end: int
    text: str
    page: int | None = None  # the PDF page the quote starts on


@dataclass(frozen=True)
class ScoredPassage:
    """A retrieved passage with its fused score."""

    passage: Passage
    score: float
    lexical: float = 0.0
    dense: float = 0.0


@dataclass(frozen=True)
class Answer:
    """The result of asking a question: a verbatim span or ``None`` (abstained)."""

    question: str
    text: str | None
    confidence: float
    citations: tuple[Citation, ...]
    passages: tuple[ScoredPassage, ...]
    language: str = "id"
    answer_start: int | None = None
    answer_end: int | None = None
    support: float | None = None  # the probability that the documents hold the answer, when calibrated
    read_as: str | None = None  # the question as read, when a misspelled word was read as an index term
