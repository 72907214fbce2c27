"""Second-round queries from the vocabulary of the best candidates (pseudo-relevance feedback).

A first lexical pool for "deep learning optimizers" holds the papers that say "optimizer",
many of them look-alikes, and misses papers that say only "Adam", "Muon" or "learning rate
schedule". The included papers of the first ranking name those words; searching for them
again and ranking the merged pool brings the field's own papers in.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

from agents.relevance.query_terms import GENERIC_WORDS, REQUEST_WORDS, STOPWORDS, analyze_topic
from agents.relevance.ranking import ScoredPaper
from agents.relevance.text import folded_tokens, word_family

FEEDBACK_PAPERS = 20
MIN_PAPERS = 3
"""An expansion word must occur in at least this many of the feedback papers."""
MIN_LENGTH = 3


def expansion_queries(
    topic: str,
    ranked: Sequence[ScoredPaper],
    *,
    document_frequencies: Mapping[str, int] | None = None,
    document_count: int | None = None,
    count: int = 8,
) -> list[str]:
    """Return up to `count` one-word queries typical of the best included papers.

    A word scores by how much more often the top FEEDBACK_PAPERS included papers use it than
    the rest of the pool, times its inverse document frequency in the library when given.
    Topic words and their derivations, stop words, request words and generic words are
    skipped. Deterministic: ties break alphabetically.
    """
    top = [scored for scored in ranked if scored.included][:FEEDBACK_PAPERS]
    rest = [scored for scored in ranked if scored not in top]
    if len(top) < MIN_PAPERS:
        return []
    topic_families = {word_family(term) for term in analyze_topic(topic).terms}
    top_counts = _paper_counts(top)
    rest_counts = _paper_counts(rest)
    scores: dict[str, float] = {}
    for word, papers in top_counts.items():
        if papers < MIN_PAPERS or not _eligible(word, topic_families):
            continue
        contrast = papers / len(top) - rest_counts.get(word, 0) / max(len(rest), 1)
        if contrast <= 0:
            continue
        scores[word] = contrast * _idf(word, document_frequencies, document_count)
    best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return [word for word, _ in best[:count]]


def _paper_counts(papers: Sequence[ScoredPaper]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for scored in papers:
        text = f"{scored.paper['title']} {scored.paper['abstract']}"
        counts.update(set(folded_tokens(text)))
    return counts


def _eligible(word: str, topic_families: set[str]) -> bool:
    return (
        len(word) >= MIN_LENGTH
        and not word.isdigit()
        and word not in STOPWORDS
        and word not in REQUEST_WORDS
        and word not in GENERIC_WORDS
        and word_family(word) not in topic_families
    )


def _idf(word: str, frequencies: Mapping[str, int] | None, total: int | None) -> float:
    if not frequencies or not total:
        return 1.0
    frequency = max(frequencies.get(word, 0), frequencies.get(word + "s", 0))
    return math.log((total + 1) / (frequency + 1))
