"""The offline outline: cluster the selected papers into themes and name each theme.

Papers are represented by TF-IDF vectors of their title (counted twice) and abstract, and
grouped by Ward's agglomerative clustering, which is deterministic and, unlike average
linkage on sparse text vectors, does not leave most papers in one cluster. Clusters of one
paper are merged into their nearest neighbour while two or more clusters remain, so every
theme can compare at least two papers.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

from agents.offline.phrases import (
    Phrase,
    PhraseTable,
    drop_contained,
    is_heading_phrase,
    title_case,
)
from agents.offline.sentences import content_terms, decode_latex
from agents.records import OutlineSection, PaperNotes, Plan
from agents.relevance.text import word_family
from agents.sources.paper import Paper

logger = logging.getLogger(__name__)

# (largest paper count, number of themes): 1-3 papers give one theme, 4-7 two, 8-15 three.
_THEME_COUNTS = ((3, 1), (7, 2), (15, 3))
_MAX_THEMES = 4
_MIN_THEME_SIZE = 2
_SECOND_PHRASE_RATIO = 0.45


def theme_count(paper_count: int) -> int:
    """Return how many themes a review of `paper_count` papers gets."""
    for largest, themes in _THEME_COUNTS:
        if paper_count <= largest:
            return themes
    return _MAX_THEMES


def outline_offline(
    plan: Plan, papers: list[Paper], notes: Mapping[str, PaperNotes]
) -> list[OutlineSection]:
    """Group the papers into named themes; every paper lands in exactly one section.

    `notes` is accepted for interface parity with the model outline and not needed here:
    the abstracts carry more signal for clustering than the extracted sentences.
    """
    del notes
    ordered = sorted({p["arxiv_id"]: p for p in papers}.values(), key=lambda p: p["arxiv_id"])
    if not ordered:
        return []
    vectors = _vectors(ordered)
    labels = _cluster(vectors, theme_count(len(ordered)))
    clusters: dict[str, list[int]] = {}
    for index, label in enumerate(labels):
        clusters.setdefault(str(label), []).append(index)
    groups = sorted(clusters.values(), key=lambda members: (-len(members), members[0]))

    table = PhraseTable(ordered)
    named = {str(i): [ordered[m]["arxiv_id"] for m in members] for i, members in enumerate(groups)}
    topic_families = _topic_families(plan)
    excluded = topic_families if len(groups) > 1 else frozenset()
    ranked = table.rank(named, excluded_words=excluded)
    single = table.rank(named, excluded_words=excluded, shared_only=False)

    sections: list[OutlineSection] = []
    used_titles: set[str] = set()
    for i, members in enumerate(groups):
        phrases = ranked[str(i)]
        if not any(len(p.key) > 1 for p in _heading_phrases(phrases)):
            phrases = phrases + [p for p in single[str(i)] if len(p.key) > 1]
        title = _title(phrases, used_titles, plan, i)
        used_titles.add(title.lower())
        sections.append(
            OutlineSection(
                section_id=f"s{i + 1}",
                title=title,
                purpose=_purpose(phrases, len(members)),
                paper_ids=_reading_order(vectors, members, ordered),
            )
        )
    logger.info("outlined %d papers into %d themes", len(ordered), len(sections))
    return sections


def _topic_families(plan: Plan) -> frozenset[str]:
    """Return the word families of the topic and focus, plus the topic's initials ("tts")."""
    families: set[str] = set()
    for text in (plan["topic"], plan.get("focus") or ""):
        families.update(
            word_family(part) for term in content_terms(text) for part in term.split("-")
        )
        initials = "".join(part[0] for part in re.split(r"[\s-]+", text.lower()) if part)
        if len(initials) >= 2:
            families.add(initials)
    return frozenset(families)


def _vectors(papers: Sequence[Paper]) -> np.ndarray:
    """Return L2-normalized TF-IDF rows over folded content words and their bigrams."""
    texts = []
    for paper in papers:
        title = decode_latex(paper["title"])
        texts.append(f"{title}. {title}. {decode_latex(paper['abstract'])}")
    vectorizer = TfidfVectorizer(analyzer=_terms_and_bigrams, sublinear_tf=True)
    return vectorizer.fit_transform(texts).toarray()


def _terms_and_bigrams(text: str) -> list[str]:
    terms = content_terms(text)
    return terms + [f"{a} {b}" for a, b in zip(terms, terms[1:], strict=False)]


def _cluster(vectors: np.ndarray, themes: int) -> list[int]:
    """Cluster rows into `themes` groups with Ward linkage, then absorb one-paper clusters."""
    if themes <= 1 or len(vectors) <= themes:
        return [0] * len(vectors)
    labels = list(AgglomerativeClustering(n_clusters=themes, linkage="ward").fit_predict(vectors))
    while True:
        sizes = {label: labels.count(label) for label in sorted(set(labels))}
        small = [label for label, size in sizes.items() if size < _MIN_THEME_SIZE]
        if not small or len(sizes) <= 2:
            return labels
        labels = _merge_into_nearest(vectors, labels, small[0])


def _merge_into_nearest(vectors: np.ndarray, labels: list[int], label: int) -> list[int]:
    members = [i for i, value in enumerate(labels) if value == label]
    centroid = vectors[members].mean(axis=0)
    others = sorted(set(labels) - {label})
    similarities = [
        float(centroid @ vectors[[i for i, v in enumerate(labels) if v == other]].mean(axis=0))
        for other in others
    ]
    target = others[int(np.argmax(similarities))]
    return [target if value == label else value for value in labels]


def _reading_order(vectors: np.ndarray, members: list[int], papers: Sequence[Paper]) -> list[str]:
    """Order a theme's papers as a chain: the most central first, then each one's nearest."""
    centroid = vectors[members].mean(axis=0)
    remaining = list(members)
    current = max(remaining, key=lambda m: (float(vectors[m] @ centroid), -m))
    order = [current]
    remaining.remove(current)
    while remaining:
        current = max(remaining, key=lambda m: (float(vectors[m] @ vectors[order[-1]]), -m))
        order.append(current)
        remaining.remove(current)
    return [papers[m]["arxiv_id"] for m in order]


def _heading_phrases(phrases: list[Phrase]) -> list[Phrase]:
    """Return the phrases that can name a theme: multi-word noun phrases first, best first."""
    usable = drop_contained([p for p in phrases if is_heading_phrase(p)])
    return [p for p in usable if len(p.key) > 1] + [p for p in usable if len(p.key) == 1]


def _families(phrase: Phrase) -> set[str]:
    return {word_family(word) for word in phrase.key}


def _title(phrases: list[Phrase], used: set[str], plan: Plan, index: int) -> str:
    """Name a theme "First Phrase and Second Phrase", unused by earlier themes."""
    candidates: list[str] = []
    heading = _heading_phrases(phrases)
    for first_index, first in enumerate(heading[:4]):
        seconds = [
            p for p in heading[first_index + 1 : 8]
            if not _families(p) & _families(first)
            and p.score >= _SECOND_PHRASE_RATIO * first.score
            and (len(p.key) > 1 or len(first.key) == 1)
        ]  # fmt: skip
        for second in seconds[:2]:
            candidates.append(f"{title_case(first.text)} and {title_case(second.text)}")
        candidates.append(title_case(first.text))
    for candidate in candidates:
        if candidate.lower() not in used:
            return candidate
    fallback = f"{title_case(plan['topic'])}: Theme {index + 1}"
    logger.info("no distinctive phrase left for theme %d; using %r", index + 1, fallback)
    return fallback


def _purpose(phrases: list[Phrase], paper_count: int) -> str:
    noun = "paper" if paper_count == 1 else "papers"
    texts = [p.text for p in (_heading_phrases(phrases) or phrases)[:3]]
    if not texts:
        return f"Presents {paper_count} {noun} on this theme."
    listed = texts[0] if len(texts) == 1 else f"{', '.join(texts[:-1])} and {texts[-1]}"
    return f"Presents {paper_count} {noun} whose abstracts share the terms {listed}."
