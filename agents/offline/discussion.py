"""The offline discussion: terms shared across themes, theme profiles and open questions.

It quotes only problem and limitation sentences, which the section writer never uses, so no
sentence of the review appears twice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from agents.bibliography import author_label
from agents.offline.anaphora import has_dangling_it
from agents.offline.attribution import conjugate, is_plural, third_person
from agents.offline.heading_phrases import drop_contained, is_heading_phrase
from agents.offline.paper_counts import count_of, own
from agents.offline.phrase_candidates import Phrase
from agents.offline.phrases import PhraseTable
from agents.offline.prose import (
    cite,
    join_items,
    lower_first,
    number_word,
    strip_anaphoric_opening,
    upper_first,
)
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


def write_discussion(
    plan: Plan,
    sections: Sequence[OutlineSection],
    papers: Mapping[str, Paper],
    notes: Mapping[str, PaperNotes],
) -> str:
    """Return the discussion paragraphs. `notes` must contain every paper of `sections`."""
    return "\n\n".join(
        part
        for part in (
            _common_ground(plan, sections, papers, notes),
            _open_questions(sections, papers, notes),
        )
        if part
    )


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
            count = count_of(papers, total, "mention")
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


def _theme_profile(
    section: OutlineSection, papers: Mapping[str, Paper], notes: Mapping[str, PaperNotes]
) -> str:
    """Describe one theme by how many papers propose a method and how many report numbers."""
    ids = section["paper_ids"]
    proposing = [i for i in ids if paper_kind(papers[i], notes[i]["method"]) == "method"]
    quantitative = [i for i in ids if any(_QUANTITATIVE.search(f) for f in notes[i]["findings"])]
    count = len(ids)
    text = (
        f"In “{section['title']}”, {count_of(len(proposing), count, 'propose')} a method of "
        f"{own(len(proposing), count)} and "
        f"{count_of(len(quantitative), count, 'report')} quantitative results"
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
