"""Diverse selection: maximal marginal relevance over the included candidates.

Without it, several versions of one idea (a paper and its follow-up, two groups' near-equal
methods) crowd out the rest of a field. Similarity is the cosine of TF-IDF vectors of title
and abstract, computed over the included papers only, so it needs no library statistics.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from agents.relevance.ranking import ScoredPaper

NEAR_DUPLICATE_SIMILARITY = 0.8
"""Cosine similarity at which a paper counts as a near-duplicate of one already selected."""


def select_diverse(
    ranked: Sequence[ScoredPaper],
    count: int,
    *,
    lambda_: float = 0.9,
    fill_from_excluded: bool = False,
) -> list[ScoredPaper]:
    """Pick `count` papers by maximal marginal relevance, in the order picked.

    Each step takes the paper maximizing `lambda_ * relevance - (1 - lambda_) * similarity`
    to the papers already picked, relevance being the score scaled to [0, 1]. Near-duplicates
    of a picked paper (similarity at least NEAR_DUPLICATE_SIMILARITY) are skipped while other
    papers remain. Only included papers are candidates unless `fill_from_excluded` is set, in
    which case excluded ones, best first, make up a shortfall. Returns exactly
    min(count, number of candidates) distinct papers; deterministic for equal input.
    """
    candidates = _distinct([s for s in ranked if s.included])
    if fill_from_excluded:
        candidates = _distinct([*candidates, *(s for s in ranked if not s.included)])
    wanted = min(max(count, 0), len(candidates))
    if wanted == 0:
        return []
    similarity = _similarity(candidates)
    relevance = _relevance(candidates)
    chosen: list[int] = []
    remaining = list(range(len(candidates)))
    while len(chosen) < wanted:
        best = _best_next(chosen, remaining, relevance, similarity, lambda_)
        chosen.append(best)
        remaining.remove(best)
    return [candidates[i] for i in chosen]


def _distinct(papers: Sequence[ScoredPaper]) -> list[ScoredPaper]:
    seen: set[str] = set()
    unique = []
    for scored in papers:
        if scored.paper["arxiv_id"] not in seen:
            seen.add(scored.paper["arxiv_id"])
            unique.append(scored)
    return unique


def _similarity(papers: Sequence[ScoredPaper]) -> np.ndarray:
    texts = [f"{s.paper['title']} {s.paper['abstract']}" for s in papers]
    try:
        vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    except ValueError:
        # No paper has a word outside the stop list: treat them all as unrelated.
        return np.zeros((len(papers), len(papers)))
    return np.asarray((vectors @ vectors.T).todense())


def _relevance(papers: Sequence[ScoredPaper]) -> np.ndarray:
    scores = np.array([s.score for s in papers], dtype=float)
    low, high = scores.min(), scores.max()
    return (scores - low) / (high - low) if high > low else np.ones(len(papers))


def _best_next(
    chosen: list[int],
    remaining: list[int],
    relevance: np.ndarray,
    similarity: np.ndarray,
    lambda_: float,
) -> int:
    """Return the remaining index with the best marginal relevance, non-duplicates first."""

    def key(index: int) -> tuple[bool, float, int]:
        redundancy = max((similarity[index, j] for j in chosen), default=0.0)
        duplicate = redundancy >= NEAR_DUPLICATE_SIMILARITY
        return (duplicate, -(lambda_ * relevance[index] - (1 - lambda_) * redundancy), index)

    return min(remaining, key=key)
