"""``citeqa verify``: check that answers made by anything (an LLM, another RAG) quote the indexed documents.

Each input line is ``{"id", "question", "answer", "quotes": [...]}``; a quote is either the quoted text or a
location ``{"source", "start", "end"}`` (with an optional ``"text"`` that must be what is there). A text quote is
found when it occurs verbatim in an indexed document, or else after whitespace and quote marks are normalized
(runs of spaces and line breaks as one space; curly quotes as straight ones); it is reported with every place it
occurs. An item is faithful when every quote is found and the answer lies inside one of them (normalized the same
way). Deterministic string matching, no model and no judge.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from citeqa.core.errors import ConfigError
from citeqa.eval.items import parse_lines
from citeqa.eval.regress import Case, junit_tree

_QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "‘": "'", "’": "'",
                              "‚": "'", "‛": "'", "`": "'"})
_SPACE = re.compile(r"\s+")
MAX_PLACES = 5  # places reported per quote


class QuoteAt(BaseModel):
    """A quote given by its location in an indexed document."""

    model_config = ConfigDict(extra="forbid", strict=True)

    source: str = Field(min_length=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> QuoteAt:
        if self.end <= self.start:
            raise ValueError(f"end ({self.end}) must be after start ({self.start})")
        return self


class AnswerLine(BaseModel):
    """One line of a ``citeqa verify`` input file."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: str | int
    question: str = ""
    answer: str | None = None
    quotes: list[str | QuoteAt] = Field(min_length=1)


def normalize(text: str) -> tuple[str, list[int]]:
    """``text`` with whitespace runs as one space and curly quote marks straight, and for each character of the
    result the offset in ``text`` it comes from."""
    out: list[str] = []
    where: list[int] = []
    for match in re.finditer(r"\s+|\S", text.translate(_QUOTE_MARKS)):
        out.append(" " if match.group(0).isspace() else match.group(0))
        where.append(match.start())
    return "".join(out), where


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_QUOTE_MARKS)).strip()


@dataclass
class Corpus:
    """The indexed documents, with their normalized forms computed once."""

    texts: dict[str, str]

    def __post_init__(self) -> None:
        self.normalized = {source: normalize(text) for source, text in self.texts.items()}

    def find(self, quote: str) -> tuple[str, list[dict[str, Any]]]:
        """("exact" | "normalized" | "missing", the places the quote occurs: source, start, end)."""
        places = [{"source": s, "start": i, "end": i + len(quote)} for s, text in sorted(self.texts.items())
                  for i in _all(text, quote)]
        if places:
            return "exact", places[:MAX_PLACES]
        needle = _squash(quote)
        for source, (text, where) in sorted(self.normalized.items()):
            for i in _all(text, needle):
                end = where[i + len(needle) - 1] + 1
                places.append({"source": source, "start": where[i], "end": end})
        return ("normalized" if places else "missing"), places[:MAX_PLACES]


def _all(text: str, needle: str) -> list[int]:
    found, at = [], text.find(needle) if needle else -1
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def check(line: AnswerLine, corpus: Corpus) -> dict[str, Any]:
    """The report of one answer: each quote's match and places, whether the answer lies in a quote, faithful."""
    quotes: list[dict[str, Any]] = []
    quoted: list[str] = []
    for quote in line.quotes:
        if isinstance(quote, str):
            match, places = corpus.find(quote)
            quotes.append({"quote": quote, "match": match, "places": places})
            if match != "missing":
                quoted.append(quote)
            continue
        text = corpus.texts.get(quote.source)
        if text is None or quote.end > len(text):
            why = "no such document" if text is None else f"the document has {len(text)} characters"
            quotes.append({"source": quote.source, "start": quote.start, "end": quote.end, "match": "missing",
                           "reason": why})
            continue
        there = text[quote.start:quote.end]
        match = "exact" if quote.text in (None, there) else (
            "normalized" if _squash(quote.text or "") == _squash(there) else "missing")
        quotes.append({"source": quote.source, "start": quote.start, "end": quote.end, "match": match,
                       "text": there})
        if match != "missing":
            quoted.append(there)
    answer_quoted = line.answer is None or any(_squash(line.answer) in _squash(q) for q in quoted)
    found = all(q["match"] != "missing" for q in quotes)
    return {"id": str(line.id), "question": line.question, "answer": line.answer, "quotes": quotes,
            "quotes_found": found, "answer_in_quote": answer_quoted, "faithful": found and answer_quoted}


def load_answers(path: Path) -> list[AnswerLine]:
    """Read a ``citeqa verify`` input file; ``ConfigError`` naming the line and field that are wrong."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc
    def reasons(exc: ValidationError) -> str:
        # a quote is text or a location: for a location, the complaint that it is not text says nothing
        errors = [e for e in exc.errors() if not (e["type"] == "string_type" and isinstance(e["input"], dict))]
        return "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'line'}: {e['msg']}" for e in errors)

    found = [row for _, row in parse_lines(path, lines, AnswerLine, "answer line", reasons)]
    if not found:
        raise ConfigError(f"{path} holds no answers")
    return found


def junit(reports: list[dict[str, Any]], suite: str) -> ET.ElementTree:
    """A JUnit XML report of ``check`` results, one test case per answer, failed when it is unfaithful."""
    cases = []
    for report in reports:
        missing = [q.get("quote") or f"{q['source']}[{q['start']}:{q['end']}]" for q in report["quotes"]
                   if q["match"] == "missing"]
        reasons = [f"not in the documents: {quote!r}" for quote in missing]
        if not report["answer_in_quote"]:
            reasons.append(f"the answer {report['answer']!r} is in none of its quotes")
        cases.append(Case(f"{report['id']}: {report['question']}", 0.0, reasons[0] if reasons else None,
                          "\n".join(reasons), json.dumps(report, ensure_ascii=False)))
    return junit_tree(suite, cases)
