"""Tokenizing and word normalization shared by the relevance modules.

Two levels of normalization: `fold` removes inflection (plurals, British -ise spellings), so
"optimizers" matches "optimizer"; `word_family` also strips derivational suffixes, so
"optimizer", "optimization" and "optimized" fall into one family. Ranking gives full credit
to a folded match and partial credit to a family match, because a different derivation is
often a different sense ("optimized inference" is not about optimizers).
"""

from __future__ import annotations

import re
from functools import lru_cache

_TOKEN = re.compile(r"[a-z0-9]+")

# Longest suffixes first; each maps to its replacement.
_PLURALS = (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("xes", "x"))
# Only endings that are unambiguous: "-ised" would also turn "supervised" into "supervized".
_BRITISH = (("isation", "ization"), ("isers", "izers"), ("iser", "izer"))
_DERIVATIONS = (
    "izations",
    "ization",
    "ations",
    "ation",
    "izers",
    "izer",
    "izing",
    "ized",
    "izes",
    "ize",
    "ers",
    "er",
    "ing",
    "ed",
    "al",
)
_MIN_STEM = 4


def tokenize(text: str) -> list[str]:
    """Split text into lowercase alphanumeric tokens (hyphens and punctuation separate)."""
    return _TOKEN.findall(text.lower())


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Remove inflection from a lowercase word: plural endings and British -ise spellings."""
    for british, american in _BRITISH:
        if word.endswith(british):
            word = word[: -len(british)] + american
            break
    for suffix, replacement in _PLURALS:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "ias")) and len(word) > 3:
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def word_family(word: str) -> str:
    """Reduce a lowercase word to the stem shared by its derivations ("optimizer" -> "optim")."""
    folded = fold(word)
    for suffix in _DERIVATIONS:
        if folded.endswith(suffix) and len(folded) - len(suffix) >= _MIN_STEM:
            return folded[: -len(suffix)]
    return folded


def folded_tokens(text: str) -> list[str]:
    """Tokenize and fold: the form used for term and phrase matching."""
    return [fold(token) for token in tokenize(text)]
