"""The offline introduction: what the review covers and the themes it is split into."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from agents.bibliography import author_label
from agents.offline.prose import join_items, number_word
from agents.records import OutlineSection, Plan
from agents.sources.paper import Paper


def write_introduction(
    plan: Plan, sections: Sequence[OutlineSection], papers: Mapping[str, Paper]
) -> str:
    """Return the introduction paragraph: paper count, topic, publication window and themes."""
    ids = [i for section in sections for i in section["paper_ids"]]
    focus = f", with a focus on {plan['focus']}" if plan.get("focus") else ""
    window = ""
    if plan["since"] and plan["until"]:
        window = f", published between {plan['since']} and {plan['until']}"
    elif plan["since"]:
        window = f", published since {plan['since']}"
    elif plan["until"]:
        window = f", published up to {plan['until']}"
    noun = "paper" if len(ids) == 1 else "papers"
    dates = sorted(papers[i]["published"] for i in ids)
    sentences = [
        f"This review covers {number_word(len(ids))} arXiv {noun} on {plan['topic']}"
        f"{focus}{window}.",
        f"Their first versions appeared between {dates[0]} and {dates[-1]}."
        if dates[0] != dates[-1]
        else f"{'Its first version' if len(ids) == 1 else 'Their first versions'} appeared "
        f"on {dates[0]}.",
    ]
    if len(ids) == 1:
        sentences.append(f"It forms a single theme, {_theme_with_example(sections[0], papers)}.")
    elif len(sections) == 1:
        sections_text = _theme_with_example(sections[0], papers)
        sentences.append(f"They form a single theme, {sections_text}.")
    else:
        listed = join_items([_theme_with_example(section, papers) for section in sections], "; ")
        sentences.append(
            f"Clustering their titles and abstracts gives {number_word(len(sections))} themes, "
            f"each treated in its own section: {listed}."
        )
    return " ".join(sentences)


def _theme_with_example(section: OutlineSection, papers: Mapping[str, Paper]) -> str:
    first = section["paper_ids"][0]
    count = len(section["paper_ids"])
    label = author_label(papers[first])
    if count == 1:
        return f"“{section['title']}” (one paper, {label} [@{first}])"
    return f"“{section['title']}” ({number_word(count)} papers, for example {label} [@{first}])"
