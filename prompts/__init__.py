"""User-facing text as data: answer templates and no-answer messages, in Indonesian and English."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from string import Formatter
from typing import Any

from citeqa.core.errors import PromptError

PROMPTS_DIR = Path(__file__).resolve().parent
LANGUAGES = ("id", "en")
# Every message file must define these keys for every language, with these placeholders.
REQUIRED: dict[str, dict[str, set[str]]] = {
    "messages.json": {
        "no_answer": set(),
        "answer_heading": set(),
        "quote": {"text", "source", "start", "end"},
        "confidence": {"confidence"},
        "sources_heading": set(),
        "error": {"message"},
        "thinking": set(),
        "clarify": {"word"},
        "resolved": {"question"},
    },
}


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def validate(name: str, data: Any) -> dict[str, dict[str, str]]:
    """Check a prompt file's content; raise ``PromptError`` naming the file and the missing field."""
    if not isinstance(data, dict):
        raise PromptError(f"{name}: expected an object of languages, got {type(data).__name__}")
    for language in LANGUAGES:
        table = data.get(language)
        if not isinstance(table, dict):
            raise PromptError(f"{name}: missing language {language!r}")
        for key, needed in REQUIRED[name].items():
            value = table.get(key)
            if not isinstance(value, str) or not value:
                raise PromptError(f"{name}: missing field {language}.{key}")
            unknown = _placeholders(value) - needed
            if unknown:
                raise PromptError(f"{name}: {language}.{key} uses unknown placeholder(s) {sorted(unknown)}")
    return data


def load(name: str = "messages.json", folder: Path = PROMPTS_DIR) -> dict[str, dict[str, str]]:
    """Load and validate one prompt file."""
    path = folder / name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PromptError(f"{path}: cannot read prompt file ({exc.strerror or exc})") from exc
    except json.JSONDecodeError as exc:
        raise PromptError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    return validate(name, data)


@lru_cache(maxsize=1)
def messages() -> dict[str, dict[str, str]]:
    """The validated bundled messages (cached)."""
    return load()


def text(key: str, language: str = "id", **values: Any) -> str:
    """One message in ``language`` ("id" or "en"; anything else falls back to "id"), formatted."""
    table = messages().get(language if language in LANGUAGES else "id", messages()["id"])
    return table[key].format(**values)
