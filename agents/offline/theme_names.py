"""Name clusters of papers after a phrase most of their papers use, and regroup the rest.

A title made of one paper's phrase misleads a reader about the other papers under it, so a
cluster is named only after a phrase that most of its papers (and at least two) use
in title or abstract. Papers of unnamed clusters move to a named theme whose phrase they use,
and the remaining ones form one theme titled after the topic.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from agents.offline.heading_phrases import drop_contained, is_heading_phrase, only_topic
from agents.offline.phrase_candidates import Phrase
from agents.offline.phrases import PhraseTable
from agents.relevance.text import word_family
from agents.sources.paper import Paper

logger = logging.getLogger(__name__)

MIN_SHARED_PAPERS = 2
_STUDY_VERBS = re.compile(
    r"\b(?:stud(?:y|ies)|investigat\w*|analy[sz]\w*|evaluat\w*|compar\w*|examin\w*|"
    r"survey\w*|review\w*|benchmark\w*|assess\w*|revisit\w*|characteri[sz]\w*|measur\w*|"
    r"explor\w*|understand\w*)\b",
    re.IGNORECASE,
)
_PROPOSE_VERBS = re.compile(
    r"\b(?:propos\w*|introduc\w*|present\w*|develop\w*|design\w*|devis\w*|build\w*|"
    r"formulat\w*|construct\w*)\b",
    re.IGNORECASE,
)


_SURVEY_TITLE = re.compile(
    r"\b(?:survey|review|overview|tutorial|mapping study|meta-analysis|primer|sok)\b",
    re.IGNORECASE,
)
_SURVEY_ABSTRACT = re.compile(
    r"\b(?:this|our|the present) (?:survey|review|overview|tutorial|mapping study)\b"
    r"|\bwe (?:survey|review|systematically review)\b",
    re.IGNORECASE,
)
_STUDY_TITLE = re.compile(
    r"\b(?:benchmark\w*|comparison|comparative|empirical|evaluating|evaluation of|"
    r"understanding|analysis of|study of|sensitivity)\b",
    re.IGNORECASE,
)
# "we propose DualOpt" or "we introduce a framework": a paper that contributes a method,
# unless the object is a survey, benchmark or dataset.
_NAMED_METHOD = re.compile(
    r"\b(?:we|this (?:paper|work)|et al\.)\s+(?:\w+\s+)?(?:propose|introduce|present|develop|"
    r"design|devise)s?\s+(?!(?:a |an |the |our |their )?(?:\w+ ){0,2}(?:survey|review|benchmark|"
    r"dataset|study|analysis|comparison|taxonomy|overview)\b)",
    re.IGNORECASE,
)
_NAME_BEFORE_COLON = re.compile(r"^[A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*[A-Z0-9][A-Za-z0-9-]*\s*:")


def paper_kind(paper: Paper, method_sentence: str) -> str:
    """Classify a paper as "survey", "study" (it analyses, compares or benchmarks) or "method".

    Title and abstract cues decide first, because a survey's method sentence ("this review
    examines ...") reads like an analysis and a benchmark's like a proposal.
    """
    title, abstract = paper["title"], paper["abstract"]
    if _SURVEY_TITLE.search(title) or _SURVEY_ABSTRACT.search(abstract):
        return "survey"
    if _NAME_BEFORE_COLON.match(title) or _NAMED_METHOD.search(method_sentence):
        return "method"
    if _STUDY_TITLE.search(title):
        return "study"
    study = _STUDY_VERBS.search(method_sentence)
    propose = _PROPOSE_VERBS.search(method_sentence)
    if propose and (not study or propose.start() < study.start()):
        return "method"
    if _NAMED_METHOD.search(abstract):
        return "method"
    return "study"


@dataclass
class Theme:
    """A group of papers, by index into the ordered paper list, and the phrase naming it."""

    members: list[int]
    phrase: Phrase | None = None
    """None for a theme whose papers share no phrase."""
    covered: int = 0
    """How many members use the phrase."""
    rest: bool = field(default=False)
    """Whether the theme gathers papers left over beside named themes."""
    kind: str = ""
    """For leftover themes split by paper kind: "method" or "study"; empty otherwise."""


def name_themes(
    groups: Sequence[list[int]],
    papers: Sequence[Paper],
    table: PhraseTable,
    excluded: frozenset[str],
    *,
    min_share: float = 0.5,
) -> list[Theme]:
    """Name each group after its best well-formed phrase used by more than `min_share` of its
    papers, and by at least two.

    The phrase must also be in the title or method sentence of nearly every paper of the
    group (supporters_needed), so a baseline named only in results never names a theme.
    Titles stay distinct: a phrase that repeats or shares its head noun with an earlier
    title ("Visual Quality" after "Rendering Quality") is skipped. Groups of one paper stay
    unnamed, since one paper shares nothing.
    """
    ids = {str(i): [papers[m]["arxiv_id"] for m in members] for i, members in enumerate(groups)}
    ranked = table.rank(ids, excluded_words=excluded)
    used: set[tuple[str, ...]] = set()
    themes = []
    for i, members in enumerate(groups):
        theme = Theme(members=list(members))
        needed = max(MIN_SHARED_PAPERS, math.floor(min_share * len(members)) + 1)
        for phrase in _heading_phrases(ranked[str(i)], table):
            if only_topic(phrase.key, excluded) or _too_close(phrase.key, used):
                continue
            if len(table.supporters(phrase.key, ids[str(i)])) < supporters_needed(len(members)):
                continue
            holders = len(table.papers_with(phrase.key, ids[str(i)]))
            if len(phrase.key) == 1 and not _is_acronym(phrase.text):
                in_titles = [a for a in ids[str(i)] if phrase.key in table.title_keys[a]]
                holders = min(holders, len(in_titles))
            if holders >= needed and phrase.key not in used:
                theme.phrase, theme.covered = phrase, holders
                used.add(phrase.key)
                break
        themes.append(theme)
    return themes


def supporters_needed(size: int) -> int:
    """Return how many of `size` papers must have a theme's phrase in title or method: all of
    two or three, all but one of four to seven, and so on (a quarter may lack it)."""
    return max(MIN_SHARED_PAPERS, size - size // 4)


def _too_close(key: tuple[str, ...], used: set[tuple[str, ...]]) -> bool:
    """Whether a phrase shares its head noun or most of its words with a used title."""
    families = {word_family(word) for word in key}
    for other in used:
        if word_family(other[-1]) == word_family(key[-1]):
            return True
        others = {word_family(word) for word in other}
        if len(families & others) * 2 >= len(families | others):
            return True
    return False


def _heading_phrases(phrases: list[Phrase], table: PhraseTable) -> list[Phrase]:
    """Return the phrases that can name a theme: multi-word noun phrases first, best first.

    Single words come last; name_themes takes a common word ("memory", not "LoRA") only
    when most papers use it in their titles, because in abstracts alone a word such as
    "prediction" or "loss" says little about what the papers share.
    """
    usable = [p for p in phrases if is_heading_phrase(p) and table.is_well_formed(p)]
    words = [
        p
        for p in phrases
        if len(p.key) == 1 and is_heading_phrase(p, require_final=False) and table.is_well_formed(p)
    ]
    return [p for p in drop_contained(usable) if len(p.key) > 1] + words


def _is_acronym(word: str) -> bool:
    """Whether a word has a capital after its first letter ("LoRA", "SGD", not "Fine-Tuning")."""
    return any(c.isupper() for part in word.split("-") for c in part[1:])


def settle_themes(
    themes: Sequence[Theme],
    vectors: np.ndarray,
    papers: Sequence[Paper],
    table: PhraseTable,
    kinds: Sequence[str],
) -> list[Theme]:
    """Move papers of unnamed themes into the named theme whose phrase they use, if any.

    The papers left over form the last themes: one of proposed methods and one of studies
    when each kind (`kinds[i]` from paper_kind) has at least two papers, else a single one.
    A single leftover joins the nearest named theme instead, because a section about one
    unrelated paper compares nothing.
    """
    named = [Theme(list(t.members), t.phrase, t.covered) for t in themes if t.phrase]
    leftovers: list[int] = []
    for member in sorted(m for t in themes if t.phrase is None for m in t.members):
        arxiv_id = papers[member]["arxiv_id"]
        holders = [t for t in named if t.phrase and table.supporters(t.phrase.key, [arxiv_id])]
        if holders:
            target = _nearest(holders, vectors, member)
            target.members.append(member)
            target.covered += 1
        else:
            leftovers.append(member)
    if len(leftovers) == 1 and named:
        _nearest(named, vectors, leftovers[0]).members.append(leftovers[0])
        leftovers = []
    by_kind = {
        "method": [m for m in leftovers if kinds[m] == "method"],
        "study": [m for m in leftovers if kinds[m] != "method"],
    }
    if all(len(members) >= MIN_SHARED_PAPERS for members in by_kind.values()):
        for kind, members in by_kind.items():
            named.append(Theme(members=members, rest=bool(named), kind=kind))
    elif leftovers:
        named.append(Theme(members=leftovers, rest=bool(named)))
    for theme in named:
        theme.members.sort()
    return named


def _nearest(themes: Sequence[Theme], vectors: np.ndarray, member: int) -> Theme:
    """Return the theme whose centroid is most similar to a paper; ties go to the earlier."""
    similarities = [float(vectors[t.members].mean(axis=0) @ vectors[member]) for t in themes]
    return themes[int(np.argmax(similarities))]
