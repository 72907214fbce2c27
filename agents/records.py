"""Records the agents pass to each other through the graph state.

They are JSON-compatible TypedDicts, like Paper, so checkpoints, LangGraph Studio and the REST
API carry them without custom serializers.
"""

from __future__ import annotations

from typing import Literal, NotRequired

# pydantic builds JSON schemas (LangGraph Studio forms) only from this TypedDict on Python 3.11.
from typing_extensions import TypedDict


class SectionPlan(TypedDict):
    """One thematic section the planner proposes."""

    title: str
    purpose: str
    queries: list[str]
    """One to three search queries for this section."""


class Plan(TypedDict):
    """What the review covers: the planner's output, possibly edited by a person."""

    topic: str
    focus: str | None
    paper_count: int
    since: str | None
    """First day of the date window, `YYYY-MM-DD`, or None for no lower bound."""
    until: str | None
    sections: list[SectionPlan]
    queries: list[str]
    """All search queries, request words removed, most important first."""


class PaperNotes(TypedDict):
    """What the reader extracted from one paper; sentences stay attributed to the paper."""

    arxiv_id: str
    problem: str
    method: str
    findings: list[str]
    limitations: str
    relevance: str


class OutlineSection(TypedDict):
    """A section with the papers assigned to it, fixed before writing starts."""

    section_id: str
    title: str
    purpose: str
    paper_ids: list[str]


class SectionDraft(TypedDict):
    """One version of a section's text, citing papers as `[@arxiv_id]`."""

    section_id: str
    title: str
    text: str
    revision: int
    """0 for the first draft, then 1, 2, ... for each rewrite the critic asked for."""
    removed_keys: list[str]
    """Citation keys the writer used that are not papers of this run; code removed them."""


class Verdict(TypedDict):
    """The critic's decision on one draft of one section."""

    section_id: str
    revision: int
    decision: Literal["accept", "revise"]
    problems: list[str]
    instructions: str
    forced: NotRequired[bool]
    """True when the section was accepted only because it reached the revision limit."""


class ScreeningReport(TypedDict):
    """How the searcher went from records found to papers included."""

    records_found: int
    duplicates_removed: int
    outside_window: int
    screened: int
    excluded: int
    exclusion_reasons: dict[str, int]
    eligible: int
    """Candidates that passed screening; the included papers are chosen from them."""
    included: int


class NodeStats(TypedDict):
    """Cost and time of one node, summed over all its tasks in a run."""

    runs: int
    model_calls: int
    prompt_tokens: int
    completion_tokens: int
    seconds: float


class Reference(TypedDict):
    """One entry of the numbered reference list, built by code from paper metadata."""

    number: int
    arxiv_id: str
    title: str
    authors: list[str]
    published: str
    url: str
