"""A folder of questions and answers (an FAQ page): the answer is cited, never the document's own question."""

from __future__ import annotations

from pathlib import Path

import pytest

from citeqa.answer.assistant import Assistant
from citeqa.answer.reader import is_question
from citeqa.core.config import load_settings
from citeqa.ingest.pipeline import ingest

pytestmark = pytest.mark.slow

FAQ = """<html><head><title>AquaWash 700 FAQ</title></head><body>
<h1>AquaWash 700 washing machine: FAQ</h1>
<h2>Why does the machine not start?</h2>
<p>Check that the door is fully closed and that the child lock is off. The machine will not start while the door
lock light is blinking.</p>
<h2>How often should I clean the filter?</h2>
<p>Clean the drain filter once a month. The filter is behind the small flap at the bottom right of the front
panel.</p>
<h2>What does error code E21 mean?</h2>
<p>E21 means the water is not draining. Usually the drain hose is kinked or the filter is blocked.</p>
<h2>How long is the warranty?</h2>
<p>The motor is covered for 10 years and all other parts for 2 years from the date of purchase. Keep your receipt
as proof of purchase.</p>
</body></html>
"""


def test_is_question() -> None:
    text = 'How long is the warranty? "Is it?" It is 10 years.'
    assert is_question(text, 0, 25) and is_question(text, 26, 33) and not is_question(text, 34, len(text))


def test_an_faq_is_answered_from_the_answer_under_its_question(tmp_path: Path, embedder) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    docs.mkdir()
    (docs / "faq.html").write_text(FAQ, encoding="utf-8")
    ingest([docs], index, embedder, chunk_size=600)
    assistant = Assistant.load(load_settings(index_dir=index), embedder)
    # the heading "How long is the warranty?" ended the first passage; it now opens the one with its answer
    answer = assistant.ask("How long is the motor warranty?")
    assert answer.text is not None and "10 years" in answer.text
    assert answer.citations[0].text.startswith("The motor is covered")
    answer = assistant.ask("How often should I clean the filter?")
    assert answer.text is not None and answer.citations[0].text == "Clean the drain filter once a month."
    # a question asking yes or no is answered by the whole sentence that says it
    answer = assistant.ask("Will the machine start while the door lock light is blinking?")
    assert answer.text is not None and answer.text == answer.citations[0].text
