"""Lexical evidence: topic terms and phrases matched in a paper's title and abstract.

Title matches count more than abstract matches, because a title names what a paper is about
while an abstract mentions much in passing. A folded match ("optimizers" for "optimizer")
earns full credit and a match of another derivation ("optimized") a small part, because
another derivation is often another sense.
"""

from __future__ import annotations

import difflib
import logging
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from agents.relevance.query_terms import TopicTerms
from agents.relevance.text import folded_tokens, word_family
from agents.relevance.title_role import title_uses_topic
from agents.sources.paper import Paper

logger = logging.getLogger(__name__)

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")

FAMILY_CREDIT = 0.3
"""Credit for a match of the same word family in another derivation."""
ABSTRACT_PHRASE_CREDIT = 0.6
NEAR_PHRASE_CREDIT = 0.7
"""Credit for phrase words within NEAR_WINDOW tokens of each other instead of adjacent."""
NEAR_WINDOW = 3
FOCUS_MENTIONS = 4
"""Topic mentions in an abstract that earn the full frequency half of the focus score."""
HEAD_WEIGHT = 0.3
"""Head words weighted below this (generic ones) are not required in a paper."""
SPELLING_CUTOFF = 0.8
"""difflib similarity a topic word needs to be read as a misspelling of a pool word."""


@dataclass(frozen=True)
class PaperText:
    """A paper's folded title and abstract tokens with their counts."""

    paper: Paper
    title: tuple[str, ...]
    abstract: tuple[str, ...]
    title_counts: Counter[str]
    abstract_counts: Counter[str]
    title_families: frozenset[str]
    abstract_families: frozenset[str]
    first_sentence_length: int
    """Number of abstract tokens in its first sentence."""

    @classmethod
    def of(cls, paper: Paper) -> PaperText:
        title = tuple(folded_tokens(paper["title"]))
        abstract = tuple(folded_tokens(paper["abstract"]))
        first_sentence = _SENTENCE_END.split(paper["abstract"], maxsplit=1)[0]
        return cls(
            paper,
            title,
            abstract,
            Counter(title),
            Counter(abstract),
            frozenset(word_family(t) for t in title),
            frozenset(word_family(t) for t in abstract),
            len(folded_tokens(first_sentence)),
        )


@dataclass(frozen=True)
class LexicalMatch:
    """Match scores of a paper's wording against the topic, each part in [0, 1]."""

    title: float
    abstract: float
    phrase: float
    title_terms: tuple[str, ...]
    phrases_found: tuple[str, ...]
    head_credit: float = 1.0
    """1 when a head word of the topic occurs (folded), FAMILY_CREDIT for another derivation
    only, 0 for none, scaled by the head word's weight relative to the heaviest head."""
    title_head: bool = False
    """Whether the title contains the heaviest head word."""
    focus: float = 0.0
    """How much the abstract is about the topic itself rather than using it as a tool, in
    [0, 1]: half for naming the topic in its first sentence, half for how often it does."""
    title_uses: bool = False
    """Whether the title names the topic only as a tool or as applied to another subject
    ("scene understanding with graph neural networks", "optimizer for image registration")."""

    @property
    def score(self) -> float:
        return 0.45 * self.title + 0.3 * self.abstract + 0.25 * self.phrase


def correct_spelling(topic: TopicTerms, texts: list[PaperText]) -> TopicTerms:
    """Replace topic words that no paper of the pool uses by the closest pool word, if close.

    A request may contain "algorythms" where the pool's own vocabulary has "algorithms".
    """
    vocabulary: set[str] = set()
    for text in texts:
        vocabulary.update(text.title_counts)
        vocabulary.update(text.abstract_counts)
    fixes: dict[str, str] = {}
    for term in topic.terms:
        if term in vocabulary or term.isdigit():
            continue
        close = difflib.get_close_matches(term, sorted(vocabulary), n=1, cutoff=SPELLING_CUTOFF)
        if close:
            fixes[term] = close[0]
            logger.info("reading topic word %r as %r, the closest word in the pool", term, close[0])
    if not fixes:
        return topic
    terms = tuple(dict.fromkeys(fixes.get(t, t) for t in topic.terms))
    phrases = tuple(tuple(fixes.get(t, t) for t in phrase) for phrase in topic.phrases)
    heads = tuple(dict.fromkeys(fixes.get(t, t) for t in topic.heads))
    runs = tuple(tuple(fixes.get(t, t) for t in run) for run in topic.runs)
    return TopicTerms(terms, phrases, topic.acronyms, heads, runs)


def match_paper(text: PaperText, topic: TopicTerms, weights: Mapping[str, float]) -> LexicalMatch:
    """Score the title, abstract and phrase matches of one paper against the topic."""
    total = sum(weights.values()) or 1.0
    title = 0.0
    abstract = 0.0
    title_terms = []
    for term, weight in weights.items():
        title_credit = _credit(term, text.title_counts, text.title_families)
        if title_credit == 1.0:
            title_terms.append(term)
        title += weight * title_credit
        abstract_credit = _credit(term, text.abstract_counts, text.abstract_families)
        repeats = min(text.abstract_counts.get(term, 0), 3)
        abstract += weight * abstract_credit * (0.6 + 0.4 * repeats / 3)
    phrase, found = _phrase_score(text, topic, weights)
    heads = {head: weights[head] for head in topic.heads if weights.get(head, 0.0) >= HEAD_WEIGHT}
    top = max(heads.values(), default=1.0)
    head_credit = max(
        [
            weight
            / top
            * max(
                _credit(head, text.title_counts, text.title_families),
                _credit(head, text.abstract_counts, text.abstract_families),
            )
            for head, weight in heads.items()
        ],
        default=1.0,
    )
    title_head = any(text.title_counts.get(h) for h, w in heads.items() if w == top)
    focus = _focus(text, topic, {head: weight / top for head, weight in heads.items()})
    return LexicalMatch(
        title / total,
        abstract / total,
        phrase,
        tuple(title_terms),
        found,
        head_credit,
        title_head,
        focus,
        title_uses_topic(text.title, topic),
    )


def _focus(text: PaperText, topic: TopicTerms, heads: Mapping[str, float]) -> float:
    """Score whether the abstract opens with the topic and keeps returning to it.

    Papers that advance a topic name it in their first sentence and many times after ("Graph
    neural networks (GNNs) are ..."); papers that apply it to a domain open with the domain.
    """
    mentions = [0.0] * len(text.abstract)
    for index, token in enumerate(text.abstract):
        if token in topic.acronyms:
            mentions[index] = 1.0
        elif token in heads:
            mentions[index] = heads[token]
    sequences = [*topic.phrases, *(form for c in topic.compounds for form in c.forms)]
    for phrase in sequences:
        for index in range(len(text.abstract) - len(phrase) + 1):
            if text.abstract[index : index + len(phrase)] == phrase:
                mentions[index] = max(mentions[index], 1.0)
    opening = max(mentions[: text.first_sentence_length], default=0.0)
    return 0.5 * opening + 0.5 * min(1.0, sum(mentions) / FOCUS_MENTIONS)


def _credit(term: str, counts: Counter[str], families: frozenset[str]) -> float:
    if counts.get(term):
        return 1.0
    return FAMILY_CREDIT if word_family(term) in families else 0.0


def _phrase_score(
    text: PaperText, topic: TopicTerms, weights: Mapping[str, float]
) -> tuple[float, tuple[str, ...]]:
    """Credit each two-word piece of the topic's phrases found in the title or abstract.

    An acronym of a whole phrase ("gnn") counts as every piece of that phrase. A compound
    ("text-to-speech") earns credit only in its exact word order or as one of its other forms.
    """
    earned = 0.0
    possible = 0.0
    found: list[str] = []
    for phrase, acronym in _phrases_with_acronyms(topic):
        acronym_field = _acronym_credit(text, acronym)
        for first, second in zip(phrase, phrase[1:], strict=False):
            weight = (weights.get(first, 0.0) + weights.get(second, 0.0)) / 2
            possible += weight
            credit = max(
                _pair_credit(text.title, first, second),
                ABSTRACT_PHRASE_CREDIT * _pair_credit(text.abstract, first, second),
                acronym_field,
            )
            if credit > 0:
                found.append(f"{first} {second}")
            earned += weight * credit
    for compound in topic.compounds:
        weight = _mean_weight(compound.words, weights)
        possible += weight
        credit = max(
            max(_sequence_credit(text.title, form) for form in compound.forms),
            ABSTRACT_PHRASE_CREDIT
            * max(_sequence_credit(text.abstract, form) for form in compound.forms),
        )
        if credit > 0:
            found.append(compound.label)
        earned += weight * credit
    return (earned / possible if possible else 0.0), tuple(dict.fromkeys(found))


def _mean_weight(words: Sequence[str], weights: Mapping[str, float]) -> float:
    known = [weights[word] for word in words if word in weights]
    return sum(known) / len(known) if known else 0.0


def _sequence_credit(tokens: tuple[str, ...], sequence: tuple[str, ...]) -> float:
    """Return 1 when `sequence` occurs in `tokens` in its order, else 0 (no near credit)."""
    size = len(sequence)
    return float(any(tokens[i : i + size] == sequence for i in range(len(tokens) - size + 1)))


def _phrases_with_acronyms(topic: TopicTerms) -> list[tuple[tuple[str, ...], str | None]]:
    by_initials = {acronym: acronym for acronym in topic.acronyms}
    pairs = []
    for phrase in topic.phrases:
        initials = "".join(word[0] for word in phrase)
        pairs.append((phrase, by_initials.get(initials)))
    return pairs


def _acronym_credit(text: PaperText, acronym: str | None) -> float:
    if acronym is None:
        return 0.0
    if text.title_counts.get(acronym):
        return 1.0
    return ABSTRACT_PHRASE_CREDIT if text.abstract_counts.get(acronym) else 0.0


def _pair_credit(tokens: tuple[str, ...], first: str, second: str) -> float:
    """Return 1 for the two words adjacent in order, less for them close in any order."""
    best = 0.0
    for index, token in enumerate(tokens):
        if token != first:
            continue
        if index + 1 < len(tokens) and tokens[index + 1] == second:
            return 1.0
        nearby = tokens[max(0, index - NEAR_WINDOW) : index + NEAR_WINDOW + 1]
        if second in nearby:
            best = NEAR_PHRASE_CREDIT
    return best
