"""Tests of the code-built reference list and BibTeX."""

import bibtexparser

from agents.bibliography import author_label, build_bibtex, build_references, format_reference
from agents.sources.paper import make_paper


def paper(arxiv_id, title, authors, published="2025-04-26", **extra):
    return make_paper(
        arxiv_id=arxiv_id,
        version=1,
        title=title,
        abstract="An abstract.",
        authors=authors,
        published=published,
        categories=["cs.LG", "math.OC"],
        **extra,
    )


PAPERS = [
    paper(
        "2504.20096",
        "Towards Practical Second-Order Optimizers: 50% & $O(\\sqrt{T})$",
        ["Damien Martins Gomes"],
    ),
    paper("2501.00001", "Adam {Revisited}", ["Ana Li", "Bo Wu"], doi="10.1000/xyz"),
    paper("2501.00002", "Adam Revisited Again", ["Ana Li", "Bo Wu", "Chen Zhao"]),
]


def test_references_copy_metadata():
    by_id = {p["arxiv_id"]: p for p in PAPERS}
    references = build_references(["2501.00001", "2504.20096"], by_id)
    assert references[0]["number"] == 1
    assert references[0]["title"] == PAPERS[1]["title"]
    assert references[0]["authors"] == PAPERS[1]["authors"]
    assert references[1]["url"] == "https://arxiv.org/abs/2504.20096"


def test_format_reference_has_id_and_url():
    reference = build_references(["2504.20096"], {"2504.20096": PAPERS[0]})[0]
    text = format_reference(reference)
    assert text.startswith("Damien Martins Gomes (2025). Towards Practical")
    assert "arXiv:2504.20096" in text
    assert text.endswith("https://arxiv.org/abs/2504.20096")


def test_author_labels():
    assert author_label(PAPERS[0]) == "Gomes"
    assert author_label(PAPERS[1]) == "Li and Wu"
    assert author_label(PAPERS[2]) == "Li et al."
    assert (
        author_label(paper("2501.00009", "T", ["Jan van Dijk", "Bo Wu", "C D"]))
        == "van Dijk et al."
    )


def test_bibtex_parses_back():
    library = bibtexparser.parse_string(build_bibtex(PAPERS))
    assert len(library.entries) == 3
    assert len(library.failed_blocks) == 0


def test_bibtex_fields():
    entry = bibtexparser.parse_string(build_bibtex(PAPERS)).entries[1]
    assert entry.entry_type == "misc"
    assert entry["eprint"] == "2501.00001"
    assert entry["archivePrefix"] == "arXiv"
    assert entry["primaryClass"] == "cs.LG"
    assert entry["doi"] == "10.1000/xyz"


def test_bibtex_keys_unique():
    twins = [PAPERS[1], paper("2501.00003", "Adam Again", ["Ana Li", "Bo Wu"])]
    keys = [e.key for e in bibtexparser.parse_string(build_bibtex(twins)).entries]
    assert len(set(keys)) == 2


def test_bibtex_escapes_text_not_math():
    tricky = paper("2501.00010", "GS^2 & snake_case at ~50% with $x^2_i$", ["Ana Li"])
    entry = bibtexparser.parse_string(build_bibtex([tricky])).entries[0]
    assert entry["title"] == r"{GS\^{}2 \& snake\_case at \~{}50\% with $x^2_i$}"
