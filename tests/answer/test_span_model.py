from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citeqa.answer.span_model import MAX_ANSWER_TOKENS, PAD_TO, SpanModel, best_span, widen
from citeqa.core.errors import ConfigError


def test_best_span_keeps_start_before_end_inside_the_context() -> None:
    starts = [9.0, 0.0, 5.0, 1.0, 0.0]
    ends = [9.0, 0.0, 0.0, 1.0, 4.0]
    assert best_span(starts, ends, [1, 2, 3, 4]) == (2, 4, 9.0)  # the first token (9, 9) is not context
    assert best_span([0.0, 0.0, 3.0], [0.0, 5.0, 0.0], [1, 2]) == (1, 1, 5.0)  # an end never precedes its start


def test_best_span_is_at_most_the_longest_answer() -> None:
    n = MAX_ANSWER_TOKENS + 10
    starts = [5.0] + [0.0] * (n - 1)
    ends = [0.0] * (n - 1) + [5.0]
    i, j, _ = best_span(starts, ends, list(range(n)))
    assert j - i < MAX_ANSWER_TOKENS


def test_widen_takes_whole_words_within_the_sentence() -> None:
    text = "xx Soekarno-Hatta tiba. yy"
    assert text[slice(*widen(text, 5, 9, 3, 23))] == "Soekarno"
    assert widen(text, 3, 5, 3, 6) == (3, 6)  # never beyond the sentence


@pytest.fixture(scope="module")
def reader() -> SpanModel:
    return SpanModel.shared()


SENTENCE = "Pada 17 Agustus 1945, Soekarno dan Hatta memproklamasikan kemerdekaan Indonesia di Jakarta."


def test_the_shipped_reader_marks_a_name_and_a_date(reader: SpanModel) -> None:
    text = "Judul. " + SENTENCE
    who = reader.read("Siapa yang memproklamasikan kemerdekaan Indonesia?", text, 7, len(text))
    when = reader.read("When was Indonesian independence proclaimed?", text, 7, len(text))
    assert who is not None and when is not None
    assert "Soekarno" in text[who.start:who.end]
    assert "1945" in text[when.start:when.end]


@settings(max_examples=25, deadline=None)
@given(question=st.text(min_size=1, max_size=60), sentence=st.text(min_size=1, max_size=120),
       prefix=st.text(max_size=10))
def test_an_answer_is_always_inside_its_sentence(reader: SpanModel, question: str, sentence: str, prefix: str) -> None:
    text = prefix + sentence + " tail"
    guess = reader.read(question, text, len(prefix), len(prefix) + len(sentence))
    if guess is not None:
        assert len(prefix) <= guess.start < guess.end <= len(prefix) + len(sentence)


def test_damaged_weights_are_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "span.safetensors"
    bad.write_bytes(b"not a safetensors file")
    with pytest.raises(ConfigError, match="span reader"):
        SpanModel.load(bad)


def test_weights_for_another_model_are_refused(tmp_path: Path) -> None:
    import torch
    from safetensors.torch import save_file

    odd = tmp_path / "odd.safetensors"
    save_file({"encoder.layer.0.attention.self.query.lora_A.weight": torch.zeros(4, 100),
               "encoder.layer.0.attention.self.query.lora_B.weight": torch.zeros(384, 4),
               "head.weight": torch.zeros(2, 384), "head.bias": torch.zeros(2)}, str(odd))
    with pytest.raises(ConfigError, match="does not fit"):
        SpanModel.load(odd)


def test_span_scores_come_from_the_tokens_at_a_spans_edges(reader: SpanModel) -> None:
    import numpy as np

    text = "Judul. " + SENTENCE
    marks = reader.marks("Siapa yang memproklamasikan kemerdekaan?", [(text, 7, len(text))])[0]
    assert marks is not None
    at = text.index("Soekarno")
    word = np.searchsorted(marks.token_starts, at)
    last = np.searchsorted(marks.token_ends, at + len("Soekarno dan Hatta"))
    scores = marks.score_spans(np.array([at, at + 1, 0]), np.array([at + len("Soekarno dan Hatta"), at + 4, 5]))
    assert scores[0] == marks.start_logits[word] + marks.end_logits[last]
    assert np.isfinite(scores[1])  # inside a word: the tokens holding its first and last characters
    assert scores[2] == -np.inf  # outside the sentence
    best = marks.best
    assert best.margin == best.score - marks.null_score


def test_a_batch_is_padded_to_a_few_lengths_and_padding_changes_no_mark(reader: SpanModel, monkeypatch) -> None:
    seen: list[int] = []
    model = reader.model

    class Recording:
        def __call__(self, ids, mask, types):  # noqa: ANN001, ANN204
            seen.append(int(ids.shape[1]))
            return model(ids, mask, types)

    text = "Judul. " + SENTENCE
    alone = reader.marks("Siapa yang memproklamasikan kemerdekaan?", [(text, 7, len(text))])[0]
    monkeypatch.setattr(reader, "model", Recording())
    padded = reader.marks("Siapa yang memproklamasikan kemerdekaan?", [(text, 7, len(text)), (text, 0, 6)])[0]
    assert seen and all(n % PAD_TO == 0 for n in seen)
    assert alone is not None and padded is not None
    assert (alone.best.start, alone.best.end) == (padded.best.start, padded.best.end)
