"""Critic: checks a drafted section in code, then (with a model) against a rubric."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from agents import prompts
from agents.models import ModelCaller
from agents.reader import format_notes
from agents.records import OutlineSection, PaperNotes, Plan, SectionDraft, Verdict
from agents.section_checks import check_section

MIN_RUBRIC_SCORE = 4


class RubricVerdict(BaseModel):
    """The model's review of one section."""

    coverage: int = Field(ge=1, le=5, description="Are all papers' main points present? 1-5")
    faithfulness: int = Field(ge=1, le=5, description="Is every statement supported? 1-5")
    coherence: int = Field(ge=1, le=5, description="Does the text read as one argument? 1-5")
    decision: Literal["accept", "revise"]
    problems: list[str] = Field(default_factory=list, description="Concrete problems found")
    instructions: str = Field(default="", description="What the writer must change")


def review_section(
    draft: SectionDraft,
    section: OutlineSection,
    plan: Plan,
    papers: Mapping[str, object],
    notes: Mapping[str, PaperNotes],
    *,
    caller: ModelCaller | None,
    max_revisions: int,
) -> Verdict:
    """Return the verdict on `draft`: accept, or revise with problems and instructions.

    A draft that has used up `max_revisions` is accepted with `forced` set and its problems
    kept, so they reach the run's stats.
    """
    problems = check_section(draft, section)
    instructions = "Fix each problem listed." if problems else ""
    decision: Literal["accept", "revise"] = "revise" if problems else "accept"
    if caller is not None:
        rubric = _rubric(draft, section, plan, papers, notes, problems, caller)
        low_scores = min(rubric.coverage, rubric.faithfulness, rubric.coherence) < MIN_RUBRIC_SCORE
        if rubric.decision == "revise" or low_scores:
            decision = "revise"
            problems += [f"reviewer: {problem}" for problem in rubric.problems]
            instructions = " ".join(part for part in (instructions, rubric.instructions) if part)
    verdict = Verdict(
        section_id=draft["section_id"],
        revision=draft["revision"],
        decision=decision,
        problems=problems,
        instructions=instructions,
    )
    if decision == "revise" and draft["revision"] >= max_revisions:
        verdict["decision"] = "accept"
        verdict["forced"] = True
    return verdict


def _rubric(
    draft: SectionDraft,
    section: OutlineSection,
    plan: Plan,
    papers: Mapping[str, object],
    notes: Mapping[str, PaperNotes],
    problems: list[str],
    caller: ModelCaller,
) -> RubricVerdict:
    paper_notes = "\n\n".join(
        format_notes(papers[paper_id], notes[paper_id])  # type: ignore[arg-type]
        for paper_id in section["paper_ids"]
        if paper_id in papers and paper_id in notes
    )
    return caller.structured(
        RubricVerdict,
        [
            SystemMessage(prompts.CRITIC_SYSTEM),
            HumanMessage(
                prompts.CRITIC_USER.format(
                    topic=plan["topic"],
                    title=section["title"],
                    paper_notes=paper_notes,
                    text=draft["text"],
                    problems="; ".join(problems) or "none",
                )
            ),
        ],
    )
