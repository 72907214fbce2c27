"""The checkpoint store that the server's graph shares between requests.

SQLite by default; PostgreSQL when `DATABASE_URL` is a `postgresql://` URL, which needs the
optional `litreview[postgres]` extra. One saver serves every request: SqliteSaver serializes
access to its connection with a lock, and PostgresSaver takes connections from a pool.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.sqlite import SqliteSaver

from agents.errors import InvalidRequestError
from server.api.settings import ApiSettings

logger = logging.getLogger(__name__)

_POSTGRES_HINT = "install the extra with `pip install 'litreview[postgres]'` or unset DATABASE_URL"


@contextmanager
def open_saver(settings: ApiSettings) -> Iterator[BaseCheckpointSaver[Any]]:
    """Open the configured checkpoint store for the lifetime of the server."""
    if settings.database_url:
        with _open_postgres(settings.database_url) as saver:
            yield saver
        return
    path = settings.checkpoint_path
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(str(path), check_same_thread=False)
    logger.info("checkpoints in SQLite at %s", path)
    try:
        yield SqliteSaver(connection)
    finally:
        connection.close()


@contextmanager
def _open_postgres(url: str) -> Iterator[BaseCheckpointSaver[Any]]:
    try:
        from langgraph.checkpoint.postgres import PostgresSaver
        from psycopg.rows import dict_row
        from psycopg_pool import ConnectionPool
    except ImportError as error:
        raise InvalidRequestError(
            "DATABASE_URL", f"PostgreSQL checkpoints need {error.name}; {_POSTGRES_HINT}"
        ) from None
    pool = ConnectionPool(
        url,
        max_size=10,
        open=True,
        kwargs={"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row},
    )
    try:
        saver = PostgresSaver(pool)  # type: ignore[arg-type]
        saver.setup()
        logger.info("checkpoints in PostgreSQL")
        yield saver
    finally:
        pool.close()
