"""Live reload: the server picks up a new version of its index (after ``citeqa ingest`` or ``citeqa rm``) without
a restart.

A background thread looks at the index's live version every ``Settings.reload_interval_s`` seconds; when it changed,
it loads the new version beside the old one, builds a new ``Assistant`` around it (sharing the loaded embedding
model) and swaps it in with one assignment. A request already running finishes with the assistant it started
with, so no request fails or sees half of each; a version that cannot be loaded is logged and the old one kept.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from fastapi import FastAPI

from citeqa.answer.assistant import Assistant
from citeqa.core.config import Settings
from citeqa.core.errors import CiteqaError
from citeqa.index import store

log = logging.getLogger(__name__)


def live_version(index_dir: Path) -> str | None:
    """The name of the index's live version, or ``None`` when it cannot be read."""
    try:
        return store.current_version(index_dir).name
    except (CiteqaError, OSError):
        return None


class Reloader:
    """Watches one app's index and swaps in new versions (see the module docstring)."""

    def __init__(self, app: FastAPI, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.index_dir = settings.resolved_index_dir()
        self.version = None if settings.store else live_version(self.index_dir)
        self._stop = threading.Event()
        self._checking = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="citeqa-reload", daemon=True)

    def start(self) -> None:
        """Begin watching (when the interval is above 0)."""
        if self.settings.reload_interval_s > 0 and not self.settings.store:
            self._thread.start()

    def stop(self) -> None:
        """Stop watching; waits for a reload in progress."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=30)

    def check(self) -> bool:
        """Load and swap in the live version if it is new; True when it swapped. Called by the watching thread
        and by a route that has just written a version (one at a time)."""
        with self._checking:
            return self._check()

    def _check(self) -> bool:
        if self.settings.store:  # the shared store is read live: nothing to swap in
            return False
        version = live_version(self.index_dir)
        if version is None or version == self.version:
            return False
        current: Assistant = self.app.state.assistant
        try:
            data = store.load(self.index_dir, expected_model=current.embedder.name,
                              expected_chunk_size=self.settings.chunk_size)
            fresh = Assistant(data, current.embedder, self.settings)
        except CiteqaError as exc:
            log.warning("index version %s not loaded, still serving %s: %s", version, self.version, exc)
            self.version = version  # not retried until the next version
            return False
        self.app.state.assistant = fresh
        self.version = version
        log.info("index reloaded: version %s, %d documents, %d passages", version, len(data.documents),
                 len(data.passages))
        return True

    def _run(self) -> None:
        while not self._stop.wait(self.settings.reload_interval_s):
            self.check()
