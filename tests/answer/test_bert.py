"""The reader's plain-torch BERT against transformers' BertModel on the bundled model's weights."""

from __future__ import annotations

from pathlib import Path

import pytest

from citeqa.answer.bert import PACK_TO, Bert
from citeqa.core.config import BUNDLED_MODEL
from citeqa.core.errors import ConfigError
from citeqa.index.embedder import resolve_model_path


def test_hidden_states_equal_transformers_bert_with_padding() -> None:
    import torch
    from transformers import AutoModel

    folder = Path(resolve_model_path(BUNDLED_MODEL))
    ours, theirs = Bert.load(folder), AutoModel.from_pretrained(folder).eval()
    generator = torch.Generator().manual_seed(0)
    ids = torch.randint(1000, 20000, (3, 40), generator=generator)
    mask = torch.ones(3, 40, dtype=torch.long)
    mask[1, 25:] = 0
    mask[2, 7:] = 0
    types = torch.zeros(3, 40, dtype=torch.long)
    types[:, 12:] = 1
    with torch.inference_mode():
        expected = theirs(input_ids=ids, attention_mask=mask, token_type_ids=types).last_hidden_state
        got = ours(ids, mask, types)
    real = mask.bool()
    assert torch.allclose(got[real], expected[real], atol=1e-5)
    assert not torch.allclose(got[0], ours(ids[:1], mask[:1], torch.zeros_like(types[:1]))[0], atol=1e-3)  # types count


def test_a_folder_without_a_bert_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text('{"model_type": "gpt2", "hidden_act": "gelu"}', encoding="utf-8")
    (tmp_path / "model.safetensors").write_bytes(b"")
    with pytest.raises(ConfigError, match="reader's base model"):
        Bert.load(tmp_path)


def test_padding_is_left_out_and_a_padded_sentence_reads_as_it_does_alone() -> None:
    import torch

    model = Bert.load(Path(resolve_model_path(BUNDLED_MODEL)))
    ids = torch.randint(1000, 20000, (2, 24), generator=torch.Generator().manual_seed(1))
    mask = torch.ones(2, 24, dtype=torch.long)
    mask[1, 9:] = 0
    types = torch.zeros(2, 24, dtype=torch.long)
    with torch.inference_mode():
        packed = model(ids, mask, types)  # the real tokens alone through the linear layers
        alone = model(ids[1:, :9], mask[1:, :9], types[1:, :9])[0]  # the second sentence without its padding
    real = mask.bool()
    assert torch.allclose(packed[1][real[1]], alone, atol=1e-5)
    assert not packed[~real].any()


def test_the_linear_layers_read_a_few_shapes_only() -> None:
    # the CPU kernels keep a cache per shape: 33 real tokens are read as 64 rows, 9 as 32
    import torch

    model = Bert.load(Path(resolve_model_path(BUNDLED_MODEL)))
    seen: list[int] = []
    dense = model.encoder.layer[0].intermediate.dense
    dense.register_forward_hook(lambda _m, args, _out: seen.append(args[0].shape[0]))
    for count in (33, 9):
        ids = torch.randint(1000, 20000, (2, 32), generator=torch.Generator().manual_seed(count))
        mask = torch.zeros(2, 32, dtype=torch.long)
        mask.view(-1)[:count] = 1
        with torch.inference_mode():
            model(ids, mask, torch.zeros_like(ids))
    assert seen == [64, 32] and all(rows % PACK_TO == 0 for rows in seen)
