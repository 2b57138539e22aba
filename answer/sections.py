"""An answer its section's heading gives: a changelog's "## 3.1.0 (2025-02-10)" over "- Added a dark theme." answers
"Which version added a dark theme?" ("3.1.0") and "When was the dark theme added?" ("2025-02-10"), which the item
itself does not say. Only a Markdown heading ("#" …) in the same passage counts, the nearest above the sentence;
the citation then runs from the heading to the sentence, so the answer lies inside it."""

from __future__ import annotations

import re

from citeqa.answer.question import AnswerType, QuestionInfo
from citeqa.answer.spans import Span, candidates

# "Which version …?", "In what release …?", "Versi berapa …?", "Pada versi mana …?"
_ASKS_VERSION = re.compile(r"\b(?:which|what)\s+(?:version|release)\b|\bversi\s+(?:berapa|mana|apa)\b|"
                           r"\bin\s+(?:which|what)\s+(?:version|release)\b", re.IGNORECASE)
_VERSION = re.compile(r"(?<![\w.])v?\d+(?:\.\d+){1,3}(?![\w.]*\d)")
_HEADING = re.compile(r"(?m)^[ \t]*#{1,6}[ \t]+\S[^\n]*")


def heading_answer(question: str, info: QuestionInfo, text: str, passage: tuple[int, int],
                   sentence: tuple[int, int], span: Span | None) -> tuple[Span, tuple[int, int]] | None:
    """For a question asking which version, or when where the ``sentence`` gives no date (``span`` is not one), the
    version or the one date of the nearest Markdown heading above the sentence within ``passage``: the answer and
    the range to cite (the heading to the sentence's end); ``None`` otherwise."""
    headings = list(_HEADING.finditer(text, passage[0], sentence[0]))
    if not headings:
        return None
    heading = headings[-1]
    if _ASKS_VERSION.search(question):
        found = [Span(m.start(), m.end(), m.group()) for m in _VERSION.finditer(text, heading.start(), heading.end())]
    elif info.answer_type is AnswerType.DATE and not (span and candidates(AnswerType.DATE, text, span.start, span.end)):
        if candidates(AnswerType.DATE, text, *sentence):
            return None  # (the sentence gives a date of its own)
        found = candidates(AnswerType.DATE, text, heading.start(), heading.end())
    else:
        return None
    if len(found) != 1:
        return None
    return found[0], (heading.start() + len(heading.group()) - len(heading.group().lstrip()), sentence[1])
