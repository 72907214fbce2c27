"""`/runs`: background reviews that outlive the request and the server process."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from server.api.background import BackgroundRuns
from server.api.review_request import RunRequest, prepare_review
from server.api.run_registry import RunRecord

router = APIRouter(prefix="/runs", tags=["background runs"])


class ResumeRequest(BaseModel):
    """Optional body of a resume: the edited plan for a run paused for plan review."""

    model_config = ConfigDict(extra="forbid")

    plan: dict[str, Any] | None = Field(
        default=None,
        description="Plan fields to change (topic, focus, paper_count, since, until, sections, "
        "queries); only for a run with status `paused`.",
    )


def _runs(request: Request) -> BackgroundRuns:
    runs: BackgroundRuns = request.app.state.runs
    return runs


def _describe(record: RunRecord, request: Request) -> dict[str, Any]:
    body: dict[str, Any] = {
        "run_id": record.run_id,
        "thread_id": record.run_id,
        "status": record.status,
        "status_url": str(request.url_for("get_run", run_id=record.run_id)),
        "created_at": record.created_at,
        "updated_at": record.updated_at,
        "attempt": record.attempt,
        "request": record.request,
        "progress": record.progress,
    }
    if record.status == "paused":
        body["interrupt"] = record.interrupt
    if record.result is not None:
        body["result"] = record.result
    if record.error is not None:
        body["error"] = record.error
    return body


@router.post("", status_code=202, summary="Start a review in the background")
async def start_run(request: Request, run: RunRequest, response: Response) -> dict[str, Any]:
    """Return `run_id` and `status_url` at once; poll the status URL for progress and result."""
    prepared = prepare_review(run, review_plan=run.review_plan)
    record = await run_in_threadpool(_runs(request).start, prepared)
    request.state.thread_id = record.run_id
    status_url = str(request.url_for("get_run", run_id=record.run_id))
    response.headers["Location"] = status_url
    return {"run_id": record.run_id, "status_url": status_url, "status": record.status}


@router.get("/{run_id}", name="get_run", summary="Status, progress and result of a run")
async def get_run(request: Request, run_id: str) -> dict[str, Any]:
    """Status is queued, running, paused (waiting for a plan review), done, failed or
    interrupted (the server stopped while it ran)."""
    request.state.thread_id = run_id
    record = await run_in_threadpool(_runs(request).get, run_id)
    return _describe(record, request)


@router.post(
    "/{run_id}/resume", status_code=202, summary="Continue an interrupted, paused or failed run"
)
async def resume_run(
    request: Request, run_id: str, resume: ResumeRequest | None = None
) -> dict[str, Any]:
    """Continue from the last checkpoint; finished steps are not run again."""
    request.state.thread_id = run_id
    plan = resume.plan if resume is not None else None
    record = await run_in_threadpool(_runs(request).resume, run_id, plan)
    return _describe(record, request)
