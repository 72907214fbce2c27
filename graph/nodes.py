"""Graph nodes: each reads the state, calls its agent's plain function and returns an update.

Nodes are synchronous on purpose: LangGraph runs them in worker threads, so blocking I/O
(SQLite, the arXiv client, model HTTP calls) never blocks an event loop, under `langgraph dev`
included.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any, Literal

from langgraph.config import get_stream_writer
from langgraph.runtime import Runtime
from langgraph.types import interrupt

from agents.assembler import assemble_review, write_framing
from agents.critic import review_section
from agents.errors import DeadlineExceededError, LibraryError
from agents.models import ModelCaller, TaskMeter
from agents.outline import build_outline
from agents.planner import plan_review, resolve_request
from agents.reader import read_paper
from agents.records import Plan, Verdict
from agents.request_validation import validate_request
from agents.searcher import find_papers
from agents.sources import open_source
from agents.sources.base import PaperSource
from agents.writer import write_section
from graph.context import ReviewContext
from graph.plan_edits import apply_plan_edits
from graph.state import ReaderTask, ReviewState, WriterTask, fresh

logger = logging.getLogger(__name__)

Role = Literal["planner", "reader", "writer", "critic"]


def _emit(event: str, **fields: Any) -> None:
    """Send a progress event to `stream_mode="custom"` listeners."""
    get_stream_writer()({"event": event, **fields})


def _caller(context: ReviewContext, role: Role, meter: TaskMeter) -> ModelCaller | None:
    if context.offline:
        return None
    caller = ModelCaller(
        context.model_for(role),
        timeout_seconds=context.model_timeout_seconds,
        max_retries=context.model_max_retries,
        max_concurrent_calls=context.max_concurrent_model_calls,
        structured_output_method=context.structured_output_method,
    )
    meter.callers.append(caller)
    return caller


def _check_deadline(run_started_at: float, runtime: Runtime[ReviewContext], node: str) -> None:
    """Raise DeadlineExceededError once this invocation has run past the deadline.

    The clock starts at the later of the run's start and the creation of this invocation's
    context, so a run resumed after a plan-review pause or a crash gets a fresh allowance.
    """
    context = runtime.context or ReviewContext()
    started_at = run_started_at
    if runtime.context is not None:
        started_at = max(started_at, runtime.context.created_at)
    elapsed = time.time() - started_at
    if elapsed > context.deadline_seconds:
        raise DeadlineExceededError(
            f"the run passed its deadline of {context.deadline_seconds:.0f} s after "
            f"{elapsed:.0f} s, before the {node} step; raise deadline_seconds "
            "(LITREVIEW_DEADLINE_SECONDS) or ask for fewer papers"
        )


def _source_name(state: ReviewState, context: ReviewContext) -> str:
    return state.get("run_source") or context.source


def _source(state: ReviewState, context: ReviewContext) -> PaperSource:
    return open_source(_source_name(state, context), library_path=Path(context.library_path))


def _vocabulary(context: ReviewContext) -> dict[str, int] | None:
    """Return the library's term frequencies for spelling fixes, or None without a library."""
    try:
        library = open_source("library", library_path=Path(context.library_path))
    except LibraryError:
        return None
    return library.term_document_frequencies()  # type: ignore[attr-defined, no-any-return]


_offline_noted = False


def _note_offline_once() -> None:
    """Log, once per process, that runs are offline and how to configure a model."""
    global _offline_noted
    if not _offline_noted:
        _offline_noted = True
        logger.warning(
            "running offline: the review is extracted from abstracts without a language model. "
            "For a model, set OPENAI_API_KEY (and OPENAI_BASE_URL for a compatible server) or "
            "LITREVIEW_MODEL=provider:model, or set the model in the run settings."
        )


def planner(state: ReviewState, runtime: Runtime[ReviewContext]) -> dict[str, Any]:
    """Validate the input, fix count and dates in code, and plan the review."""
    context = runtime.context or ReviewContext()
    started_at = time.time()
    meter = TaskMeter()
    papers_input = state.get("papers")
    request = validate_request(
        state.get("query"),
        papers_input if not isinstance(papers_input, list) else None,
        state.get("since"),
        state.get("until"),
    )
    _emit("node_started", node="planner")
    if context.offline:
        _note_offline_once()
    resolved = resolve_request(
        request,
        today=context.today(),
        recency_months=context.recency_months,
        default_papers=context.default_papers,
    )
    plan = plan_review(
        resolved,
        request=request.query,
        caller=_caller(context, "planner", meter),
        vocabulary=_vocabulary(context),
    )
    logger.info("planned %d papers on %r", plan["paper_count"], plan["topic"])
    _emit("node_finished", node="planner", topic=plan["topic"], papers=plan["paper_count"])
    # A thread keeps its state between runs: every per-run key starts afresh here, and the
    # optional input keys are cleared once the plan has absorbed them.
    return {
        "since": None,
        "until": None,
        "source": None,
        "run_source": state.get("source") or context.source,
        "run_started_at": started_at,
        "mode": "offline" if context.offline else "llm",
        "plan": plan,
        "screening": None,
        "notes": fresh(),
        "outline": [],
        "drafts": fresh(),
        "verdicts": fresh(),
        "node_stats": fresh({"planner": meter.stats()}),
        "warnings": fresh(resolved.warnings),
        "review": "",
        "references": [],
        "bibtex": "",
        "stats": {},
    }


def plan_review_gate(state: ReviewState, runtime: Runtime[ReviewContext]) -> dict[str, Any]:
    """Pause for a person to edit the plan when `review_plan` is set; otherwise pass through."""
    context = runtime.context or ReviewContext()
    if not context.review_plan:
        return {}
    edited = interrupt({"plan": state["plan"], "instructions": "Resume with an edited plan."})
    plan: Plan = apply_plan_edits(state["plan"], edited)
    return {"plan": plan}


def searcher(state: ReviewState, runtime: Runtime[ReviewContext]) -> dict[str, Any]:
    """Find, screen and select the papers."""
    context = runtime.context or ReviewContext()
    _check_deadline(state["run_started_at"], runtime, "searcher")
    meter = TaskMeter()
    _emit("node_started", node="searcher")
    outcome = find_papers(
        state["plan"],
        _source(state, context),
        pool_size=context.candidate_pool,
        caller=_caller(context, "planner", meter),
    )
    _emit(
        "papers_found",
        node="searcher",
        papers=[p["arxiv_id"] for p in outcome.papers],
        screening=outcome.screening,
    )
    _emit("node_finished", node="searcher", papers=len(outcome.papers))
    return {
        "papers": outcome.papers,
        "screening": outcome.screening,
        "warnings": outcome.warnings,
        "node_stats": {"searcher": meter.stats()},
    }


def reader(task: ReaderTask, runtime: Runtime[ReviewContext]) -> dict[str, Any]:
    """Take notes on one paper."""
    context = runtime.context or ReviewContext()
    _check_deadline(task["task_started_at"], runtime, "reader")
    meter = TaskMeter()
    paper = task["task_paper"]
    _emit("node_started", node="reader", arxiv_id=paper["arxiv_id"])
    notes = read_paper(paper, task["task_plan"], caller=_caller(context, "reader", meter))
    _emit("paper_read", node="reader", arxiv_id=paper["arxiv_id"])
    _emit("node_finished", node="reader", arxiv_id=paper["arxiv_id"])
    return {"notes": {paper["arxiv_id"]: notes}, "node_stats": {"reader": meter.stats()}}


def outline(state: ReviewState, runtime: Runtime[ReviewContext]) -> dict[str, Any]:
    """Assign the read papers to sections."""
    context = runtime.context or ReviewContext()
    meter = TaskMeter()
    _emit("node_started", node="outline")
    sections = build_outline(
        state["plan"], state["papers"], state.get("notes", {}), offline=context.offline
    )
    _emit("outline_ready", node="outline", sections=[s["title"] for s in sections])
    _emit("node_finished", node="outline", sections=len(sections))
    return {"outline": sections, "node_stats": {"outline": meter.stats()}}


def writer(task: WriterTask, runtime: Runtime[ReviewContext]) -> dict[str, Any]:
    """Draft or revise one section."""
    context = runtime.context or ReviewContext()
    _check_deadline(task["task_started_at"], runtime, "writer")
    meter = TaskMeter()
    section = task["task_section"]
    _emit("node_started", node="writer", section=section["title"])
    papers = {paper["arxiv_id"]: paper for paper in task["task_papers"]}
    draft = write_section(
        section,
        task["task_plan"],
        papers,
        task["task_notes"],
        previous=task["task_previous"],
        verdict=task["task_verdict"],
        caller=_caller(context, "writer", meter),
    )
    _emit("section_drafted", node="writer", section=section["title"], revision=draft["revision"])
    _emit("node_finished", node="writer", section=section["title"])
    return {"drafts": {section["section_id"]: draft}, "node_stats": {"writer": meter.stats()}}


def critic(state: ReviewState, runtime: Runtime[ReviewContext]) -> dict[str, Any]:
    """Review every draft that has no verdict yet for its current revision."""
    context = runtime.context or ReviewContext()
    _check_deadline(state["run_started_at"], runtime, "critic")
    meter = TaskMeter()
    _emit("node_started", node="critic")
    papers = {paper["arxiv_id"]: paper for paper in state["papers"]}
    verdicts: dict[str, Verdict] = {}
    for section in state["outline"]:
        draft = state["drafts"].get(section["section_id"])
        previous = state.get("verdicts", {}).get(section["section_id"])
        if draft is None or (previous is not None and previous["revision"] == draft["revision"]):
            continue
        verdict = review_section(
            draft,
            section,
            state["plan"],
            papers,
            state["notes"],
            caller=_caller(context, "critic", meter),
            max_revisions=context.max_revisions,
        )
        verdicts[section["section_id"]] = verdict
        _emit(
            "section_verdict",
            node="critic",
            section=section["title"],
            decision=verdict["decision"],
            revision=verdict["revision"],
            problems=verdict["problems"],
        )
    _emit("node_finished", node="critic", reviewed=len(verdicts))
    return {"verdicts": verdicts, "node_stats": {"critic": meter.stats()}}


def assemble(state: ReviewState, runtime: Runtime[ReviewContext]) -> dict[str, Any]:
    """Write the framing and join everything into the final review."""
    context = runtime.context or ReviewContext()
    meter = TaskMeter()
    _emit("node_started", node="assemble")
    papers = state.get("papers") or []
    if not isinstance(papers, list) or not papers:
        _emit("node_finished", node="assemble", references=0)
        return _no_papers_result(state, context)
    by_id = {paper["arxiv_id"]: paper for paper in papers}
    framing = write_framing(
        state["plan"],
        state["outline"],
        state["drafts"],
        by_id,
        state["notes"],
        caller=_caller(context, "writer", meter),
    )
    assembled = assemble_review(
        plan=state["plan"],
        outline=state["outline"],
        drafts=state["drafts"],
        framing=framing,
        papers=papers,
        screening=state.get("screening"),
        source_name=_source_name(state, context),
        offline=context.offline,
        warnings=state.get("warnings", []),
    )
    node_stats = dict(state.get("node_stats", {}))
    node_stats["assemble"] = meter.stats()
    _emit("node_finished", node="assemble", references=len(assembled.references))
    return {
        "review": assembled.markdown,
        "references": assembled.references,
        "bibtex": assembled.bibtex,
        "stats": _run_stats(state, node_stats),
        "node_stats": {"assemble": node_stats["assemble"]},
    }


def _no_papers_result(state: ReviewState, context: ReviewContext) -> dict[str, Any]:
    plan = state["plan"]
    source = "arXiv" if _source_name(state, context) == "arxiv" else "the local library"
    has_window = bool(plan["since"] or plan["until"])
    window = " within the requested date window" if has_window else ""
    advice = (
        "broader words, a wider date window (`since`/`until`)"
        if has_window
        else ("broader or more common words")
    )
    message = (
        f"# No papers found\n\nlitreview found no papers on **{plan['topic']}** in {source}"
        f"{window}, so no review was written. Try {advice}, or the other source.\n"
    )
    return {
        "review": message,
        "references": [],
        "bibtex": "",
        "papers": [],
        "stats": _run_stats(state, dict(state.get("node_stats", {}))),
    }


def _run_stats(state: ReviewState, node_stats: dict[str, Any]) -> dict[str, Any]:
    verdicts = state.get("verdicts", {})
    return {
        "nodes": node_stats,
        "revisions": {
            section_id: draft["revision"] for section_id, draft in state.get("drafts", {}).items()
        },
        "open_problems": {
            section_id: verdict["problems"]
            for section_id, verdict in verdicts.items()
            if verdict.get("forced")
        },
        "screening": state.get("screening"),
        "window": {"since": state["plan"]["since"], "until": state["plan"]["until"]},
        "papers_requested": state["plan"]["paper_count"],
        "papers_selected": len(state.get("papers") or []),
        "warnings": list(state.get("warnings", [])),
        "seconds": round(time.time() - state["run_started_at"], 3),
    }
