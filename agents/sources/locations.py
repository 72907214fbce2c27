"""Where litreview keeps its files, with the environment variables that move them."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "litreview"
DEFAULT_ARXIV_URL = "https://export.arxiv.org/api/query"


def default_library_path() -> Path:
    """Return the library database path: `LITREVIEW_LIBRARY`, else the user's data directory."""
    override = os.environ.get("LITREVIEW_LIBRARY")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME)) / "library.sqlite3"


def default_cache_path() -> Path:
    """Return the arXiv response cache path: `LITREVIEW_CACHE`, else the user's cache directory.

    `LITREVIEW_CACHE` may name a file or an existing directory.
    """
    override = os.environ.get("LITREVIEW_CACHE")
    if override:
        path = Path(override).expanduser()
        return path / "arxiv-cache.sqlite3" if path.is_dir() else path
    return Path(platformdirs.user_cache_dir(APP_NAME)) / "arxiv-cache.sqlite3"


def default_arxiv_url() -> str:
    """Return the arXiv API endpoint: `LITREVIEW_ARXIV_URL`, else arXiv's export server."""
    return os.environ.get("LITREVIEW_ARXIV_URL") or DEFAULT_ARXIV_URL


def default_source_name() -> str:
    """Return the default paper source: `LITREVIEW_SOURCE`, else `library`."""
    return os.environ.get("LITREVIEW_SOURCE") or "library"


def default_checkpoint_path() -> Path:
    """Return the run checkpoint database: `LITREVIEW_CHECKPOINTS`, else the user's data dir."""
    override = os.environ.get("LITREVIEW_CHECKPOINTS")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME)) / "checkpoints.sqlite3"
