"""The interface every paper source implements."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal, Protocol

from agents.sources.paper import Paper

SortOrder = Literal["relevance", "date"]


class PaperSource(Protocol):
    """A place papers come from: the arXiv API or the local library."""

    name: str
    """Short name used in settings, logs and the review's method note: `arxiv` or `library`."""

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
        """Return up to `limit` papers matching any of `queries`, best first.

        The queries are combined with OR into as few requests as the source allows. `since` and
        `until` bound the date of the first version, both inclusive.
        """
        ...

    def lookup(self, ids: Sequence[str]) -> list[Paper]:
        """Return the papers with these arXiv ids (any accepted form), skipping unknown ids."""
        ...
