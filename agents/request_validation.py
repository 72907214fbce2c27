"""Validation of a review request's input values, before any heavy work starts.

This module imports nothing heavy, so the command line can reject bad input at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from agents.errors import InvalidRequestError
from agents.request_parsing import MAX_PAPERS
from agents.sources.dates import parse_date

MAX_QUERY_CHARACTERS = 2000


@dataclass
class ReviewRequest:
    """The graph input after validation."""

    query: str
    papers: int | None = None
    since: str | None = None
    until: str | None = None


def validate_request(
    query: object, papers: object = None, since: object = None, until: object = None
) -> ReviewRequest:
    """Check graph input values and raise InvalidRequestError naming the first bad field."""
    if not isinstance(query, str) or not query.strip():
        raise InvalidRequestError("query", "the query is empty; describe the review you want")
    if not any(character.isalnum() for character in query):
        raise InvalidRequestError(
            "query", f"{query[:40]!r} contains no words; describe the review you want"
        )
    if len(query) > MAX_QUERY_CHARACTERS:
        raise InvalidRequestError(
            "query", f"the query has {len(query)} characters; shorten it to {MAX_QUERY_CHARACTERS}"
        )
    if papers is not None and (
        isinstance(papers, bool) or not isinstance(papers, int) or not 1 <= papers <= MAX_PAPERS
    ):
        raise InvalidRequestError(
            "papers", f"{papers!r} is out of range; use a whole number from 1 to {MAX_PAPERS}"
        )
    for name, value in (("since", since), ("until", until)):
        if value is not None and not isinstance(value, str):
            raise InvalidRequestError(name, f"{value!r} is not a date; use YYYY-MM-DD")
        if isinstance(value, str) and value.strip():
            parse_date(value, name)
    if isinstance(since, str) and since.strip() and isinstance(until, str) and until.strip():
        first = parse_date(since, "since")
        last = parse_date(until, "until", end_of_period=True)
        if first > last:
            raise InvalidRequestError("since", f"{since} is after until {until}; swap the dates")
    return ReviewRequest(
        query=query.strip(),
        papers=papers,  # type: ignore[arg-type]
        since=since or None,  # type: ignore[arg-type]
        until=until or None,  # type: ignore[arg-type]
    )
