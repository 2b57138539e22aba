"""What the server tells its operator: a structured access log line per request and Prometheus metrics at
``/metrics`` (prometheus-client), both fed by one middleware.

Routes that answer put the ``Answer`` on ``request.state.answer``; the middleware adds its confidence and whether
it abstained to the log line and the answer counters. The question's text is logged only when
``CITEQA_LOG_QUESTIONS`` is on.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from citeqa.core.models import Answer

access_log = logging.getLogger("citeqa.access")
_BUCKETS = (0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    """The server's Prometheus metrics, in a registry of its own (one per app)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("citeqa_requests", "HTTP requests answered", ["route", "method", "status"],
                                registry=self.registry)
        self.latency = Histogram("citeqa_request_seconds", "Time to answer an HTTP request", ["route"],
                                 buckets=_BUCKETS, registry=self.registry)
        self.answers = Counter("citeqa_answers", "Questions answered or abstained", ["outcome"],
                               registry=self.registry)
        self.passages = Gauge("citeqa_index_passages", "Passages in the loaded index", registry=self.registry)
        self.documents = Gauge("citeqa_index_documents", "Documents in the loaded index", registry=self.registry)


def _route(request: Request) -> str:
    """The route's path template ("/passages/{passage_id}"), so that ids do not make new label values."""
    route = request.scope.get("route")
    return str(getattr(route, "path", None) or "unmatched")


def install(app: FastAPI, log_questions: bool) -> Metrics:
    """Add the access log and metrics middleware and the ``/metrics`` route to ``app``."""
    metrics = Metrics()

    @app.middleware("http")
    async def observe(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        seconds = time.perf_counter() - started
        route = _route(request)
        metrics.requests.labels(route, request.method, str(response.status_code)).inc()
        metrics.latency.labels(route).observe(seconds)
        line: dict[str, object] = {"method": request.method, "route": route, "status": response.status_code,
                                   "latency_ms": round(seconds * 1000, 1)}
        answer: Answer | None = getattr(request.state, "answer", None)
        if answer is not None:
            metrics.answers.labels("abstained" if answer.text is None else "answered").inc()
            line.update(confidence=answer.confidence, support=answer.support, abstained=answer.text is None,
                        language=answer.language)
            if log_questions:
                line.update(question=answer.question, answer=answer.text)
        access_log.info(json.dumps(line, ensure_ascii=False))
        return response

    @app.get("/metrics", include_in_schema=False)
    def scrape(request: Request) -> Response:
        """Prometheus text exposition of the server's metrics."""
        assistant = getattr(request.app.state, "assistant", None)
        if assistant is not None:
            metrics.passages.set(assistant.store.size)
            metrics.documents.set(len(assistant.store.sources()))
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    return metrics
