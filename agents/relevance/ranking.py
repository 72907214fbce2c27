"""Rank and screen a candidate pool against a topic, with one-line reasons.

The score of a paper combines, each in [0, 1]:
- lexical match: topic terms in the title (weighted most), in the abstract, and the topic's
  phrases ("deep learning optimizer") adjacent or close;
- closeness to the pool's core, by pseudo-relevance feedback (see feedback.py);
- how typical its categories are of the core;
- focus: whether the abstract opens with the topic and keeps naming it (see lexical.py);
minus a penalty for the share of its key-word occurrences used in another sense (see
senses.py). A paper is included when its score reaches a fraction of the best scores and its
key words are mostly used in the topic's sense. Ties break by arXiv id, so equal input gives
equal output.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from agents.relevance.article_kind import non_research_kind
from agents.relevance.centring import PASSING_FACTOR, centres_on, narrowing_words
from agents.relevance.feedback import FeedbackModel, category_score, category_shares, core_size
from agents.relevance.lexical import (
    LexicalMatch,
    PaperText,
    correct_spelling,
    match_paper,
)
from agents.relevance.novelty import asks_for_novelty, proposes
from agents.relevance.query_terms import GENERIC_WORDS, analyze_topic
from agents.relevance.senses import (
    SenseReading,
    applicable_senses,
    learn_look_alikes,
    read_senses,
)
from agents.relevance.specific import RequiredCompound, SpecificTerm, specific_terms
from agents.relevance.text import word_family
from agents.relevance.weights import specific_modifiers, term_weights
from agents.sources.paper import Paper

logger = logging.getLogger(__name__)

LEXICAL_WEIGHT = 0.40
FEEDBACK_WEIGHT = 0.35
CATEGORY_WEIGHT = 0.10
FOCUS_WEIGHT = 0.15
SENSE_PENALTY = 0.5
"""Score lost by a paper whose key-word occurrences are all in another sense."""
FOREIGN_SENSE_LIMIT = 0.5
"""Share of key-word occurrences in other senses at which a paper is excluded."""
KEY_TERM_WEIGHT = 0.5
"""Topic terms weighted at least this much (of the largest) are key terms."""
INCLUSION_FRACTION = 0.55
"""A paper is included at this fraction of the mean score of the best INCLUSION_REFERENCE."""
INCLUSION_REFERENCE = 10
TITLE_USE_FACTOR = 0.7
"""Score share kept by a paper whose title names the topic only as a tool or applied to
another subject: such papers are about that subject, not about the topic."""
NOVELTY_WEIGHT = 0.06
"""Score added to a paper that proposes something of its own when the request asks for novel
work: applied comparisons of existing methods then rank below the methods' own papers."""
MISSING_HEAD_FACTOR = 0.5
"""Score share kept by a paper that uses none of the topic's head words."""


@dataclass
class ScoredPaper:
    """A candidate with its relevance score and screening decision."""

    paper: Paper
    score: float
    included: bool
    reason: str
    """One line: why the paper was included or excluded."""
    closeness: float = 0.0
    """Cosine similarity to the pool's core (pseudo-relevance centroid), scaled so the
    closest candidate of the pool has 1."""


def rank_candidates(
    topic: str,
    pool: Sequence[Paper],
    *,
    document_frequencies: Mapping[str, int] | None = None,
    document_count: int | None = None,
) -> list[ScoredPaper]:
    """Score, screen and sort a candidate pool, best first.

    `document_frequencies` (lowercase token to number of papers containing it) and
    `document_count` come from the whole library; with them the topic's rare words weigh
    more than its common ones. Deterministic: the same input gives the same order.
    """
    if not pool:
        return []
    texts = [PaperText.of(paper) for paper in pool]
    terms = correct_spelling(analyze_topic(topic), texts)
    weights = term_weights(terms, document_frequencies, document_count)
    matches = [match_paper(text, terms, weights) for text in texts]

    key_families = {
        word_family(term)
        for term, weight in weights.items()
        if weight >= KEY_TERM_WEIGHT and term not in GENERIC_WORDS
    }
    topic_words = set(terms.terms)
    known = applicable_senses(key_families, topic_words)
    first_readings = [read_senses(text, known) for text in texts]
    required = specific_terms(terms, texts, document_frequencies)
    missing = [_missing(required, text) for text in texts]
    matches = [
        _credit_required_head(match, required, text)
        for match, text in zip(matches, texts, strict=True)
    ]

    core = _core(matches, first_readings, texts, missing)
    head_families = {word_family(head) for head in terms.heads} & key_families
    feedback = FeedbackModel(texts, core, [matches[i].score for i in core], head_families)
    closeness = feedback.closeness / (feedback.closeness.max() or 1.0)
    shares = category_shares(texts, core)

    by_id = {text.paper["arxiv_id"]: float(closeness[i]) for i, text in enumerate(texts)}
    core_ids = [texts[i].paper["arxiv_id"] for i in core]
    learned = learn_look_alikes(texts, key_families, topic_words, by_id, core_ids, feedback.terms)
    if learned:
        logger.info("look-alike contexts learned from the pool: %s", [s.label for s in learned])
    senses = applicable_senses(key_families, topic_words, learned)
    readings = [read_senses(text, senses) for text in texts]

    narrowing = narrowing_words(
        terms, specific_modifiers(terms, document_frequencies, document_count)
    )
    novelty = asks_for_novelty(topic)
    scores = [
        (
            LEXICAL_WEIGHT * match.score
            + FEEDBACK_WEIGHT * float(closeness[i])
            + CATEGORY_WEIGHT * category_score(texts[i], shares)
            + FOCUS_WEIGHT * match.focus
        )
        * _head_factor(match)
        * (TITLE_USE_FACTOR if match.title_uses else 1.0)
        * (1.0 if centres_on(texts[i], narrowing) else PASSING_FACTOR)
        - SENSE_PENALTY * readings[i].foreign_share
        + (NOVELTY_WEIGHT if novelty and proposes(texts[i].paper["abstract"]) else 0.0)
        for i, match in enumerate(matches)
    ]
    cutoff = _cutoff(scores)
    ranked = [
        _screen(
            texts[i].paper,
            scores[i],
            matches[i],
            readings[i],
            float(closeness[i]),
            cutoff,
            missing[i],
        )
        for i in range(len(texts))
    ]
    ranked.sort(key=lambda scored: (-scored.score, scored.paper["arxiv_id"]))
    logger.info(
        "ranked %d candidates for %r: %d included, expansion terms %s",
        len(ranked),
        " ".join(terms.terms),
        sum(s.included for s in ranked),
        feedback.terms[:10],
    )
    return ranked


def _missing(required: Sequence[SpecificTerm | RequiredCompound], text: PaperText) -> str | None:
    return next((gap for term in required if (gap := term.missing_in(text)) is not None), None)


def _credit_required_head(
    match: LexicalMatch, required: Sequence[SpecificTerm | RequiredCompound], text: PaperText
) -> LexicalMatch:
    """Give full head credit to a paper that names a required specific term with a companion.

    The required term is the rare word that makes the topic ("quantum" in "quantum error
    correction", "iris" in "iris recognition"). A paper that names it beside another word of
    the phrase is about the topic even when it never names the head: decoding quantum LDPC
    codes corrects errors without the word "correction".
    """
    if match.head_credit >= 1.0:
        return match
    for term in required:
        if isinstance(term, SpecificTerm) and term.word_in(text) and term.named_in(text):
            return replace(match, head_credit=1.0)
    return match


def _foreign(reading: SenseReading) -> bool:
    return reading.foreign_share >= FOREIGN_SENSE_LIMIT or reading.title_foreign


def _head_factor(match: LexicalMatch) -> float:
    """Scale down papers that never name what the topic is about (its head words)."""
    return MISSING_HEAD_FACTOR + (1 - MISSING_HEAD_FACTOR) * match.head_credit


def _core(
    matches: Sequence[LexicalMatch],
    readings: Sequence[SenseReading],
    texts: Sequence[PaperText],
    missing: Sequence[str | None],
) -> list[int]:
    """Pick the best lexical matches, after known-sense penalties, as the feedback core.

    Papers whose title names the topic's main head word in its sense come first: a title
    states what a paper is about, so these are the safest examples of the topic. Papers
    that lack a specific term of the topic never enter the core.
    """
    order = sorted(
        (i for i in range(len(texts)) if missing[i] is None),
        key=lambda i: (
            not (matches[i].title_head and not _foreign(readings[i])),
            -matches[i].score * _head_factor(matches[i]) * (1 - readings[i].foreign_share),
            texts[i].paper["arxiv_id"],
        ),
    )
    return order[: core_size(len(texts))]


def _cutoff(scores: Sequence[float]) -> float:
    best = sorted(scores, reverse=True)[:INCLUSION_REFERENCE]
    return INCLUSION_FRACTION * sum(best) / len(best)


def _screen(
    paper: Paper,
    score: float,
    match: LexicalMatch,
    reading: SenseReading,
    closeness: float,
    cutoff: float,
    missing: str | None,
) -> ScoredPaper:
    """Decide inclusion and write the one-line reason."""
    kind = non_research_kind(paper)
    if kind is not None:
        reason = f"excluded: not a research article: {kind}"
        return ScoredPaper(paper, score, False, reason, closeness)
    if missing is not None:
        reason = f"excluded: missing {missing}"
        return ScoredPaper(paper, score, False, reason, closeness)
    if reading.label and _foreign(reading):
        reason = f"excluded: key words used in the sense of {reading.label}"
        return ScoredPaper(paper, score, False, reason, closeness)
    if match.title == 0 and match.abstract == 0:
        return ScoredPaper(paper, score, False, "excluded: no topic term", closeness)
    if score < cutoff:
        share = min(99, int(100 * max(score, 0.0) / cutoff)) if cutoff > 0 else 0
        reason = f"excluded: weak match: score at {share}% of the inclusion cut-off"
        return ScoredPaper(paper, score, False, reason, closeness)
    return ScoredPaper(paper, score, True, _inclusion_reason(match, closeness), closeness)


def _inclusion_reason(match: LexicalMatch, closeness: float) -> str:
    parts = []
    if match.phrases_found:
        parts.append("phrase " + ", ".join(f"'{p}'" for p in match.phrases_found[:2]))
    if match.title_terms:
        parts.append("title matches " + ", ".join(f"'{t}'" for t in match.title_terms[:3]))
    elif match.abstract > 0:
        parts.append("abstract matches the topic")
    parts.append(f"closeness to the core {closeness:.2f}")
    return "; ".join(parts)
