"""The FastAPI application: ask, search, passages, documents, health; OpenAPI at /docs."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse
from fastapi_offline import FastAPIOffline

from citeqa import prompts
from citeqa.answer.assistant import Assistant
from citeqa.answer.followup import Turn, resolve
from citeqa.answer.question import detect_language
from citeqa.api import errors, observe
from citeqa.api.deps import AssistantDep, answering_slot, require_api_key
from citeqa.api.documents import router as documents_router
from citeqa.api.limits import BodyLimit, InFlightLimit
from citeqa.api.openai_compat import router as openai_router
from citeqa.api.reload import Reloader
from citeqa.api.schemas import (
    MAX_QUESTION,
    AskRequest,
    AskResponse,
    ErrorResponse,
    HealthResponse,
    PassageOut,
    PassageResponse,
    SearchResponse,
)
from citeqa.api.slack import build_slack_app, slack_configured, slack_router, start_socket_mode
from citeqa.core.config import Settings, load_settings
from citeqa.core.models import Answer

log = logging.getLogger(__name__)
PAGE = Path(__file__).resolve().parent / "static" / "index.html"


def create_app(settings: Settings | None = None, assistant: Assistant | None = None) -> FastAPI:
    """Build the app. The model and index load once at startup (or ``assistant`` is used as given)."""
    config = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.assistant = assistant or Assistant.load(config)
        log.info("citeqa ready: %d passages", app.state.assistant.store.size)
        reloader = app.state.reloader = Reloader(app, config)
        reloader.start()
        socket = None
        if slack_app is not None and config.slack_app_token:
            socket = start_socket_mode(slack_app, config.slack_app_token)
        yield
        reloader.stop()
        if socket is not None:
            socket.close()

    # /docs and /redoc with Swagger UI and ReDoc served from the package (fastapi-offline), not from a CDN
    app = FastAPIOffline(title="citeqa", version="0.1.0", lifespan=lifespan,
                  description="Answers questions about your documents with verbatim, cited spans — "
                              "or says the document does not hold the answer.")
    app.state.settings = config
    app.state.answering_slots = threading.Semaphore(config.threads)
    errors.install(app)
    app.add_middleware(BodyLimit, limit=config.max_body_bytes, upload_limit=config.max_upload_bytes)
    app.add_middleware(InFlightLimit, limit=config.max_in_flight)
    observe.install(app, config.log_questions)
    protected = [Depends(require_api_key)]
    answering = [*protected, Depends(answering_slot)]
    app.include_router(openai_router)
    app.include_router(documents_router)
    slack_app = build_slack_app(config, lambda: app.state.assistant) if slack_configured(config) else None
    if slack_app is not None:
        app.include_router(slack_router(slack_app, config.slack_signing_secret or ""))

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page() -> HTMLResponse:
        """The web page: a question box and cited answers (no external assets)."""
        return HTMLResponse(PAGE.read_text(encoding="utf-8"))

    @app.post("/ask", response_model=AskResponse, dependencies=answering,
              responses={400: {"model": ErrorResponse, "description": "A body that is not JSON"},
                         401: {"model": ErrorResponse}, 413: {"model": ErrorResponse},
                         503: {"model": ErrorResponse, "description": "Busy: retry after Retry-After seconds"}})
    def ask(body: AskRequest, assistant: AssistantDep, request: Request) -> AskResponse:
        """Answer a question with a verbatim, cited span, or abstain (answer: null)."""
        if body.history is None:
            answer = assistant.ask(body.question, body.top_k)
            request.state.answer = answer  # for the access log and the metrics
            return AskResponse.of(answer)
        resolution = resolve(body.question, [Turn(t.question, t.answer) for t in body.history])
        if resolution.unclear is not None:  # a follow-up that names nothing to resolve it with: ask back
            language = detect_language(body.question)
            answer = Answer(body.question.strip(), None, 0.0, (), (), language)
            request.state.answer = answer
            return AskResponse.of(answer, clarification=prompts.text("clarify", language, word=resolution.unclear))
        answer = assistant.ask(resolution.question, body.top_k)
        request.state.answer = answer
        return AskResponse.of(answer, resolution.question if resolution.resolved else None)

    @app.get("/search", response_model=SearchResponse, dependencies=answering,
             responses={401: {"model": ErrorResponse}})
    def search(
        assistant: AssistantDep,
        q: Annotated[str, Query(min_length=1, max_length=MAX_QUESTION, pattern=r"\S", description="Query text.")],
        k: Annotated[int, Query(ge=1, le=50, description="Passages to return.")] = 5,
    ) -> SearchResponse:
        """Retrieval only: the best passages for a query."""
        return SearchResponse(query=q, passages=[PassageOut.of(p) for p in assistant.search(q, k)])

    @app.get("/passages/{passage_id}", response_model=PassageResponse, dependencies=protected,
             responses={404: {"model": ErrorResponse}, 401: {"model": ErrorResponse}})
    def passage(passage_id: str, assistant: AssistantDep) -> PassageResponse:
        """One passage by id, with its sentence offsets."""
        p = assistant.passage(passage_id)
        return PassageResponse(passage_id=p.id, source=p.source, start=p.start, end=p.end, text=p.text,
                               sentences=[list(s) for s in p.sentences])

    @app.get("/health", response_model=HealthResponse)
    def health(assistant: AssistantDep) -> HealthResponse:
        """The loaded model, index version and index size."""
        return HealthResponse(model=assistant.embedder.name, dimension=assistant.embedder.dimension,
                              passages=assistant.store.size, documents=len(assistant.store.sources()),
                              index_version=assistant.store.version)

    return app
