"""The tokenizers-only tokenizer gives what transformers' tokenizer of the bundled model gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from citeqa.core.config import BUNDLED_MODEL
from citeqa.core.errors import ConfigError
from citeqa.index.embedder import resolve_model_path
from citeqa.index.tokenizer import Tokenizer

FOLDER = Path(resolve_model_path(BUNDLED_MODEL))
TEXTS = [
    "Kapan Kim Jong Un bertemu dengan Vladimir Putin?",
    "Siapa yang meresmikan Bendungan Sukamaju (Rp 1,2 triliun) pada 17-08-2023?",
    "Ça coûte 5 € — naïve café, Zürich; 東京 and emoji 🙂 too.",
    "apa " * 120,
    "",
]


@pytest.fixture(scope="module")
def theirs():  # noqa: ANN201
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(FOLDER)


def test_single_texts_are_cut_and_encoded_as_transformers_does(theirs) -> None:  # noqa: ANN001
    ours = Tokenizer(FOLDER, 64)
    for text in TEXTS:
        ids, mask, types = ours.single(text)
        expected = theirs([text], return_tensors="np", truncation=True, max_length=64)
        assert ids.tolist() == expected["input_ids"].tolist()
        assert mask.tolist() == expected["attention_mask"].tolist()
        assert types.tolist() == expected["token_type_ids"].tolist()


def test_pairs_have_transformers_ids_types_offsets_and_padding(theirs) -> None:  # noqa: ANN001
    ours = Tokenizer(FOLDER, 48, pad_to=16)
    pairs = [(q, s) for q in TEXTS[:3] for s in TEXTS[1:4]]
    batch = ours.pairs(pairs)
    expected = theirs([q for q, _ in pairs], [s for _, s in pairs], truncation="only_second", max_length=48,
                      padding=True, pad_to_multiple_of=16, return_offsets_mapping=True, return_token_type_ids=True,
                      return_tensors="np")
    assert batch.ids.shape[1] % 16 == 0
    assert batch.ids.tolist() == expected["input_ids"].tolist()
    assert batch.mask.tolist() == expected["attention_mask"].tolist()
    assert batch.types.tolist() == expected["token_type_ids"].tolist()
    assert batch.offsets.tolist() == expected["offset_mapping"].tolist()


def test_a_long_question_is_shortened_as_transformers_decodes_it(theirs) -> None:  # noqa: ANN001
    ours = Tokenizer(FOLDER, 160)
    for text in TEXTS:
        ids = theirs(text, add_special_tokens=False, truncation=True, max_length=10)["input_ids"]
        expected = theirs.decode(ids) if len(ids) >= 10 else text
        assert ours.shortened(text, 10) == expected


def test_a_missing_or_damaged_tokenizer_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read the tokenizer"):
        Tokenizer(tmp_path, 64)
    (tmp_path / "tokenizer.json").write_text("{bad", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot read the tokenizer"):
        Tokenizer(tmp_path, 64)


def test_threads_encode_at_once_and_get_what_one_thread_gets() -> None:
    from concurrent.futures import ThreadPoolExecutor

    ours = Tokenizer(FOLDER, 160, pad_to=32)
    work = [(TEXTS[i % 3], TEXTS[(i + 1) % 4] * (1 + i % 5)) for i in range(64)]
    alone = [(ours.pairs([pair]).ids.tolist(), ours.single(pair[1])[0].tolist()) for pair in work]
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(lambda pair: (ours.pairs([pair]).ids.tolist(), ours.single(pair[1])[0].tolist()),
                                 work))
    assert together == alone
