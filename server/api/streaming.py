"""Server-Sent Events for one review: progress events while the graph runs, then the result.

The run executes in a worker thread; its progress events cross to the event loop through an
asyncio queue. If the client disconnects, the run stops at its next progress event.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import AsyncIterator
from typing import Any

import anyio.to_thread
from sse_starlette import ServerSentEvent

from server.api.engine import ReviewEngine, RunCancelledError
from server.api.errors import describe_error
from server.api.review_request import PreparedReview

logger = logging.getLogger(__name__)

_DONE = object()


def _event(name: str, data: Any) -> ServerSentEvent:
    return ServerSentEvent(event=name, data=json.dumps(data, ensure_ascii=False, default=str))


async def review_events(
    engine: ReviewEngine, prepared: PreparedReview, thread_id: str
) -> AsyncIterator[ServerSentEvent]:
    """Yield `started`, the graph's progress events by name, then `result` or `error`."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[Any] = asyncio.Queue()
    client_left = threading.Event()

    def on_progress(event: dict[str, Any]) -> None:
        if client_left.is_set():
            raise RunCancelledError(f"the client of stream {thread_id} disconnected")
        loop.call_soon_threadsafe(queue.put_nowait, event)

    def work() -> None:
        try:
            outcome = engine.run(
                prepared.graph_input,
                context=prepared.context,
                thread_id=thread_id,
                on_progress=on_progress,
            )
            final = _event("result", outcome.payload)
        except RunCancelledError:
            logger.info("thread %s: stream stopped because its client disconnected", thread_id)
            final = _event("error", {"error": "cancelled", "detail": "the client disconnected"})
        except Exception as error:  # noqa: BLE001 (every failure becomes an `error` event)
            status, body = describe_error(error, thread_id)
            logger.warning(
                "thread %s: stream failed with %d: %s", thread_id, status, body["detail"]
            )
            final = _event("error", {**body, "status_code": status})
        loop.call_soon_threadsafe(queue.put_nowait, final)
        loop.call_soon_threadsafe(queue.put_nowait, _DONE)

    worker = asyncio.ensure_future(anyio.to_thread.run_sync(work))
    try:
        yield _event("started", {"event": "started", "thread_id": thread_id})
        while (item := await queue.get()) is not _DONE:
            if isinstance(item, ServerSentEvent):
                yield item
            else:
                yield _event(str(item.get("event", "progress")), item)
    finally:
        client_left.set()
        # The worker catches every error itself; it may still be finishing its current step.
        del worker
