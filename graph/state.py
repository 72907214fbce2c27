"""State of the review graph: input, output and the full working state.

A LangGraph thread keeps its state between runs, so the planner resets every per-run key at
the start of a run. Keys written by parallel tasks (reader, writer) merge through reducers that
also accept the reset marker RESET.
"""

from __future__ import annotations

from typing import Annotated, Any, NotRequired, Required

from pydantic import ConfigDict, with_config
from typing_extensions import TypedDict

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

RESET_KEY = "__reset__"


def fresh(entries: dict[str, Any] | list[Any] | None = None) -> dict[str, Any]:
    """Wrap a write to a merged key so it replaces the old value instead of merging with it.

    The marker is a plain dict key, so it survives checkpoints, where object identity does not.
    """
    if isinstance(entries, list):
        return {RESET_KEY: True, "items": entries}
    return {RESET_KEY: True, **(entries or {})}


def _split_reset(update: Any) -> tuple[bool, Any]:
    if isinstance(update, dict) and update.get(RESET_KEY):
        rest = {key: value for key, value in update.items() if key != RESET_KEY}
        return True, rest.get("items", []) if set(rest) == {"items"} else rest
    return False, update


def merge_by_key(current: dict[str, Any] | None, update: dict[str, Any] | None) -> dict[str, Any]:
    """Merge dicts written by parallel tasks; a `fresh(...)` write replaces the value."""
    reset, entries = _split_reset(update)
    return {**({} if reset else (current or {})), **(entries or {})}


def sum_node_stats(
    current: dict[str, NodeStats] | None, update: dict[str, NodeStats] | None
) -> dict[str, NodeStats]:
    """Add per-node counters written by parallel tasks; a `fresh(...)` write replaces the value."""
    reset, update = _split_reset(update)
    if reset:
        current = {}
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
    """Append items written by parallel tasks; a `fresh([...])` write replaces the value."""
    reset, items = _split_reset(update)
    if reset and not items:
        items = []
    return [*([] if reset else (current or [])), *(items or [])]


# Pydantic builds the JSON schemas that LangGraph Studio shows, and on Python 3.11 it accepts
# only `typing_extensions.TypedDict`. The field docstrings become the input form's descriptions.
@with_config(ConfigDict(use_attribute_docstrings=True))
class ReviewInput(TypedDict, total=False):
    """Graph input: the request, plus optional values that override what the request states."""

    query: Required[str]
    """The request in plain words, for example 'Review 10 recent papers on federated learning'."""
    papers: int | None
    """Number of papers to review (1 to 50); overrides the number in the request."""
    since: str | None
    """First publication date to include, YYYY, YYYY-MM or YYYY-MM-DD."""
    until: str | None
    """Last publication date to include, YYYY, YYYY-MM or YYYY-MM-DD."""
    source: str | None
    """Paper source for this run, `library` or `arxiv`; overrides the settings."""


class ReviewOutput(TypedDict, total=False):
    """Graph output of a finished run."""

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

    run_source: str
    """Paper source of this run: the input's `source`, else the settings' `source`."""
    run_started_at: float
    """Unix time the planner started this run; nodes compare it with the deadline."""
    mode: str
    plan: Plan
    screening: ScreeningReport
    notes: Annotated[dict[str, PaperNotes], merge_by_key]
    outline: list[OutlineSection]
    drafts: Annotated[dict[str, SectionDraft], merge_by_key]
    verdicts: Annotated[dict[str, Verdict], merge_by_key]
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
