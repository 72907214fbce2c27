"""Parse arXiv API Atom feeds into Papers.

The arXiv API returns for every query an Atom 1.0 feed: one `<entry>` per paper, plus
`opensearch:` totals for paging. When it rejects a request (a malformed id, a broken query) it
still sends a feed, whose single entry has an id under `https://arxiv.org/api/errors` and the
reason in `<summary>`. Those error entries are reported separately and never become papers.

Entries are converted by the parser of the `arxiv` package (4.0.2, `arxiv._feed`), so this
module reads the current format and the older one served until 2025 the same way the client
does. This module does not import the HTTP client, so importers can use it offline.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import arxiv
from arxiv import _feed
from lxml import etree

from agents.errors import InvalidArxivIdError, SourceError
from agents.sources.paper import Paper, make_paper

logger = logging.getLogger(__name__)

ATOM_NS = "http://www.w3.org/2005/Atom"
_FEED_TAG = f"{{{ATOM_NS}}}feed"
_ERROR_ID_MARKER = "arxiv.org/api/errors"
_SNIPPET_CHARS = 80


@dataclass
class AtomFeed:
    """One parsed arXiv API response."""

    total_results: int
    """Matches arXiv reports for the whole query (`opensearch:totalResults`), not this page."""
    start_index: int
    items_per_page: int
    results: list[arxiv.Result] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    """Reasons given by arXiv error entries, for example `incorrect id format for abc`."""


def paper_from_result(result: arxiv.Result) -> Paper:
    """Convert an `arxiv.Result` into a Paper; the version comes from the entry id."""
    return make_paper(
        arxiv_id=result.get_short_id(),
        version=1,
        title=result.title,
        abstract=result.summary,
        authors=[author.name for author in result.authors],
        published=result.published.date().isoformat(),
        updated=result.updated.date().isoformat(),
        categories=list(result.categories),
        primary_category=result.primary_category or None,
        doi=result.doi,
        journal_ref=result.journal_ref,
        comment=result.comment,
    )


def parse_feed(xml: str | bytes) -> AtomFeed:
    """Parse an arXiv API response body into results and error messages.

    Raises SourceError when the body is not XML or its root is not an Atom `<feed>` (for
    example an HTML error page from a proxy), so a broken response never reads as "no results".
    Entries without the dates every arXiv entry carries are logged and skipped.
    """
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        raise SourceError(
            f"expected an arXiv Atom feed, but the text is not XML ({error}); "
            f"it starts with {_snippet(data)!r}"
        ) from error
    if root.tag != _FEED_TAG:
        raise SourceError(
            f"expected an arXiv Atom feed, but the root element is <{root.tag}>; "
            f"the text starts with {_snippet(data)!r}"
        )

    feed = AtomFeed(
        total_results=_header_int(root, "opensearch:totalResults"),
        start_index=_header_int(root, "opensearch:startIndex"),
        items_per_page=_header_int(root, "opensearch:itemsPerPage"),
    )
    for entry in root.iterfind("atom:entry", _feed._NS):
        entry_id = _feed._text(entry, "atom:id") or ""
        if _ERROR_ID_MARKER in entry_id:
            reason = _feed._text(entry, "atom:summary") or entry_id
            feed.errors.append(reason.strip())
            continue
        result = _feed._build_result(entry)
        if result is not None:
            feed.results.append(result)
    return feed


def papers_from_atom(xml_text: str | bytes) -> list[Paper]:
    """Parse an arXiv Atom feed (current or pre-2025 format) into Papers, in feed order.

    Error entries are logged as warnings and skipped; entries whose id is not an arXiv id are
    skipped too. Raises SourceError when the text is not an Atom feed.
    """
    feed = parse_feed(xml_text)
    for reason in feed.errors:
        logger.warning("Skipping arXiv error entry: %s", reason)
    papers = []
    for result in feed.results:
        try:
            papers.append(paper_from_result(result))
        except InvalidArxivIdError as error:
            logger.warning("Skipping entry %s: %s", result.entry_id, error)
    return papers


def _header_int(root: etree._Element, path: str) -> int:
    text = _feed._text(root, path)
    try:
        return int(text.strip()) if text else 0
    except ValueError:
        return 0


def _snippet(data: bytes) -> str:
    return data[:_SNIPPET_CHARS].decode("utf-8", errors="replace")
