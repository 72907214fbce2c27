"""Weights of a topic's terms: rare words weigh more, and modifiers less than their head.

A paper about "deep learning" in general is not about "deep learning optimizers", so the
head word of a run ("optimizer") keeps its inverse document frequency and the other words
weigh MODIFIER_FACTOR of theirs. A modifier rarer than its head ("iris" in "iris
recognition", "video" in "video generation") is what narrows the topic and keeps its full
weight.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from agents.relevance.query_terms import GENERIC_WORDS, TopicTerms

MIN_TERM_WEIGHT = 0.1
MODIFIER_FACTOR = 0.6
GENERIC_TERM_WEIGHT = 0.3


def term_weights(
    topic: TopicTerms,
    document_frequencies: Mapping[str, int] | None,
    document_count: int | None,
) -> dict[str, float]:
    """Weight each topic term by its inverse document frequency, scaled so the largest is 1.

    Modifiers weigh MODIFIER_FACTOR of a head word's weight, because a paper about "deep
    learning" in general is not about "deep learning optimizers", unless they are rarer
    than their head word. Without corpus statistics,
    the words in GENERIC_WORDS get a low fixed weight and the others weight 1: frequencies
    inside the pool cannot be used, because the pool was gathered by these very terms and
    every key term is common in it.
    """
    if not topic.terms:
        return {}
    raw = _raw_weights(topic, document_frequencies, document_count)
    specific = _specific_modifiers(topic, raw)
    raw = {
        t: value if t in topic.heads or t in specific else MODIFIER_FACTOR * value
        for t, value in raw.items()
    }
    top = max(raw.values()) or 1.0
    return {term: max(MIN_TERM_WEIGHT, value / top) for term, value in raw.items()}


def specific_modifiers(
    topic: TopicTerms,
    document_frequencies: Mapping[str, int] | None,
    document_count: int | None,
) -> set[str]:
    """Return the modifiers rarer than the head of their run, which keep their full weight."""
    return _specific_modifiers(topic, _raw_weights(topic, document_frequencies, document_count))


def _raw_weights(
    topic: TopicTerms,
    document_frequencies: Mapping[str, int] | None,
    document_count: int | None,
) -> dict[str, float]:
    if not document_frequencies or not document_count:
        return {t: GENERIC_TERM_WEIGHT if t in GENERIC_WORDS else 1.0 for t in topic.terms}
    raw = {}
    for term in topic.terms:
        frequency = max(document_frequencies.get(form, 0) for form in (term, term + "s"))
        raw[term] = math.log((document_count + 1) / (frequency + 1))
    return raw


def _specific_modifiers(topic: TopicTerms, raw: Mapping[str, float]) -> set[str]:
    """Return the modifiers that are rarer than the head of their run ("iris" in "iris
    recognition", "video" in "video generation"): they, not the head, make the topic."""
    specific: set[str] = set()
    for run in topic.runs:
        head = next((h for h in topic.heads if h in run), run[-1])
        specific.update(
            t
            for t in run
            if t != head and t not in GENERIC_WORDS and raw.get(t, 0.0) > raw.get(head, 0.0)
        )
    return specific
