"""The offline introduction, discussion and conclusion, from the plan, themes and notes.

Everything stated is a count over the papers, a theme title, or a sentence quoted from an
abstract with its citation. The discussion quotes only problem and limitation sentences, which
the section writer never uses, so no sentence of the review appears twice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from agents.bibliography import author_label
from agents.offline.anaphora import has_dangling_it
from agents.offline.attribution import conjugate, is_plural, third_person
from agents.offline.heading_phrases import drop_contained, is_heading_phrase
from agents.offline.phrase_candidates import Phrase
from agents.offline.phrases import PhraseTable
from agents.offline.prose import (
    cite,
    join_items,
    lower_first,
    number_word,
    quoted_list,
    strip_anaphoric_opening,
    upper_first,
)
from agents.offline.reader import read_offline
from agents.offline.theme_names import paper_kind
from agents.offline.themes import topic_families
from agents.records import OutlineSection, PaperNotes, Plan
from agents.sources.paper import Paper

MAX_OPEN_QUESTIONS = 4
MAX_SHARED_TERMS = 3
# A sentence quoted as an open problem must say what is hard or missing; "X has emerged as
# a promising technique" is context, not a problem.
_PROBLEM_WORDS = re.compile(
    r"\b(?:however|but|yet|challeng\w*|limited|limitations?|limits?|fail\w*|lacks?|lacking|"
    r"costly|expensive|difficult\w*|remains?|problem\w*|bottlenecks?|inefficien\w*|"
    r"suffer\w*|struggle\w*|hinder\w*|prohibitive\w*|infeasible|unclear|poor\w*|"
    r"degrad\w*|insufficient\w*|unreliable|error-prone|drawbacks?|gaps?|barriers?|"
    r"underexplored|unexplored|obstacles?|hard)\b",
    re.IGNORECASE,
)
_QUANTITATIVE = re.compile(
    r"\d+(?:\.\d+)?\s*(?:%|x\b|×|times)|\boutperform\w*|\bsurpass\w*|\bstate-of-the-art\b",
    re.IGNORECASE,
)


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
        "introduction": _introduction(plan, sections, papers),
        "discussion": "\n\n".join(
            part
            for part in (
                _common_ground(plan, sections, papers, all_notes),
                _open_questions(sections, papers, all_notes),
            )
            if part
        ),
        "conclusion": _conclusion(plan, sections, papers, all_notes),
    }


def _introduction(
    plan: Plan, sections: Sequence[OutlineSection], papers: Mapping[str, Paper]
) -> str:
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


def _common_ground(
    plan: Plan,
    sections: Sequence[OutlineSection],
    papers: Mapping[str, Paper],
    notes: Mapping[str, PaperNotes],
) -> str:
    """State the terms all themes share and how proposing and analysing papers split."""
    ids = [i for section in sections for i in section["paper_ids"]]
    shared = _shared_phrases(plan, sections, papers)
    sentences: list[str] = []
    if shared:
        sentences.append(_shared_sentence(shared, len(ids)))
    for section in sections:
        sentences.append(_theme_profile(section, papers, notes))
    return " ".join(sentences)


def _shared_sentence(shared: Sequence[tuple[Phrase, int, int]], total: int) -> str:
    """Say which terms cut across themes: "Six of the ten papers mention SGD, across two
    themes, and three mention LoRA, across two themes."."""
    parts = []
    for position, (phrase, papers, themes) in enumerate(shared):
        if position == 0:
            count = _count_of(papers, total, "mention")
        else:
            count = f"{number_word(papers)} {conjugate('mention', plural=papers > 1)}"
        parts.append(f"{count} {phrase.text}, across {number_word(themes)} themes")
    if len(parts) == 2:
        return upper_first(f"{parts[0]}, and {parts[1]}") + "."
    return upper_first(join_items(parts, "; ")) + "."


def _shared_phrases(
    plan: Plan, sections: Sequence[OutlineSection], papers: Mapping[str, Paper]
) -> list[tuple[Phrase, int, int]]:
    """Return up to MAX_SHARED_TERMS key phrases found in papers of two or more themes, each
    with its number of papers and of themes."""
    ids = [i for section in sections for i in section["paper_ids"]]
    table = PhraseTable([papers[i] for i in ids])
    topic = topic_families(plan)
    ranked = table.rank({"all": ids}, excluded_words=topic)["all"]
    shared: list[tuple[Phrase, int, int]] = []
    candidates = [
        p for p in ranked if is_heading_phrase(p) and (len(p.key) > 1 or p.text.isupper())
    ]
    for phrase in drop_contained(candidates):
        holders = [i for i in ids if phrase.key in table.counts[i]]
        themes = {s["section_id"] for s in sections for i in holders if i in s["paper_ids"]}
        if len(themes) >= 2 and len(holders) < len(ids):
            shared.append((phrase, len(holders), len(themes)))
        if len(shared) == MAX_SHARED_TERMS:
            break
    return shared


def _own(part: int, whole: int) -> str:
    """Return "its own" when `_count_of` gave a singular subject and "their own" otherwise."""
    return "their own" if part > 1 else "its own"


def _count_of(part: int, whole: int, verb: str) -> str:
    """Phrase "k of the n papers <verb>" with agreement: "none of the four papers proposes"."""
    if whole == 1:
        return (
            f"the paper {conjugate(verb, plural=False)}" if part else f"the paper does not {verb}"
        )
    if part == 0 and whole == 2:
        return f"neither paper {conjugate(verb, plural=False)}"
    if part == 0:
        return f"none of the {number_word(whole)} papers {conjugate(verb, plural=False)}"
    if part == whole:
        subject = "both papers" if whole == 2 else f"all {number_word(whole)} papers"
        return f"{subject} {verb}"
    return (
        f"{number_word(part)} of the {number_word(whole)} papers {conjugate(verb, plural=part > 1)}"
    )


def _theme_profile(
    section: OutlineSection, papers: Mapping[str, Paper], notes: Mapping[str, PaperNotes]
) -> str:
    """Describe one theme by how many papers propose a method and how many report numbers."""
    ids = section["paper_ids"]
    proposing = [i for i in ids if paper_kind(papers[i], notes[i]["method"]) == "method"]
    quantitative = [i for i in ids if any(_QUANTITATIVE.search(f) for f in notes[i]["findings"])]
    count = len(ids)
    text = (
        f"In “{section['title']}”, {_count_of(len(proposing), count, 'propose')} a method of "
        f"{_own(len(proposing), count)} and "
        f"{_count_of(len(quantitative), count, 'report')} quantitative results"
    )
    example = (quantitative or proposing or ids)[0]
    label = author_label(papers[example])
    return f"{upper_first(text)} (see, for example, {label} [@{example}])."


def _open_questions(
    sections: Sequence[OutlineSection], papers: Mapping[str, Paper], notes: Mapping[str, PaperNotes]
) -> str:
    """Quote the limitation sentences the papers state, or else the problems they start from."""
    ids = [i for section in sections for i in section["paper_ids"]]
    limited = [i for i in ids if notes[i]["limitations"]][:MAX_OPEN_QUESTIONS]
    if limited:
        opener = "The abstracts also name questions that remain open."
        quoted = [_attributed(notes[i]["limitations"], papers[i]) for i in limited]
    else:
        problems = [i for i in ids if _states_problem(notes[i]["problem"])][:MAX_OPEN_QUESTIONS]
        if not problems:
            return ""
        opener = (
            "None of the abstracts states a limitation of its own, but the problems they start "
            "from indicate where work remains."
        )
        quoted = [_attributed(notes[i]["problem"], papers[i]) for i in problems]
    return " ".join([opener, *quoted])


def _states_problem(sentence: str) -> bool:
    """Whether a sentence states a problem, gap or limitation and reads alone."""
    text = strip_anaphoric_opening(sentence)
    return bool(_PROBLEM_WORDS.search(text)) and not has_dangling_it(text)


def _attributed(sentence: str, paper: Paper) -> str:
    label = author_label(paper)
    text = third_person(strip_anaphoric_opening(sentence), label)
    if label not in text:
        verb = conjugate("note", plural=is_plural(label))
        text = f"{label} {verb} that {lower_first(text)}"
    return cite(upper_first(text), [paper["arxiv_id"]])


def _conclusion(
    plan: Plan,
    sections: Sequence[OutlineSection],
    papers: Mapping[str, Paper],
    notes: Mapping[str, PaperNotes],
) -> str:
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
            f"{_count_of(limited, len(ids), 'state')} a limitation or open question of "
            f"{_own(limited, len(ids))} in the abstract."
        )
    )
    return " ".join(sentences)
