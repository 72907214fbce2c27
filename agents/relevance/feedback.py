"""Pseudo-relevance feedback: the pool's best candidates describe the topic in their own words.

The papers that match the topic best lexically form the core. Their TF-IDF centroid carries
the field's vocabulary that the request never states ("adam", "momentum", "learning rate"
for optimizers), so closeness to it separates the field from look-alikes that share only the
request's words. The core's categories give a second, coarse signal of the field.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from agents.relevance.lexical import PaperText
from agents.relevance.query_terms import REQUEST_WORDS, STOPWORDS
from agents.relevance.text import word_family

EXPANSION_TERMS = 60
"""Centroid terms kept; the rest of the centroid is mostly noise of single core papers."""
SECONDARY_CATEGORY_CREDIT = 0.7

_STOP = sorted(set(ENGLISH_STOP_WORDS) | STOPWORDS | REQUEST_WORDS)


def core_size(pool_size: int) -> int:
    """Return how many top candidates form the core: a fifth of the pool, between 5 and 20."""
    return max(5, min(20, pool_size // 5))


def document_text(text: PaperText) -> str:
    """Join the folded title (twice, to weigh it above the abstract) and abstract."""
    title = " ".join(text.title)
    return f"{title} {title} {' '.join(text.abstract)}"


class FeedbackModel:
    """TF-IDF vectors of a pool and the centroid of its core papers."""

    def __init__(
        self,
        texts: Sequence[PaperText],
        core: Sequence[int],
        core_weights: Sequence[float],
        topic_families: Collection[str] = (),
    ):
        vectorizer = TfidfVectorizer(
            analyzer="word",
            token_pattern=r"[a-z0-9]+",
            stop_words=_STOP,
            ngram_range=(1, 2),
            min_df=2,
            sublinear_tf=True,
        )
        documents = [document_text(text) for text in texts]
        try:
            self.matrix = vectorizer.fit_transform(documents)
            # Canonical column order within rows, so sums do not depend on the pool's order.
            self.matrix.sort_indices()
        except ValueError:
            # Fewer than two papers share any word: there is no vocabulary to learn from.
            self.matrix = None
            self.terms: list[str] = []
            self.closeness = np.zeros(len(texts))
            return
        weights = np.asarray(core_weights, dtype=float)
        centroid = np.asarray(self.matrix[list(core)].T @ weights).ravel() / max(
            weights.sum(), 1e-9
        )
        vocabulary = vectorizer.get_feature_names_out()
        families = set(topic_families)
        for index, term in enumerate(vocabulary):
            if any(word_family(word) in families for word in term.split()):
                centroid[index] = 0.0
        keep = np.argsort(-centroid, kind="stable")[:EXPANSION_TERMS]
        pruned = np.zeros_like(centroid)
        pruned[keep] = centroid[keep]
        norm = np.linalg.norm(pruned)
        self.terms = [str(vocabulary[i]) for i in keep if centroid[i] > 0]
        self.vocabulary = [str(term) for term in vocabulary]
        self.centroid = centroid
        self.closeness = (
            np.asarray(self.matrix @ (pruned / norm)).ravel() if norm else np.zeros(len(texts))
        )


def category_shares(texts: Sequence[PaperText], core: Sequence[int]) -> dict[str, float]:
    """Return the share of core papers listing each category."""
    counts: Counter[str] = Counter()
    for index in core:
        counts.update(set(texts[index].paper["categories"]))
    return {category: count / len(core) for category, count in counts.items()} if core else {}


def category_score(text: PaperText, shares: dict[str, float]) -> float:
    """Return how typical a paper's categories are of the core, in [0, 1]."""
    paper = text.paper
    primary = shares.get(paper["primary_category"], 0.0)
    others = [shares.get(c, 0.0) for c in paper["categories"] if c != paper["primary_category"]]
    return max([primary, *(SECONDARY_CATEGORY_CREDIT * share for share in others)])
