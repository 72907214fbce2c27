"""The SQLite schema of the local paper library and how connections to it are opened.

`papers` stores every Paper field, lists as JSON. `papers_fts` is an external-content FTS5
index over title, abstract and authors whose rows share `papers.id`. Triggers update it in the
same transaction as `papers`, so a killed import never leaves the two out of step. `meta`
stores the schema version and a generation counter that every committed import batch
increments, which lets readers invalidate caches built from the index.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from agents.errors import LibraryError

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1

PAPER_COLUMNS = (
    "arxiv_id",
    "version",
    "title",
    "abstract",
    "authors",
    "published",
    "updated",
    "primary_category",
    "categories",
    "doi",
    "journal_ref",
    "comment",
    "abs_url",
    "pdf_url",
)
JSON_COLUMNS = frozenset({"authors", "categories"})

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS papers (
    id INTEGER PRIMARY KEY,
    arxiv_id TEXT NOT NULL UNIQUE,
    version INTEGER NOT NULL,
    title TEXT NOT NULL,
    abstract TEXT NOT NULL,
    authors TEXT NOT NULL,
    published TEXT NOT NULL,
    updated TEXT NOT NULL,
    primary_category TEXT NOT NULL,
    categories TEXT NOT NULL,
    doi TEXT,
    journal_ref TEXT,
    comment TEXT,
    abs_url TEXT NOT NULL,
    pdf_url TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS papers_published ON papers (published);
-- Covers the filter columns, so ranking candidates are filtered without reading whole rows.
CREATE INDEX IF NOT EXISTS papers_filter ON papers (id, published, categories);
CREATE VIRTUAL TABLE IF NOT EXISTS papers_fts USING fts5 (
    title, abstract, authors,
    content = 'papers', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
"""

_FTS_TRIGGERS = {
    "papers_fts_insert": """
CREATE TRIGGER IF NOT EXISTS papers_fts_insert AFTER INSERT ON papers BEGIN
    INSERT INTO papers_fts (rowid, title, abstract, authors)
    VALUES (new.id, new.title, new.abstract, new.authors);
END""",
    "papers_fts_delete": """
CREATE TRIGGER IF NOT EXISTS papers_fts_delete AFTER DELETE ON papers BEGIN
    INSERT INTO papers_fts (papers_fts, rowid, title, abstract, authors)
    VALUES ('delete', old.id, old.title, old.abstract, old.authors);
END""",
    "papers_fts_update": """
CREATE TRIGGER IF NOT EXISTS papers_fts_update AFTER UPDATE ON papers BEGIN
    INSERT INTO papers_fts (papers_fts, rowid, title, abstract, authors)
    VALUES ('delete', old.id, old.title, old.abstract, old.authors);
    INSERT INTO papers_fts (rowid, title, abstract, authors)
    VALUES (new.id, new.title, new.abstract, new.authors);
END""",
}


def connect_for_writing(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the library at `path` for importing, with the schema in place.

    WAL lets searches read while an import writes. `synchronous=NORMAL` in WAL mode keeps the
    database consistent after a killed process; a power cut may lose the last committed batches.
    The connection may be handed to another thread but must be used by one thread at a time.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("PRAGMA cache_size = -65536")
        connection.execute("PRAGMA temp_store = MEMORY")
        _check_schema_version(connection, path)
        connection.executescript(_SCHEMA)
        connection.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?), "
            "('generation', '0')",
            (str(SCHEMA_VERSION),),
        )
        if full_text_index_pending(connection):
            logger.warning("the last import into %s was interrupted; finishing its index", path)
            finish_full_text_index(connection)
        else:
            for statement in _FTS_TRIGGERS.values():
                connection.execute(statement)
    except (OSError, sqlite3.Error) as error:
        raise LibraryError(
            f"cannot open the library {path} for writing: {error}; check the path and its "
            "permissions, or choose another file with --library or LITREVIEW_LIBRARY"
        ) from error
    return connection


def connect_for_reading(path: Path) -> sqlite3.Connection:
    """Open the existing library at `path` read-only; safe to share across threads under a lock.

    Read-only mode still allows the temporary tables (such as fts5vocab views) a search uses.
    """
    try:
        connection = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
        )
        connection.execute("PRAGMA cache_size = -32768")
        _check_schema_version(connection, path)
    except sqlite3.Error as error:
        raise LibraryError(
            f"cannot read the library {path}: {error}; rebuild it with "
            "`litreview library import FILE`"
        ) from error
    return connection


def full_text_index_pending(connection: sqlite3.Connection) -> bool:
    """Return whether an import into an empty library left the full-text index to build."""
    has_meta = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    ).fetchone()
    if has_meta is None:
        return False
    row = connection.execute("SELECT value FROM meta WHERE key = 'fts_pending'").fetchone()
    return row is not None and row[0] == "1"


def defer_full_text_index(connection: sqlite3.Connection) -> None:
    """Stop indexing row by row, so a bulk import into an empty library can index once at the end.

    Building the index in one pass took 5 s for the 75k-paper corpus, against about 11 s row by
    row. The `fts_pending` flag makes the next writer or reader finish the index if this import
    is killed, so the library never stays unsearchable.
    """
    connection.execute("BEGIN IMMEDIATE")
    for name in _FTS_TRIGGERS:
        connection.execute(f"DROP TRIGGER IF EXISTS {name}")
    connection.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('fts_pending', '1')")
    connection.execute("COMMIT")


def finish_full_text_index(connection: sqlite3.Connection) -> None:
    """Build the full-text index of every paper and restore row-by-row indexing, atomically."""
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("INSERT INTO papers_fts (papers_fts) VALUES ('rebuild')")
    for statement in _FTS_TRIGGERS.values():
        connection.execute(statement)
    connection.execute("DELETE FROM meta WHERE key = 'fts_pending'")
    connection.execute(
        "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'"
    )
    connection.execute("COMMIT")


def _check_schema_version(connection: sqlite3.Connection, path: Path) -> None:
    has_meta = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    ).fetchone()
    if has_meta is None:
        return
    row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is not None and int(row[0]) != SCHEMA_VERSION:
        raise LibraryError(
            f"the library {path} has schema version {row[0]}, this litreview reads version "
            f"{SCHEMA_VERSION}; import your files again into a new library file"
        )
