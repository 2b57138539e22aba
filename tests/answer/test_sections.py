"""An answer its section's heading gives (``citeqa.answer.sections``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from citeqa.answer.question import analyze_question
from citeqa.answer.sections import heading_answer
from citeqa.answer.spans import Span

CHANGELOG = """# Changelog

## 3.1.4 (2025-04-18)

- Fixed rounding of VAT amounts above 10,000.

## 3.1.0 (2025-02-10)

- Dropped support for Windows 8.1.
- Added a dark theme on 1 March.
"""


def _headed(question: str, item: str, span: Span | None = None) -> tuple[str, str] | None:
    start = CHANGELOG.index(item)
    found = heading_answer(question, analyze_question(question), CHANGELOG, (0, len(CHANGELOG)),
                           (start, start + len(item)), span)
    if found is None:
        return None
    answer, (s, e) = found
    assert CHANGELOG[answer.start:answer.end] == answer.text and s <= answer.start < answer.end <= e
    return answer.text, CHANGELOG[s:e]


def test_which_version_and_when_are_the_section_heading_s() -> None:
    assert _headed("Which version fixed VAT rounding?", "- Fixed rounding of VAT amounts above 10,000.") == \
        ("3.1.4", "## 3.1.4 (2025-04-18)\n\n- Fixed rounding of VAT amounts above 10,000.")
    found = _headed("When was support for Windows 8.1 dropped?", "- Dropped support for Windows 8.1.")
    assert found is not None and found[0] == "2025-02-10"


def test_a_sentence_that_says_it_or_another_question_keeps_its_own_answer() -> None:
    item = "- Added a dark theme on 1 March."
    at = CHANGELOG.index("1 March")
    assert _headed("When was the dark theme added?", item, Span(at, at + 7, "1 March")) is None
    assert _headed("When was the dark theme added?", item) is None  # the sentence gives a date of its own
    assert _headed("What was added in 3.1.0?", item) is None


@pytest.mark.slow
def test_a_changelog_is_answered_from_its_headings(tmp_path: Path, embedder) -> None:
    from citeqa.answer.assistant import Assistant
    from citeqa.core.config import load_settings
    from citeqa.ingest.pipeline import ingest

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "CHANGELOG.md").write_text(CHANGELOG, encoding="utf-8")
    ingest([docs], tmp_path / "index", embedder, chunk_size=600)
    assistant = Assistant.load(load_settings(index_dir=tmp_path / "index"), embedder)
    answer = assistant.ask("Which version fixed VAT rounding?")
    assert answer.text == "3.1.4"
    cited = answer.citations[0]
    assert cited.text.startswith("## 3.1.4") and cited.text.endswith("above 10,000.")
    assert cited.start <= answer.answer_start < answer.answer_end <= cited.end
