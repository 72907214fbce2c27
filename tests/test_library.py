"""Library tests: search relevance on the real corpus, filters, hostile queries, lookup."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest

from agents.errors import InvalidArxivIdError, InvalidRequestError, LibraryError
from agents.sources.dates import parse_date
from agents.sources.fts_query import match_expression, query_terms
from agents.sources.library import Library

OPTIMIZER_QUERY = "adaptive gradient optimizer for training deep neural networks"
OPTIMIZER_WORDS = ("optimiz", "adam", "sgd", "gradient descent", "learning rate")


@pytest.fixture(scope="module")
def corpus(corpus_library: Path) -> Library:
    return Library.open_existing(corpus_library)


@pytest.fixture(scope="module")
def small(small_library: Path) -> Library:
    return Library.open_existing(small_library)


@pytest.mark.corpus
@pytest.mark.slow
def test_search_optimizer_relevance(corpus: Library) -> None:
    papers = corpus.search([OPTIMIZER_QUERY], limit=10)
    about_optimizers = [
        paper
        for paper in papers
        if any(word in f"{paper['title']} {paper['abstract']}".lower() for word in OPTIMIZER_WORDS)
        and "optimiz" in f"{paper['title']} {paper['abstract']}".lower()
    ]
    assert len(papers) == 10
    assert len(about_optimizers) >= 7


@pytest.mark.corpus
@pytest.mark.slow
def test_search_fills_limit(corpus: Library) -> None:
    assert len(corpus.search(["diffusion model video"], limit=200)) == 200


@pytest.mark.corpus
@pytest.mark.slow
def test_search_date_window(corpus: Library) -> None:
    papers = corpus.search(
        ["language models"], limit=50, since=date(2026, 2, 1), until=date(2026, 2, 28)
    )
    assert len(papers) == 50
    assert all("2026-02-01" <= paper["published"] <= "2026-02-28" for paper in papers)


@pytest.mark.corpus
@pytest.mark.slow
def test_search_category_filter(corpus: Library) -> None:
    papers = corpus.search(["robot manipulation"], limit=30, categories=["cs.RO"])
    assert len(papers) == 30
    assert all("cs.RO" in paper["categories"] for paper in papers)


@pytest.mark.corpus
@pytest.mark.slow
def test_search_sort_by_date(corpus: Library) -> None:
    papers = corpus.search(["speculative decoding"], limit=20, sort_by="date")
    dates = [paper["published"] for paper in papers]
    assert dates == sorted(dates, reverse=True)


def test_search_archive_category(small: Library) -> None:
    papers = small.search(["graph"], limit=50, categories=["math"])
    assert papers
    assert all(any(c.startswith("math.") for c in paper["categories"]) for paper in papers)


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced quote',
        "(graph AND",
        "NOT OR AND",
        "graph*",
        "-graph",
        "title:graph",
        "a:b:c",
        "x^2",
    ],
)
def test_search_hostile_query(small: Library, query: str) -> None:
    assert isinstance(small.search([query], limit=5), list)


def test_search_only_punctuation(small: Library) -> None:
    with pytest.raises(InvalidRequestError, match="no words"):
        small.search(['"()*:-'], limit=5)


def test_search_limit_below_one(small: Library) -> None:
    with pytest.raises(InvalidRequestError, match="limit"):
        small.search(["graph"], limit=0)


def test_search_reversed_window(small: Library) -> None:
    with pytest.raises(InvalidRequestError, match="after"):
        small.search(["graph"], limit=5, since=date(2026, 1, 1), until=date(2025, 1, 1))


def test_search_several_queries(small: Library) -> None:
    first = small.search(["graph"], limit=100)
    both = small.search(["graph", "spectrum"], limit=100)
    assert {p["arxiv_id"] for p in first} <= {p["arxiv_id"] for p in both}
    assert len(both) >= len(first)


def test_search_from_threads(small: Library) -> None:
    results: list[int] = []

    def search() -> None:
        results.append(len(small.search(["graph"], limit=5)))

    threads = [threading.Thread(target=search) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8
    assert len(set(results)) == 1


def test_lookup_id_forms(small: Library) -> None:
    arxiv_id = small.search(["graph"], limit=1)[0]["arxiv_id"]
    forms = [arxiv_id, f"{arxiv_id}v9", f"arXiv:{arxiv_id}", f"https://arxiv.org/abs/{arxiv_id}"]
    assert [p["arxiv_id"] for p in small.lookup(forms)] == [arxiv_id]


def test_lookup_unknown_skipped(small: Library) -> None:
    assert small.lookup(["0000.00001"]) == []


def test_lookup_invalid_id(small: Library) -> None:
    with pytest.raises(InvalidArxivIdError):
        small.lookup(["not an id"])


def test_stats_fields(small: Library) -> None:
    stats = small.stats()
    assert stats["papers"] == small.count()
    assert stats["published_from"] <= stats["published_to"]
    assert stats["top_categories"]
    assert stats["size_bytes"] > 0


def test_term_frequencies(small: Library) -> None:
    frequencies = small.term_document_frequencies()
    assert 0 < frequencies["graph"] <= small.document_count()


def test_open_missing_library(tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="litreview library import"):
        Library.open_existing(tmp_path / "absent.sqlite3")


def test_open_empty_library(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    with pytest.raises(LibraryError, match="has no papers"):
        Library.open_existing(empty)


def test_query_terms_drop_stopwords() -> None:
    assert query_terms("A survey of the (AND) optimizers*") == ["survey", "optimizers"]


def test_query_terms_keep_all_stopwords() -> None:
    assert query_terms("what is it") == ["what", "is", "it"]


def test_match_expression_quotes() -> None:
    assert match_expression(["sgd", 'say"hi']) == '"sgd" OR "say""hi"*'


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("2025", False, date(2025, 1, 1)),
        ("2025", True, date(2025, 12, 31)),
        ("2024-02", True, date(2024, 2, 29)),
        ("2025-03-18", False, date(2025, 3, 18)),
    ],
)
def test_parse_date_forms(text: str, end: bool, expected: date) -> None:
    assert parse_date(text, "--since", end_of_period=end) == expected


@pytest.mark.parametrize("text", ["25", "2025-13", "2025-02-30", "March 2025", ""])
def test_parse_date_invalid(text: str) -> None:
    with pytest.raises(InvalidRequestError, match="--since"):
        parse_date(text, "--since")
