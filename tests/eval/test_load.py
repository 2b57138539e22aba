"""The load script against a real server with a small fake assistant: the plumbing, not the answers."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from citeqa.api.app import create_app
from citeqa.core.config import load_settings
from citeqa.eval import load
from tests.api.conftest import live_server
from tests.api.test_backpressure import SlowAssistant


def test_load_reports_each_client_count_and_the_servers_refusals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = tmp_path / "set.jsonl"
    questions.write_text(json.dumps({"question": "Kapan?", "answers": []}) + "\n", encoding="utf-8")
    settings = load_settings(data_dir=tmp_path, max_in_flight=2, reload_interval_s=0)
    app = create_app(settings, SlowAssistant(0.05))  # type: ignore[arg-type]
    out = tmp_path / "rounds.json"
    with live_server(app) as url:
        assert load.main(["--url", url, "--set", str(questions), "--clients", "1", "6", "--requests", "12",
                          "--pid", str(os.getpid()), "--output", str(out)]) == 0
    rounds = json.loads(out.read_text(encoding="utf-8"))
    assert [r["clients"] for r in rounds] == [1, 6]
    assert all(sum(r["statuses"].values()) + r["errors"] == 12 for r in rounds)
    assert rounds[0]["statuses"] == {"200": 12} and rounds[0]["p50_ms"] >= 50  # one client never meets the limit
    assert rounds[1]["statuses"].get("503", 0) > 0  # six clients against two in flight: refused, not queued
    assert rounds[1]["rss_mb_after"] > 0
    table = capsys.readouterr().out
    assert "req/s" in table and len(table.strip().splitlines()) == 3


def test_a_set_without_questions_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(SystemExit):
        load.main(["--url", "http://127.0.0.1:9", "--set", str(empty)])
    assert "no questions" in capsys.readouterr().err
