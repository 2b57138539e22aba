from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
import pytest

from citeqa.answer.assistant import Assistant
from citeqa.api.app import create_app
from citeqa.core.config import load_settings
from citeqa.ingest.manage import remove
from citeqa.ingest.pipeline import ingest
from tests.api.conftest import live_server

pytestmark = pytest.mark.slow


def test_the_server_picks_up_a_new_index_version_without_a_failed_request(tmp_path: Path, embedder) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    docs.mkdir()
    (docs / "a.txt").write_text("Ibu kota Jawa Barat adalah Bandung.", encoding="utf-8")
    ingest([docs], index, embedder, chunk_size=600)
    settings = load_settings(index_dir=index, reload_interval_s=0.2)
    app = create_app(settings, Assistant.load(settings, embedder))
    statuses: list[int] = []
    stop = threading.Event()

    with live_server(app) as url, httpx.Client(base_url=url, timeout=30) as client:
        first = client.get("/health").json()
        assert first["documents"] == 1 and first["index_version"]

        def hammer() -> None:
            with httpx.Client(base_url=url, timeout=30) as own:
                while not stop.is_set():
                    statuses.append(own.post("/ask", json={"question": "Apa ibu kota Jawa Barat?"}).status_code)

        worker = threading.Thread(target=hammer)
        worker.start()
        (docs / "b.txt").write_text("Koperasi Maju didirikan oleh Siti Aminah pada 2001.", encoding="utf-8")
        ingest([docs], index, embedder, chunk_size=600)
        deadline = time.monotonic() + 15
        while client.get("/health").json()["documents"] != 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        health = client.get("/health").json()
        assert health["documents"] == 2 and health["index_version"] != first["index_version"]
        answer = client.post("/ask", json={"question": "Siapa pendiri Koperasi Maju?"}).json()
        assert answer["citations"] and answer["citations"][0]["source"] == "b.txt"

        remove(index, ["b.txt"])  # a removal is picked up the same way
        deadline = time.monotonic() + 15
        while client.get("/health").json()["documents"] != 1 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert client.get("/health").json()["documents"] == 1
        stop.set()
        worker.join(timeout=30)
    assert statuses and set(statuses) == {200}
