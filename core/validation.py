"""Checks on user input that need nothing loaded: run before any model or index is."""

from __future__ import annotations

from citeqa.core.errors import InvalidQuestionError


def validate_question(question: object, max_chars: int) -> str:
    """Return the question stripped, or raise ``InvalidQuestionError`` saying what is wrong."""
    if not isinstance(question, str):
        raise InvalidQuestionError(f"question must be a string, got {type(question).__name__}")
    stripped = question.strip()
    if not stripped:
        raise InvalidQuestionError("question is empty")
    try:
        stripped.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidQuestionError("question holds a character that is not valid Unicode (a lone surrogate at "
                                   f"position {exc.start})") from exc
    if len(stripped) > max_chars:
        raise InvalidQuestionError(f"question is {len(stripped)} characters; the limit is {max_chars}")
    return stripped
