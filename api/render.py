"""Render an answer as text for people: chat markdown (OpenAI-compatible API) and Slack Block Kit.

An answer or quote that runs over a line break of its document ("ask your" at the end of a line of a file wrapped
at 80 columns, "administrator to grant …" on the next) is shown on one line (``flat``); the JSON keeps the
document's characters, offsets and all.
"""

from __future__ import annotations

import re
from typing import Any

from citeqa import prompts
from citeqa.core.models import Answer, Citation

_BREAKS = re.compile(r"[ \t]*\n\s*")


def flat(text: str) -> str:
    """``text`` with each line break (and the blank lines and indentation around it) shown as one space."""
    return _BREAKS.sub(" ", text)


def cited_source(cite: Citation, language: str) -> str:
    """The document a quote comes from, with its page for a PDF ("laporan.pdf, hlm. 3")."""
    return cite.source if cite.page is None else prompts.text("page", language, source=cite.source, page=cite.page)


def quote(cite: Citation, language: str) -> str:
    """A citation as people read it: the quoted text, its document (and PDF page) and its offsets."""
    return prompts.text("quote", language, text=flat(cite.text), source=cited_source(cite, language), start=cite.start,
                        end=cite.end)


def read_as(answer: Answer) -> str | None:
    """How the question was read, when a misspelled word of it was read as an index term ("Dipahami sebagai:
    …"), else ``None``."""
    return prompts.text("resolved", answer.language, question=answer.read_as) if answer.read_as else None


def chat_markdown(answer: Answer) -> str:
    """The answer with a numbered citation marker, then a "Sources" list of quotes (first, in italics, the
    question as read when a misspelled word of it was read as an index term)."""
    lang = answer.language
    note = [f"_({read_as(answer)})_", ""] if answer.read_as else []
    if answer.text is None:
        return "\n".join([*note, prompts.text("no_answer", lang)])
    lines = [*note, f"{flat(answer.text)} [1]", "", f"**{prompts.text('sources_heading', lang)}**"]
    for number, cite in enumerate(answer.citations, start=1):
        lines.append(f"[{number}] {quote(cite, lang)}")
    return "\n".join(lines)


def _bold_inside(sentence: str, answer: str, at: int | None = None) -> str:
    """The sentence with the answer in Slack bold (``*...*``) at offset ``at`` in the sentence (else its first
    occurrence); the sentence alone if it is the answer."""
    if at is None or sentence[at:at + len(answer)] != answer:
        at = sentence.find(answer)
    if at < 0 or answer == sentence:
        return sentence
    return f"{sentence[:at]}*{answer}*{sentence[at + len(answer):]}"


def slack_blocks(answer: Answer) -> tuple[str, list[dict[str, Any]]]:
    """Fallback text and Block Kit blocks for Slack (led by a context line with the question as read, when a
    misspelled word of it was read as an index term)."""
    lang = answer.language
    confidence = prompts.text("confidence", lang, confidence=f"{answer.confidence:.2f}")
    note = read_as(answer)
    lead = [{"type": "context", "elements": [{"type": "mrkdwn", "text": f"_{note}_"}]}] if note else []
    if answer.text is None:
        text = prompts.text("no_answer", lang)
        return text, [
            *lead,
            {"type": "section", "text": {"type": "mrkdwn", "text": f":grey_question: {text}"}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": confidence}]},
        ]
    cite = answer.citations[0]
    at = answer.answer_start - cite.start if answer.answer_start is not None else None
    heading = prompts.text("answer_heading", lang)
    return f"{heading}: {flat(answer.text)}", [
        *lead,
        {"type": "section", "text": {"type": "mrkdwn", "text": f"*{heading}:* {flat(answer.text)}"}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "> " + flat(_bold_inside(cite.text, answer.text, at))}},
        {"type": "context", "elements": [
            {"type": "mrkdwn", "text": f"`{cited_source(cite, answer.language)}` [{cite.start}:{cite.end}]"},
            {"type": "mrkdwn", "text": confidence},
        ]},
    ]
