"""The bundled MiniLM's transformer (a BERT encoder) in plain torch, for reading without importing transformers.

transformers builds the same network, but importing its BERT costs about 1.6 s of a cold ``citeqa ask`` (its
model code pulls in torch's compiler stack), more than reading the question takes. The module names and the
arithmetic follow transformers' ``BertModel`` (absolute positions, exact GELU, post-layer normalization, the
attention mask added before softmax), so its weights load by name, LoRA adapters trained on ``BertModel`` merge
into the same layers, and the hidden states agree with it (``tests/answer/test_bert.py`` compares the two).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import torch
from torch import nn
from torch.nn import functional

from citeqa.core.errors import ConfigError

PACK_TO = 32  # the real tokens a reading pass packs are filled up to a multiple of this many rows (``Bert.forward``)


class _Embeddings(nn.Module):
    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__()
        hidden = config["hidden_size"]
        self.word_embeddings = nn.Embedding(config["vocab_size"], hidden)
        self.position_embeddings = nn.Embedding(config["max_position_embeddings"], hidden)
        self.token_type_embeddings = nn.Embedding(config["type_vocab_size"], hidden)
        self.LayerNorm = nn.LayerNorm(hidden, eps=config["layer_norm_eps"])

    def forward(self, ids: torch.Tensor, types: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(ids.shape[1], device=ids.device)[None, :]
        summed = self.word_embeddings(ids) + self.token_type_embeddings(types) + self.position_embeddings(positions)
        return self.LayerNorm(summed)


class _SelfAttention(nn.Module):
    def __init__(self, hidden: int) -> None:
        super().__init__()
        self.query = nn.Linear(hidden, hidden)
        self.key = nn.Linear(hidden, hidden)
        self.value = nn.Linear(hidden, hidden)


class _Output(nn.Module):
    def __init__(self, width: int, hidden: int, eps: float) -> None:
        super().__init__()
        self.dense = nn.Linear(width, hidden)
        self.LayerNorm = nn.LayerNorm(hidden, eps=eps)

    def forward(self, x: torch.Tensor, residual: torch.Tensor) -> torch.Tensor:
        return self.LayerNorm(self.dense(x) + residual)


class _Attention(nn.Module):
    def __init__(self, hidden: int, eps: float) -> None:
        super().__init__()
        self.self = _SelfAttention(hidden)
        self.output = _Output(hidden, hidden, eps)


class _Intermediate(nn.Module):
    def __init__(self, hidden: int, width: int) -> None:
        super().__init__()
        self.dense = nn.Linear(hidden, width)


class _Layer(nn.Module):
    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__()
        hidden, eps = config["hidden_size"], config["layer_norm_eps"]
        self.heads = config["num_attention_heads"]
        self.attention = _Attention(hidden, eps)
        self.intermediate = _Intermediate(hidden, config["intermediate_size"])
        self.output = _Output(config["intermediate_size"], hidden, eps)

    def forward(
        self, x: torch.Tensor, real: torch.Tensor, shape: tuple[int, int], attend: torch.Tensor
    ) -> torch.Tensor:
        """One layer over the real tokens alone: the first rows of ``x`` hold the hidden states of the ``real``
        positions (indices into the flattened (batch, tokens) ``shape``), one row each, and any rows after them
        are filler (read by the linear layers, attended to by nothing). Only attention needs the padded layout
        (``attend`` masks the padding); every linear layer reads the real tokens only, so a batch padded to its
        longest sentence costs no more than its tokens, and a token's state is what it would be unpadded."""
        (batch, tokens), hidden, count = shape, x.shape[1], len(real)
        attention = self.attention.self

        def split(t: torch.Tensor) -> torch.Tensor:
            padded = t.new_zeros(batch * tokens, hidden).index_copy_(0, real, t[:count])
            return padded.view(batch, tokens, self.heads, hidden // self.heads).transpose(1, 2)

        mixed = functional.scaled_dot_product_attention(
            split(attention.query(x)), split(attention.key(x)), split(attention.value(x)), attn_mask=attend)
        mixed = mixed.transpose(1, 2).reshape(batch * tokens, hidden).index_select(0, real)
        mixed = torch.cat([mixed, mixed.new_zeros(x.shape[0] - count, hidden)])  # the rows past the real tokens
        x = self.attention.output(mixed, x)
        return self.output(functional.gelu(self.intermediate.dense(x)), x)


class _Encoder(nn.Module):
    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__()
        self.layer = nn.ModuleList(_Layer(config) for _ in range(config["num_hidden_layers"]))


class Bert(nn.Module):
    """A BERT encoder: token ids, attention mask and token types in, the last layer's hidden states out."""

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__()
        self.config = config
        self.embeddings = _Embeddings(config)
        self.encoder = _Encoder(config)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor, types: torch.Tensor) -> torch.Tensor:
        """Hidden states of shape (batch, tokens, hidden); padding (``mask`` 0) is not attended to, and its states
        are zeros (its tokens are left out of every linear layer, ``_Layer.forward``)."""
        x = self.embeddings(ids, types)
        attend = (mask != 0)[:, None, None, :]  # every query attends to the real tokens only
        batch, tokens, hidden = x.shape
        real = (mask.reshape(-1) != 0).nonzero().squeeze(1)
        # the real tokens, and rows of zeros up to a multiple of PACK_TO: the CPU kernels keep a cache for every
        # shape they see, and a server reading a new number of tokens each time grew by 270 MB in 300 questions
        rows = -(-len(real) // PACK_TO) * PACK_TO
        flat = x.reshape(batch * tokens, hidden).index_select(0, real)
        flat = torch.cat([flat, flat.new_zeros(rows - len(real), hidden)])
        for layer in self.encoder.layer:
            flat = layer(flat, real, (batch, tokens), attend)
        return flat.new_zeros(batch * tokens, hidden).index_copy_(0, real, flat[:len(real)]).view(batch, tokens, hidden)

    @classmethod
    def load(cls, folder: Path) -> Bert:
        """The encoder of the BERT model saved in ``folder`` (``config.json`` and ``model.safetensors``); raises
        ``ConfigError`` when it is not one this module builds, or its weights do not fit."""
        from safetensors import SafetensorError
        from safetensors.torch import load_file

        try:
            config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
            weights = load_file(str(folder / "model.safetensors"))
        except (OSError, ValueError, SafetensorError) as exc:
            raise ConfigError(f"cannot read the reader's base model in {folder}: {exc}") from exc
        kind = (config.get("model_type"), config.get("hidden_act"), config.get("position_embedding_type", "absolute"))
        if kind != ("bert", "gelu", "absolute"):
            raise ConfigError(f"the reader's base model in {folder} is {kind}, not a BERT with GELU and absolute "
                              "positions")
        model = cls(config)
        wanted = set(model.state_dict())
        try:
            model.load_state_dict({k: v for k, v in weights.items() if k in wanted}, strict=True)
        except RuntimeError as exc:
            raise ConfigError(f"the reader's base model in {folder} does not fit a BERT encoder: {exc}") from exc
        return model.eval()
