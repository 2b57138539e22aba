"""The latency script: every configuration timed per round against the bare encodes, and the shipped settings
restored afterwards."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citeqa.core import threads
from citeqa.eval import latency


@pytest.mark.slow
def test_latency_prints_each_configuration_against_the_bare_encode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text("".join(json.dumps({"id": f"q{i}", "question": q, "answers": []}) + "\n" for i, q in
                                 enumerate(["Kapan Kim Jong Un bertemu Putin?", "Siapa Robert King?"])))
    assert latency.main(["--set", str(questions), "--rounds", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("round 1: shipped ")
    for name in ("shipped", "LightGBM trees", f"span reader on {threads.budget()} threads", "torch questions",
                 "bare torch encode", "bare onnx encode"):
        assert f"  {name}" in out and "x the bare torch encode" in out
    assert threads.SPAN_READER_THREADS == 1  # the reader's threads it varied are back as shipped
