"""Backpressure with a small fake assistant: the plumbing, not the answers."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from types import SimpleNamespace

import httpx

from citeqa.api.app import create_app
from citeqa.core.config import load_settings
from citeqa.core.models import Answer
from tests.api.conftest import live_server


class SlowAssistant:
    """Answers every question with an abstention after ``seconds``."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.store = SimpleNamespace(size=0, sources=list, version=None)
        self.embedder = SimpleNamespace(name="fake", dimension=1)

    def ask(self, question: str, top_k: int | None = None) -> Answer:
        time.sleep(self.seconds)
        return Answer(question, None, 0.0, (), (), "id")


def test_past_the_in_flight_limit_requests_get_503_at_once(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path, max_in_flight=2, reload_interval_s=0)
    app = create_app(settings, SlowAssistant(1.0))  # type: ignore[arg-type]
    results: list[tuple[int, float, str | None]] = []

    with live_server(app) as url:
        def ask() -> None:
            started = time.monotonic()
            r = httpx.post(f"{url}/ask", json={"question": "Kapan?"}, timeout=30)
            results.append((r.status_code, time.monotonic() - started, r.headers.get("retry-after")))

        workers = [threading.Thread(target=ask) for _ in range(5)]
        for worker in workers:
            worker.start()
            time.sleep(0.05)
        for worker in workers:
            worker.join()
        assert httpx.get(f"{url}/health", timeout=10).status_code == 200  # not an answering route
    served = [r for r in results if r[0] == 200]
    refused = [r for r in results if r[0] == 503]
    assert len(served) == 2 and len(refused) == 3
    assert all(seconds < 0.5 and retry == "1" for _, seconds, retry in refused)  # refused at once


class CountingAssistant(SlowAssistant):
    """A slow assistant that records how many questions it answers at the same time."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.now = self.most = 0
        self.lock = threading.Lock()

    def ask(self, question: str, top_k: int | None = None) -> Answer:
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
        try:
            return super().ask(question, top_k)
        finally:
            with self.lock:
                self.now -= 1


def test_requests_taken_wait_their_turn_for_an_answering_slot(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path, max_in_flight=3, threads=1, reload_interval_s=0)
    assistant = CountingAssistant(0.4)
    app = create_app(settings, assistant)  # type: ignore[arg-type]
    took: list[float] = []

    with live_server(app) as url:
        def ask() -> None:
            started = time.monotonic()
            assert httpx.post(f"{url}/ask", json={"question": "Kapan?"}, timeout=30).status_code == 200
            took.append(time.monotonic() - started)

        workers = [threading.Thread(target=ask) for _ in range(3)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    assert assistant.most == 1  # one answering slot: one question answered at a time
    assert sorted(took)[-1] >= 3 * 0.4 - 0.05  # the last waited for the two before it
