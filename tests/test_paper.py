"""arXiv id parsing and the Paper constructor."""

from __future__ import annotations

from typing import Any

import pytest

from agents.errors import InvalidArxivIdError
from agents.sources.paper import Paper, make_paper, parse_arxiv_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2503.01234", ("2503.01234", None)),
        ("2503.01234v2", ("2503.01234", 2)),
        ("arXiv:2503.01234", ("2503.01234", None)),
        ("ARXIV:2503.01234v12", ("2503.01234", 12)),
        ("0704.0001", ("0704.0001", None)),
        ("1111.2011v2", ("1111.2011", 2)),
        ("astro-ph/0601001", ("astro-ph/0601001", None)),
        ("quant-ph/0201082v1", ("quant-ph/0201082", 1)),
        ("math.GT/0309136v2", ("math.GT/0309136", 2)),
        ("  2503.01234 \n", ("2503.01234", None)),
        ("https://arxiv.org/abs/2503.01234v3", ("2503.01234", 3)),
        ("http://export.arxiv.org/abs/astro-ph/0601001", ("astro-ph/0601001", None)),
        ("arxiv.org/pdf/2503.01234v2.pdf", ("2503.01234", 2)),
        ("https://arxiv.org/pdf/2503.01234.PDF", ("2503.01234", None)),
        ("https://arxiv.org/pdf/2503.01234v2/", ("2503.01234", 2)),
        ("https://www.arxiv.org/abs/2503.01234?context=cs", ("2503.01234", None)),
        ("https://arxiv.org/abs/2503.01234v2#S1", ("2503.01234", 2)),
        ("https://arxiv.org/html/2503.01234v1", ("2503.01234", 1)),
        ("2503.01234.pdf", ("2503.01234", None)),
    ],
)
def test_parse_arxiv_id_forms(text: str, expected: tuple[str, int | None]) -> None:
    assert parse_arxiv_id(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "abc", "2503.01234v", "2503.01234v0", "1234.5678901", "hep-th/123456", "cs.LG", "2503"],
)
def test_parse_arxiv_id_invalid(text: str) -> None:
    with pytest.raises(InvalidArxivIdError) as raised:
        parse_arxiv_id(text)
    assert repr(text) in str(raised.value)
    assert "2503.01234" in str(raised.value)


def minimal_paper(**overrides: Any) -> Paper:
    fields: dict[str, Any] = {
        "arxiv_id": "2503.01234",
        "version": 1,
        "title": "A  title\n  wrapped",
        "abstract": "  An abstract\nover lines. ",
        "authors": ["Ada  Lovelace", " ", "Alan Turing"],
        "published": "2025-03-02T10:00:00Z",
        "categories": ["cs.LG", " stat.ML "],
    }
    fields.update(overrides)
    return make_paper(**fields)


def test_make_paper_normalizes_text() -> None:
    paper = minimal_paper()
    assert paper["title"] == "A title wrapped"
    assert paper["abstract"] == "An abstract over lines."
    assert paper["authors"] == ["Ada Lovelace", "Alan Turing"]
    assert paper["categories"] == ["cs.LG", "stat.ML"]


def test_make_paper_defaults() -> None:
    paper = minimal_paper()
    assert paper["published"] == "2025-03-02"
    assert paper["updated"] == "2025-03-02"
    assert paper["primary_category"] == "cs.LG"
    assert paper["doi"] is None
    assert paper["journal_ref"] is None
    assert paper["comment"] is None


def test_make_paper_urls_without_version() -> None:
    paper = minimal_paper(arxiv_id="https://arxiv.org/abs/astro-ph/0601001v3")
    assert paper["arxiv_id"] == "astro-ph/0601001"
    assert paper["abs_url"] == "https://arxiv.org/abs/astro-ph/0601001"
    assert paper["pdf_url"] == "https://arxiv.org/pdf/astro-ph/0601001"


@pytest.mark.parametrize(
    ("arxiv_id", "version", "expected"),
    [
        ("2503.01234v3", 1, 3),
        ("2503.01234v2", 5, 5),
        ("2503.01234", 0, 1),
    ],
)
def test_make_paper_version(arxiv_id: str, version: int, expected: int) -> None:
    assert minimal_paper(arxiv_id=arxiv_id, version=version)["version"] == expected


def test_make_paper_blank_optional_fields() -> None:
    paper = minimal_paper(doi=" ", journal_ref="", comment="  5 pages\n")
    assert paper["doi"] is None
    assert paper["journal_ref"] is None
    assert paper["comment"] == "5 pages"


def test_make_paper_invalid_id() -> None:
    with pytest.raises(InvalidArxivIdError):
        minimal_paper(arxiv_id="not-an-id")
