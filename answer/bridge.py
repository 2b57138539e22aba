"""A word bridge for English questions over Indonesian documents.

Names, numbers and dates carry over between the languages as they are; the other words of an English question
have nothing to match in an Indonesian document. The bridge adds the Indonesian translations of those words (from
the FreeDict English–Indonesian dictionary and the NusaX lexicon, built by ``python -m citeqa.eval.build_bridge``)
that the index actually holds, so that retrieval, the reranker and the reader see "satelit", "sanksi" and
"penasihat keamanan" in "Which satellite…", "the latest sanction", "security advisers". Translations the index
does not hold are left out, so an English question over English documents is asked as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from citeqa.core.errors import ConfigError
from citeqa.index.analyzer import ENGLISH_STOPWORDS, analyze, english_stem, words

MODEL = Path(__file__).resolve().parent / "weights" / "bridge-en-id.tsv"
PER_WORD = 3  # translations kept per English word, in dictionary order


class Bridge:
    """English word stem -> Indonesian translations."""

    def __init__(self, table: dict[str, tuple[str, ...]]) -> None:
        self.table = table

    @classmethod
    def load(cls, path: Path = MODEL) -> Bridge:
        """Read the shipped table; raises ``ConfigError`` when it is missing or malformed."""
        table: dict[str, tuple[str, ...]] = {}
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise ConfigError(f"cannot read the word bridge {path}: {exc}") from exc
        for number, line in enumerate(lines, start=1):
            stem, tab, translations = line.partition("\t")
            if not tab or not stem or not translations:
                raise ConfigError(f"{path}:{number}: expected 'stem<TAB>translation|…', got {line[:60]!r}")
            table[stem] = tuple(translations.split("|"))
        return cls(table)

    def translations(self, question: str, known: Callable[[str], bool]) -> list[str]:
        """Indonesian translations of the question's English content words that the index does not hold
        themselves (``known`` rejects their terms), where ``known`` accepts the translation's terms; at most
        ``PER_WORD`` per word, without repeats."""
        found: list[str] = []
        for word in words(question):
            if word in ENGLISH_STOPWORDS or not word.isalpha():
                continue
            own = analyze(word)
            if own and all(known(t) for t in own):
                continue  # the documents use the word itself: an English one among English documents
            kept = 0
            for translation in self.table.get(english_stem(word), ()):
                terms = analyze(translation)
                if kept < PER_WORD and terms and all(known(t) for t in terms):
                    kept += 1
                    if translation not in found:
                        found.append(translation)
        return found

    def expand(self, question: str, known: Callable[[str], bool]) -> str:
        """``question`` followed by its ``translations`` (the question itself when there are none)."""
        extra = self.translations(question, known)
        return f"{question} {' '.join(extra)}" if extra else question
