"""Running a review the same way for the CLI and the REST API.

Both return the same result object: `message` (the Markdown review) plus `references`,
`papers`, `bibtex`, `mode`, `stats` and `thread_id`.
"""

from __future__ import annotations

import logging
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.types import Command, StreamMode

from agents.errors import InvalidRequestError
from agents.sources.locations import default_checkpoint_path
from graph.builder import ReviewGraph, build_graph
from graph.context import ReviewContext
from graph.state import ReviewInput

logger = logging.getLogger(__name__)

ProgressHandler = Callable[[dict[str, Any]], None]
STREAM_MODES: list[StreamMode] = ["custom", "values"]


def review_input(
    query: str,
    *,
    papers: int | None = None,
    since: str | None = None,
    until: str | None = None,
    source: str | None = None,
) -> ReviewInput:
    """Build graph input with every optional key present, so a reused thread forgets old values."""
    return ReviewInput(query=query, papers=papers, since=since, until=until, source=source)


def result_payload(values: dict[str, Any], thread_id: str) -> dict[str, Any]:
    """Shape the final graph state as the CLI's `--json` and the REST API return it."""
    papers = values.get("papers")
    return {
        "message": values.get("review", ""),
        "thread_id": thread_id,
        "references": values.get("references", []),
        "papers": papers if isinstance(papers, list) else [],
        "bibtex": values.get("bibtex", ""),
        "mode": values.get("mode", ""),
        "stats": values.get("stats", {}),
    }


@contextmanager
def open_checkpointer(path: Path | None = None) -> Iterator[SqliteSaver]:
    """Open the SQLite checkpoint store (`LITREVIEW_CHECKPOINTS` by default), creating it."""
    target = path or default_checkpoint_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(str(target), check_same_thread=False)
    try:
        yield SqliteSaver(connection)
    finally:
        connection.close()


def stream_review(
    graph: ReviewGraph,
    graph_input: ReviewInput | Command[Any] | None,
    *,
    context: ReviewContext,
    thread_id: str,
    on_progress: ProgressHandler | None = None,
) -> dict[str, Any]:
    """Run a review and return the result payload.

    `graph_input` None resumes a run that stopped midway; a `Command(resume=...)` answers the
    plan-review pause.

    Progress events go to `on_progress` as they happen.
    """
    config: RunnableConfig = {"configurable": {"thread_id": thread_id}}
    if graph_input is None and not graph.get_state(config).values:
        raise InvalidRequestError(
            "thread id",
            f"no run with thread id {thread_id!r} to resume; check the id, or start a new "
            "review without --resume",
        )
    values: dict[str, Any] = {}
    # With a list of stream modes, LangGraph yields (mode, chunk) pairs.
    for mode, chunk in graph.stream(graph_input, config, context=context, stream_mode=STREAM_MODES):
        if mode == "custom" and on_progress is not None:
            on_progress(cast(dict[str, Any], chunk))
        elif mode == "values":
            values = cast(dict[str, Any], chunk)
    logger.info("thread %s: run finished", thread_id)
    return result_payload(values, thread_id)


def run_review(
    graph_input: ReviewInput | None,
    *,
    context: ReviewContext,
    thread_id: str | None = None,
    checkpoint_path: Path | None = None,
    on_progress: ProgressHandler | None = None,
) -> dict[str, Any]:
    """Run a review on a checkpointed thread (a new one unless `thread_id` is given)."""
    thread = thread_id or str(uuid.uuid4())
    with open_checkpointer(checkpoint_path) as checkpointer:
        graph = build_graph(checkpointer)
        return stream_review(
            graph, graph_input, context=context, thread_id=thread, on_progress=on_progress
        )
