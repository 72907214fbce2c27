"""End-to-end offline reviews over the real 75k-paper library.

Each request runs the whole graph with no model and checks the promises a researcher relies on:
exactly N distinct papers from the window, a complete structure, cited paragraphs, no repeated
sentence, and references identical to the library's metadata.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from agents.request_parsing import subtract_months
from agents.section_checks import split_paragraphs, split_sentences
from agents.sources.library import Library
from graph.builder import build_graph
from graph.context import ReviewContext

REFERENCE_DATE = "2026-07-01"
SEED_REQUEST = (
    "Make a search of 10 recent publications and write a literature review on recent advances "
    "in deep learning optimizers with an accent on novel optimization algorythms"
)
TOPIC_REQUESTS = [
    "Review 10 recent papers on graph neural networks",
    "Write a literature review of 10 recent publications on federated learning",
    "Make a search of 10 recent papers on medical image segmentation and review them",
    "Literature review of 10 recent papers about LLM agents",
    "Review 10 recent publications on text-to-speech synthesis",
]
FIXED_HEADINGS = ("Introduction", "Discussion and future directions", "Conclusion")


def run_offline(library: Path, query: str) -> dict[str, Any]:
    context = ReviewContext(
        model="offline", source="library", library_path=str(library), reference_date=REFERENCE_DATE
    )
    return build_graph().invoke({"query": query}, context=context)


@pytest.fixture(scope="module")
def seed_result(corpus_library: Path) -> dict[str, Any]:
    return run_offline(corpus_library, SEED_REQUEST)


def headings(review: str) -> list[str]:
    return [
        re.sub(r"^\d+\.\s*", "", line[3:]) for line in review.splitlines() if line.startswith("## ")
    ]


def body_text(review: str) -> str:
    """Return the review between the first numbered section and the reference list."""
    start = review.index("## 1. ")
    return review[start : review.index("## References")]


def assert_review_properties(result: dict[str, Any], library: Path, count: int = 10) -> None:
    papers = result["papers"]
    ids = [paper["arxiv_id"] for paper in papers]
    assert len(ids) == count
    assert len(set(ids)) == count

    since = subtract_months(date.fromisoformat(REFERENCE_DATE), 24).isoformat()
    for paper in papers:
        assert since <= paper["published"] <= REFERENCE_DATE, paper["arxiv_id"]

    titles = headings(result["review"])
    for fixed in FIXED_HEADINGS:
        assert fixed in titles
    assert "References" in titles
    thematic = [t for t in titles if t not in (*FIXED_HEADINGS, "References", "Method")]
    assert len(thematic) >= 2
    for title in thematic:
        assert "," not in title, f"section title reads as a word list: {title}"

    body = body_text(result["review"])
    for paragraph in split_paragraphs(body):
        if "Introduction" in paragraph or paragraph.startswith(">"):
            continue
        assert re.search(r"\[\d+(?:, \d+)*\]", paragraph), f"uncited paragraph: {paragraph[:80]}"
    sentences = [" ".join(s.split()) for s in split_sentences(body)]
    repeated = {s for s in sentences if sentences.count(s) > 1}
    assert not repeated

    references = result["references"]
    assert [ref["number"] for ref in references] == list(range(1, count + 1))
    assert {ref["arxiv_id"] for ref in references} == set(ids)
    stored = {paper["arxiv_id"]: paper for paper in Library.open_existing(library).lookup(ids)}
    for ref in references:
        paper = stored[ref["arxiv_id"]]
        assert ref["title"] == paper["title"]
        assert ref["authors"] == paper["authors"]
        assert ref["published"] == paper["published"]
        assert ref["url"] == paper["abs_url"]


@pytest.mark.corpus
def test_seed_request_properties(seed_result, corpus_library):
    assert_review_properties(seed_result, corpus_library)


@pytest.mark.corpus
def test_seed_request_offline_mode(seed_result):
    assert seed_result["mode"] == "offline"
    assert "Written offline" in seed_result["review"]


@pytest.mark.corpus
def test_seed_request_plan_in_stats(seed_result):
    stats = seed_result["stats"]
    assert stats["papers_requested"] == 10
    assert stats["papers_selected"] == 10
    assert stats["screening"]["included"] == 10
    assert set(stats["nodes"]) >= {"planner", "searcher", "reader", "writer", "critic", "assemble"}


@pytest.mark.corpus
def test_seed_request_deterministic(seed_result, corpus_library):
    again = run_offline(corpus_library, SEED_REQUEST)
    assert again["review"] == seed_result["review"]
    assert again["bibtex"] == seed_result["bibtex"]


@pytest.mark.corpus
@pytest.mark.parametrize("query", TOPIC_REQUESTS)
def test_topic_review_properties(query, corpus_library):
    assert_review_properties(run_offline(corpus_library, query), corpus_library)


@pytest.mark.corpus
def test_no_papers_ends_without_writing(corpus_library):
    result = run_offline(corpus_library, "Review 5 papers on zzyzxqq quorbleflux since 2026")
    assert result["references"] == []
    assert result["review"].startswith("# No papers found")


@pytest.mark.corpus
def test_fewer_papers_than_requested(corpus_library):
    result = run_offline(
        corpus_library, "Review 50 papers on iris recognition published between 2025 and 2025"
    )
    count = len(result["papers"])
    assert 0 < count < 50
    assert len(result["references"]) == count
    assert f"Only {count} of the 50 requested papers" in result["review"]
    assert any("Only" in warning for warning in result["stats"]["warnings"])


@pytest.mark.corpus
def test_progress_events_every_node(corpus_library):
    context = ReviewContext(
        model="offline",
        source="library",
        library_path=str(corpus_library),
        reference_date=REFERENCE_DATE,
    )
    events = list(
        build_graph().stream(
            {"query": "Review 4 papers on federated learning"},
            context=context,
            stream_mode="custom",
        )
    )
    for node in ("planner", "searcher", "reader", "outline", "writer", "critic", "assemble"):
        started = [e for e in events if e["event"] == "node_started" and e["node"] == node]
        finished = [e for e in events if e["event"] == "node_finished" and e["node"] == node]
        assert started, node
        assert len(started) == len(finished), node
    assert sum(e["event"] == "paper_read" for e in events) == 4


@pytest.mark.corpus
def test_window_past_library_flagged(corpus_library):
    context = ReviewContext(
        model="offline",
        source="library",
        library_path=str(corpus_library),
        reference_date="2026-12-04",
    )
    result = build_graph().invoke(
        {"query": "Review 3 papers on federated learning from the last 6 months"}, context=context
    )
    assert result["stats"]["window"] == {"since": "2026-06-04", "until": "2026-12-04"}
    assert "newest paper is from 2026-06-30" in result["review"]
