"""`/agent` and `/agent/stream`: one review per request, returned when done or streamed."""

from __future__ import annotations

import logging
import uuid
from typing import Annotated, Any

import anyio.to_thread
from fastapi import APIRouter, Depends, Request
from sse_starlette import EventSourceResponse

from server.api.engine import ReviewEngine
from server.api.review_request import (
    ReviewRequest,
    prepare_review,
    review_request_from_query,
)
from server.api.streaming import review_events

logger = logging.getLogger(__name__)

router = APIRouter(tags=["reviews"])

_REVIEW_DOC = (
    "Returns `message` (the Markdown review), `thread_id`, `references`, `papers`, `bibtex`, "
    "`mode` and `stats`: the same object as `litreview review --json`."
)
_STREAM_DOC = (
    "Server-Sent Events: `started` with the thread id, the graph's progress events by name "
    "(`node_started`, `node_finished`, `papers_found`, `paper_read`, `outline_ready`, "
    "`section_drafted`, `section_verdict`), then `result` with the review object, or `error` "
    "with a JSON message."
)


def _engine(request: Request) -> ReviewEngine:
    engine: ReviewEngine = request.app.state.engine
    return engine


async def _review(request: Request, review: ReviewRequest) -> dict[str, Any]:
    prepared = prepare_review(review)
    thread_id = str(uuid.uuid4())
    request.state.thread_id = thread_id
    logger.info("thread %s: %s %s", thread_id, request.method, request.url.path)
    engine = _engine(request)
    outcome = await anyio.to_thread.run_sync(
        lambda: engine.run(prepared.graph_input, context=prepared.context, thread_id=thread_id)
    )
    return outcome.payload or {}


def _stream(request: Request, review: ReviewRequest) -> EventSourceResponse:
    prepared = prepare_review(review)
    thread_id = str(uuid.uuid4())
    logger.info("thread %s: %s %s", thread_id, request.method, request.url.path)
    return EventSourceResponse(review_events(_engine(request), prepared, thread_id), ping=15)


@router.get("/agent", summary="Write a review (query string)", description=_REVIEW_DOC)
async def get_agent(
    request: Request, review: Annotated[ReviewRequest, Depends(review_request_from_query)]
) -> dict[str, Any]:
    return await _review(request, review)


@router.post("/agent", summary="Write a review (JSON body)", description=_REVIEW_DOC)
async def post_agent(request: Request, review: ReviewRequest) -> dict[str, Any]:
    return await _review(request, review)


@router.get(
    "/agent/stream",
    summary="Stream a review's progress (query string)",
    description=_STREAM_DOC,
    response_class=EventSourceResponse,
)
async def get_agent_stream(
    request: Request, review: Annotated[ReviewRequest, Depends(review_request_from_query)]
) -> EventSourceResponse:
    return _stream(request, review)


@router.post(
    "/agent/stream",
    summary="Stream a review's progress (JSON body)",
    description=_STREAM_DOC,
    response_class=EventSourceResponse,
)
async def post_agent_stream(request: Request, review: ReviewRequest) -> EventSourceResponse:
    return _stream(request, review)
