"""Limits on what the server takes in: request bodies and requests waiting for an answer.

A body larger than ``Settings.max_body_bytes`` gets 413 before it is read whole: a declared ``Content-Length``
over the limit is refused at once; a body sent without one (chunked) is counted as it arrives and refused when it
passes the limit. Answering routes take at most ``Settings.max_in_flight`` requests at a time; one more gets 503
with ``Retry-After`` at once, instead of waiting in a queue that only grows (backpressure).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from citeqa.api.errors import error_content

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


async def _refuse(send: Send, path: str, status: int, message: str, *headers: tuple[bytes, bytes]) -> None:
    """Answer with an error in the shape of the route at ``path`` (``citeqa.api.errors.error_content``)."""
    body = json.dumps(error_content(path, status, message)).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *headers]})
    await send({"type": "http.response.body", "body": body})


UPLOADS = "/documents"  # the route that takes files: ``upload_limit`` instead of ``limit``


class BodyLimit:
    """ASGI middleware refusing request bodies over ``limit`` bytes (``upload_limit`` for a POST to
    ``UPLOADS``) with 413."""

    def __init__(self, app: ASGIApp, limit: int, upload_limit: int | None = None) -> None:
        self.app = app
        self.limit = limit
        self.upload_limit = upload_limit or limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        upload = scope.get("path") == UPLOADS and scope.get("method") == "POST"
        limit = self.upload_limit if upload else self.limit

        async def refuse() -> None:
            await _refuse(send, scope.get("path", ""), 413, f"request body over the limit of {limit} bytes",
                          (b"connection", b"close"))

        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await refuse()
            return
        received = 0
        started = refused = False

        async def counted() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # answer now and tell the app the client is gone: whatever it answers is dropped
                    refused = True
                    if not started:
                        await refuse()
                    return {"type": "http.disconnect"}
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if refused:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, counted, watched)


ANSWERING = ("/ask", "/search", "/v1/chat/completions")


class InFlightLimit:
    """ASGI middleware: at most ``limit`` requests to ``ANSWERING`` routes at once; the next gets 503."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit
        self.in_flight = 0  # changed only on the event loop's thread

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") not in ANSWERING:
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.limit:
            await _refuse(send, scope["path"], 503,
                          f"busy: {self.limit} questions are being answered; retry in a second", (b"retry-after", b"1"))
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1
