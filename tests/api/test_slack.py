from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode

import pytest
from fastapi.testclient import TestClient
from slack_sdk.signature import SignatureVerifier

from citeqa.api.app import create_app
from citeqa.core.config import load_settings

pytestmark = pytest.mark.slow
SECRET = "test-signing-secret"


class _Recorder(BaseHTTPRequestHandler):
    received: list[tuple[str, dict]] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        if self.headers.get("Content-Type", "").startswith("application/json"):
            payload = json.loads(body)
        else:
            payload = {k: v[0] for k, v in parse_qs(body).items()}
        _Recorder.received.append((self.path, payload))
        out = json.dumps({"ok": True, "ts": "1.2"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def slack_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def client(assistant, slack_server, monkeypatch):
    _Recorder.received.clear()
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SECRET)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_API_URL", f"{slack_server}/api/")
    settings = load_settings(data_dir=assistant.settings.data_dir)
    with TestClient(create_app(settings, assistant)) as c:
        yield c


def _signed(body: str, timestamp: int | None = None, secret: str = SECRET) -> dict[str, str]:
    ts = str(timestamp if timestamp is not None else int(time.time()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    assert signature is not None
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature,
            "Content-Type": "application/x-www-form-urlencoded"}


def _command(slack_server: str, text: str) -> str:
    return urlencode({"command": "/ask", "text": text, "team_id": "T1", "channel_id": "C1", "user_id": "U1",
                      "response_url": f"{slack_server}/response", "trigger_id": "1.2.3", "token": "x"})


def _mention(event_id: str, ts: str) -> str:
    """An Events API callback: a mention asking a question the article does not answer."""
    return json.dumps({"token": "x", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
                       "event_id": event_id, "event_time": int(time.time()),
                       "event": {"type": "app_mention", "user": "U1", "ts": ts, "channel": "C1",
                                 "text": "<@U999> Di mana markas besar NATO berada?"}})


def _wait_for(path: str, seconds: float = 20.0) -> list[dict]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        hits = [p for pth, p in _Recorder.received if pth.startswith(path)]
        if hits:
            return hits
        time.sleep(0.05)
    return []


def test_signed_slash_command_is_acked_fast_and_answered(client, slack_server) -> None:
    body = _command(slack_server, "Kapan Kim Jong Un bertemu dengan Vladimir Putin?")
    started = time.monotonic()
    r = client.post("/slack/events", content=body, headers=_signed(body))
    assert r.status_code == 200 and time.monotonic() - started < 3.0
    posted = _wait_for("/response")
    assert posted, "no answer posted to response_url"
    blocks = json.dumps(posted[0]["blocks"], ensure_ascii=False)
    assert "*September 2023*" in blocks and "000_9a73aa4c586333e4.txt" in blocks


@pytest.mark.parametrize("headers", [
    {"Content-Type": "application/x-www-form-urlencoded"},                      # unsigned
    {"wrong": "secret"},                                                        # forged
    {"stale": "timestamp"},                                                     # replayed, 10 minutes old
])
def test_forged_replayed_and_unsigned_requests_get_401(client, slack_server, headers) -> None:
    body = _command(slack_server, "Kapan Kim Jong Un bertemu dengan Vladimir Putin?")
    if "wrong" in headers:
        headers = _signed(body, secret="not-the-secret")
    elif "stale" in headers:
        headers = _signed(body, timestamp=int(time.time()) - 600)
    r = client.post("/slack/events", content=body, headers=headers)
    assert r.status_code == 401
    time.sleep(0.5)
    assert _Recorder.received == []


def test_mention_is_answered_in_thread(client) -> None:
    body = _mention("Ev1", "111.222")
    headers = {**_signed(body), "Content-Type": "application/json"}
    assert client.post("/slack/events", content=body, headers=headers).status_code == 200
    posted = _wait_for("/api/chat.postMessage")
    assert posted and posted[0]["thread_ts"] == "111.222"
    assert "tidak ada di dalam dokumen" in posted[0]["text"]


def test_slack_routes_absent_without_configuration(assistant, monkeypatch) -> None:
    monkeypatch.delenv("SLACK_SIGNING_SECRET", raising=False)
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    with TestClient(create_app(load_settings(data_dir=assistant.settings.data_dir), assistant)) as c:
        assert c.post("/slack/events", content="x").status_code == 404


def test_a_replayed_request_is_refused_and_answered_once(client, slack_server) -> None:
    body = _command(slack_server, "Kapan Kim Jong Un bertemu dengan Vladimir Putin?")
    headers = _signed(body)
    assert client.post("/slack/events", content=body, headers=headers).status_code == 200
    assert client.post("/slack/events", content=body, headers=headers).status_code == 401
    assert client.post("/slack/events", content=body, headers=headers).status_code == 401
    assert _wait_for("/response")
    time.sleep(1.0)
    assert len([p for p, _ in _Recorder.received if p.startswith("/response")]) == 1


def test_slack_retries_of_an_event_are_not_answered_again(client) -> None:
    body = _mention("EvRetry", "333.444")
    sent = int(time.time())  # each retry's timestamp differs from the first's, whenever the second ticks over
    first = client.post("/slack/events", content=body,
                        headers={**_signed(body, timestamp=sent), "Content-Type": "application/json"})
    assert first.status_code == 200
    for retry in (1, 2):  # Slack signs each retry anew
        headers = {**_signed(body, timestamp=sent - retry), "Content-Type": "application/json",
                   "X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        again = client.post("/slack/events", content=body, headers=headers)
        assert again.status_code == 200 and again.headers["X-Slack-No-Retry"] == "1"
    assert _wait_for("/api/chat.postMessage")
    time.sleep(1.0)
    assert len([p for p, _ in _Recorder.received if p.startswith("/api/chat.postMessage")]) == 1


@pytest.mark.parametrize(("body", "timestamp"), [
    (b"{", None), (b"payload=%7Bnot-json", None), (b"\xff\xfe=\xfa", None), (b"text=hi", "soon"),
])
def test_garbage_gets_401_before_it_is_parsed(client, body: bytes, timestamp: str | None) -> None:
    headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Signature": "v0=00"}
    if timestamp is not None:
        headers["X-Slack-Request-Timestamp"] = timestamp
    r = client.post("/slack/events", content=body, headers=headers)
    assert r.status_code == 401


def test_a_signed_but_malformed_payload_is_not_a_500(client) -> None:
    body = "payload=%7Bnot-json"
    assert client.post("/slack/events", content=body, headers=_signed(body)).status_code < 500
