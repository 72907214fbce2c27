"""Background runs: started by `POST /runs`, executed in a thread pool, recorded in the registry.

Runs beyond the pool size wait with status `queued`. When the server stops, each running run
stops at its next progress event and becomes `interrupted`. Its checkpoints let
`POST /runs/{run_id}/resume` continue it later without redoing finished steps.
"""

from __future__ import annotations

import logging
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import fields
from typing import Any

from graph.context import ReviewContext
from graph.plan_edits import apply_plan_edits
from server.api.engine import ReviewEngine, RunCancelledError, RunOutcome
from server.api.errors import RunNotFoundError, RunStateError, describe_error
from server.api.review_request import PreparedReview
from server.api.run_registry import RESUMABLE, RunRecord, RunRegistry, record_event

logger = logging.getLogger(__name__)


class BackgroundRuns:
    """Starts, resumes and records background runs."""

    def __init__(self, engine: ReviewEngine, registry: RunRegistry, max_workers: int) -> None:
        self.engine = engine
        self.registry = registry
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="review-run")
        self._stopping = threading.Event()

    def start(self, prepared: PreparedReview) -> RunRecord:
        """Queue a new run and return its record."""
        run_id = str(uuid.uuid4())
        record = self.registry.create(
            run_id, dict(prepared.graph_input), prepared.context_settings()
        )
        logger.info("thread %s: background run queued", run_id)
        self._pool.submit(self._execute, run_id, resume=False, resume_value=None)
        return record

    def get(self, run_id: str) -> RunRecord:
        """Return the run's record; raise RunNotFoundError for an unknown id."""
        record = self.registry.get(run_id)
        if record is None:
            raise RunNotFoundError(run_id)
        return record

    def resume(self, run_id: str, plan: dict[str, Any] | None = None) -> RunRecord:
        """Queue the continuation of an interrupted, paused or failed run.

        `plan` (edits of the plan) is only accepted for a run paused for plan review. It is
        validated here, so an invalid edit fails the request instead of the run.
        """
        record = self.get(run_id)
        if record.status not in RESUMABLE:
            raise RunStateError(
                f"run {run_id} is {record.status}; only {', '.join(RESUMABLE)} runs can resume"
            )
        if plan is not None:
            paused_with = self.engine.pending_interrupt(run_id)
            if not isinstance(paused_with, dict) or "plan" not in paused_with:
                raise RunStateError(
                    f"run {run_id} is not waiting for a plan review; resume it without a plan"
                )
            apply_plan_edits(paused_with["plan"], plan)
        attempt = record.attempt + 1
        self.registry.update(run_id, status="queued", attempt=attempt, error=None, interrupt=None)
        logger.info("thread %s: resume queued (attempt %d)", run_id, attempt)
        self._pool.submit(self._execute, run_id, resume=True, resume_value=plan)
        return self.get(run_id)

    def stop(self) -> None:
        """Stop every run at its next step and mark unfinished runs interrupted."""
        self._stopping.set()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self.registry.mark_unfinished_interrupted()

    def _execute(self, run_id: str, *, resume: bool, resume_value: Any) -> None:
        record = self.get(run_id)
        if self._stopping.is_set():
            return
        self.registry.update(run_id, status="running")
        progress = record.progress

        def on_progress(event: dict[str, Any]) -> None:
            nonlocal progress
            if self._stopping.is_set():
                raise RunCancelledError(f"the server stopped during run {run_id}")
            progress = record_event(progress, event, record.attempt)
            self.registry.update(run_id, progress=progress)

        context = _context_from_record(record)
        try:
            if resume:
                outcome = self.engine.resume(
                    record.request,  # type: ignore[arg-type]
                    context=context,
                    thread_id=run_id,
                    resume_value=resume_value,
                    on_progress=on_progress,
                )
            else:
                outcome = self.engine.run(
                    record.request,  # type: ignore[arg-type]
                    context=context,
                    thread_id=run_id,
                    on_progress=on_progress,
                )
        except RunCancelledError:
            logger.warning("thread %s: interrupted because the server stops", run_id)
            self.registry.update(run_id, status="interrupted")
        except Exception as error:  # noqa: BLE001 (every failure is recorded on the run)
            status, body = describe_error(error, run_id)
            logger.warning(
                "thread %s: background run failed with %d: %s", run_id, status, body["detail"]
            )
            self.registry.update(run_id, status="failed", error={**body, "status_code": status})
        else:
            self._record_outcome(run_id, outcome)

    def _record_outcome(self, run_id: str, outcome: RunOutcome) -> None:
        if outcome.paused:
            self.registry.update(run_id, status="paused", interrupt=outcome.interrupt)
        else:
            self.registry.update(run_id, status="done", result=outcome.payload)
            logger.info("thread %s: background run done", run_id)


def _context_from_record(record: RunRecord) -> ReviewContext:
    """Rebuild the run settings, ignoring any that this version no longer has."""
    known = {f.name for f in fields(ReviewContext)}
    return ReviewContext(**{k: v for k, v in record.context.items() if k in known})
