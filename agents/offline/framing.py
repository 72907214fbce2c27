"""The offline introduction, discussion and conclusion, from the plan, themes and notes.

Everything stated is a count over the papers, a theme title, or a sentence quoted from an
abstract with its citation. Each part has its own module. This one keeps the papers that both
the outline and `papers` contain, and reads missing notes once for all three parts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from agents.offline.conclusion import write_conclusion
from agents.offline.discussion import write_discussion
from agents.offline.introduction import write_introduction
from agents.offline.reader import read_offline
from agents.records import OutlineSection, PaperNotes, Plan
from agents.sources.paper import Paper


def write_framing_offline(
    plan: Plan,
    outline: Sequence[OutlineSection],
    papers: Mapping[str, Paper],
    notes: Mapping[str, PaperNotes],
) -> dict[str, str]:
    """Return the introduction, discussion and conclusion as Markdown paragraphs.

    Only papers present in both `papers` and the outline are counted and cited.
    """
    sections: list[OutlineSection] = []
    for section in outline:
        known = [i for i in section["paper_ids"] if i in papers]
        if known:
            sections.append(OutlineSection(**{**section, "paper_ids": known}))
    ids = [i for section in sections for i in section["paper_ids"]]
    all_notes = {i: notes.get(i) or read_offline(papers[i], plan) for i in ids}
    if not ids:
        return {"introduction": "", "discussion": "", "conclusion": ""}
    return {
        "introduction": write_introduction(plan, sections, papers),
        "discussion": write_discussion(plan, sections, papers, all_notes),
        "conclusion": write_conclusion(plan, sections, papers, all_notes),
    }
