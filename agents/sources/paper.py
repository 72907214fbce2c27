"""The one paper record every source converts into, and arXiv identifier parsing.

A paper is a plain JSON-compatible dict (a TypedDict), so it travels unchanged through the
graph state, checkpoints, LangGraph Studio and the REST API. Dates are ISO strings
(`YYYY-MM-DD`), which also sort correctly as strings.
"""

from __future__ import annotations

import re

# pydantic builds JSON schemas (LangGraph Studio forms) only from this TypedDict on Python 3.11.
from typing_extensions import TypedDict

from agents.errors import InvalidArxivIdError

ABS_URL = "https://arxiv.org/abs/{}"
PDF_URL = "https://arxiv.org/pdf/{}"

# New-style ids (0704.0001 onwards): YYMM.NNNN until 2014, YYMM.NNNNN since 2015.
_NEW_ID = r"\d{4}\.\d{4,5}"
# Old-style ids: archive(.subject class)/YYMMNNN, for example astro-ph/0601001 or math.GT/0309136.
_OLD_ID = r"[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?/\d{7}"
# Versions start at 1, so `v0` is rejected.
_ID_PATTERN = re.compile(
    rf"^(?:arxiv:)?(?P<id>{_NEW_ID}|{_OLD_ID})(?:v(?P<version>[1-9]\d*))?$", re.IGNORECASE
)
_URL_PREFIX = re.compile(
    r"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/", re.IGNORECASE
)
_URL_SUFFIX = re.compile(r"[?#].*$|\.pdf$", re.IGNORECASE)


class Paper(TypedDict):
    """One arXiv paper, normalized from whichever source returned it."""

    arxiv_id: str
    """Identifier without version, for example `2503.01234` or `astro-ph/0601001`."""
    version: int
    """Latest version number known to the source."""
    title: str
    abstract: str
    authors: list[str]
    published: str
    """Date of the first version, `YYYY-MM-DD`."""
    updated: str
    """Date of the latest version, `YYYY-MM-DD`."""
    primary_category: str
    categories: list[str]
    doi: str | None
    journal_ref: str | None
    comment: str | None
    abs_url: str
    pdf_url: str


def parse_arxiv_id(text: str) -> tuple[str, int | None]:
    """Split an arXiv identifier in any pasted form into (id without version, version or None).

    Accepts `2503.01234`, `2503.01234v2`, `arXiv:2503.01234`, `astro-ph/0601001` and
    abstract, PDF or HTML-page URLs (with or without `.pdf`, a query string or a fragment).
    Raises InvalidArxivIdError otherwise.
    """
    candidate = text.strip()
    candidate = _URL_PREFIX.sub("", candidate).rstrip("/")
    candidate = _URL_SUFFIX.sub("", candidate).rstrip("/")
    match = _ID_PATTERN.match(candidate)
    if match is None:
        raise InvalidArxivIdError(text)
    version = match.group("version")
    return match.group("id"), int(version) if version else None


def normalize_whitespace(text: str | None) -> str:
    """Collapse runs of whitespace, including arXiv's hard line wraps, into single spaces."""
    return " ".join((text or "").split())


def make_paper(
    *,
    arxiv_id: str,
    version: int,
    title: str,
    abstract: str,
    authors: list[str],
    published: str,
    updated: str | None = None,
    categories: list[str],
    primary_category: str | None = None,
    doi: str | None = None,
    journal_ref: str | None = None,
    comment: str | None = None,
) -> Paper:
    """Build a Paper, normalizing whitespace and deriving the URLs from the id.

    `arxiv_id` may carry a version suffix or any form parse_arxiv_id accepts; a version in the
    id wins over `version` only when `version` is smaller.
    """
    base_id, id_version = parse_arxiv_id(arxiv_id)
    latest = max(version, id_version or 0, 1)
    clean_categories = [c for c in (normalize_whitespace(c) for c in categories) if c]
    return Paper(
        arxiv_id=base_id,
        version=latest,
        title=normalize_whitespace(title),
        abstract=normalize_whitespace(abstract),
        authors=[normalize_whitespace(a) for a in authors if normalize_whitespace(a)],
        published=published[:10],
        updated=(updated or published)[:10],
        primary_category=primary_category or (clean_categories[0] if clean_categories else ""),
        categories=clean_categories,
        doi=normalize_whitespace(doi) or None,
        journal_ref=normalize_whitespace(journal_ref) or None,
        comment=normalize_whitespace(comment) or None,
        abs_url=ABS_URL.format(base_id),
        pdf_url=PDF_URL.format(base_id),
    )
