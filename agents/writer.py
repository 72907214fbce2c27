"""Writer: drafts one section from the notes of the papers assigned to it."""

from __future__ import annotations

from collections.abc import Mapping

from langchain_core.messages import HumanMessage, SystemMessage

from agents import prompts
from agents.citations import remove_unknown_keys
from agents.models import ModelCaller
from agents.offline import write_section_offline
from agents.reader import format_notes
from agents.records import OutlineSection, PaperNotes, Plan, SectionDraft, Verdict
from agents.section_checks import word_limits
from agents.sources.paper import Paper


def write_section(
    section: OutlineSection,
    plan: Plan,
    papers: Mapping[str, Paper],
    notes: Mapping[str, PaperNotes],
    *,
    previous: SectionDraft | None,
    verdict: Verdict | None,
    caller: ModelCaller | None,
) -> SectionDraft:
    """Draft `section`, or rewrite `previous` following the critic's `verdict`.

    `papers` are the section's papers. Citation keys outside them are removed here and listed
    in the draft, so the critic sees them: the writer saw no notes on any other paper, so a
    claim citing one cannot be grounded.
    """
    problems = verdict["problems"] if verdict else []
    if caller is None:
        text = write_section_offline(section, plan, papers, notes, problems=problems)
    else:
        text = _write_with_model(section, plan, papers, notes, previous, verdict, caller)
    cleaned, removed = remove_unknown_keys(text.strip(), papers.keys())
    return SectionDraft(
        section_id=section["section_id"],
        title=section["title"],
        text=cleaned,
        revision=previous["revision"] + 1 if previous else 0,
        removed_keys=removed,
    )


def _write_with_model(
    section: OutlineSection,
    plan: Plan,
    papers: Mapping[str, Paper],
    notes: Mapping[str, PaperNotes],
    previous: SectionDraft | None,
    verdict: Verdict | None,
    caller: ModelCaller,
) -> str:
    min_words, max_words = word_limits(len(section["paper_ids"]))
    paper_notes = "\n\n".join(
        format_notes(papers[paper_id], notes[paper_id])
        for paper_id in section["paper_ids"]
        if paper_id in papers and paper_id in notes
    )
    revision_request = ""
    if previous is not None and verdict is not None:
        revision_request = prompts.WRITER_REVISION.format(
            previous=previous["text"],
            problems="\n".join(f"- {problem}" for problem in verdict["problems"]) or "- none",
            instructions=verdict["instructions"] or "none",
        )
    return caller.text(
        [
            SystemMessage(prompts.WRITER_SYSTEM.format(min_words=min_words, max_words=max_words)),
            HumanMessage(
                prompts.WRITER_USER.format(
                    topic=plan["topic"],
                    title=section["title"],
                    purpose=section["purpose"],
                    paper_notes=paper_notes,
                    revision_request=revision_request,
                )
            ),
        ]
    )
