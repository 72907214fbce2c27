"""Build arXiv API `search_query` strings from free text, a date window and categories.

arXiv's query language (https://info.arxiv.org/help/api/user-manual.html#query_details) takes
field-prefixed terms (`all:`, `ti:`, `au:`, `abs:`, `cat:`, ...), the operators AND, OR and
ANDNOT, parentheses, quoted phrases and `submittedDate:[YYYYMMDDHHMM TO YYYYMMDDHHMM]`.
Free text is turned into `all:` terms joined with AND, keeping quoted phrases. A query that
already uses field prefixes is passed through unchanged, so users can write arXiv syntax.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from agents.errors import InvalidRequestError

_FIELD_PREFIX = re.compile(r"(?:^|[\s(])(?:ti|au|abs|co|jr|cat|rn|id|all|submittedDate):")
_PHRASE_OR_TEXT = re.compile(r'"([^"]*)"|([^"]+)')
# Words, numbers and dotted or hyphenated compounds such as `GPT-4` or `3.5`. Every other
# character (parentheses, colons, brackets, quotes, `+`, `*`, `\`) is dropped because it is
# query syntax to arXiv's parser.
_WORD = re.compile(r"\w+(?:[.\-]\w+)*")
_CATEGORY = re.compile(r"^[A-Za-z-]+(?:\.[A-Za-z-]+)?$")
_OPERATORS = frozenset({"AND", "OR", "ANDNOT", "NOT"})
_STOPWORDS = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it"}
    | {"of", "on", "or", "that", "the", "this", "to", "with"}
)
# arXiv's first submissions date from August 1991.
_EARLIEST = date(1991, 1, 1)
# NOTE: an open upper bound is written as this far-future date, which is untested against the
# live API.
_LATEST = date(9999, 12, 31)


def uses_arxiv_syntax(text: str) -> bool:
    """Tell whether `text` already contains field-prefixed terms such as `ti:` or `cat:`."""
    return _FIELD_PREFIX.search(text) is not None


def free_text_to_query(text: str) -> str:
    """Convert free text into `all:` terms joined with AND; quoted phrases stay phrases.

    Stopwords and the bare operators AND, OR, NOT are dropped. Raises InvalidRequestError when
    no searchable word remains.
    """
    terms: list[str] = []
    for phrase, plain in _PHRASE_OR_TEXT.findall(text):
        if phrase:
            words = _WORD.findall(phrase)
            if len(words) > 1:
                terms.append(f'all:"{" ".join(words)}"')
            elif words:
                terms.append(f"all:{words[0]}")
            continue
        for word in _WORD.findall(plain):
            if word in _OPERATORS or word.lower() in _STOPWORDS:
                continue
            terms.append(f"all:{word}")
    if not terms:
        raise InvalidRequestError(
            "query", f"{text!r} contains no searchable words; use words or a quoted phrase"
        )
    return " AND ".join(terms)


def to_arxiv_query(text: str) -> str:
    """Return `text` unchanged if it is arXiv syntax, else its conversion from free text."""
    stripped = text.strip()
    if uses_arxiv_syntax(stripped):
        return stripped
    return free_text_to_query(stripped)


def date_range_clause(since: date | None, until: date | None) -> str:
    """Return a `submittedDate:[...]` clause covering `since` to `until`, both days inclusive."""
    first = since or _EARLIEST
    last = until or _LATEST
    if first > last:
        raise InvalidRequestError(
            "date window", f"since {first.isoformat()} is after until {last.isoformat()}"
        )
    return f"submittedDate:[{first:%Y%m%d}0000 TO {last:%Y%m%d}2359]"


def category_clause(categories: Sequence[str]) -> str:
    """Return `cat:` terms joined with OR; raises InvalidRequestError on a malformed category."""
    for category in categories:
        if not _CATEGORY.match(category):
            raise InvalidRequestError(
                "category", f"{category!r} is not an arXiv category; use a form such as cs.LG"
            )
    return " OR ".join(f"cat:{category}" for category in categories)


def build_search_query(
    queries: Sequence[str],
    *,
    since: date | None = None,
    until: date | None = None,
    categories: Sequence[str] = (),
) -> str:
    """Combine queries with OR, then AND the date window and the categories onto them.

    Raises InvalidRequestError when no query has searchable words, on a malformed category or
    on a reversed date window.
    """
    parts = [to_arxiv_query(query) for query in queries if query.strip()]
    if not parts:
        raise InvalidRequestError("query", "no search text given; pass at least one query")
    combined = parts[0] if len(parts) == 1 else " OR ".join(f"({part})" for part in parts)
    clauses = [combined]
    if since is not None or until is not None:
        clauses.append(date_range_clause(since, until))
    if categories:
        clauses.append(category_clause(categories))
    if len(clauses) == 1:
        return clauses[0]
    return " AND ".join(f"({clause})" for clause in clauses)
