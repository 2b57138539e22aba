"""Scoring calibrators on kept rows (``citeqa.eval.calibrators``) and keeping them (``citeqa.eval.bench
--signals``)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from citeqa.answer.confidence import SIGNALS, SUPPORT_WEIGHTS, WEIGHTS, Calibrator
from citeqa.eval import bench, calibrators
from citeqa.eval.calibrators import Rows, figures, probabilities, rule_threshold

SETS = Path(__file__).resolve().parents[2] / "eval" / "sets"


def _model(signal: str, weight: float, bias: float) -> Calibrator:
    weights = np.zeros(len(SIGNALS))
    weights[SIGNALS.index(signal)] = weight
    return Calibrator(weights, bias)


def _rows(coverage: list[float], answerable: list[bool], cited: list[float]) -> Rows:
    x = np.zeros((len(coverage), len(SIGNALS)))
    x[:, SIGNALS.index("coverage")] = coverage
    return Rows(x, np.array(answerable), np.array(cited), np.array(cited))


def test_the_rule_keeps_false_abstention_within_bounds_on_every_set_and_nothing_read_is_abstained() -> None:
    support = _model("coverage", 1.0, 0.0)  # probability sigmoid(coverage)
    a = _rows([-3.0, 0.0] + [2.0] * 8, [True] * 10, [1.0] * 10)  # ten answerable: 0.047, 0.5, eight at 0.88
    b = _rows([-1.0, -2.0] + [2.0] * 18, [True] * 20, [1.0] * 20)  # twenty: 0.269, 0.119, eighteen at 0.88
    threshold = rule_threshold(support, [a, b], max_false=0.10)
    assert threshold == pytest.approx(0.5)  # above it a abstains on two of ten; b alone would allow 0.88
    assert rule_threshold(support, [b], max_false=0.10) == pytest.approx(0.88)
    assert all((probabilities(support, r)[r.answerable] < threshold).mean() <= 0.10 for r in (a, b))
    nothing = _rows([5.0], [True], [1.0])
    nothing.x[0, 0] = np.nan  # nothing read: never answered, whatever the model says
    assert probabilities(support, nothing)[0] == 0.0


def test_figures_count_an_abstention_as_a_miss_and_name_the_unanswerable_abstained() -> None:
    support = _model("coverage", 1.0, 0.0)
    rows = _rows([2.0, 2.0, -2.0, 2.0, -2.0], [True, True, True, False, False], [1.0, 0.0, 1.0, 0.0, 0.0])
    got = figures(support, support, rows, threshold=0.5)
    assert got["cited_right"] == pytest.approx(1 / 3) and got["false_abstention"] == pytest.approx(1 / 3)
    assert got["unanswerable_abstained"] == "1 of 2"


def test_rows_of_other_signals_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "rows.npz"
    np.savez(path, x=np.zeros((1, 3)), answerable=np.array([True]), cited=np.zeros(1), f1=np.zeros(1),
             ids=np.array(["q"]), names=np.array(["reader", "coverage", "other"]))
    with pytest.raises(ValueError, match="not"):
        Rows.load(path)


def test_training_rows_are_read_with_their_answerable_kinds_and_without_f1(tmp_path: Path) -> None:
    from citeqa.eval.signal_rows import save_rows

    x = np.zeros((4, len(SIGNALS)))
    x[:, SIGNALS.index("coverage")] = [2.0, -2.0, 2.0, 2.0]
    path = tmp_path / "small.npz"
    save_rows(path, (x, np.array([1.0, 0.0, 0.0, 0.0]), np.array([1.0, 1.0, 0.0, 0.0]), ["a", "b", "c", "d"],
                     np.array(["small_whole", "small_whole", "small_cut", "small_foreign"])))
    rows = Rows.load(path)
    assert rows.answerable.tolist() == [True, True, False, False] and not rows.graded
    got = figures(_model("coverage", 1.0, 0.0), _model("coverage", 1.0, 0.0), rows, threshold=0.5)
    assert got["cited_right"] == pytest.approx(0.5) and got["right"] == pytest.approx(0.5)  # the second abstains
    assert "token_f1" not in got and got["unanswerable_abstained"] == "0 of 2"


def test_kept_rows_give_the_bench_s_own_figures_at_a_threshold(assistant, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    lines = (SETS / "article.jsonl").read_text(encoding="utf-8").splitlines()
    chosen = lines[:6] + [line for line in lines if not json.loads(line).get("answerable", True)][:3]
    questions = tmp_path / "set.jsonl"
    questions.write_text("\n".join(chosen) + "\n", encoding="utf-8")
    index = str(assistant.settings.resolved_index_dir())
    rows_path, output = tmp_path / "rows.npz", tmp_path / "out.json"
    monkeypatch.setenv("CITEQA_ABSTAIN_THRESHOLD", "0.5")  # high enough that some of these answers abstain
    # kept at threshold 0 whatever the setting: every question answered
    assert bench.main(["--set", str(questions), "--index", index, "--signals", str(rows_path)]) == 0
    rows = Rows.load(rows_path)
    assert len(rows.x) == 9 and rows.answerable.sum() == 6 and not np.isnan(rows.x).any()
    assert bench.main(["--set", str(questions), "--index", index, "--output", str(output)]) == 0
    asked = json.loads(output.read_text(encoding="utf-8"))
    support, confidence = Calibrator.load(SUPPORT_WEIGHTS), Calibrator.load(WEIGHTS)
    given = probabilities(support, rows) >= 0.5
    assert 0 < given.sum() < len(given)
    assert [q["answer"] is not None for q in asked["questions"]] == given.tolist()
    got = figures(support, confidence, rows, 0.5)
    assert got["cited_right"] == pytest.approx(asked["citeqa"]["cited_right"])
    assert got["false_abstention"] == pytest.approx(asked["citeqa"]["false_abstention"])
    assert calibrators.main([f"article={rows_path}", "--support", str(SUPPORT_WEIGHTS), "--confidence",
                             str(WEIGHTS), "--threshold", "0.5"]) == 0


def test_swapped_questions_are_asked_as_unanswerable_and_counted_by_kind(assistant, tmp_path: Path) -> None:
    index = str(assistant.settings.resolved_index_dir())
    rows_path, output = tmp_path / "rows.npz", tmp_path / "out.json"
    # the names swapped in are the whole set's ("NATO", "Prancis"), the questions asked a sample of it
    assert bench.main(["--set", str(SETS / "article.jsonl"), "--index", index, "--limit", "4", "--swapped", "3",
                       "--signals", str(rows_path), "--output", str(output)]) == 0
    asked = json.loads(output.read_text(encoding="utf-8"))
    swapped = [q for q in asked["questions"] if q["id"].endswith("-swapped")]
    assert len(swapped) == 3 and not any(q["answerable"] for q in swapped)
    assert asked["citeqa"]["abstained_by_kind"]["swapped"][1] == 3
    assert sum(q["answer"] is None for q in swapped) == asked["citeqa"]["abstained_by_kind"]["swapped"][0]
    rows = Rows.load(rows_path)
    assert rows.kinds is not None and (rows.kinds[~rows.answerable] == "swapped").sum() == 3
    written = int((rows.kinds[~rows.answerable] == "written").sum())  # the set's own unanswerable ones sampled
    got = figures(Calibrator.load(SUPPORT_WEIGHTS), Calibrator.load(WEIGHTS), rows, 0.0)
    assert got["swapped_abstained"] == "0 of 3"  # at threshold 0 every question is answered
    assert got.get("written_abstained", f"0 of {written}") == f"0 of {written}"
