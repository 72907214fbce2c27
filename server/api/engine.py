"""The review graph as the server runs it: one compiled graph over the shared checkpointer.

Runs are synchronous (`graph.stream` in a worker thread), so callers on the event loop hand
them to a thread. Each run has its own thread id, and with it its own checkpointed state.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.types import Command

from agents.errors import LitreviewError
from graph.builder import build_graph
from graph.context import ReviewContext
from graph.state import ReviewInput
from server.review_runs import ProgressHandler, result_payload, stream_review

logger = logging.getLogger(__name__)


class RunCancelledError(LitreviewError):
    """A run was stopped between two steps because its client left or the server stops."""


@dataclass(frozen=True)
class RunOutcome:
    """The end of a run: a result payload, or the interrupt value it paused with."""

    payload: dict[str, Any] | None = None
    interrupt: Any = None
    """Value the graph paused with (the plan, when `review_plan` is set), or None."""

    @property
    def paused(self) -> bool:
        """Whether the run waits to be resumed instead of having finished."""
        return self.payload is None


class ReviewEngine:
    """Runs and resumes reviews on one compiled graph; safe to share between threads."""

    def __init__(self, checkpointer: BaseCheckpointSaver[Any]) -> None:
        self.graph = build_graph(checkpointer)

    def run(
        self,
        graph_input: ReviewInput | Command | None,
        *,
        context: ReviewContext,
        thread_id: str,
        on_progress: ProgressHandler | None = None,
    ) -> RunOutcome:
        """Run a review (or continue one, with input None or a Command) to its end or a pause."""
        logger.info("thread %s: run started (model %s)", thread_id, context.model)
        payload = stream_review(
            self.graph,
            graph_input,  # type: ignore[arg-type]
            context=context,
            thread_id=thread_id,
            on_progress=on_progress,
        )
        snapshot = self.graph.get_state(_config(thread_id))
        if snapshot.interrupts:
            logger.info("thread %s: run paused at an interrupt", thread_id)
            return RunOutcome(interrupt=snapshot.interrupts[0].value)
        return RunOutcome(payload=payload)

    def resume(
        self,
        original_input: ReviewInput,
        *,
        context: ReviewContext,
        thread_id: str,
        resume_value: Any = None,
        on_progress: ProgressHandler | None = None,
    ) -> RunOutcome:
        """Continue a thread from its last checkpoint without redoing finished steps.

        A thread paused at an interrupt gets `resume_value` (True when None, which keeps the
        plan). A thread that never reached a checkpoint starts again from `original_input`,
        and a finished thread returns its stored result.
        """
        snapshot = self.graph.get_state(_config(thread_id))
        graph_input: ReviewInput | Command | None
        if snapshot.interrupts:
            graph_input = Command(resume=True if resume_value is None else resume_value)
        elif snapshot.next:
            graph_input = None
        elif not snapshot.values:
            graph_input = original_input
        else:
            logger.info("thread %s: already finished, returning its stored result", thread_id)
            return RunOutcome(payload=result_payload(snapshot.values, thread_id))
        return self.run(graph_input, context=context, thread_id=thread_id, on_progress=on_progress)

    def pending_interrupt(self, thread_id: str) -> Any:
        """Return the value the thread is paused with, or None when it waits for nothing."""
        snapshot = self.graph.get_state(_config(thread_id))
        return snapshot.interrupts[0].value if snapshot.interrupts else None


def _config(thread_id: str) -> RunnableConfig:
    return {"configurable": {"thread_id": thread_id}}
