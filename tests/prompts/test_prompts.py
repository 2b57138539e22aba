from __future__ import annotations

import json
from pathlib import Path

import pytest

from citeqa import prompts
from citeqa.core.errors import PromptError


def test_bundled_messages_are_valid() -> None:
    assert "dokumen" in prompts.text("no_answer", "id")
    assert "document" in prompts.text("no_answer", "en")
    assert prompts.text("no_answer", "fr") == prompts.text("no_answer", "id")


def test_missing_field_names_the_file_and_field(tmp_path: Path) -> None:
    data = json.loads((prompts.PROMPTS_DIR / "messages.json").read_text())
    del data["en"]["no_answer"]
    (tmp_path / "messages.json").write_text(json.dumps(data))
    with pytest.raises(PromptError, match=r"messages.json: missing field en.no_answer"):
        prompts.load("messages.json", tmp_path)


def test_broken_json_is_reported(tmp_path: Path) -> None:
    (tmp_path / "messages.json").write_text("{")
    with pytest.raises(PromptError, match="not valid JSON"):
        prompts.load("messages.json", tmp_path)
