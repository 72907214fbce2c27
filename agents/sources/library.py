"""The local paper library: full-text search over imported arXiv metadata in SQLite.

Searches rank with FTS5's BM25 over title, abstract and authors, with the title weighted
highest. All threads of the process share one read-only connection, serialized by a lock.
A search takes milliseconds, so threads rarely wait.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from agents.errors import InvalidRequestError, LibraryError
from agents.sources.base import SortOrder
from agents.sources.fts_query import match_expressions, term_matches_prefix, terms_of_queries
from agents.sources.library_schema import (
    JSON_COLUMNS,
    PAPER_COLUMNS,
    connect_for_reading,
    connect_for_writing,
    full_text_index_pending,
)
from agents.sources.paper import Paper, parse_arxiv_id

logger = logging.getLogger(__name__)

# BM25 column weights for title, abstract and authors.
BM25_WEIGHTS = (4.0, 1.0, 2.0)

_CREATE_VOCAB = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.papers_vocab USING fts5vocab(main, papers_fts, row)"
)
_SELECT_COLUMNS = ", ".join(f"p.{column}" for column in PAPER_COLUMNS)
_IMPORT_HINT = (
    "import arXiv metadata with `litreview library import FILE` (a Kaggle snapshot JSON lines "
    "file, plain or gzip, or arXiv Atom XML), or point LITREVIEW_LIBRARY at an existing library"
)


def _finish_interrupted_import(path: Path) -> None:
    """Build the full-text index that a killed import into an empty library left pending."""
    reader = connect_for_reading(path)
    try:
        pending = full_text_index_pending(reader)
    finally:
        reader.close()
    if pending:
        connect_for_writing(path).close()


class Library:
    """A paper source backed by the SQLite library at `path`; create it with the importer."""

    name = "library"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection = connect_for_reading(path)
        self._lock = threading.Lock()
        self._frequencies: dict[str, int] | None = None
        self._frequencies_generation: str | None = None
        self._df_cache: dict[str, int] = {}
        self._df_generation: str | None = None
        self._cached_count = 0

    @classmethod
    def open_existing(cls, path: Path) -> Library:
        """Open the library at `path`; raise LibraryError if it is missing or has no papers."""
        if not path.is_file():
            raise LibraryError(f"no paper library at {path}; {_IMPORT_HINT}")
        _finish_interrupted_import(path)
        library = cls(path)
        if not library._has_schema() or library.count() == 0:
            library.close()
            raise LibraryError(f"the paper library {path} has no papers; {_IMPORT_HINT}")
        return library

    def close(self) -> None:
        """Close the database connection, after which the library cannot be used."""
        with self._lock:
            self._connection.close()

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
        """Return up to `limit` papers matching any word of any query, best first.

        Raises InvalidRequestError for a limit below 1, a reversed date window, an unknown sort
        order or queries without a single word.
        """
        _check_search_arguments(limit, since, until, sort_by)
        terms = terms_of_queries(queries)
        if not terms:
            raise InvalidRequestError(
                "query",
                f"{' / '.join(queries)!r} contains no words to search for; type some keywords",
            )
        where, parameters = _filters(since, until, categories)
        order = "p.published DESC, rank" if sort_by == "date" else "rank"
        weights = ", ".join(str(weight) for weight in BM25_WEIGHTS)
        sql = (
            f"SELECT {_SELECT_COLUMNS} FROM ("
            f"SELECT papers_fts.rowid AS id, p.published, bm25(papers_fts, {weights}) AS rank "
            "FROM papers_fts JOIN papers AS p INDEXED BY papers_filter ON p.id = papers_fts.rowid "
            f"WHERE papers_fts MATCH ?{where} ORDER BY {order} LIMIT ?"
            f") AS hits JOIN papers AS p ON p.id = hits.id ORDER BY {order.replace('p.', 'hits.')}"
        )
        self._refresh_caches()
        expressions = match_expressions(terms, self._document_frequency, self._cached_count)
        found: dict[str, Paper] = {}
        for expression in expressions:
            for row in self._query(sql, [expression, *parameters, limit]):
                found.setdefault(row[0], _paper_from_row(row))
            if len(found) >= limit:
                break
        logger.debug(
            "library search %r: %d terms, %d results", list(queries), len(terms), len(found)
        )
        return list(found.values())[:limit]

    def lookup(self, ids: Sequence[str]) -> list[Paper]:
        """Return the papers with these ids (any form parse_arxiv_id accepts), in request order.

        Unknown ids are skipped; an id that is not an arXiv identifier raises
        InvalidArxivIdError.
        """
        wanted = list(dict.fromkeys(parse_arxiv_id(text)[0] for text in ids))
        if not wanted:
            return []
        sql = (
            f"SELECT {_SELECT_COLUMNS} FROM papers AS p "
            "WHERE p.arxiv_id IN (SELECT value FROM json_each(?))"
        )
        found = {row[0]: _paper_from_row(row) for row in self._query(sql, [json.dumps(wanted)])}
        return [found[arxiv_id] for arxiv_id in wanted if arxiv_id in found]

    def count(self) -> int:
        """Return the number of papers in the library."""
        return int(self._query("SELECT count(*) FROM papers")[0][0])

    def newest_published(self) -> str | None:
        """Return the latest first-version date in the library (`YYYY-MM-DD`), or None if empty."""
        value = self._query("SELECT max(published) FROM papers")[0][0]
        return str(value) if value else None

    def document_count(self) -> int:
        """Return the number of documents in the full-text index (equal to count())."""
        return self.count()

    def stats(self) -> dict[str, Any]:
        """Return a JSON-ready summary: papers, date range, top 10 categories, path and size."""
        first, last = self._query("SELECT min(published), max(published) FROM papers")[0]
        top = self._query(
            "SELECT c.value, count(*) AS n FROM papers AS p, json_each(p.categories) AS c "
            "GROUP BY c.value ORDER BY n DESC, c.value LIMIT 10"
        )
        size = sum(
            candidate.stat().st_size
            for candidate in (self.path, Path(f"{self.path}-wal"))
            if candidate.exists()
        )
        return {
            "papers": self.count(),
            "published_from": first,
            "published_to": last,
            "top_categories": {category: count for category, count in top},
            "path": str(self.path),
            "size_bytes": size,
        }

    def term_document_frequencies(self) -> dict[str, int]:
        """Return how many papers contain each indexed word (lowercase, accents removed).

        Built once from an fts5vocab table and cached until the next import commits.
        """
        generation = self._generation()
        if self._frequencies is None or generation != self._frequencies_generation:
            self._query(_CREATE_VOCAB)
            rows = self._query("SELECT term, doc FROM temp.papers_vocab")
            self._frequencies = {term: doc for term, doc in rows}
            self._frequencies_generation = generation
        return self._frequencies

    def _refresh_caches(self) -> None:
        """Drop the cached paper count and term frequencies if an import committed since."""
        generation = self._generation()
        if generation != self._df_generation:
            self._df_cache.clear()
            self._cached_count = self.count()
            self._df_generation = generation

    def _document_frequency(self, term: str) -> int:
        """Estimate the papers containing `term`, or any word it prefixes when it is a prefix term.

        A prefix term sums the counts of its words, so a paper with two of them counts twice.
        """
        if term not in self._df_cache:
            self._query(_CREATE_VOCAB)
            if term_matches_prefix(term):
                sql = "SELECT sum(doc) FROM temp.papers_vocab WHERE term >= ? AND term < ?"
                rows = self._query(sql, [term, term + "\U0010ffff"])
            else:
                rows = self._query("SELECT doc FROM temp.papers_vocab WHERE term = ?", [term])
            self._df_cache[term] = int(rows[0][0] or 0) if rows else 0
        return self._df_cache[term]

    def _generation(self) -> str:
        rows = self._query("SELECT value FROM meta WHERE key = 'generation'")
        return rows[0][0] if rows else "0"

    def _has_schema(self) -> bool:
        sql = "SELECT count(*) FROM sqlite_master WHERE name IN ('papers', 'papers_fts', 'meta')"
        return bool(self._query(sql)[0][0] == 3)

    def _query(self, sql: str, parameters: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            with self._lock:
                return self._connection.execute(sql, parameters).fetchall()
        except sqlite3.Error as error:
            raise LibraryError(
                f"reading the library {self.path} failed: {error}; if the file is damaged, "
                "delete it and import your files again"
            ) from error


def _check_search_arguments(
    limit: int, since: date | None, until: date | None, sort_by: str
) -> None:
    if limit < 1:
        raise InvalidRequestError("limit", f"{limit} is below 1; ask for at least one paper")
    if since and until and since > until:
        raise InvalidRequestError(
            "date window", f"since {since} is after until {until}; swap or correct the dates"
        )
    if sort_by not in ("relevance", "date"):
        raise InvalidRequestError("sort order", f"{sort_by!r} is unknown; use relevance or date")


def _filters(
    since: date | None, until: date | None, categories: Sequence[str]
) -> tuple[str, list[Any]]:
    """Build the SQL conditions for the date window and categories, each preceded by AND.

    A category without a dot (`cs`, `hep-ph`) also matches its subject classes (`cs.LG`).
    """
    clauses: list[str] = []
    parameters: list[Any] = []
    if since:
        clauses.append("p.published >= ?")
        parameters.append(since.isoformat())
    if until:
        clauses.append("p.published <= ?")
        parameters.append(until.isoformat())
    wanted = [category.strip() for category in categories if category.strip()]
    if wanted:
        clauses.append(
            "EXISTS (SELECT 1 FROM json_each(p.categories) AS c, json_each(?) AS w "
            "WHERE c.value = w.value OR c.value LIKE w.value || '.%')"
        )
        parameters.append(json.dumps(wanted))
    return "".join(f" AND {clause}" for clause in clauses), parameters


def _paper_from_row(row: Sequence[Any]) -> Paper:
    values = {
        column: json.loads(value) if column in JSON_COLUMNS else value
        for column, value in zip(PAPER_COLUMNS, row, strict=False)
    }
    return Paper(**values)  # type: ignore[typeddict-item]
