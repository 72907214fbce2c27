"""Translation of free-text queries into SQLite FTS5 MATCH expressions.

Users type anything: quotes, parentheses, `AND`, `*`, `-`, `:`. Every word becomes a quoted
FTS5 string, so no input can raise an FTS5 syntax error, and the words are joined with OR so
that BM25 ranks papers by how many of the rarer words they contain instead of requiring all
of them (a long query with AND between its words matches almost nothing).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# Matches what FTS5's unicode61 tokenizer keeps as one token: letters and digits, where the
# underscore, like all other punctuation, separates tokens.
_WORD = re.compile(r"[^\W_]+")

# Words that carry no topic; they are dropped unless a query has nothing else.
STOPWORDS = frozenset(
    """a an and are as at be by for from has have in into is it its of on or our over that the
    their this to towards toward under using via we what when where which while with without
    based new study approach method methods""".split()
)

# Words at least this long also match longer forms (`optimizer` matches `optimizers`).
MIN_PREFIX_LENGTH = 4


def query_terms(query: str) -> list[str]:
    """Split one query into lowercase search terms, without stopwords unless that empties it."""
    words = [word.lower() for word in _WORD.findall(query)]
    content = [word for word in words if word not in STOPWORDS]
    return _unique(content or words)


def match_expression(terms: Iterable[str]) -> str:
    """Join terms into an FTS5 expression that matches any of them."""
    return " OR ".join(_term_expression(term) for term in _unique(terms))


def terms_of_queries(queries: Sequence[str]) -> list[str]:
    """Return the unique search terms of all queries, in order of first appearance."""
    return _unique(term for query in queries for term in query_terms(query))


def _term_expression(term: str) -> str:
    quoted = '"' + term.replace('"', '""') + '"'
    return quoted + "*" if len(term) >= MIN_PREFIX_LENGTH else quoted


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
