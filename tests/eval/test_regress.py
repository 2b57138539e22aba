from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from junitparser import Failure, JUnitXml

from citeqa.core.errors import ConfigError
from citeqa.eval import regress
from citeqa.eval.items import EvalItem, load_set
from citeqa.eval.runner import Prediction

CITEQA = [sys.executable, "-m", "citeqa.api.cli"]


def _prediction(item_id: str, answer: str | None, answers: tuple[str, ...] = ("Bandung",),
                faithful: bool = True) -> Prediction:
    item = EvalItem(item_id, f"pertanyaan {item_id}?", answers, None, "kota.md", bool(answers))
    at = ("kota.md", "p1", 0, 20) if answer else None
    return Prediction(item, answer, 0.5, 1, faithful, 10.0, "Ibu kota adalah Bandung." if answer else None,
                      1.0 if answer in answers else 0.0, {"support": 0.9}, (15, 22) if answer else None, at)


def test_the_diff_names_each_question_that_regressed_improved_or_moved() -> None:
    base = regress.records([_prediction("q1", "Bandung"), _prediction("q2", "Surabaya"), _prediction("q3", None, ()),
                            _prediction("q4", "Bandung"), _prediction("gone", "Bandung")])
    now = regress.records([_prediction("q1", "Surabaya"), _prediction("q2", "Bandung"), _prediction("q3", "X", ()),
                           _prediction("q4", "Bandung", faithful=False), _prediction("new", "Bandung")])
    found = regress.diff(base, now)
    regressed = dict(found.regressed)
    assert set(regressed) == {"q1", "q3", "q4"}
    assert "right -> wrong" in regressed["q1"] and "answer 'Bandung' -> 'Surabaya'" in regressed["q1"]
    assert "abstained -> answered" in regressed["q3"]  # an unanswerable question now answered
    assert "faithful -> unfaithful" in regressed["q4"]
    assert dict(found.improved).keys() == {"q2"}
    assert found.new == ["new"] and found.missing == ["gone"]
    assert "REGRESSED q1" in regress.format_diff(found)


def test_a_baseline_without_per_question_results_is_refused(tmp_path: Path) -> None:
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"cited_right": 0.5}))
    with pytest.raises(ConfigError, match="no per-question results"):
        regress.load_records(old)


@pytest.mark.parametrize(("line", "message"), [
    ('{"id": "a", "question": "Siapa?", "answer": ["x"]}', "unknown field 'answer' (did you mean 'answers'?)"),
    ('{"id": "a", "question": "Siapa?", "answers": "x"}', "answers: Input should be a valid list"),
    ('{"id": "a", "question": "", "answers": ["x"]}', "question: String should have at least 1 character"),
    ('{"id": "a", "question": "Siapa?", "answerable": true}', "'answerable' is true but 'answers' is empty"),
    ('{"id": "a", "question": "Siapa?"', "not JSON"),
])
def test_a_wrong_item_is_an_error_naming_its_line_and_field(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text('{"id": "ok", "question": "Kapan?", "answers": ["2023"]}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_set(path)
    assert "set.jsonl:2: " in str(raised.value) and message in str(raised.value)


def test_ids_must_be_unique(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text('{"id": 1, "question": "A?"}\n{"id": "1", "question": "B?"}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="set.jsonl:2: id '1' is already used on line 1"):
        load_set(path)


def _citeqa(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CITEQA_DATA_DIR": str(data_dir), "OMP_NUM_THREADS": "1"}
    return subprocess.run([*CITEQA, *args], capture_output=True, text=True, env=env, timeout=600, check=False)


@pytest.mark.slow
def test_eval_regression_run_in_real_processes(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    kota = docs / "kota.md"
    kota.write_text("Ibu kota Jawa Barat adalah Bandung. Bandung dijuluki Kota Kembang.\n\n"
                    "Gubernur Jawa Barat periode 2018 sampai 2023 adalah Ridwan Kamil.", encoding="utf-8")
    questions = tmp_path / "mine.jsonl"
    questions.write_text("\n".join(json.dumps(row) for row in [
        {"id": "ibukota", "question": "Apa ibu kota Jawa Barat?", "answers": ["Bandung"], "source": "kota.md"},
        {"id": "gubernur", "question": "Siapa gubernur Jawa Barat periode 2018 sampai 2023?",
         "answers": ["Ridwan Kamil"], "source": "kota.md"},
        {"id": "nato", "question": "Di mana markas besar NATO berada?", "answers": [], "answerable": False},
    ]) + "\n", encoding="utf-8")
    index = tmp_path / "idx"
    assert _citeqa("ingest", str(docs), "--index", str(index), data_dir=tmp_path).returncode == 0

    base, report = tmp_path / "base.json", tmp_path / "report.xml"
    first = _citeqa("eval", "--set", str(questions), "--index", str(index), "--output", str(base),
                    "--junit", str(report), data_dir=tmp_path)
    assert first.returncode == 0, first.stderr  # another set than the bundled gate: no thresholds unless asked
    results = json.loads(base.read_text())["questions"]
    assert set(results) == {"ibukota", "gubernur", "nato"}
    assert {"answer", "answer_start", "answer_end", "citation", "confidence", "correct", "faithful"} <= set(
        results["ibukota"])
    text = kota.read_text(encoding="utf-8")
    for result in results.values():
        if result["answer"] is not None:
            assert text[result["answer_start"]:result["answer_end"]] == result["answer"]
            citation = result["citation"]
            assert text[citation["start"]:citation["end"]] == citation["text"]
    cases = {case.name.split(":")[0]: case for suite in JUnitXml.fromfile(str(report)) for case in suite}
    assert set(cases) == {"ibukota", "gubernur", "nato"}
    for item_id, case in cases.items():
        assert case.is_passed == bool(results[item_id]["correct"] and results[item_id]["faithful"])
        assert all(isinstance(r, Failure) for r in case.result)

    # a baseline in which the governor question was right (whatever this run made of it), then the document
    # changes and that question can no longer be answered from it
    saved = json.loads(base.read_text())
    saved["questions"]["gubernur"].update(correct=True, cited_right=True)
    base.write_text(json.dumps(saved))
    kota.write_text("Ibu kota Jawa Barat adalah Bandung. Bandung dijuluki Kota Kembang.", encoding="utf-8")
    assert _citeqa("ingest", str(docs), "--index", str(index), data_dir=tmp_path).returncode == 0
    again = _citeqa("eval", "--set", str(questions), "--index", str(index), "--baseline", str(base),
                    data_dir=tmp_path)
    regressed = [line for line in again.stdout.splitlines() if "REGRESSED" in line]
    assert again.returncode == 1 and "regressed against" in again.stderr
    assert any("gubernur" in line and "right -> wrong" in line for line in regressed)
    assert all("ibukota" not in line for line in regressed)
    tolerant = _citeqa("eval", "--set", str(questions), "--index", str(index), "--baseline", str(base),
                       "--tolerance", "0.5", data_dir=tmp_path)
    assert tolerant.returncode == 0, tolerant.stderr

    questions.write_text('{"id": "x", "question": "Apa?", "answer": ["y"]}\n', encoding="utf-8")
    wrong = _citeqa("eval", "--set", str(questions), "--index", str(index), data_dir=tmp_path)
    assert wrong.returncode == 2 and "mine.jsonl:1: " in wrong.stderr and "did you mean 'answers'" in wrong.stderr
