"""Candidate key phrases of a text, and the types that name and score them.

Candidate phrases are runs of one to three adjacent content words (stop and academic words end
a run), which in English abstracts are mostly noun phrases or their heads: "adaptive learning
rate", "graph neural networks", "client drift".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.offline.sentences import STOP_WORDS, word_list, words
from agents.relevance.text import fold

MAX_PHRASE_WORDS = 3
_CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”/]|\s[-–—]+\s")

# Words ending in "-ly" are adverbs ("primarily", "jointly") except these nouns.
_LY_NOUNS = frozenset(
    word_list("""
    family anomaly assembly supply reply monopoly butterfly poly italy ally rally
""")
)

PhraseKey = tuple[str, ...]


@dataclass(frozen=True)
class Phrase:
    """A scored key phrase of one cluster."""

    key: PhraseKey
    """Folded lowercase words, the form phrases are compared in."""
    text: str
    """The most common surface form, for example `graph neural networks` or `LoRA`."""
    score: float
    final_share: float
    """Share of occurrences that end a run of content words. English noun phrases end in
    their head noun, so a phrase that usually continues ("medical image" before
    "segmentation") is a fragment."""


def phrase_keys(text: str) -> set[PhraseKey]:
    """Return the keys of every candidate phrase of a text."""
    return {key for key, _, _ in phrases_of(text)}


def phrases_of(text: str) -> list[tuple[PhraseKey, str, bool]]:
    """Return every run of one to MAX_PHRASE_WORDS content words with its surface text and
    whether it ends its run."""
    found = []
    for clause in _CLAUSE_BREAK.split(text):
        run: list[str] = []
        for word in [*words(clause), ""]:
            if word and _is_content(word):
                run.append(word)
                continue
            for start in range(len(run)):
                for length in range(1, MAX_PHRASE_WORDS + 1):
                    piece = run[start : start + length]
                    if len(piece) == length:
                        key = tuple(fold(w.lower()) for w in piece)
                        final = start + length == len(run)
                        found.append((key, " ".join(piece), final))
            run = []
    return found


def _is_content(word: str) -> bool:
    lower = word.lower()
    if lower in STOP_WORDS or lower.isdigit():
        return False
    if lower.endswith("ly") and lower.split("-")[-1] not in _LY_NOUNS:
        return False
    return len(lower) >= 3 or (len(word) >= 2 and word.isupper())
