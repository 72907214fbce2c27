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

from agents.offline.phrases import PhraseTable
from agents.offline.sentences import content_terms, decode_latex
from agents.offline.theme_names import Theme, name_themes, paper_kind, settle_themes
from agents.offline.titles import title_case
from agents.records import OutlineSection, PaperNotes, Plan
from agents.relevance.text import word_family
from agents.sources.paper import Paper

logger = logging.getLogger(__name__)

# (largest paper count, number of themes): 1-3 papers give one theme, 4-7 two, 8-15 three.
_THEME_COUNTS = ((3, 1), (7, 2), (15, 3))
_MAX_THEMES = 4
_MIN_THEME_SIZE = 2


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

    A theme is named after a phrase that most of its papers use. Papers of clusters with no
    such phrase join a named theme whose phrase they use, or else themes titled after the
    topic and the kind of paper (methods or analyses), so no title shows one paper's jargon.
    Abstracts, not `notes`, drive the clustering; notes give each paper's method sentence.
    """
    ordered = sorted({p["arxiv_id"]: p for p in papers}.values(), key=lambda p: p["arxiv_id"])
    if not ordered:
        return []
    vectors = _vectors(ordered)
    table = PhraseTable(ordered, {p["arxiv_id"]: _method_of(p, notes) for p in ordered})
    excluded = topic_families(plan)
    wanted = theme_count(len(ordered))
    kinds = [paper_kind(paper, _method_of(paper, notes)) for paper in ordered]
    candidates = []
    for themes in dict.fromkeys([wanted, wanted + 1, max(wanted - 1, 1)]):
        groups = _groups(_cluster(vectors, themes))
        named = name_themes(groups, ordered, table, excluded)
        candidates.append(settle_themes(named, vectors, ordered, table, kinds))
    themes_found = max(candidates, key=lambda found: _quality(found, wanted))
    if len(themes_found) < 2 <= wanted:
        themes_found = _two_themes(vectors, ordered, table, excluded)

    sections: list[OutlineSection] = []
    for i, theme in enumerate(themes_found):
        title = title_case(theme.phrase.text) if theme.phrase else _other_title(plan, theme)
        sections.append(
            OutlineSection(
                section_id=f"s{i + 1}",
                title=title,
                purpose=_purpose(theme, ordered),
                paper_ids=_reading_order(vectors, theme.members, ordered),
            )
        )
    logger.info("outlined %d papers into %d themes", len(ordered), len(sections))
    return sections


def _method_of(paper: Paper, notes: Mapping[str, PaperNotes]) -> str:
    paper_notes = notes.get(paper["arxiv_id"])
    return paper_notes["method"] if paper_notes else paper["abstract"]


def _two_themes(
    vectors: np.ndarray, papers: Sequence[Paper], table: PhraseTable, excluded: frozenset[str]
) -> list[Theme]:
    """Split papers that share no theme into two clusters, named after any phrase two of
    their papers use, so a review of several papers still compares groups."""
    groups = _groups(_cluster(vectors, 2))
    themes = name_themes(groups, papers, table, excluded, min_share=0.0)
    unnamed = [theme for theme in themes if theme.phrase is None]
    for theme in unnamed[1:] if len(unnamed) == len(themes) else unnamed:
        theme.rest = True
    return sorted(themes, key=lambda theme: theme.rest)


def _groups(labels: list[int]) -> list[list[int]]:
    clusters: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        clusters.setdefault(label, []).append(index)
    return sorted(clusters.values(), key=lambda members: (-len(members), members[0]))


def _quality(themes: list[Theme], wanted: int) -> tuple[int, int, int, int, int]:
    """Rank outlines: at least two sections, most named themes (a finer map), most papers
    using their theme's phrase, fewest unnamed papers, then the count nearest `wanted`."""
    named = sum(1 for theme in themes if theme.phrase)
    covered = sum(theme.covered for theme in themes)
    unnamed = sum(len(theme.members) for theme in themes if theme.phrase is None)
    return (min(len(themes), 2), named, covered, -unnamed, -abs(len(themes) - wanted))


def topic_families(plan: Plan) -> frozenset[str]:
    """Return the word families of the topic and focus, plus initials of the whole topic and
    of each hyphenated word ("tts" for "text-to-speech synthesis")."""
    families: set[str] = set()
    for text in (plan["topic"], plan.get("focus") or ""):
        families.update(
            word_family(part) for term in content_terms(text) for part in term.split("-")
        )
        pieces = [text.lower(), *(w for w in text.lower().split() if "-" in w)]
        for piece in pieces:
            initials = "".join(part[0] for part in re.split(r"[\s-]+", piece) if part)
            if len(initials) >= 2:
                families.add(word_family(initials))
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


def _other_title(plan: Plan, theme: Theme) -> str:
    """Name a theme whose papers share no phrase honestly, after the topic or the papers' kind."""
    topic = title_case(plan["topic"])
    if theme.kind == "study":
        return "Analyses and Empirical Comparisons"
    if theme.kind == "method":
        return f"Further Methods for {topic}" if theme.rest else f"Methods for {topic}"
    return f"Other Directions in {topic}" if theme.rest else f"Directions in {topic}"


def _purpose(theme: Theme, papers: Sequence[Paper]) -> str:
    count = len(theme.members)
    noun = "paper" if count == 1 else "papers"
    if theme.phrase is None:
        return f"Presents {count} {noun} that share no narrower theme with the other sections."
    return (
        f"Presents {count} {noun} on {theme.phrase.text}, a phrase that "
        f"{theme.covered} of them use in the title or abstract."
    )
