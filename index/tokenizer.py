"""The bundled model's tokenizer, read with the ``tokenizers`` library alone.

transformers' tokenizer classes wrap the same Rust tokenizer, but importing them imports torch and much of
transformers (about 2.9 s of a cold ``citeqa ask``, against 0.05 s for ``tokenizers``). This module does the two
things answering needs, with the settings transformers applies per call (``tests/index/test_tokenizer.py`` checks
that ids, token types and offsets equal transformers'): one text cut to a length, and (question, sentence) pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from citeqa.core.errors import ConfigError


@dataclass(frozen=True)
class PairBatch:
    """(question, sentence) pairs tokenized and padded together; ``offsets`` are character ranges inside each pair's
    own text (question or sentence; (0, 0) for special and padding tokens)."""

    ids: np.ndarray
    mask: np.ndarray
    types: np.ndarray
    offsets: np.ndarray


class Tokenizer:
    """A model folder's ``tokenizer.json``, for single texts and (question, sentence) pairs of at most
    ``max_length`` tokens, pairs padded to a multiple of ``pad_to``. The settings are fixed here, once: changing
    them while another thread encodes fails in the Rust tokenizer ("Already borrowed")."""

    def __init__(self, folder: str | Path, max_length: int, pad_to: int = 1) -> None:
        from tokenizers import Tokenizer as Rust

        path = Path(folder) / "tokenizer.json"
        try:
            self._single, self._pairs = (Rust.from_file(str(path)) for _ in range(2))
        except Exception as exc:  # noqa: BLE001 - the Rust side raises a bare Exception (bad JSON, missing file)
            raise ConfigError(f"cannot read the tokenizer {path}: {exc}") from exc
        for tokenizer in (self._single, self._pairs):  # the file's own presets (fixed 128) do not apply
            tokenizer.no_truncation()
            tokenizer.no_padding()
        self._single.enable_truncation(max_length)
        self._pairs.enable_truncation(max_length, strategy="only_second")
        self._pad_to = pad_to

    def single(self, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Ids, attention mask and token types (each of shape (1, tokens)) of ``text`` with its special tokens."""
        encoding = self._single.encode(text)
        return (np.array([encoding.ids], np.int64), np.array([encoding.attention_mask], np.int64),
                np.array([encoding.type_ids], np.int64))

    def shortened(self, text: str, limit: int) -> str:
        """``text`` cut to its first ``limit`` tokens (at most ``max_length``), decoded back to text (as it is when
        it has fewer)."""
        ids = self._single.encode(text, add_special_tokens=False).ids
        return self._single.decode(ids[:limit]) if len(ids) >= limit else text

    def pairs(self, pairs: list[tuple[str, str]]) -> PairBatch:
        """(question, sentence) pairs, each sentence cut so that its pair fits, padded together to a multiple of
        ``pad_to`` tokens. Encoded one by one: ``encode_batch`` hands a few pairs to the Rust thread pool, whose
        threads then spin on the cores the readers need (a question answered in 105 ms instead of 68)."""
        encodings = [self._pairs.encode(question, sentence) for question, sentence in pairs]
        width = max((len(e.ids) for e in encodings), default=0)
        width = -(-width // self._pad_to) * self._pad_to
        ids, mask, types = (np.zeros((len(encodings), width), np.int64) for _ in range(3))
        offsets = np.zeros((len(encodings), width, 2), np.int64)
        for row, e in enumerate(encodings):
            n = len(e.ids)
            ids[row, :n], mask[row, :n], types[row, :n] = e.ids, e.attention_mask, e.type_ids
            offsets[row, :n] = e.offsets
        return PairBatch(ids, mask, types, offsets)
