"""Tests of citation-key cleaning and numbering."""

from agents.citations import cited_keys, number_citations, remove_unknown_keys


def test_cited_keys_in_order():
    text = "A [@2503.01234]. B [@2501.00001; @astro-ph/0601001]. C [@2503.01234]."
    assert cited_keys(text) == ["2503.01234", "2501.00001", "astro-ph/0601001", "2503.01234"]


def test_cited_keys_strip_versions_and_prefix():
    assert cited_keys("X [@arXiv:2503.01234v2].") == ["2503.01234"]


def test_unknown_key_removed_and_reported():
    text, removed = remove_unknown_keys(
        "Known [@2503.01234]. Made up [@9999.99999].", ["2503.01234"]
    )
    assert removed == ["9999.99999"]
    assert text == "Known [@2503.01234]. Made up."


def test_unknown_key_removed_from_group():
    text, removed = remove_unknown_keys("Both [@2503.01234; @1111.11111].", ["2503.01234"])
    assert text == "Both [@2503.01234]."
    assert removed == ["1111.11111"]


def test_non_arxiv_key_removed():
    text, removed = remove_unknown_keys("Claim [@smith2020].", ["2503.01234"])
    assert text == "Claim."
    assert removed == ["smith2020"]


def test_numbering_by_first_appearance():
    texts, order = number_citations(["Intro [@2502.2].", "Body [@2501.1; @2502.2] and [@2503.3]."])
    assert order == ["2502.2", "2501.1", "2503.3"]
    assert texts == ["Intro [1].", "Body [1, 2] and [3]."]


def test_plain_brackets_untouched():
    texts, order = number_citations(["An interval [0, 1] and a list [a]."])
    assert texts == ["An interval [0, 1] and a list [a]."]
    assert order == []
