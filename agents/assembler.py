"""Assembler: joins framing, sections and references into the final Markdown review."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from agents import prompts
from agents.bibliography import author_label, build_bibtex, build_references, format_reference
from agents.citations import cited_keys, number_citations, remove_unknown_keys
from agents.models import ModelCaller
from agents.offline import write_framing_offline
from agents.records import (
    OutlineSection,
    PaperNotes,
    Plan,
    Reference,
    ScreeningReport,
    SectionDraft,
)
from agents.sources.paper import Paper

OFFLINE_NOTE = (
    "> Written offline by litreview's extractive mode from the papers' titles and abstracts, "
    "without a language model. Sentences about each paper are taken from its abstract and "
    "attributed to its authors. Set a model (`--model` or `LITREVIEW_MODEL`) for a "
    "synthesized review."
)


class FramingProposal(BaseModel):
    """Introduction, discussion and conclusion as the model returns them."""

    introduction: str = Field(description="1 to 2 paragraphs, no heading")
    discussion: str = Field(description="Shared ideas, differences, open problems; no heading")
    conclusion: str = Field(description="One short paragraph, no heading")


@dataclass
class AssembledReview:
    """The finished review and the code-built bibliography."""

    markdown: str
    references: list[Reference]
    bibtex: str
    uncited: list[str]


def write_framing(
    plan: Plan,
    outline: Sequence[OutlineSection],
    drafts: Mapping[str, SectionDraft],
    papers: Mapping[str, Paper],
    notes: Mapping[str, PaperNotes],
    *,
    caller: ModelCaller | None,
) -> dict[str, str]:
    """Return introduction, discussion and conclusion texts (model or extractive)."""
    if caller is None:
        return write_framing_offline(plan, outline, papers, notes)
    sections = "\n\n".join(
        f"## {section['title']}\n{drafts[section['section_id']]['text']}"
        for section in outline
        if section["section_id"] in drafts
    )
    proposal = caller.structured(
        FramingProposal,
        [
            SystemMessage(prompts.FRAMING_SYSTEM),
            HumanMessage(
                prompts.FRAMING_USER.format(
                    topic=plan["topic"], focus=plan["focus"] or "none", sections=sections
                )
            ),
        ],
    )
    return {
        "introduction": proposal.introduction,
        "discussion": proposal.discussion,
        "conclusion": proposal.conclusion,
    }


def assemble_review(
    *,
    plan: Plan,
    outline: Sequence[OutlineSection],
    drafts: Mapping[str, SectionDraft],
    framing: Mapping[str, str],
    papers: Sequence[Paper],
    screening: ScreeningReport | None,
    source_name: str,
    offline: bool,
    warnings: Sequence[str],
) -> AssembledReview:
    """Build the Markdown review, numbering citations `[1]`..`[N]` by first appearance.

    Every selected paper ends up in the reference list: one that no section cites is named in
    a closing paragraph of the last section, so the review covers exactly the selected papers.
    """
    by_id = {paper["arxiv_id"]: paper for paper in papers}
    bodies = [remove_unknown_keys(framing.get("introduction", ""), by_id)[0]]
    titles = ["Introduction"]
    for section in outline:
        draft = drafts.get(section["section_id"])
        if draft is not None:
            bodies.append(draft["text"])
            titles.append(section["title"])
    uncited = [pid for pid in by_id if pid not in set(cited_keys("\n".join(bodies)))]
    if uncited and len(bodies) > 1:
        bodies[-1] += "\n\n" + _uncited_paragraph([by_id[pid] for pid in uncited])
    for part, title in (
        ("discussion", "Discussion and future directions"),
        ("conclusion", "Conclusion"),
    ):
        bodies.append(remove_unknown_keys(framing.get(part, ""), by_id)[0])
        titles.append(title)

    numbered, order = number_citations(bodies)
    references = build_references(order, by_id)
    lines = [f"# Literature review: {_title_case(plan['topic'])}", ""]
    if offline:
        lines += [OFFLINE_NOTE, ""]
    lines += [_scope_line(plan, len(references), source_name), ""]
    lines += [f"> Note: {warning}" for warning in warnings]
    if warnings:
        lines.append("")
    if screening:
        lines += ["## Method", "", method_note(screening, source_name), ""]
    for number, (title, body) in enumerate(zip(titles, numbered, strict=True), start=1):
        lines += [f"## {number}. {title}", "", body.strip(), ""]
    lines += ["## References", ""]
    lines += [f"{ref['number']}. {format_reference(ref)}" for ref in references]
    cited_papers = [by_id[ref["arxiv_id"]] for ref in references]
    return AssembledReview(
        markdown="\n".join(lines).rstrip() + "\n",
        references=references,
        bibtex=build_bibtex(cited_papers),
        uncited=uncited,
    )


def _uncited_paragraph(papers: Sequence[Paper]) -> str:
    items = "; ".join(
        f"{author_label(paper)} ({paper['title']}) [@{paper['arxiv_id']}]" for paper in papers
    )
    return f"Further selected work on this theme: {items}."


def _scope_line(plan: Plan, count: int, source_name: str) -> str:
    window = ""
    if plan["since"] and plan["until"]:
        window = f", first published between {plan['since']} and {plan['until']}"
    elif plan["since"]:
        window = f", first published on or after {plan['since']}"
    elif plan["until"]:
        window = f", first published on or before {plan['until']}"
    source = "arXiv" if source_name == "arxiv" else "the local arXiv library"
    focus = f" with a focus on {plan['focus']}" if plan["focus"] else ""
    papers = "1 paper" if count == 1 else f"{count} papers"
    return f"*A review of {papers} from {source}{window}, on {plan['topic']}{focus}.*"


def method_note(screening: ScreeningReport, source_name: str) -> str:
    """Describe how the papers were found and screened, in one paragraph of counts."""
    reasons = sorted(screening["exclusion_reasons"].items(), key=lambda item: (-item[1], item[0]))
    reason_text = "; ".join(f"{reason} ({count})" for reason, count in reasons[:3])
    source = "arXiv" if source_name == "arxiv" else "the local arXiv library"
    included = screening["included"]
    chosen = (
        "the most relevant one was included"
        if included == 1
        else f"the {included} most relevant were included, preferring papers that differ from "
        "those already chosen"
    )
    duplicates = _count(
        screening["duplicates_removed"],
        "duplicate or older version",
        "duplicates or older versions",
    )
    return (
        f"Searching {source} found {_count(screening['records_found'], 'record')}. "
        f"{duplicates} {'was' if screening['duplicates_removed'] == 1 else 'were'} removed and "
        f"{screening['outside_window']} fell outside the date window. "
        f"Of {screening['screened']} screened, {screening['excluded']} "
        f"{'was' if screening['excluded'] == 1 else 'were'} excluded"
        + (f" (commonest reasons: {reason_text})" if reason_text else "")
        + f". From the {screening['eligible']} that passed, {chosen}."
    )


def _count(number: int, singular: str, plural: str | None = None) -> str:
    """Return `number` with the noun in the right number: `1 record`, `3 records`."""
    noun = singular if number == 1 else (plural or f"{singular}s")
    return f"{number} {noun}"


def _title_case(topic: str) -> str:
    small = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}
    words = topic.split()
    return " ".join(
        word
        if (word.isupper() or any(c.isupper() for c in word[1:]))
        else (word if index and word.lower() in small else word[:1].upper() + word[1:])
        for index, word in enumerate(words)
    )
