"""Building arXiv search_query strings, and parsing recorded Atom feeds."""

from __future__ import annotations

import json
from datetime import date

import pytest

from agents.errors import InvalidRequestError, SourceError
from agents.sources.arxiv_query import build_search_query, free_text_to_query, to_arxiv_query
from agents.sources.atom import papers_from_atom, parse_feed
from tests.fake_arxiv import FIXTURES

needs_fixtures = pytest.mark.skipif(
    not FIXTURES.is_dir(), reason=f"recorded arXiv responses not found at {FIXTURES}"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("testing", "all:testing"),
        ("graph neural networks", "all:graph AND all:neural AND all:networks"),
        ("the state of the art", "all:state AND all:art"),
        ('"large language models" for code', 'all:"large language models" AND all:code'),
        ('"transformer"', "all:transformer"),
        ("GPT-4 vs. Llama 3.5", "all:GPT-4 AND all:vs AND all:Llama AND all:3.5"),
        ("cats AND dogs OR NOT birds", "all:cats AND all:dogs AND all:birds"),
        ("f(x) = [p:q] + c*", "all:f AND all:x AND all:p AND all:q AND all:c"),
        ('unbalanced "quote here', "all:unbalanced AND all:quote AND all:here"),
        ("Schrödinger équation", "all:Schrödinger AND all:équation"),
    ],
)
def test_free_text_conversion(text: str, expected: str) -> None:
    assert free_text_to_query(text) == expected


@pytest.mark.parametrize("text", ["", "  ", "the of and", '""', "()[]:*"])
def test_free_text_without_words(text: str) -> None:
    with pytest.raises(InvalidRequestError, match="no searchable words"):
        free_text_to_query(text)


@pytest.mark.parametrize(
    "text", ["au:del_maestro AND ti:checkerboard", "cat:cs.LG", '(ti:"deep learning")']
)
def test_arxiv_syntax_passes_through(text: str) -> None:
    assert to_arxiv_query(text) == text


def test_build_single_query() -> None:
    assert build_search_query(["testing"]) == "all:testing"


def test_build_queries_joined_with_or() -> None:
    query = build_search_query(["optimizer", "ti:adam", " "])
    assert query == "(all:optimizer) OR (ti:adam)"


def test_build_date_window() -> None:
    query = build_search_query(["optimizer"], since=date(2024, 1, 2), until=date(2024, 3, 4))
    assert query == "(all:optimizer) AND (submittedDate:[202401020000 TO 202403042359])"


def test_build_open_date_window() -> None:
    query = build_search_query(["optimizer"], since=date(2024, 1, 2))
    assert query.endswith("(submittedDate:[202401020000 TO 999912312359])")


def test_build_categories() -> None:
    query = build_search_query(["x y", "z"], categories=["cs.LG", "math.OC", "astro-ph"])
    assert query == (
        "((all:x AND all:y) OR (all:z)) AND (cat:cs.LG OR cat:math.OC OR cat:astro-ph)"
    )


def test_build_reversed_dates() -> None:
    with pytest.raises(InvalidRequestError, match="2024-05-01 is after until 2024-01-01"):
        build_search_query(["x"], since=date(2024, 5, 1), until=date(2024, 1, 1))


@pytest.mark.parametrize("category", ["cs LG", "cs.LG)", "cat:cs.LG", ""])
def test_build_invalid_category(category: str) -> None:
    with pytest.raises(InvalidRequestError, match="not an arXiv category"):
        build_search_query(["x"], categories=[category])


def test_build_no_queries() -> None:
    with pytest.raises(InvalidRequestError, match="no search text"):
        build_search_query([" ", ""])


def recorded_body(name_prefix: str) -> str:
    (path,) = FIXTURES.glob(f"{name_prefix}_*.json")
    return json.loads(path.read_text(encoding="utf-8"))["body"]


@needs_fixtures
def test_atom_error_feed_not_a_paper() -> None:
    body = recorded_body("id_abc_s0")
    assert papers_from_atom(body) == []
    assert parse_feed(body).errors == ["incorrect id format for abc"]


@needs_fixtures
def test_atom_empty_feed() -> None:
    feed = parse_feed(recorded_body("id_0000.0000_s0"))
    assert feed.results == []
    assert feed.total_results == 0


@needs_fixtures
def test_atom_paging_header() -> None:
    feed = parse_feed(recorded_body("q_testing_s10_m10"))
    assert feed.start_index == 10
    assert feed.items_per_page == 10
    assert feed.total_results > 1000
    assert len(feed.results) == 10


@needs_fixtures
def test_atom_current_format_fields() -> None:
    (paper,) = papers_from_atom(recorded_body("id_quant-ph_0201082v1_s0"))
    assert paper["arxiv_id"] == "quant-ph/0201082"
    assert paper["version"] == 1
    assert paper["title"] == (
        "Quantum Computers and Quantum Computer Languages: Quantum Assembly Language and "
        "Quantum C Language"
    )
    assert paper["abstract"].startswith("We show a representation of Quantum Computers")
    assert paper["authors"] == ["Stephen Blaha"]
    assert paper["published"] == "2002-01-18"
    assert paper["primary_category"] == "quant-ph"
    assert paper["categories"] == ["quant-ph", "cs.PL"]
    assert paper["comment"] == "32 pages"
    assert paper["doi"] is None


@needs_fixtures
def test_atom_doi_current_format() -> None:
    papers = papers_from_atom(recorded_body("q_testing_s0_m10"))
    dois = [paper["doi"] for paper in papers if paper["doi"]]
    assert "10.1109/ICSTW55395.2022.00035" in dois


@needs_fixtures
def test_atom_legacy_format_fields() -> None:
    xml = (FIXTURES / "legacy-2016" / "id_list=1111.2011v2.xml").read_text(encoding="utf-8")
    (paper,) = papers_from_atom(xml)
    assert paper["arxiv_id"] == "1111.2011"
    assert paper["version"] == 2
    assert paper["title"] == (
        "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit"
    )
    assert paper["authors"] == ["James M. Murray", "Adrian Del Maestro", "Zlatko Tesanovic"]
    assert paper["published"] == "2011-11-08"
    assert paper["updated"] == "2012-04-02"
    assert paper["primary_category"] == "cond-mat.str-el"
    assert paper["categories"] == ["cond-mat.str-el", "cond-mat.stat-mech"]
    assert paper["doi"] == "10.1103/PhysRevB.85.115117"
    assert paper["journal_ref"] == "Phys. Rev. B 85, 115117 (2012)"
    assert paper["comment"] == "8 pages, 3 figures. Published version"
    assert paper["abs_url"] == "https://arxiv.org/abs/1111.2011"
    assert paper["pdf_url"] == "https://arxiv.org/pdf/1111.2011"


@needs_fixtures
def test_atom_legacy_old_style_id() -> None:
    name = "search_query=au_del_maestro_AND_ti_checkerboard.xml"
    (paper,) = papers_from_atom((FIXTURES / "legacy-2016" / name).read_bytes())
    assert paper["arxiv_id"] == "cond-mat/0603029"


@pytest.mark.parametrize(
    ("text", "message"),
    [("plain text", "not XML"), ("<html><p>down</p></html>", "root element is <html>")],
)
def test_atom_not_a_feed(text: str, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        papers_from_atom(text)
