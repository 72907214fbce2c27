"""The offline conclusion: the themes, the largest one, and how many papers state limits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from agents.bibliography import author_label
from agents.offline.paper_counts import count_of, own
from agents.offline.prose import number_word, quoted_list, upper_first
from agents.records import OutlineSection, PaperNotes, Plan
from agents.sources.paper import Paper


def write_conclusion(
    plan: Plan,
    sections: Sequence[OutlineSection],
    papers: Mapping[str, Paper],
    notes: Mapping[str, PaperNotes],
) -> str:
    """Return the conclusion paragraph. `notes` must contain every paper of `sections`."""
    ids = [i for section in sections for i in section["paper_ids"]]
    largest = max(sections, key=lambda s: len(s["paper_ids"]))
    anchor = largest["paper_ids"][0]
    work = f"the work of {author_label(papers[anchor])} [@{anchor}]"
    limited = sum(1 for i in ids if notes[i]["limitations"])
    if len(sections) == 1:
        every = "both papers" if len(ids) == 2 else f"all {number_word(len(ids))} papers"
        covers = f"{every}, among them {work}"
        if len(ids) == 1:
            covers = work
        sentences = [
            f"In sum, the arXiv work on {plan['topic']} reviewed here forms a single theme, "
            f"“{largest['title']}”, which covers {covers}."
        ]
    else:
        share = f"{number_word(len(largest['paper_ids']))} of the {number_word(len(ids))}"
        if all(len(s["paper_ids"]) == len(largest["paper_ids"]) for s in sections):
            biggest = f"Each theme gathers {share} papers; the first, “{largest['title']}”,"
            closing = f"includes {work}."
        else:
            biggest = f"The largest theme, “{largest['title']}”, gathers {share} papers,"
            closing = f"among them {work}."
        sentences = [
            f"In sum, the arXiv work on {plan['topic']} reviewed here spans "
            f"{number_word(len(sections))} themes: "
            f"{quoted_list([section['title'] for section in sections])}.",
            f"{biggest} {closing}",
        ]
    sentences.append(
        upper_first(
            f"{count_of(limited, len(ids), 'state')} a limitation or open question of "
            f"{own(limited, len(ids))} in the abstract."
        )
    )
    return " ".join(sentences)
