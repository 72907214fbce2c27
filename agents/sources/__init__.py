"""Paper sources: the arXiv API client and the local SQLite library."""

from __future__ import annotations

from pathlib import Path

from agents.errors import InvalidRequestError
from agents.sources.base import PaperSource
from agents.sources.locations import default_source_name

SOURCE_NAMES = ("arxiv", "library")


def open_source(name: str | None = None, *, library_path: Path | None = None) -> PaperSource:
    """Open a paper source by name: `arxiv` (the process-wide API client) or `library`.

    `name` defaults to `LITREVIEW_SOURCE`, else `library`. Opening the library raises
    LibraryError when its database is missing or empty.
    """
    chosen = name or default_source_name()
    if chosen == "arxiv":
        from agents.sources.arxiv_source import get_arxiv_source

        return get_arxiv_source()
    if chosen == "library":
        from agents.sources.library import Library
        from agents.sources.locations import default_library_path

        return Library.open_existing(library_path or default_library_path())
    raise InvalidRequestError(
        "source", f"{chosen!r} is not a paper source; use one of {', '.join(SOURCE_NAMES)}"
    )
