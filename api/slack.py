"""Slack: ``/ask`` slash command and ``@citeqa`` mentions, answered with Block Kit; signed requests only.

Built with slack_bolt and its FastAPI adapter; every Slack request arrives at ``POST /slack/events``.
Acknowledgement is immediate (bolt's ack-first mode); the answer follows via ``response_url`` or ``say``.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from slack_bolt import App
from slack_bolt.adapter.fastapi import SlackRequestHandler
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError
from slack_sdk.signature import SignatureVerifier

from citeqa import prompts
from citeqa.answer.assistant import Assistant
from citeqa.answer.question import detect_language
from citeqa.api.render import slack_blocks
from citeqa.core.config import Settings
from citeqa.core.errors import CiteqaError

log = logging.getLogger(__name__)
_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
REPLAY_WINDOW_S = 5 * 60  # Slack's own bound on a request's age; a signature is remembered this long
EVENT_MEMORY_S = 60 * 60  # Slack retries an event for about an hour


def slack_configured(settings: Settings) -> bool:
    """Slack routes are mounted only when both the signing secret and the bot token are set."""
    return bool(settings.slack_signing_secret and settings.slack_bot_token)


def build_slack_app(settings: Settings, get_assistant: Callable[[], Assistant]) -> App:
    """A bolt App answering ``/ask`` and mentions; no token check at start-up (works offline)."""
    client = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url)
    app = App(signing_secret=settings.slack_signing_secret, client=client,
              token_verification_enabled=False, process_before_response=False, logger=log)

    def answer(question: str) -> tuple[str, list[dict[str, Any]]]:
        try:
            return slack_blocks(get_assistant().ask(question))
        except CiteqaError as exc:
            text = prompts.text("error", detect_language(question), message=str(exc))
            return text, [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]

    @app.command("/ask")
    def ask_command(ack: Any, command: dict[str, Any], respond: Any) -> None:
        question = (command.get("text") or "").strip()
        lang = detect_language(question)
        if not question:
            ack(prompts.text("error", lang, message="/ask <question>"))
            return
        ack(prompts.text("thinking", lang))
        text, blocks = answer(question)
        try:
            respond(text=text, blocks=blocks, response_type="in_channel")
        except (SlackClientError, OSError) as exc:  # transport failures are logged, never raised at Slack
            log.warning("posting the answer to response_url failed: %s", exc)

    @app.event("app_mention")
    def on_mention(event: dict[str, Any], say: Any) -> None:
        question = _MENTION.sub("", event.get("text") or "").strip()
        if not question:
            return
        text, blocks = answer(question)
        try:
            say(text=text, blocks=blocks, thread_ts=event.get("thread_ts") or event.get("ts"))
        except (SlackClientError, OSError) as exc:  # Slack's Web API may be unreachable: log the reason
            log.warning("posting the answer to Slack failed: %s", exc)

    return app


class Seen:
    """Keys seen in the last ``seconds`` (signatures, event ids), forgotten after; thread-safe."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._at: dict[str, float] = {}
        self._lock = threading.Lock()

    def first(self, key: str) -> bool:
        """True the first time ``key`` is seen within the window (and remember it)."""
        now = time.monotonic()
        with self._lock:
            if len(self._at) > 10_000 or next(iter(self._at.values()), now) < now - self.seconds:
                self._at = {k: t for k, t in self._at.items() if t >= now - self.seconds}
            if key in self._at:
                return False
            self._at[key] = now
            return True


def _event_id(body: bytes) -> str | None:
    """The ``event_id`` of an Events API callback (JSON), if the body is one."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    value = data.get("event_id") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def slack_router(app: App, signing_secret: str) -> APIRouter:
    """``POST /slack/events``: commands, events and interactivity. The signature is checked before the body is
    read as anything (401 when unsigned, forged or stale); a signed request seen before is a replay (401); Slack's
    retry of an event already handled is acknowledged and not answered again."""
    handler = SlackRequestHandler(app)
    verifier = SignatureVerifier(signing_secret)
    signatures = Seen(REPLAY_WINDOW_S)
    events = Seen(EVENT_MEMORY_S)
    router = APIRouter(tags=["slack"])

    @router.post("/slack/events", include_in_schema=True)
    async def slack_events(request: Request) -> Response:
        """Slack's request URL for slash commands, events and interactivity."""
        body = await request.body()
        timestamp = request.headers.get("x-slack-request-timestamp", "")
        signature = request.headers.get("x-slack-signature", "")
        if not timestamp.isdigit() or not verifier.is_valid(body, timestamp, signature):
            return JSONResponse({"error": "invalid or missing Slack signature"}, status_code=401)
        if not signatures.first(signature):
            log.warning("a Slack request was replayed (same signature): refused")
            return JSONResponse({"error": "replayed request"}, status_code=401)
        event_id = _event_id(body)
        if event_id is not None and not events.first(event_id):
            log.info("Slack retried event %s (retry %s): already answered", event_id,
                     request.headers.get("x-slack-retry-num"))
            return Response(status_code=200, headers={"X-Slack-No-Retry": "1"})
        try:
            response: Response = await handler.handle(request)
        except ValueError as exc:  # a signed body bolt cannot parse (json.JSONDecodeError is a ValueError)
            log.warning("a signed Slack request could not be parsed: %s", exc)
            return JSONResponse({"error": "malformed Slack payload"}, status_code=400)
        return response

    return router


def start_socket_mode(app: App, app_token: str) -> Any:
    """Connect over Socket Mode (for workspaces without a public URL); returns the handler, or None."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    handler = SocketModeHandler(app, app_token)
    try:
        handler.connect()
    except (SlackClientError, OSError) as exc:  # Slack unreachable must not stop the HTTP server
        log.warning("Slack Socket Mode could not connect: %s", exc)
        return None
    return handler
