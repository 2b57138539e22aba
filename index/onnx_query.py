"""Questions encoded with ONNX Runtime: the embedder's transformer, mean pooling and normalization exported to ONNX
once, int8-quantized (dynamic, per output channel) and cached on disk.

A question is short, so torch spends most of an encode dispatching operators: about 18 ms on one thread against
about 3 ms here. Passages are still encoded by torch in float32 (ingest encodes big batches, where torch is fast and
the index keeps full precision); a question vector agrees with torch's to a cosine of about 0.99, and passage hit@1
after reranking was unchanged on the TyDi-id and SQuAD-en dev sides (README, "Latency").
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from citeqa.core.errors import ConfigError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)
shown = logging.getLogger("citeqa.progress")  # one-time work the CLI shows at its default verbosity (ingest.progress)
Tokenize = Callable[[str], tuple[np.ndarray, np.ndarray, np.ndarray]]  # text -> ids, mask, token types (1, tokens)
DIGESTS = "digests.json"
EXPORT_VERSION = 1  # bump when the exported graph changes: cached files are then exported again


def exportable(model: SentenceTransformer) -> bool:
    """Whether ``model`` is a transformer with mean pooling and normalization, the pipeline the export rebuilds."""
    modules = [type(m).__name__ for m in model]
    if modules != ["Transformer", "Pooling", "Normalize"]:
        return False
    pooling = model[1]
    return getattr(pooling, "pooling_mode", None) == "mean" or bool(getattr(pooling, "pooling_mode_mean_tokens", False))


def cache_file(cache_dir: Path, model: SentenceTransformer) -> Path:
    """Where the int8 export of ``model`` is cached: named by a digest of its weights (adapter included; about
    0.2 s), the export version and the ONNX Runtime version, so that any change to the model makes a new export."""
    import onnxruntime

    digest = hashlib.blake2b(f"{EXPORT_VERSION}|{onnxruntime.__version__}".encode(), digest_size=16)
    for key, tensor in model.state_dict().items():
        digest.update(key.encode())
        digest.update(tensor.detach().cpu().contiguous().numpy().tobytes())
    return cache_dir / f"query-encoder-{digest.hexdigest()}.int8.onnx"


def folder_cache_file(cache_dir: Path, folder: str, adapter: Path | None) -> Path:
    """Where the int8 export of the model in ``folder`` (with ``adapter``) is cached, named by a digest of the
    folder's files and the adapter's bytes, found without torch: so that a new process finds the export before, or
    instead of, loading the model. Reading the files takes about 0.2 s; the digest is remembered in
    ``cache_dir/digests.json`` by the files' paths, sizes and modification times, and read from there while they
    stay the same."""
    import onnxruntime

    root = Path(folder)
    files = sorted(p for p in root.rglob("*") if p.is_file())
    stamp = hashlib.blake2b(f"{EXPORT_VERSION}|{onnxruntime.__version__}|{root.resolve()}".encode(), digest_size=16)
    for file in [*files, adapter] if adapter is not None else files:
        info = file.stat()
        stamp.update(f"|{file.resolve()}|{info.st_size}|{info.st_mtime_ns}".encode())
    memo = _read_digests(cache_dir)
    found = memo.get(stamp.hexdigest())
    if found is None:
        digest = hashlib.blake2b(f"{EXPORT_VERSION}|{onnxruntime.__version__}|files".encode(), digest_size=16)
        for file in files:
            digest.update(str(file.relative_to(root)).encode())
            digest.update(file.read_bytes())
        digest.update(adapter.read_bytes() if adapter is not None else b"no adapter")
        found = digest.hexdigest()
        _write_digests(cache_dir, {**memo, stamp.hexdigest(): found})
    return cache_dir / f"query-encoder-{found}.int8.onnx"


def _read_digests(cache_dir: Path) -> dict[str, str]:
    """The remembered folder digests (none when the file is missing or unreadable)."""
    try:
        memo = json.loads((cache_dir / DIGESTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in memo.items()} if isinstance(memo, dict) else {}


def _write_digests(cache_dir: Path, memo: dict[str, str]) -> None:
    """Remember the folder digests (the latest 16) where the cache is writable; elsewhere they are computed anew."""
    if not cache_dir.is_dir():
        return
    try:
        with tempfile.NamedTemporaryFile("w", dir=cache_dir, prefix=".digests-", delete=False) as tmp:
            json.dump(dict(list(memo.items())[-16:]), tmp)
        os.replace(tmp.name, cache_dir / DIGESTS)
    except OSError as exc:
        log.debug("cannot remember the model folder's digest in %s: %s", cache_dir, exc)


def _max_length(folder: str) -> int:
    """The model's ``max_seq_length`` as sentence-transformers configures it (256 when not given)."""
    try:
        config = json.loads((Path(folder) / "sentence_bert_config.json").read_text(encoding="utf-8"))
        return int(config.get("max_seq_length") or 256)
    except (OSError, ValueError, TypeError):
        return 256


def _pooled(bert: Any) -> Any:
    """``bert`` with mean pooling over real tokens and L2 normalization, as one torch module to export."""
    import torch

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, ids: Any, mask: Any, types: Any) -> Any:
            hidden = self.bert(input_ids=ids, attention_mask=mask, token_type_ids=types).last_hidden_state
            weights = mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, dim=-1)

    return Pooled().eval()


def export(model: SentenceTransformer, path: Path) -> None:
    """Export ``model`` to ONNX, quantize it to int8 and write it to ``path`` atomically (a concurrent export of the
    same model writes the same file; the last rename wins)."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    path.parent.mkdir(parents=True, exist_ok=True)
    sample = model.tokenizer(["Kapan Kim Jong Un bertemu Putin?"], return_tensors="pt")
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".export-") as tmp:
        plain, quantized = Path(tmp) / "fp32.onnx", Path(tmp) / "int8.onnx"
        axes = {"ids": {0: "batch", 1: "tokens"}, "mask": {0: "batch", 1: "tokens"},
                "types": {0: "batch", 1: "tokens"}, "vector": {0: "batch"}}
        # the tracer warns that the mask's shape checks become constants: the graph is only ever run on one
        # unpadded question at a time (``encode``), which is what it was traced on
        with torch.inference_mode(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(_pooled(model[0].auto_model), (sample["input_ids"], sample["attention_mask"],
                              sample["token_type_ids"]), str(plain), input_names=["ids", "mask", "types"],
                              output_names=["vector"], dynamic_axes=axes, opset_version=17, dynamo=False)
        quiet = _QuietQuantizer()
        logging.getLogger().addFilter(quiet)  # the quantizer talks on the root logger: a line per tensor
        try:
            quantize_dynamic(str(plain), str(quantized), weight_type=QuantType.QInt8, per_channel=True)
        finally:
            logging.getLogger().removeFilter(quiet)
        os.replace(quantized, path)


class _QuietQuantizer(logging.Filter):
    """Drops the quantizer's progress (a line per tensor) and its advice to run a shape pre-processing step first
    (meant for static quantization; the dynamic int8 export here was measured without it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING and "pre-processing before quantization" not in record.getMessage()


def hf_tokenize(tokenizer: Any, max_length: int) -> Tokenize:
    """A transformers tokenizer as a ``Tokenize``: one text, cut to ``max_length`` tokens."""

    def tokenize(text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        batch = tokenizer([text], return_tensors="np", truncation=True, max_length=max_length)
        return batch["input_ids"], batch["attention_mask"], batch["token_type_ids"]

    return tokenize


def folder_tokenize(folder: str) -> Tokenize:
    """The tokenizer of the model in ``folder``, cut to its ``max_seq_length``: read with ``tokenizers`` alone
    when the folder has a ``tokenizer.json`` (a cold ``citeqa ask`` then never imports transformers), else
    transformers' (the same tokens: ``tests/index/test_tokenizer.py``)."""
    from citeqa.index.tokenizer import Tokenizer

    if (Path(folder) / "tokenizer.json").is_file():
        return Tokenizer(folder, _max_length(folder)).single
    from transformers import AutoTokenizer

    return hf_tokenize(AutoTokenizer.from_pretrained(folder), _max_length(folder))


class OnnxQueryEncoder:
    """Encodes questions with an int8 ONNX export of the embedder, on one thread."""

    def __init__(self, path: Path, tokenize: Tokenize) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # one thread per request, as for torch (citeqa.core.threads)
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.tokenize = tokenize
        self.path = path
        width = self.session.get_outputs()[0].shape[-1]
        self.dimension = int(width) if isinstance(width, int) else 0

    @classmethod
    def cached(cls, path: Path, folder: str) -> OnnxQueryEncoder | None:
        """The export at ``path`` (``folder_cache_file``) with the tokenizer of the model in ``folder``, read
        without torch; ``None`` when there is none yet, or it is damaged (then ``prepare`` says so and exports it
        again)."""
        from onnxruntime.capi.onnxruntime_pybind11_state import Fail, InvalidGraph, InvalidProtobuf

        if not path.is_file():
            return None
        try:
            return cls(path, folder_tokenize(folder))
        except (Fail, InvalidGraph, InvalidProtobuf, OSError, ConfigError):
            return None

    @classmethod
    def prepare(
        cls, model: SentenceTransformer, name: str, cache_dir: Path, path: Path | None = None
    ) -> OnnxQueryEncoder:
        """The encoder for ``model``, exported into ``cache_dir`` (at ``path``; by default named by its weights,
        ``cache_file``) first unless a readable export is there (a damaged one is exported again). Raises
        ``ConfigError`` when the export cannot be made or written."""
        from onnxruntime.capi.onnxruntime_pybind11_state import Fail, InvalidGraph, InvalidProtobuf

        if not exportable(model):
            raise ConfigError(f"model {name!r} is not a mean-pooled, normalized transformer; the ONNX query encoder "
                              "cannot rebuild it (set CITEQA_QUERY_ENCODER=torch)")
        path = path or cache_file(cache_dir, model)
        tokenize = hf_tokenize(model.tokenizer, int(getattr(model, "max_seq_length", None) or 256))
        if path.is_file():
            try:
                return cls(path, tokenize)
            except (Fail, InvalidGraph, InvalidProtobuf) as exc:
                log.warning("the cached query encoder %s is damaged (%s); exporting it again", path, exc)
        shown.info("exporting the query encoder of %s to ONNX int8 at %s (once, a few seconds)", name, path)
        try:
            export(model, path)
        except OSError as exc:
            raise ConfigError(f"cannot write the ONNX query encoder to {path.parent}: {exc} "
                              "(set CITEQA_DATA_DIR to a writable folder, or CITEQA_QUERY_ENCODER=torch)") from exc
        return cls(path, tokenize)

    def encode(self, texts: list[str]) -> np.ndarray:
        """L2-normalized float32 vectors of ``texts``, each encoded alone: int8 quantization scales activations by
        their range in the batch, so a question's vector would otherwise depend on the questions beside it."""
        return np.vstack([self._encode_one(text) for text in texts]) if texts else np.zeros((0, 0), np.float32)

    def _encode_one(self, text: str) -> np.ndarray:
        ids, mask, types = self.tokenize(text)
        feed = {"ids": ids.astype(np.int64), "mask": mask.astype(np.int64), "types": types.astype(np.int64)}
        return np.asarray(self.session.run(None, feed)[0], dtype=np.float32)
