"""How errors become HTTP responses: a status code and a JSON body, never a traceback.

Every error body has `error` (a short code) and `detail` (the message, which names the value
and the fix). Invalid input adds `field`, and errors of a run add `thread_id`.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from agents.errors import (
    DeadlineExceededError,
    InvalidRequestError,
    LibraryError,
    LitreviewError,
    ModelError,
    SourceError,
)

logger = logging.getLogger(__name__)

# Checked in order, so subclasses come before their base classes.
_STATUS_BY_ERROR: tuple[tuple[type[Exception], int, str], ...] = (
    (InvalidRequestError, 422, "invalid_request"),
    (LibraryError, 503, "library_unavailable"),
    (SourceError, 502, "source_failed"),
    (ModelError, 502, "model_failed"),
    (DeadlineExceededError, 504, "deadline_exceeded"),
    (LitreviewError, 500, "review_failed"),
)


class RunNotFoundError(LitreviewError):
    """No background run has the requested id."""

    def __init__(self, run_id: str) -> None:
        super().__init__(f"no run with id {run_id!r}; start one with POST /runs")
        self.run_id = run_id


class RunStateError(LitreviewError):
    """A run is in a state that does not allow the requested action."""


def describe_error(
    error: BaseException, thread_id: str | None = None
) -> tuple[int, dict[str, Any]]:
    """Return the HTTP status and JSON body for an error, logging unexpected ones."""
    status, code = 500, "internal_error"
    if isinstance(error, RunNotFoundError):
        status, code = 404, "not_found"
    elif isinstance(error, RunStateError):
        status, code = 409, "conflict"
    else:
        for error_type, mapped_status, mapped_code in _STATUS_BY_ERROR:
            if isinstance(error, error_type):
                status, code = mapped_status, mapped_code
                break
    if code == "internal_error":
        logger.error("thread %s: unexpected error", thread_id, exc_info=error)
        detail = "the review failed with an internal error; the server log has the details"
    else:
        detail = str(error)
    body: dict[str, Any] = {"error": code, "detail": detail}
    if isinstance(error, InvalidRequestError):
        body["field"] = error.field
    if thread_id:
        body["thread_id"] = thread_id
    return status, body


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that turn every error into a JSON response."""

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        first = error.errors()[0] if error.errors() else {}
        location = [str(part) for part in first.get("loc", ())]
        if location and location[0] in ("query", "body", "path", "header"):
            location = location[1:]
        field = ".".join(location) or "request"
        message = str(first.get("msg", "invalid value")).rstrip(".")
        if first.get("type") == "json_invalid":
            field = "body"
            message = 'the body is not valid JSON; send an object such as {"query": "..."}'
        value = first.get("input")
        value_text = "" if value is None or isinstance(value, dict) else f" (got {value!r:.80})"
        body = {
            "error": "invalid_request",
            "detail": f"invalid {field}: {message}{value_text}",
            "field": field,
        }
        return JSONResponse(status_code=422, content=body)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        code = {401: "unauthorized", 404: "not_found", 405: "method_not_allowed"}.get(
            error.status_code, "http_error"
        )
        return JSONResponse(
            status_code=error.status_code,
            content={"error": code, "detail": str(error.detail)},
            headers=getattr(error, "headers", None),
        )

    @app.exception_handler(LitreviewError)
    async def _review_error(request: Request, error: LitreviewError) -> JSONResponse:
        return _error_response(request, error)

    # Starlette sends this handler's response and then re-raises, so uvicorn logs the traceback.
    @app.exception_handler(Exception)
    async def _unexpected_error(request: Request, error: Exception) -> JSONResponse:
        return _error_response(request, error)


def _error_response(request: Request, error: Exception) -> JSONResponse:
    thread_id = getattr(request.state, "thread_id", None)
    status, body = describe_error(error, thread_id)
    if status >= 500 and body["error"] != "internal_error":
        logger.warning(
            "thread %s: %s %s failed with %d: %s",
            thread_id,
            request.method,
            request.url.path,
            status,
            body["detail"],
        )
    return JSONResponse(status_code=status, content=body)
