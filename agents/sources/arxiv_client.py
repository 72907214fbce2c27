"""An `arxiv.Client` that keeps arXiv's API terms: spaced requests, timeouts, backoff, a cache.

arXiv asks for at most one request every 3 seconds over a single connection, and returns
HTTP 429 or 503 under load. The `arxiv` package (4.0.2) spaces requests per client instance
only, sends them without a timeout and retries at a fixed delay that ignores `Retry-After`.
This subclass keeps the package's paging (`Client.results`) and replaces the fetch step.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import parsedate_to_datetime

import arxiv
import requests
from arxiv._feed import FeedHeader, ParsedFeed

from agents.errors import ArxivUnavailableError, SourceError
from agents.sources.arxiv_cache import ResponseCache
from agents.sources.atom import AtomFeed, parse_feed

logger = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_IDS_PER_REQUEST = 100
_USER_AGENT = f"litreview (arxiv.py/{arxiv.__version__})"


class RequestSpacer:
    """One request at a time, each starting at least a given interval after the previous ended.

    Counting from the end of the previous request, not its start, keeps the spacing measured
    at the server at least the interval even when a request is slow to arrive. One instance serves
    the whole process (`REQUEST_SPACER`), so the spacing holds across all clients, threads and
    asyncio tasks that run requests in threads.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last_end: float | None = None

    @contextmanager
    def turn(self, min_interval_seconds: float) -> Iterator[None]:
        """Wait out the interval since the previous request ended, then hold the turn."""
        with self._lock:
            if self._last_end is not None:
                wait = self._last_end + min_interval_seconds - time.monotonic()
                if wait > 0:
                    logger.debug("Waiting %.2f s before the next arXiv request", wait)
                    time.sleep(wait)
            try:
                yield
            finally:
                self._last_end = time.monotonic()


REQUEST_SPACER = RequestSpacer()


class _RetryableFailure(Exception):
    def __init__(self, reason: str, retry_after_seconds: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after_seconds = retry_after_seconds


class PoliteArxivClient(arxiv.Client):
    """`arxiv.Client` with a timeout, process-wide spacing, backoff and an optional cache."""

    def __init__(
        self,
        *,
        base_url: str,
        page_size: int,
        min_interval_seconds: float,
        timeout_seconds: float,
        max_retries: int,
        backoff_base_seconds: float,
        max_backoff_seconds: float,
        cache: ResponseCache | None,
    ) -> None:
        super().__init__(
            page_size=page_size, delay_seconds=min_interval_seconds, num_retries=max_retries
        )
        separator = "&" if "?" in base_url else "?"
        self.query_url_format = base_url + separator + "{}"
        self.base_url = base_url
        self.min_interval_seconds = min_interval_seconds
        self.timeout_seconds = timeout_seconds
        self.max_retries = max_retries
        self.backoff_base_seconds = backoff_base_seconds
        self.max_backoff_seconds = max_backoff_seconds
        self.cache = cache

    def _format_url(self, search: arxiv.Search, start: int, page_size: int) -> str:
        """Request whole id chunks for lookups, and no more than the search wants."""
        if search.id_list:
            page_size = MAX_IDS_PER_REQUEST
        elif search.max_results:
            page_size = min(page_size, search.max_results)
        return super()._format_url(search, start, page_size)

    def _parse_feed(self, url: str, first_page: bool = True, _try_index: int = 0) -> ParsedFeed:
        """Return the feed at `url` from the cache, else from arXiv, in the package's type."""
        feed = self.fetch_feed(url)
        if not feed.results and not first_page:
            # arXiv sometimes returns an empty page in the middle of a result set; the results
            # so far are kept instead of failing the whole search.
            logger.warning("arXiv returned an empty page at %s; stopping the search there", url)
        header = FeedHeader(
            total_results=feed.total_results,
            items_per_page=feed.items_per_page,
            start_index=feed.start_index,
        )
        return ParsedFeed(header=header, results=feed.results)

    def fetch_feed(self, url: str) -> AtomFeed:
        """Return the parsed feed at `url`, from the cache when a fresh copy exists.

        Raises ArxivUnavailableError when arXiv returns no usable response after all retries or
        the response is not an Atom feed, and SourceError when arXiv rejects the request.
        """
        if self.cache is not None:
            cached = self.cache.get(url)
            if cached is not None:
                logger.debug("arXiv cache hit: %s", url)
                return parse_feed(cached)

        body, attempts = self._fetch_with_retries(url)
        try:
            feed = parse_feed(body)
        except SourceError as error:
            raise ArxivUnavailableError(url, str(error), attempts) from error
        if feed.errors:
            raise SourceError(
                f"arXiv rejected the request ({'; '.join(feed.errors)}): {url}; "
                "check the query and ids"
            )
        if self.cache is not None and (feed.results or feed.start_index == 0):
            self.cache.put(url, body)
        return feed

    def _fetch_with_retries(self, url: str) -> tuple[bytes, int]:
        attempts_allowed = self.max_retries + 1
        for attempt in range(1, attempts_allowed + 1):
            try:
                return self._fetch_once(url), attempt
            except _RetryableFailure as failure:
                if attempt == attempts_allowed:
                    raise ArxivUnavailableError(url, failure.reason, attempt) from None
                delay = self._backoff_seconds(attempt, failure.retry_after_seconds)
                if delay is None:
                    reason = (
                        f"{failure.reason}, and arXiv asked to wait "
                        f"{failure.retry_after_seconds:.0f} s"
                    )
                    raise ArxivUnavailableError(url, reason, attempt) from None
                logger.warning(
                    "arXiv request failed (%s), retry %d of %d in %.1f s: %s",
                    failure.reason,
                    attempt,
                    self.max_retries,
                    delay,
                    url,
                )
                time.sleep(delay)
        raise AssertionError("unreachable: the loop returns or raises")

    def _backoff_seconds(self, attempt: int, retry_after_seconds: float | None) -> float | None:
        """Return the delay before the next attempt, or None when Retry-After is too long."""
        if retry_after_seconds is not None and retry_after_seconds > self.max_backoff_seconds:
            return None
        exponential = min(self.backoff_base_seconds * 2 ** (attempt - 1), self.max_backoff_seconds)
        return max(exponential, retry_after_seconds or 0.0)

    def _fetch_once(self, url: str) -> bytes:
        """Send one request; raises _RetryableFailure or SourceError on failure."""
        logger.info("Requesting %s", url)
        try:
            with REQUEST_SPACER.turn(self.min_interval_seconds):
                response = self._session.get(
                    url, headers={"user-agent": _USER_AGENT}, timeout=self.timeout_seconds
                )
        except requests.Timeout as error:
            raise _RetryableFailure(f"no response within {self.timeout_seconds} s") from error
        except requests.ConnectionError as error:
            raise _RetryableFailure(f"connection failed: {error}") from error

        if response.status_code == 200:
            return response.content
        if response.status_code in RETRY_STATUSES:
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            raise _RetryableFailure(f"HTTP {response.status_code}", retry_after)
        raise self._rejection_error(url, response)

    def _rejection_error(self, url: str, response: requests.Response) -> SourceError:
        try:
            reasons = parse_feed(response.content).errors
        except SourceError:
            reasons = []
        if reasons:
            return SourceError(
                f"arXiv rejected the request with HTTP {response.status_code} "
                f"({'; '.join(reasons)}): {url}; check the query and ids"
            )
        return SourceError(
            f"arXiv API returned HTTP {response.status_code} for {url}; check that "
            f"LITREVIEW_ARXIV_URL (now {self.base_url}) names the API query endpoint"
        )


def parse_retry_after(value: str | None) -> float | None:
    """Read a Retry-After header in seconds or HTTP-date form; None when absent or invalid."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())
