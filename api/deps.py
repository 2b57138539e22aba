"""Dependencies handed to routes: the loaded assistant and the optional API key check."""

from __future__ import annotations

import hmac
import threading
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

from citeqa.answer.assistant import Assistant
from citeqa.core.config import Settings


def get_settings(request: Request) -> Settings:
    """The settings the app was built with."""
    settings: Settings = request.app.state.settings
    return settings


def get_assistant(request: Request) -> Assistant:
    """The assistant loaded once in the app's lifespan."""
    assistant: Assistant | None = getattr(request.app.state, "assistant", None)
    if assistant is None:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "the index is still loading")
    return assistant


def require_api_key(request: Request, settings: Annotated[Settings, Depends(get_settings)]) -> None:
    """When ``CITEQA_API_KEY`` is set, require ``Authorization: Bearer <key>`` (constant-time compare)."""
    if not settings.api_key:
        return
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.encode(), settings.api_key.encode()):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "missing or wrong API key",
                            headers={"WWW-Authenticate": "Bearer"})


def answering_slot(request: Request) -> Iterator[None]:
    """Hold one of the server's answering slots (``Settings.threads``: one question per core computes at once)
    while the route answers. The other admitted requests (``Settings.max_in_flight``) wait for a slot in turn
    instead of all computing at once, where they would share the cores and the interpreter lock and each take
    many times longer."""
    slots: threading.Semaphore = request.app.state.answering_slots
    slots.acquire()
    try:
        yield
    finally:
        slots.release()


AssistantDep = Annotated[Assistant, Depends(get_assistant)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
