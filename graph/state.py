"""State of the review graph: input, output and the full working state.

A LangGraph thread keeps its state between runs, so the planner resets every per-run key at
the start of a run. Keys written by parallel tasks (reader, writer) merge through reducers that
also accept the reset marker RESET.
"""

from __future__ import annotations

from typing import Annotated, Any, NotRequired, Required, TypedDict

from agents.records import (
    NodeStats,
    OutlineSection,
    PaperNotes,
    Plan,
    Reference,
    ScreeningReport,
    SectionDraft,
    Verdict,
)
from agents.sources.paper import Paper

RESET: dict[str, Any] = {"__reset__": True}
"""Write this to a merged key to empty it; reducers compare by value, so it survives checkpoints."""


def merge_by_key(current: dict[str, Any] | None, update: dict[str, Any] | None) -> dict[str, Any]:
    """Merge dicts written by parallel tasks; the RESET marker empties the key."""
    if update == RESET:
        return {}
    return {**(current or {}), **(update or {})}


def sum_node_stats(
    current: dict[str, NodeStats] | None, update: dict[str, NodeStats] | None
) -> dict[str, NodeStats]:
    """Add per-node counters written by parallel tasks; the RESET marker empties the key."""
    if update == RESET:
        return {}
    merged: dict[str, NodeStats] = {name: dict(stats) for name, stats in (current or {}).items()}  # type: ignore[misc]
    for name, stats in (update or {}).items():
        if name not in merged:
            merged[name] = dict(stats)  # type: ignore[assignment]
            continue
        total = merged[name]
        for counter in ("runs", "model_calls", "prompt_tokens", "completion_tokens"):
            total[counter] += stats[counter]  # type: ignore[literal-required]
        total["seconds"] = round(total["seconds"] + stats["seconds"], 3)
    return merged


def extend_list(current: list[str] | None, update: list[str] | dict[str, Any] | None) -> list[str]:
    """Append items written by parallel tasks; the RESET marker empties the key."""
    if update == RESET:
        return []
    return [*(current or []), *(update or [])]  # type: ignore[misc]


class ReviewInput(TypedDict, total=False):
    """What a caller sends: the request, and optional overrides of what it says."""

    query: Required[str]
    """The request in plain words, for example 'Review 10 recent papers on graph neural networks'."""
    papers: int | None
    """Number of papers to review (1 to 50); overrides the number in the request."""
    since: str | None
    """First publication date to include, YYYY, YYYY-MM or YYYY-MM-DD."""
    until: str | None
    """Last publication date to include, YYYY, YYYY-MM or YYYY-MM-DD."""
    source: str | None
    """Paper source for this run, `library` or `arxiv`; overrides the settings."""


class ReviewOutput(TypedDict, total=False):
    """What a finished run returns."""

    review: str
    references: list[Reference]
    papers: list[Paper]
    bibtex: str
    mode: str
    stats: dict[str, Any]


class ReviewState(TypedDict, total=False):
    """Everything the nodes read and write during a run."""

    query: Required[str]
    papers: NotRequired[Any]
    """On input, the requested number of papers; from the searcher on, the selected papers."""
    since: str | None
    until: str | None
    source: str | None

    run_started_at: float
    """Unix time the planner started this run; nodes compare it with the deadline."""
    mode: str
    plan: Plan
    screening: ScreeningReport
    notes: Annotated[dict[str, PaperNotes], merge_by_key]
    outline: list[OutlineSection]
    drafts: Annotated[dict[str, SectionDraft], merge_by_key]
    verdicts: Annotated[dict[str, Verdict], merge_by_key]
    revisions: dict[str, int]
    node_stats: Annotated[dict[str, NodeStats], sum_node_stats]
    warnings: Annotated[list[str], extend_list]

    review: str
    references: list[Reference]
    bibtex: str
    stats: dict[str, Any]


class ReaderTask(TypedDict):
    """Input of one reader task, sent by the searcher's fan-out.

    Task keys differ from state keys so LangGraph never mixes the two.
    """

    task_paper: Paper
    task_plan: Plan
    task_mode: str
    task_started_at: float


class WriterTask(TypedDict):
    """Input of one writer task: the section, its papers' notes and any critic instructions."""

    task_section: OutlineSection
    task_plan: Plan
    task_notes: dict[str, PaperNotes]
    task_papers: list[Paper]
    task_previous: SectionDraft | None
    task_verdict: Verdict | None
    task_mode: str
    task_started_at: float
