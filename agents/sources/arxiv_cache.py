"""On-disk cache of arXiv API responses, so a repeated request within the TTL skips the network.

Responses are stored in SQLite, keyed by the full request URL, which already encodes the query,
ids, sort order and page. Every operation opens its own connection, so one cache object is safe
to share between threads, and several processes may share the file.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from agents.errors import SourceError

logger = logging.getLogger(__name__)

DEFAULT_TTL_SECONDS = 24 * 60 * 60
_BUSY_TIMEOUT_SECONDS = 10.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    url TEXT PRIMARY KEY,
    body BLOB NOT NULL,
    fetched_at REAL NOT NULL
)
"""


class ResponseCache:
    """Response bodies by request URL, each valid for `ttl_seconds` after it was stored."""

    def __init__(self, path: Path, *, ttl_seconds: float = DEFAULT_TTL_SECONDS) -> None:
        """Open or create the cache database at `path`, creating its directory if needed.

        Raises SourceError when the file cannot be created or is not a SQLite database.
        """
        self.path = Path(path)
        self.ttl_seconds = ttl_seconds
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as connection:
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute(_SCHEMA)
        except (OSError, sqlite3.Error) as error:
            raise SourceError(
                f"cannot open the arXiv response cache at {self.path}: {error}; "
                "set LITREVIEW_CACHE to a writable file path"
            ) from error

    def get(self, url: str) -> bytes | None:
        """Return the body stored for `url` if it is younger than the TTL, else None."""
        oldest = time.time() - self.ttl_seconds
        try:
            with self._connect() as connection:
                row = connection.execute(
                    "SELECT body FROM responses WHERE url = ? AND fetched_at >= ?", (url, oldest)
                ).fetchone()
        except sqlite3.Error as error:
            logger.warning("Reading the arXiv response cache %s failed: %s", self.path, error)
            return None
        return row[0] if row else None

    def put(self, url: str, body: bytes) -> None:
        """Store `body` for `url`, replacing any older copy; failures are logged, not raised."""
        try:
            with self._connect() as connection:
                connection.execute(
                    "INSERT OR REPLACE INTO responses (url, body, fetched_at) VALUES (?, ?, ?)",
                    (url, body, time.time()),
                )
        except sqlite3.Error as error:
            logger.warning("Writing the arXiv response cache %s failed: %s", self.path, error)

    def purge_expired(self) -> int:
        """Delete entries older than the TTL and return how many were deleted."""
        oldest = time.time() - self.ttl_seconds
        with self._connect() as connection:
            cursor = connection.execute("DELETE FROM responses WHERE fetched_at < ?", (oldest,))
        return cursor.rowcount

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """Yield a fresh connection that commits on success and is always closed."""
        connection = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_SECONDS)
        with closing(connection), connection:
            yield connection
