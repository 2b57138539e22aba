from __future__ import annotations

import csv
import json
from pathlib import Path

from citeqa.eval import metrics as m
from citeqa.eval.benchsets import facqa, squad, tydi, write
from citeqa.eval.strawman import Strawman, sentences


def test_cited_right_needs_the_citation_to_overlap_a_gold_occurrence() -> None:
    doc = "Ani lahir di Bandung. Budi lahir di Bandung juga."
    assert m.cited_right(doc, 0, 21, ["Bandung"]) == 1.0
    assert m.cited_right(doc, 22, 49, ["Bandung"]) == 1.0  # the second occurrence
    assert m.cited_right(doc, 0, 12, ["Bandung"]) == 0.0  # ends before the answer
    assert m.cited_right(None, 0, 21, ["Bandung"]) == 0.0  # cited another document
    assert m.cited_right(doc, 0, 21, ["Jakarta"]) == 0.0


def test_sentences_are_stripped_offsets() -> None:
    text = "Satu dua.  Tiga empat?\nLima"
    assert [text[s:e] for s, e in sentences(text)] == ["Satu dua.", "Tiga empat?", "Lima"]


def test_strawman_cites_the_best_overlap_sentence_of_the_best_document() -> None:
    docs = {"a.txt": "Kucing tidur. Anjing menggonggong keras di halaman.", "b.txt": "Burung terbang tinggi."}
    answer = Strawman(docs).ask("Apa yang menggonggong di halaman?")
    citation = answer.citations[0]
    assert citation.source == "a.txt" and answer.text == "Anjing menggonggong keras di halaman."
    assert docs["a.txt"][citation.start:citation.end] == citation.text == answer.text


def _facqa_row(question: list[str], passage: list[str], labels: list[str]) -> list[str]:
    return [repr(question), repr(passage), repr(labels)]


def test_facqa_is_split_by_passage_never_by_question(tmp_path: Path) -> None:
    for split in ("train", "valid"):
        with (tmp_path / f"{split}.csv").open("w", newline="", encoding="utf-8") as handle:
            out = csv.writer(handle)
            out.writerow(["question", "passage", "seq_label"])
            for i in range(40):  # two questions per passage, one in each split
                passage = [f"Tokoh{i}", "datang", "ke", f"Kota{i}", "."]
                out.writerow(_facqa_row(["Siapa", "datang", "?"], passage, ["B", "O", "O", "O", "O"]))
    splits = facqa(tmp_path, dev_share=0.5)
    assert splits["dev"].items and splits["train"].items
    for side in ("train", "dev"):
        assert all(item["source"] in splits[side].documents for item in splits[side].items)
    assert not set(splits["train"].documents) & set(splits["dev"].documents)


def test_tydi_and_squad_keep_their_gold_documents(tmp_path: Path) -> None:
    paragraph = {"context": "Jakarta adalah ibu kota.", "qas": [
        {"id": "q1", "question": "Apa  ibu kota?", "is_impossible": False,
         "answers": [{"text": "Jakarta", "answer_start": 0}]}]}
    (tmp_path / "train.json").write_text(json.dumps([paragraph]))
    (tmp_path / "valid.json").write_text(json.dumps([{**paragraph, "context": "Bogor adalah kota hujan."}]))
    splits = tydi(tmp_path)
    item = splits["train"].items[0]
    assert item["question"] == "Apa ibu kota?" and splits["train"].documents[item["source"]].startswith("Jakarta")
    articles = {"data": [{"title": t, "paragraphs": [{"context": f"{t} is old.", "qas": [
        {"id": t, "question": f"What is {t}?", "answers": [{"text": "old", "answer_start": len(t) + 4}]}]}]}
        for t in ("A", "B", "C")]}
    (tmp_path / "squad.json").write_text(json.dumps(articles))
    by_article = squad(tmp_path / "squad.json")
    assert [i["id"] for i in by_article["dev"].items] == ["B"]
    assert {i["id"] for i in by_article["train"].items} == {"A", "C"}
    counts = write(tmp_path / "out", "squad", by_article)
    assert counts == {"train": (2, 2), "dev": (1, 1)}
    assert (tmp_path / "out" / "squad-dev.jsonl").read_text().count("\n") == 1


def test_training_parts_split_by_document_and_cover_everything() -> None:
    from citeqa.eval.training import in_parts

    sources = [f"doc-{i}.txt" for i in range(200)]
    parts = [{s for s in sources if in_parts(s, f"{k}/4")} for k in range(4)]
    assert sum(len(p) for p in parts) == 200 and all(parts)
    assert parts[0] | parts[1] == {s for s in sources if in_parts(s, "0,1/4")}
