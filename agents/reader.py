"""Reader: extracts typed notes from one paper's title and abstract."""

from __future__ import annotations

from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from agents import prompts
from agents.models import ModelCaller
from agents.offline import read_offline
from agents.records import PaperNotes, Plan
from agents.sources.paper import Paper


class NotesProposal(BaseModel):
    """Notes on one paper as the model returns them."""

    problem: str = Field(description="The problem the paper addresses, one sentence")
    method: str = Field(description="The method or contribution, one or two sentences")
    findings: list[str] = Field(description="1 to 3 key findings, numbers exactly as stated")
    limitations: str = Field(description="Limitations, or 'Not stated in the abstract.'")
    relevance: str = Field(description="How the paper relates to the review topic, one sentence")


def read_paper(paper: Paper, plan: Plan, *, caller: ModelCaller | None) -> PaperNotes:
    """Return notes on `paper`, from a model when `caller` is given and extractively otherwise."""
    if caller is None:
        return read_offline(paper, plan)
    proposal = caller.structured(
        NotesProposal,
        [
            SystemMessage(prompts.READER_SYSTEM),
            HumanMessage(
                prompts.READER_USER.format(
                    topic=plan["topic"],
                    title=paper["title"],
                    authors=", ".join(paper["authors"]),
                    abstract=paper["abstract"],
                )
            ),
        ],
    )
    return PaperNotes(
        arxiv_id=paper["arxiv_id"],
        problem=proposal.problem.strip(),
        method=proposal.method.strip(),
        findings=[finding.strip() for finding in proposal.findings if finding.strip()][:3],
        limitations=proposal.limitations.strip(),
        relevance=proposal.relevance.strip(),
    )


def format_notes(paper: Paper, notes: PaperNotes) -> str:
    """Render one paper's notes for a prompt, headed by its citation key."""
    authors = ", ".join(paper["authors"][:3]) + (" et al." if len(paper["authors"]) > 3 else "")
    findings = "\n".join(f"  - {finding}" for finding in notes["findings"]) or "  - (none stated)"
    return (
        f"[@{paper['arxiv_id']}] {paper['title']} ({authors}, {paper['published'][:4]})\n"
        f"- Problem: {notes['problem']}\n- Method: {notes['method']}\n- Findings:\n{findings}\n"
        f"- Limitations: {notes['limitations']}\n- Relevance: {notes['relevance']}"
    )
