"""Hostile documents cost what their size says: each class read, cleaned, split and analyzed in a fresh process,
its peak RSS printed and bounded (embedding then costs the same per passage as for any document)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from citeqa.eval.hostile import CLASSES, measure

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("name", "seconds", "peak_mb", "passages"), [
    ("tags", 60, 400, (1_000, 2_000)),     # 1,000,000 <b>x</b>: one run of text, not a passage per tag
    ("oneword", 30, 400, (3_000, 3_500)),  # 2 MB without a space: cut into passages of the chunk size
    ("words", 30, 400, (3_000, 3_500)),    # 2 MB without a sentence end
    ("big", 120, 1_500, (80_000, 90_000)),  # 49 MB, just under the 50 MB a file may have
])
def test_a_hostile_document_is_read_in_bounded_time_and_memory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, seconds: float, peak_mb: float,
    passages: tuple[int, int],
) -> None:
    file_name, make = CLASSES[name]
    path = tmp_path / file_name
    path.write_text(make(), encoding="utf-8")
    figures = measure(path, embed=False, index=tmp_path / "index", timeout=300)
    took = figures["read_s"] + figures["split_s"] + figures["analyze_s"]
    with capsys.disabled():
        sys.stdout.write(f"\n{name}: {path.stat().st_size / 1e6:.1f} MB, {figures['passages']:.0f} passages in "
                         f"{took:.1f} s, peak RSS {figures['peak_rss_mb']:.0f} MB\n")
    assert passages[0] <= figures["passages"] <= passages[1]
    assert took < seconds and figures["peak_rss_mb"] < peak_mb
