from __future__ import annotations

import json
from pathlib import Path

from citeqa.eval import redact
from citeqa.eval.items import EvalItem, load_set

TEXT = "Rapat dibuka pukul sembilan. Ketua rapat adalah Siti Aminah. Anggaran naik lima persen. Rapat ditutup siang."


def _bounds(text: str) -> list[tuple[int, int]]:
    found, at = [], 0
    for sentence in text.split(". "):
        found.append((at, at + len(sentence) + 1))
        at += len(sentence) + 2
    return found


def test_redacted_cuts_every_sentence_holding_the_answer_and_keeps_the_rest() -> None:
    left = redact.redacted(TEXT, _bounds(TEXT), ("Siti Aminah",))
    assert left is not None
    assert "Siti Aminah" not in left and "Ketua" not in left
    assert "Anggaran naik lima persen." in left and left.startswith("Rapat dibuka pukul sembilan.")


def test_redacted_refuses_an_answer_it_cannot_cut_or_a_document_left_empty() -> None:
    assert redact.redacted(TEXT, _bounds(TEXT), ("Bandung",)) is None  # not in the text: nothing to cut
    assert redact.redacted(TEXT, [(0, 10)], ("Siti Aminah",)) is None  # outside every sentence: still there
    assert redact.redacted("Siti Aminah memimpin.", [(0, 21)], ("Siti Aminah",)) is None  # nothing left


def test_choose_takes_one_answerable_question_per_document() -> None:
    items = [EvalItem(f"q{i}", "Siapa?", ("X",), None, f"doc{i % 3}.txt", True) for i in range(9)]
    items.append(EvalItem("u", "Siapa?", (), None, "doc9.txt", False))
    chosen = redact.choose(items, seed=0)
    assert sorted(item.source for item in chosen) == ["doc0.txt", "doc1.txt", "doc2.txt"]


def test_redact_writes_the_corpus_without_the_answers_and_the_questions_as_unanswerable(
    assistant, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    source = assistant.store.sources()[0]
    text = assistant.store.document(source).text
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / source).write_text(text, encoding="utf-8")
    questions = tmp_path / "set.jsonl"
    questions.write_text(json.dumps({"question": "Siapa pakar Korea yang dikutip?", "answers": ["Sue Mi Terry"],
                                     "source": source}) + "\n", encoding="utf-8")
    out = tmp_path / "redacted"
    assert redact.main(["--set", str(questions), "--index", str(assistant.settings.resolved_index_dir()),
                        "--corpus", str(corpus), "--out", str(out)]) == 0
    left = (out / source).read_text(encoding="utf-8")
    assert "Sue Mi Terry" not in left and "Sue Mi Terry" in text
    assert len(left) > len(text) / 2  # the rest of the article is still there
    [item] = load_set(tmp_path / "redacted-unanswerable.jsonl")
    assert not item.answerable and item.source == source and item.question.startswith("Siapa pakar")
