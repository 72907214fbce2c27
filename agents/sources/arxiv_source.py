"""The arXiv API as a paper source: search and id lookup through one polite client.

Calls block (the `arxiv` package uses `requests`); from asyncio code run them with
`asyncio.to_thread`. All instances share one process-wide request spacer, so the interval
between requests applies however many sources, threads or tasks send them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import arxiv

from agents.errors import InvalidRequestError
from agents.sources.arxiv_cache import DEFAULT_TTL_SECONDS, ResponseCache
from agents.sources.arxiv_client import MAX_IDS_PER_REQUEST, PoliteArxivClient
from agents.sources.arxiv_query import build_search_query
from agents.sources.atom import paper_from_result, papers_from_atom
from agents.sources.base import SortOrder
from agents.sources.locations import default_arxiv_url, default_cache_path
from agents.sources.paper import Paper, parse_arxiv_id

__all__ = ["ArxivSource", "get_arxiv_source", "paper_from_result", "papers_from_atom"]

logger = logging.getLogger(__name__)

_SORT_CRITERIA = {
    "relevance": arxiv.SortCriterion.Relevance,
    "date": arxiv.SortCriterion.SubmittedDate,
}


class ArxivSource:
    """Papers from the arXiv API (`name = "arxiv"`), implementing PaperSource."""

    name = "arxiv"

    def __init__(
        self,
        *,
        base_url: str | None = None,
        min_interval_seconds: float = 3.0,
        timeout_seconds: float = 20.0,
        max_retries: int = 3,
        backoff_base_seconds: float = 2.0,
        max_backoff_seconds: float = 60.0,
        cache_path: Path | None = None,
        cache_enabled: bool = True,
        cache_ttl_seconds: float = DEFAULT_TTL_SECONDS,
        page_size: int = 100,
    ) -> None:
        """Configure the client; `base_url` and `cache_path` default to the environment.

        `base_url` falls back to `LITREVIEW_ARXIV_URL`, then arXiv's export server, and
        `cache_path` to `LITREVIEW_CACHE`, then the user's cache directory. A Retry-After longer
        than `max_backoff_seconds` ends the retries at once.
        """
        if page_size < 1 or min_interval_seconds < 0 or timeout_seconds <= 0 or max_retries < 0:
            raise InvalidRequestError(
                "arXiv client settings",
                f"page_size={page_size}, min_interval_seconds={min_interval_seconds}, "
                f"timeout_seconds={timeout_seconds}, max_retries={max_retries}; page size and "
                "timeout must be positive, interval and retries not negative",
            )
        cache = None
        if cache_enabled:
            cache = ResponseCache(cache_path or default_cache_path(), ttl_seconds=cache_ttl_seconds)
        self.client = PoliteArxivClient(
            base_url=base_url or default_arxiv_url(),
            page_size=page_size,
            min_interval_seconds=min_interval_seconds,
            timeout_seconds=timeout_seconds,
            max_retries=max_retries,
            backoff_base_seconds=backoff_base_seconds,
            max_backoff_seconds=max_backoff_seconds,
            cache=cache,
        )

    def search(
        self,
        queries: Sequence[str],
        *,
        limit: int,
        since: date | None = None,
        until: date | None = None,
        categories: Sequence[str] = (),
        sort_by: SortOrder = "relevance",
    ) -> list[Paper]:
        """Return up to `limit` papers matching any of `queries`, in one OR-combined search.

        Free text becomes `all:` terms joined with AND; a query with field prefixes such as
        `ti:` is sent as written. `since` and `until` bound the first-version date, inclusive.
        """
        query = build_search_query(queries, since=since, until=until, categories=categories)
        return self.run_query(query, limit=limit, sort_by=sort_by)

    def run_query(
        self, search_query: str, *, limit: int, sort_by: SortOrder = "relevance"
    ) -> list[Paper]:
        """Return up to `limit` papers for a `search_query` already in arXiv syntax, paging."""
        if limit < 1:
            raise InvalidRequestError("limit", f"{limit} is below 1; ask for at least 1 paper")
        if sort_by not in _SORT_CRITERIA:
            raise InvalidRequestError(
                "sort order", f"{sort_by!r} is not one of {', '.join(_SORT_CRITERIA)}"
            )
        search = arxiv.Search(
            query=search_query,
            max_results=limit,
            sort_by=_SORT_CRITERIA[sort_by],
            sort_order=arxiv.SortOrder.Descending,
        )
        papers = [paper_from_result(result) for result in self.client.results(search)]
        logger.info("arXiv search %r returned %d papers", search_query, len(papers))
        return papers

    def lookup(self, ids: Sequence[str]) -> list[Paper]:
        """Return the papers with these ids in request order, skipping ids arXiv does not know.

        Ids may take any form parse_arxiv_id accepts; an explicit version is requested as such.
        Up to 100 ids go in one request. Raises InvalidArxivIdError on a malformed id before
        sending anything.
        """
        requested = _normalized_ids(ids)
        found: dict[str, Paper] = {}
        for start in range(0, len(requested), MAX_IDS_PER_REQUEST):
            chunk = requested[start : start + MAX_IDS_PER_REQUEST]
            search = arxiv.Search(id_list=chunk, max_results=None)
            for result in self.client.results(search):
                paper = paper_from_result(result)
                found.setdefault(paper["arxiv_id"], paper)

        papers: list[Paper] = []
        for requested_id in requested:
            base_id, _ = parse_arxiv_id(requested_id)
            if base_id not in found:
                logger.info("arXiv has no paper %s; skipping it", requested_id)
            elif all(paper["arxiv_id"] != base_id for paper in papers):
                papers.append(found[base_id])
        return papers


def _normalized_ids(ids: Sequence[str]) -> list[str]:
    """Return the ids as `base` or `basevN`, without duplicates, in their first order."""
    normalized: list[str] = []
    for text in ids:
        base_id, version = parse_arxiv_id(text)
        candidate = f"{base_id}v{version}" if version else base_id
        if candidate not in normalized:
            normalized.append(candidate)
    return normalized


_SHARED_SOURCES: dict[tuple[str, Path], ArxivSource] = {}
_SHARED_LOCK = threading.Lock()


def get_arxiv_source() -> ArxivSource:
    """Return the process-wide ArxivSource for the current endpoint and cache settings.

    The instance is created at first use from `LITREVIEW_ARXIV_URL` and `LITREVIEW_CACHE`; if
    either variable changes later, a new instance is made for the new values. Request spacing is
    process-wide in any case.
    """
    key = (default_arxiv_url(), default_cache_path())
    with _SHARED_LOCK:
        source = _SHARED_SOURCES.get(key)
        if source is None:
            source = ArxivSource(base_url=key[0], cache_path=key[1])
            _SHARED_SOURCES[key] = source
        return source
