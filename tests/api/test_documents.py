"""Documents over HTTP: upload, replace, list, read and delete while a client keeps asking."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import docx
import httpx
import pytest

from citeqa.answer.assistant import Assistant
from citeqa.api.app import create_app
from citeqa.core.config import load_settings
from citeqa.index.lock import write_lock
from citeqa.ingest.pipeline import ingest
from tests.api.conftest import live_server

pytestmark = pytest.mark.slow


def _docx_bytes(paragraph: str) -> bytes:
    document = docx.Document()
    document.add_heading("Laporan Koperasi", level=1)
    document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_upload_replace_and_delete_are_served_when_the_call_returns(tmp_path: Path, embedder) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    docs.mkdir()
    (docs / "a.txt").write_text("Ibu kota Jawa Barat adalah Bandung.", encoding="utf-8")
    ingest([docs], index, embedder, chunk_size=600)
    # no background reload: the routes themselves must swap the new version in
    settings = load_settings(index_dir=index, reload_interval_s=0, api_key="rahasia")
    app = create_app(settings, Assistant.load(settings, embedder))
    statuses: list[int] = []
    stop = threading.Event()
    auth = {"Authorization": "Bearer rahasia"}

    with live_server(app) as url, httpx.Client(base_url=url, timeout=60, headers=auth) as client:
        def ask_in_a_loop() -> None:
            with httpx.Client(base_url=url, timeout=60, headers=auth) as own:
                while not stop.is_set():
                    statuses.append(own.post("/ask", json={"question": "Apa ibu kota Jawa Barat?"}).status_code)

        worker = threading.Thread(target=ask_in_a_loop)
        worker.start()
        try:
            version = client.get("/health").json()["index_version"]
            sent = client.post("/documents", files=[
                ("files", ("koperasi.docx", _docx_bytes("Koperasi Zamrud didirikan oleh Siti Aminah pada 2001."),
                           "application/vnd.openxmlformats-officedocument.wordprocessingml.document")),
                ("files", ("catatan.txt", b"Rapat anggota Koperasi Zamrud diadakan setiap Maret.", "text/plain")),
            ])
            assert sent.status_code == 200, sent.text
            body = sent.json()
            assert sorted(body["added"]) == ["catatan.txt", "koperasi.docx"] and body["documents"] == 3
            assert body["index_version"] != version
            assert client.get("/health").json()["index_version"] == body["index_version"]  # served already
            listed = {d["source"]: d for d in client.get("/documents").json()["documents"]}
            assert set(listed) == {"a.txt", "catatan.txt", "koperasi.docx"}
            assert listed["koperasi.docx"]["kind"] == "docx"
            text = client.get("/documents/koperasi.docx").json()["text"]
            assert "Siti Aminah" in text
            found = client.get("/search", params={"q": "Koperasi Zamrud Siti Aminah", "k": 3}).json()["passages"]
            hit = next(p for p in found if p["source"] == "koperasi.docx")
            assert text[hit["start"]:hit["end"]] == hit["text"]  # a passage is a span of the canonical text

            replaced = client.post("/documents", files=[
                ("files", ("catatan.txt", b"Rapat anggota Koperasi Zamrud pindah ke bulan Juni.", "text/plain"))])
            assert replaced.status_code == 200 and replaced.json()["updated"] == ["catatan.txt"]
            assert "Juni" in client.get("/documents/catatan.txt").json()["text"]

            deleted = client.delete("/documents/koperasi.docx")
            assert deleted.status_code == 200 and deleted.json()["removed"] == ["koperasi.docx"]
            assert client.get("/documents/koperasi.docx").status_code == 404
            assert client.get("/health").json()["documents"] == 2
            found = client.get("/search", params={"q": "Siti Aminah", "k": 5}).json()["passages"]
            assert all(p["source"] != "koperasi.docx" for p in found)
        finally:
            stop.set()
            worker.join(timeout=60)
    assert statuses and set(statuses) == {200}


def test_uploads_and_deletions_that_cannot_be_done_say_why(tmp_path: Path, embedder) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    docs.mkdir()
    (docs / "a.txt").write_text("Ibu kota Jawa Barat adalah Bandung.", encoding="utf-8")
    ingest([docs], index, embedder, chunk_size=600)
    settings = load_settings(index_dir=index, reload_interval_s=0, api_key="rahasia", max_upload_bytes=4096)
    app = create_app(settings, Assistant.load(settings, embedder))
    auth = {"Authorization": "Bearer rahasia"}

    with live_server(app) as url, httpx.Client(base_url=url, timeout=60, headers=auth) as client:
        text = ("files", ("b.txt", b"Bandung terletak di Jawa Barat.", "text/plain"))
        assert httpx.post(f"{url}/documents", files=[text]).status_code == 401
        assert httpx.get(f"{url}/documents").status_code == 401

        wrong = client.post("/documents", files=[("files", ("tool.exe", b"MZ\x90\x00", "application/octet-stream"))])
        assert wrong.status_code == 415 and "tool.exe" in wrong.json()["detail"]
        big = client.post("/documents", files=[("files", ("big.txt", b"kata " * 2000, "text/plain"))])
        assert big.status_code == 413
        broken = client.post("/documents", files=[("files", ("rusak.pdf", b"%PDF-1.4 not really", "application/pdf"))])
        assert broken.status_code == 422 and "rusak.pdf" in broken.json()["detail"][0]["msg"]
        twice = client.post("/documents", files=[text, text])
        assert twice.status_code == 422 and "b.txt" in twice.json()["detail"][0]["msg"]
        assert client.post("/documents", files=[]).status_code == 422

        with write_lock(index):  # another writer holds the index: refused at once, not queued
            busy = client.post("/documents", files=[text])
        assert busy.status_code == 409 and busy.headers["retry-after"]

        assert client.delete("/documents/nope.txt").status_code == 404
        last = client.delete("/documents/a.txt")
        assert last.status_code == 409 and "empty" in last.json()["detail"]
        assert [d["source"] for d in client.get("/documents").json()["documents"]] == ["a.txt"]
