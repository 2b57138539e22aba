from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from junitparser import JUnitXml

from citeqa.answer.assistant import Assistant
from citeqa.core.errors import ConfigError
from citeqa.eval.verify import AnswerLine, Corpus, check, load_answers, normalize

DOC = "Rusia akan membantu Korea Utara meluncurkan “satelit pengintai” — setelah dua upaya gagal.\nIni baru."


def _check(answer: str | None, *quotes: object) -> dict[str, object]:
    line = AnswerLine.model_validate({"id": "x", "answer": answer, "quotes": list(quotes)})
    return check(line, Corpus({"a.txt": DOC, "b.txt": "Dokumen lain."}))


def test_normalized_offsets_point_into_the_original() -> None:
    text, where = normalize("a \n  “b”")
    assert text == 'a "b"' and [("a \n  “b”")[i] for i in where] == ["a", " ", "“", "b", "”"]


def test_a_verbatim_quote_is_found_where_it_is() -> None:
    report = _check("satelit pengintai", "membantu Korea Utara meluncurkan “satelit pengintai”")
    quote = report["quotes"][0]  # type: ignore[index]
    assert report["faithful"] and quote["match"] == "exact"
    place = quote["places"][0]
    assert DOC[place["start"]:place["end"]] == "membantu Korea Utara meluncurkan “satelit pengintai”"


def test_whitespace_and_quote_marks_are_normalized_and_mapped_back() -> None:
    report = _check("satelit pengintai", 'Korea  Utara\nmeluncurkan "satelit pengintai"')
    quote = report["quotes"][0]  # type: ignore[index]
    assert report["faithful"] and quote["match"] == "normalized"
    place = quote["places"][0]
    assert DOC[place["start"]:place["end"]] == "Korea Utara meluncurkan “satelit pengintai”"


def test_an_altered_word_another_document_or_an_answer_outside_the_quotes_is_unfaithful() -> None:
    assert not _check(None, "Rusia akan membantu Korea Selatan")["faithful"]
    assert _check(None, "Dokumen lain.")["faithful"]  # any indexed document counts
    assert not _check(None, "Dokumen yang tidak ada.")["faithful"]
    outside = _check("tiga upaya", "setelah dua upaya gagal")
    assert outside["quotes_found"] and not outside["answer_in_quote"] and not outside["faithful"]


def test_quotes_by_location() -> None:
    assert _check("Ini baru", {"source": "a.txt", "start": DOC.index("Ini"), "end": len(DOC)})["faithful"]
    wrong_text = {"source": "a.txt", "start": 0, "end": 5, "text": "Korea"}
    assert not _check(None, wrong_text)["faithful"]
    assert not _check(None, {"source": "c.txt", "start": 0, "end": 5})["faithful"]
    assert not _check(None, {"source": "a.txt", "start": 0, "end": 10_000})["faithful"]


def test_bad_lines_are_errors_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "answers.jsonl"
    path.write_text('{"id": 1, "answer": "a", "quotes": ["a"]}\n{"id": 2, "answer": "a", "quote": ["a"]}\n')
    with pytest.raises(ConfigError, match=r"answers.jsonl:2: .*quote: Extra inputs"):
        load_answers(path)
    path.write_text('{"id": 1, "quotes": [{"source": "a", "start": 5, "end": 2}]}\n')
    with pytest.raises(ConfigError, match=r"answers.jsonl:1: .*end \(2\) must be after start \(5\)"):
        load_answers(path)


@pytest.mark.slow
def test_verify_in_a_real_process(assistant: Assistant, article_text: str, tmp_path: Path) -> None:
    index = assistant.settings.resolved_index_dir()
    sentence = next(s for s in article_text.split("\n") if len(s) > 200)
    words = sentence.split()
    rows = [
        {"id": "verbatim", "question": "?", "answer": " ".join(words[2:4]), "quotes": [sentence[:150]]},
        {"id": "spaces", "question": "?", "answer": None, "quotes": ["\n ".join(words[:12])]},
        {"id": "altered", "question": "?", "answer": None, "quotes": [" ".join(words[:5] + ["XYZ"] + words[6:12])]},
        {"id": "elsewhere", "question": "?", "answer": None, "quotes": ["Ibu kota Jawa Barat adalah Bandung."]},
    ]
    answers = tmp_path / "answers.jsonl"
    answers.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    out, report = tmp_path / "verify.json", tmp_path / "verify.xml"
    done = subprocess.run([sys.executable, "-m", "citeqa.api.cli", "verify", str(answers), "--index", str(index),
                           "--output", str(out), "--junit", str(report)], capture_output=True, text=True,
                          env=dict(os.environ), timeout=120, check=False)
    assert done.returncode == 1, done.stderr  # two unfaithful answers
    faithful = {r["id"]: r["faithful"] for r in json.loads(out.read_text(encoding="utf-8"))}
    assert faithful == {"verbatim": True, "spaces": True, "altered": False, "elsewhere": False}
    cases = {c.name.split(":")[0]: c.is_passed for suite in JUnitXml.fromfile(str(report)) for c in suite}
    assert cases == faithful
