from __future__ import annotations

import logging
import time

import pytest

from citeqa.ingest.progress import Progress


def test_without_a_terminal_progress_is_logged_periodically(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="citeqa.progress"), \
            Progress("embedding", 30, "passages", bar=False, interval=0.05) as shown:
        for _ in range(3):
            time.sleep(0.06)
            shown.update(5)
    lines = [r.getMessage() for r in caplog.records if r.name == "citeqa.progress"]
    assert lines[0].startswith("embedding: 5 of 30 passages (16%)") and "s left" in lines[0]
    assert len(lines) >= 3 and lines[-1].startswith("embedding: 15 passages in")


def test_quick_work_logs_nothing(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="citeqa.progress"), Progress("reading", 3, "files", bar=False) as shown:
        shown.update(3)
    assert not [r for r in caplog.records if r.name == "citeqa.progress"]
