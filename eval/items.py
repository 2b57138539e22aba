"""Eval sets: JSONL files of questions with gold answers, read strictly.

A misspelled field would otherwise change what an item means without a word (``"answer"`` for ``"answers"``
turns an answerable question into an unanswerable one), so every line is checked against one pydantic model and
any unknown field, wrong type or contradiction is an error naming the file, the line and the field.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import ErrorDetails

from citeqa.core.errors import ConfigError


@dataclass(frozen=True)
class EvalItem:
    """One question with its gold answers, gold evidence substring and gold source."""

    id: str
    question: str
    answers: tuple[str, ...]
    evidence: str | None
    source: str | None
    answerable: bool
    language: str = "id"


class ItemLine(BaseModel):
    """The wire shape of one line of an eval set."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: str | int | None = Field(default=None, description="unique within the set (default: <file>-<line>)")
    question: str = Field(min_length=1)
    answers: list[str] = Field(default_factory=list, description="gold answers; empty for an unanswerable item")
    evidence: str | None = Field(default=None, description="a substring of the passage that answers")
    source: str | None = Field(default=None, description="the gold document's source name")
    answerable: bool | None = Field(default=None, description="default: whether answers are given")
    language: str = Field(default="id", pattern=r"^[a-z]{2}$")

    @model_validator(mode="after")
    def _answers_agree(self) -> ItemLine:
        if self.answerable and not self.answers:
            raise ValueError("'answerable' is true but 'answers' is empty")
        if self.answerable is False and self.answers:
            raise ValueError("'answerable' is false but 'answers' are given")
        if any(not a.strip() for a in self.answers):
            raise ValueError("'answers' holds an empty answer")
        return self


def _message(error: ErrorDetails) -> str:
    """One validation error as a sentence naming the field (and the nearest known field, for an unknown one)."""
    field = ".".join(str(part) for part in error["loc"]) or "item"
    if error["type"] == "extra_forbidden":
        near = difflib.get_close_matches(field, list(ItemLine.model_fields), n=1)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        return f"unknown field {field!r}{hint}; known fields: {', '.join(ItemLine.model_fields)}"
    return f"{field}: {error['msg']}"


Line = TypeVar("Line", bound=BaseModel)


def parse_lines(
    path: Path, lines: list[str], model: type[Line], what: str, reasons: Callable[[ValidationError], str],
) -> list[tuple[int, Line]]:
    """Each non-blank line of a JSONL file validated as ``model``, with its line number; ``ConfigError`` naming
    the line that is not JSON, or is not a valid ``what`` (``reasons`` says why). Eval sets, ``citeqa verify``
    answers and multi-turn conversations are read with it."""
    rows = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            rows.append((number, model.model_validate(json.loads(line))))
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{path}:{number}: not JSON ({exc.msg})") from exc
        except ValidationError as exc:
            raise ConfigError(f"{path}:{number}: not a valid {what}: {reasons(exc)}") from exc
    return rows


def load_set(path: Path) -> list[EvalItem]:
    """Read a JSONL eval set; raises ``ConfigError`` naming the line and field that are wrong."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read eval set {path}: {exc}") from exc
    items: list[EvalItem] = []
    seen: dict[str, int] = {}
    for number, row in parse_lines(path, lines, ItemLine, "eval item",
                                   lambda exc: "; ".join(_message(e) for e in exc.errors())):
        item_id = str(row.id) if row.id is not None and str(row.id).strip() else f"{path.stem}-{number}"
        if item_id in seen:
            raise ConfigError(f"{path}:{number}: id {item_id!r} is already used on line {seen[item_id]}")
        seen[item_id] = number
        answerable = bool(row.answers) if row.answerable is None else row.answerable
        items.append(EvalItem(item_id, row.question, tuple(row.answers), row.evidence, row.source, answerable,
                              row.language))
    if not items:
        raise ConfigError(f"eval set {path} has no questions")
    return items
