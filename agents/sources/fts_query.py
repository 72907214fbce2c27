"""Translation of free-text queries into SQLite FTS5 MATCH expressions.

Users type anything: quotes, parentheses, `AND`, `*`, `-`, `:`. Every word becomes a quoted
FTS5 string, so no input can raise an FTS5 syntax error. The words are joined with OR, so BM25
ranks papers by how many of the rarer words they contain. Requiring all words instead would
make a long query match almost nothing.

A plain OR of common words ("model", "training") matches most of the library, and FTS5 must
compute BM25 for every match before it can sort, which is slow. So the first expression also
requires one of the query's rare words; only when that yields too few papers does the search
fall back to the plain OR. The rare words are the most topical ones, so the ranking at the top
hardly changes while far fewer papers are scored.

Word order matters in two cases, which become FTS5 phrases: text in double quotes
(`"quantum error correction"`) and hyphenated compounds (`text-to-speech`, which must not match
"speech-to-text"). A phrase term is stored as its words joined by single spaces, and its
stopwords stay, because they are part of the phrase.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

# Matches what FTS5's unicode61 tokenizer keeps as one token: letters and digits, where the
# underscore, like all other punctuation, separates tokens.
_WORD = re.compile(r"[^\W_]+")
# A double-quoted phrase, a hyphenated compound, or a single word, in that order of preference.
_PIECE = re.compile(r'"([^"]*)"|([^\W_]+(?:-[^\W_]+)+)|([^\W_]+)')

# Words that carry no topic. They are dropped unless a query has nothing else.
_STOPWORD_TEXT = """
a an and are as at be by for from has have in into is it its of on or our over that the their
this to towards toward under using via we what when where which while with without based new
study approach method methods
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

# Words at least this long also match longer forms (`optimizer` matches `optimizers`).
MIN_PREFIX_LENGTH = 4

# A term is rare when at most this share of the library contains it.
RARE_TERM_SHARE = 0.05


def query_terms(query: str) -> list[str]:
    """Split one query into lowercase search terms, without stopwords unless that empties it.

    A quoted phrase or a hyphenated compound of two words or more is one term, its words
    joined by spaces ("text to speech"); a quoted single word is a plain word. An unbalanced
    quote is ignored.
    """
    terms = []
    for match in _PIECE.finditer(query):
        phrase, compound, word = match.groups()
        words = [
            w.lower() for w in _WORD.findall(phrase if phrase is not None else compound or word)
        ]
        if len(words) > 1:
            terms.append(" ".join(words))
        elif words:
            terms.append(words[0])
    content = [term for term in terms if term not in STOPWORDS]
    return _unique(content or terms)


def is_phrase(term: str) -> bool:
    """Tell whether a search term is a phrase of several words in a fixed order."""
    return " " in term


def match_expression(terms: Iterable[str]) -> str:
    """Join terms into an FTS5 expression that matches any of them."""
    return " OR ".join(_term_expression(term) for term in _unique(terms))


def match_expressions(
    terms: Sequence[str], document_frequency: Callable[[str], int], document_count: int
) -> list[str]:
    """Return MATCH expressions for `terms`, from the most selective to the plain OR of all.

    `document_frequency(term)` estimates how many papers contain a term (for prefix terms, the
    sum over the words it matches). The first expression requires a rare term, or when there
    is none, the two least common terms together.
    """
    any_term = match_expression(terms)
    if len(terms) < 2:
        return [any_term]
    frequencies = {term: _frequency(term, document_frequency) for term in terms}
    rare = [term for term in terms if frequencies[term] <= document_count * RARE_TERM_SHARE]
    if rare and len(rare) < len(terms):
        required = match_expression(rare)
    elif not rare:
        rarest = sorted(terms, key=frequencies.__getitem__)[:2]
        required = " AND ".join(_term_expression(term) for term in rarest)
    else:
        return [any_term]
    return [f"({any_term}) AND ({required})", any_term]


def term_matches_prefix(term: str) -> bool:
    """Tell whether the expression for `term` also matches longer words starting with it."""
    return len(term) >= MIN_PREFIX_LENGTH and not is_phrase(term)


def terms_of_queries(queries: Sequence[str]) -> list[str]:
    """Return the unique search terms of all queries, in order of first appearance."""
    return _unique(term for query in queries for term in query_terms(query))


def _term_expression(term: str) -> str:
    quoted = '"' + term.replace('"', '""') + '"'
    return quoted + "*" if term_matches_prefix(term) else quoted


def _frequency(term: str, document_frequency: Callable[[str], int]) -> int:
    """Estimate a term's papers; for a phrase, the count of its rarest word (an upper bound)."""
    if not is_phrase(term):
        return document_frequency(term)
    words = [word for word in term.split() if word not in STOPWORDS] or term.split()
    return min(document_frequency(word) for word in words)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
