from __future__ import annotations

import json
from pathlib import Path

from citeqa.eval.facqa import convert, gold_spans

ROW = ('"[\'Siapa\', \'presiden\', \'?\']","[\'Presiden\', \'Joko\', \'Widodo\', \'datang\', \'.\']",'
       '"[\'O\', \'B\', \'I\', \'O\', \'O\']"\n')


def test_gold_spans_follow_bio_tags() -> None:
    assert gold_spans(["a", "b", "c", "d"], ["B", "I", "O", "B"]) == ["a b", "d"]


def test_convert_writes_documents_and_questions(tmp_path: Path) -> None:
    data = tmp_path / "facqa"
    data.mkdir()
    for split in ("train", "valid"):
        (data / f"{split}.csv").write_text("question,passage,seq_label\n" + ROW, encoding="utf-8")
    docs, questions = convert(data, tmp_path / "out")
    assert (docs, questions) == (1, 1)
    item = json.loads((tmp_path / "out" / "valid.jsonl").read_text())
    assert item["answers"] == ["Joko Widodo"]
    assert (tmp_path / "out" / "corpus" / item["source"]).read_text().startswith("Presiden Joko Widodo")


def test_passages_differing_only_in_spacing_are_one_document(tmp_path: Path) -> None:
    data = tmp_path / "facqa"
    data.mkdir()
    spaced = ROW.replace("\\'Widodo\\', \\'datang\\'", "\\'Widodo\\', \\'datang\\', \\'?\\'")
    (data / "train.csv").write_text("question,passage,seq_label\n" + ROW, encoding="utf-8")
    labels = spaced.replace("\\'O\\', \\'O\\']", "\\'O\\', \\'O\\', \\'O\\']")
    (data / "valid.csv").write_text("question,passage,seq_label\n" + labels, encoding="utf-8")
    docs, questions = convert(data, tmp_path / "out")
    assert (docs, questions) == (1, 1)
    item = json.loads((tmp_path / "out" / "valid.jsonl").read_text())
    assert (tmp_path / "out" / "corpus" / item["source"]).exists()
