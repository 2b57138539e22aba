"""Progress of long work: a tqdm bar on a terminal, and periodic log lines otherwise (piped, in CI), so that a
ten-minute ingest never runs silent.

Log lines go to the ``citeqa.progress`` logger, which the CLI shows at its default verbosity.
"""

from __future__ import annotations

import logging
import sys
import time
from types import TracebackType

from tqdm import tqdm

log = logging.getLogger("citeqa.progress")
INTERVAL_S = 10.0  # seconds between log lines when there is no terminal


class Progress:
    """Counts done units of one stage ("reading", "embedding") out of ``total``.

    ``bar``: ``True`` for a bar, ``False`` for log lines, ``None`` for a bar on a terminal and log lines
    otherwise."""

    def __init__(self, stage: str, total: int, unit: str, bar: bool | None = None,
                 interval: float = INTERVAL_S) -> None:
        self.stage, self.total, self.unit, self.interval = stage, total, unit, interval
        show_bar = sys.stderr.isatty() if bar is None else bar
        self._bar = tqdm(total=total, desc=stage, unit=unit) if show_bar and total else None
        self.done = 0
        self._started = self._logged = time.monotonic()

    def __enter__(self) -> Progress:
        return self

    def update(self, count: int = 1) -> None:
        """``count`` more units done; a log line when ``interval`` seconds passed since the last one."""
        self.done += count
        if self._bar is not None:
            self._bar.update(count)
            return
        now = time.monotonic()
        if now - self._logged >= self.interval and self.done < self.total:
            self._logged = now
            self._log(now)

    def _log(self, now: float) -> None:
        elapsed = max(now - self._started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate > 0 else float("inf")
        log.info("%s: %d of %d %s (%d%%), %.1f %s/s, about %.0f s left", self.stage, self.done, self.total,
                 self.unit, 100 * self.done // max(1, self.total), rate, self.unit, left)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.close()
        elif self.total and kind is None and time.monotonic() - self._started >= self.interval:
            log.info("%s: %d %s in %.0f s", self.stage, self.done, self.unit, time.monotonic() - self._started)
