"""Outline: assigns every selected paper to exactly one section before writing starts.

With a model, the sections are the planner's and papers go to the section whose title, purpose
and queries their text resembles most (TF-IDF cosine). Offline, sections are themes found by
clustering the papers themselves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from agents.offline import outline_offline
from agents.records import OutlineSection, PaperNotes, Plan, SectionPlan
from agents.sources.paper import Paper


def build_outline(
    plan: Plan, papers: Sequence[Paper], notes: Mapping[str, PaperNotes], *, offline: bool
) -> list[OutlineSection]:
    """Return the sections with their papers; no section is empty and no paper is left out."""
    if not papers:
        return []
    if offline or not plan["sections"]:
        return outline_offline(plan, list(papers), notes)
    return assign_to_planned_sections(plan["sections"], papers)


def assign_to_planned_sections(
    sections: Sequence[SectionPlan], papers: Sequence[Paper]
) -> list[OutlineSection]:
    """Assign papers to the planned sections by text similarity, seeding each section first."""
    section_texts = [" ".join([s["title"], s["purpose"], *s["queries"]]) for s in sections]
    paper_texts = [f"{p['title']} {p['title']} {p['abstract']}" for p in papers]
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, ngram_range=(1, 2))
    matrix = vectorizer.fit_transform(section_texts + paper_texts)
    similarity = (matrix[len(sections) :] @ matrix[: len(sections)].T).toarray()

    assignment: dict[int, int] = {}
    if len(papers) >= len(sections):
        # Give each section its closest paper first, so no planned theme ends up empty.
        for section_index in range(len(sections)):
            free = [i for i in range(len(papers)) if i not in assignment]
            best = max(free, key=lambda i: (similarity[i, section_index], -i))
            assignment[best] = section_index
    for paper_index in range(len(papers)):
        if paper_index not in assignment:
            assignment[paper_index] = int(np.argmax(similarity[paper_index]))

    outline: list[OutlineSection] = []
    for section_index, section in enumerate(sections):
        paper_ids = [
            papers[i]["arxiv_id"] for i in range(len(papers)) if assignment[i] == section_index
        ]
        if paper_ids:
            outline.append(
                OutlineSection(
                    section_id=f"s{len(outline) + 1}",
                    title=section["title"],
                    purpose=section["purpose"],
                    paper_ids=paper_ids,
                )
            )
    return outline
