"""Spelling correction of request words against the library's vocabulary.

A request may say "algorythms"; the library's papers say "algorithms". A word is replaced only
when the library barely knows it and knows a close spelling far better, so real words, rare
technical terms and names are left alone.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping

logger = logging.getLogger(__name__)

# A word found in at least this many papers is a real word and is never changed.
KNOWN_WORD_MIN_PAPERS = 3
# A replacement must occur in this many times more papers than the word it replaces.
MIN_FREQUENCY_RATIO = 20
MIN_REPLACEMENT_PAPERS = 5
MIN_WORD_LENGTH = 5
_WORD = re.compile(r"[A-Za-z]+")


def correct_spelling(text: str, vocabulary: Mapping[str, int] | None) -> str:
    """Return `text` with misspelled words replaced by their closest frequent library term.

    Edit distance (with transpositions) of at most 1 for words of up to 7 letters and 2 for
    longer ones; ties go to the more frequent term, then alphabetically. Case is kept
    ("Algorythms" -> "Algorithms"). Without a vocabulary the text is returned unchanged.
    """
    if not vocabulary:
        return text
    lowered: dict[str, int] = {}
    for term, frequency in vocabulary.items():
        key = term.lower()
        lowered[key] = max(lowered.get(key, 0), frequency)

    def replace(match: re.Match[str]) -> str:
        word = match.group(0)
        correction = _correction(word.lower(), lowered)
        if correction is None:
            return word
        logger.info("spelling: replaced %r with %r", word, correction)
        return _match_case(correction, word)

    return _WORD.sub(replace, text)


def _correction(word: str, vocabulary: Mapping[str, int]) -> str | None:
    known = vocabulary.get(word, 0)
    if len(word) < MIN_WORD_LENGTH or known >= KNOWN_WORD_MIN_PAPERS:
        return None
    max_distance = 1 if len(word) <= 7 else 2
    needed = max(MIN_REPLACEMENT_PAPERS, MIN_FREQUENCY_RATIO * (known + 1))
    best: tuple[int, int, str] | None = None
    for term, frequency in vocabulary.items():
        if frequency < needed or abs(len(term) - len(word)) > max_distance or not term.isalpha():
            continue
        distance = edit_distance(word, term, max_distance)
        if distance > max_distance:
            continue
        candidate = (distance, -frequency, term)
        if best is None or candidate < best:
            best = candidate
    return best[2] if best else None


def edit_distance(first: str, second: str, limit: int) -> int:
    """Return the optimal string alignment distance, or `limit + 1` once it exceeds `limit`."""
    previous_previous: list[int] = []
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, start=1):
        current = [i] + [0] * len(second)
        for j, b in enumerate(second, start=1):
            cost = 0 if a == b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a == second[j - 2] and first[i - 2] == b:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]


def _match_case(replacement: str, original: str) -> str:
    if original.isupper():
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement
