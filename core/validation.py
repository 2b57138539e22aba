"""Checks on user input that need nothing loaded: run before any model or index is."""

from __future__ import annotations

from citeqa.core.errors import InvalidQuestionError

# Whitespace as JSON Schema's and the API schema's "\S" see it: Python's isspace() also counts the separators
# U+001C–U+001F, which a schema-valid question may consist of.
WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c not in "\x1c\x1d\x1e\x1f")


def strip(text: str) -> str:
    """``text`` without leading and trailing whitespace (``WHITESPACE``)."""
    return text.strip(WHITESPACE)


def validate_question(question: object, max_chars: int) -> str:
    """Return the question stripped, or raise ``InvalidQuestionError`` saying what is wrong."""
    if not isinstance(question, str):
        raise InvalidQuestionError(f"question must be a string, got {type(question).__name__}")
    stripped = strip(question)
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
