"""Errors as HTTP responses: core's typed errors mapped to status codes, validation errors that name the field
and the limit without echoing the input, and OpenAI's error shape on the ``/v1`` routes.

A validation error never repeats what was sent: a 5,000-character question is not sent back, and a value JSON
cannot hold (a lone surrogate, NaN) cannot turn a 422 into a 500.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Route

from citeqa.core.errors import (
    CiteqaError,
    DocumentNotFoundError,
    IndexBusyError,
    IndexWriteError,
    InvalidQuestionError,
    NoDocumentsError,
    PassageNotFoundError,
)

OPENAI_PREFIX = "/v1"
_OPENAI_TYPES = {400: "invalid_request_error", 401: "authentication_error", 404: "not_found_error",
                 413: "invalid_request_error", 422: "invalid_request_error", 500: "server_error",
                 503: "server_error"}


def field_errors(errors: list[Any]) -> list[dict[str, Any]]:
    """Validation errors as ``{"loc", "msg", "type"}``: where and why, never the input itself."""
    out = []
    for error in errors:
        loc = [part if isinstance(part, int) else str(part) for part in error.get("loc", ())]
        message = str(error.get("msg", "invalid value")).encode("utf-8", "replace").decode("utf-8")
        out.append({"loc": loc, "msg": message, "type": str(error.get("type", "value_error"))})
    return out


def error_content(path: str, status: int, message: str, detail: list[dict[str, Any]] | str | None = None,
                  param: str | None = None) -> dict[str, Any]:
    """An error body in the shape of the route at ``path``: OpenAI's under ``/v1``, ``{"detail": …}`` elsewhere
    (``detail`` defaults to the message). The middlewares in ``citeqa.api.limits`` answer with it too."""
    if path.startswith(OPENAI_PREFIX):
        return {"error": {"message": message, "type": _OPENAI_TYPES.get(status, "server_error"), "param": param,
                          "code": None}}
    return {"detail": message if detail is None else detail}


def _respond(request: Request, status: int, message: str, detail: list[dict[str, Any]] | str,
             headers: dict[str, str] | None = None, param: str | None = None) -> JSONResponse:
    """The error in the shape of the route it came from (``error_content``)."""
    return JSONResponse(error_content(request.url.path, status, message, detail, param), status_code=status,
                        headers=headers)


def _summary(detail: list[dict[str, Any]]) -> tuple[str, str | None]:
    parts = [f"{'.'.join(str(p) for p in d['loc'][1:] or d['loc'])}: {d['msg']}" for d in detail]
    first = detail[0]["loc"] if detail else []
    return "; ".join(parts) or "invalid request", ".".join(str(p) for p in first[1:]) or None


def install(app: FastAPI) -> None:
    """Register the error handlers on ``app``."""

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        detail = field_errors(list(exc.errors()))
        message, param = _summary(detail)
        return _respond(request, 422, message, detail, param=param)

    @app.exception_handler(InvalidQuestionError)
    async def _invalid(request: Request, exc: InvalidQuestionError) -> JSONResponse:
        detail = [{"loc": ["body", "question"], "msg": str(exc), "type": "value_error"}]
        return _respond(request, 422, str(exc), detail, param="question")

    @app.exception_handler(PassageNotFoundError)
    @app.exception_handler(DocumentNotFoundError)
    async def _not_found(request: Request, exc: CiteqaError) -> JSONResponse:
        return _respond(request, 404, str(exc), str(exc))

    @app.exception_handler(IndexBusyError)
    async def _busy(request: Request, exc: IndexBusyError) -> JSONResponse:
        return _respond(request, 409, str(exc), str(exc), headers={"Retry-After": "5"})

    @app.exception_handler(NoDocumentsError)
    async def _empty(request: Request, exc: NoDocumentsError) -> JSONResponse:
        return _respond(request, 409, str(exc), str(exc))

    @app.exception_handler(IndexWriteError)
    async def _unwritable(request: Request, exc: IndexWriteError) -> JSONResponse:
        return _respond(request, 507, str(exc), str(exc))

    @app.exception_handler(CiteqaError)
    async def _other(request: Request, exc: CiteqaError) -> JSONResponse:
        return _respond(request, 500, str(exc), str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = str(exc.detail)
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405:  # Starlette names only the first route of the path; a path may have several
            headers = {**(headers or {}), "Allow": ", ".join(allowed_methods(request))}
        return _respond(request, exc.status_code, message, message, headers=headers)


def allowed_methods(request: Request) -> list[str]:
    """The methods that the routes matching the request's path take."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        if isinstance(route, Route) and route.matches(request.scope)[0] is not Match.NONE:
            methods |= route.methods or set()
    return sorted(methods)
