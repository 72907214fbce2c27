"""Wiring of the review graph: nodes, edges and fan-outs, nothing else.

planner → plan_review → searcher → reader (one task per paper) → outline → writer (one task
per section) → critic → writer again for rejected sections only → ... → assemble.
"""

from __future__ import annotations

from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import RetryPolicy, Send

from graph import nodes
from graph.context import MAX_REVISIONS_LIMIT, ReviewContext
from graph.state import ReaderTask, ReviewInput, ReviewOutput, ReviewState, WriterTask

PLANNER = "planner"
PLAN_REVIEW = "plan_review"
SEARCHER = "searcher"
READER = "reader"
OUTLINE = "outline"
WRITER = "writer"
CRITIC = "critic"
ASSEMBLE = "assemble"

# Enough steps for the longest legal run: 8 fixed steps plus a writer and a critic step per
# allowed revision, with max_revisions at most MAX_REVISIONS_LIMIT.
RECURSION_LIMIT = 8 + 2 * MAX_REVISIONS_LIMIT + 4

# Transient failures only: a timed-out source or model is retried, a bad request is not.
_RETRY = RetryPolicy(max_attempts=2, initial_interval=1.0, retry_on=(TimeoutError, ConnectionError))


def fan_out_readers(state: ReviewState) -> list[Send] | str:
    """Send each selected paper to its own reader task, or skip to assembly with none."""
    papers = state.get("papers") or []
    if not isinstance(papers, list) or not papers:
        return ASSEMBLE
    return [
        Send(
            READER,
            ReaderTask(
                task_paper=paper,
                task_plan=state["plan"],
                task_mode=state["mode"],
                task_started_at=state["run_started_at"],
            ),
        )
        for paper in papers
    ]


def fan_out_writers(state: ReviewState) -> list[Send] | str:
    """Send each section to a writer task: first drafts, or rewrites of rejected sections."""
    verdicts = state.get("verdicts", {})
    drafts = state.get("drafts", {})
    tasks = []
    for section in state.get("outline", []):
        previous = drafts.get(section["section_id"])
        verdict = verdicts.get(section["section_id"])
        needs_draft = previous is None
        rejected = (
            previous is not None
            and verdict is not None
            and verdict["decision"] == "revise"
            and verdict["revision"] == previous["revision"]
        )
        if needs_draft or rejected:
            tasks.append(_writer_send(state, section, previous, verdict if rejected else None))
    return tasks or ASSEMBLE


def _writer_send(state: ReviewState, section: Any, previous: Any, verdict: Any) -> Send:
    wanted = set(section["paper_ids"])
    papers = [paper for paper in state["papers"] if paper["arxiv_id"] in wanted]
    return Send(
        WRITER,
        WriterTask(
            task_section=section,
            task_plan=state["plan"],
            task_notes={pid: note for pid, note in state["notes"].items() if pid in wanted},
            task_papers=papers,
            task_previous=previous,
            task_verdict=verdict,
            task_mode=state["mode"],
            task_started_at=state["run_started_at"],
        ),
    )


ReviewGraph = CompiledStateGraph[ReviewState, ReviewContext, ReviewInput, ReviewOutput]


def build_graph(checkpointer: BaseCheckpointSaver[Any] | None = None) -> ReviewGraph:
    """Compile the review graph, optionally with a checkpointer for resumable runs."""
    builder = StateGraph(
        ReviewState,
        context_schema=ReviewContext,
        input_schema=ReviewInput,
        output_schema=ReviewOutput,
    )
    builder.add_node(PLANNER, nodes.planner, retry_policy=_RETRY)
    builder.add_node(PLAN_REVIEW, nodes.plan_review_gate)
    builder.add_node(SEARCHER, nodes.searcher, retry_policy=_RETRY)
    # Reader and writer tasks receive a task dict from Send, not the state, which LangGraph's
    # add_node overloads do not express.
    builder.add_node(READER, nodes.reader, input_schema=ReaderTask, retry_policy=_RETRY)  # type: ignore[call-overload]
    builder.add_node(OUTLINE, nodes.outline)
    builder.add_node(WRITER, nodes.writer, input_schema=WriterTask, retry_policy=_RETRY)  # type: ignore[call-overload]
    builder.add_node(CRITIC, nodes.critic, retry_policy=_RETRY)
    builder.add_node(ASSEMBLE, nodes.assemble, retry_policy=_RETRY)

    builder.add_edge(START, PLANNER)
    builder.add_edge(PLANNER, PLAN_REVIEW)
    builder.add_edge(PLAN_REVIEW, SEARCHER)
    builder.add_conditional_edges(SEARCHER, fan_out_readers, [READER, ASSEMBLE])
    builder.add_edge(READER, OUTLINE)
    builder.add_conditional_edges(OUTLINE, fan_out_writers, [WRITER, ASSEMBLE])
    builder.add_edge(WRITER, CRITIC)
    builder.add_conditional_edges(CRITIC, fan_out_writers, [WRITER, ASSEMBLE])
    builder.add_edge(ASSEMBLE, END)
    compiled = builder.compile(checkpointer=checkpointer, name="litreview")
    return compiled.with_config(recursion_limit=RECURSION_LIMIT)


graph = build_graph()
"""The compiled graph without a checkpointer, as `langgraph.json` names it."""
