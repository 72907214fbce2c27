"""Small pieces of review prose: citations, connectives and sentence openings.

Connectives are chosen by how much two papers' abstracts share, never at random, so the same
papers always read the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from agents.offline.sentences import word_list

# Jaccard overlap of content terms above which a paper reads as continuing the previous one,
# and below which it reads as a different angle. Set by reading sections of the arXiv corpus.
SIMILAR_OVERLAP = 0.12
DIFFERENT_OVERLAP = 0.05

_CONNECTIVES = {
    "similar": ("Similarly,", "Along the same lines,", "In a related direction,", "Likewise,"),
    "different": (
        "In contrast,",
        "Taking a different angle,",
        "By comparison,",
        "On a different front,",
    ),
    "addition": ("In addition,", "Further,", "Moreover,", "Beyond this,"),
}
_NUMBER_WORDS = word_list("""
    zero one two three four five six seven eight nine ten eleven twelve
""")
_ANAPHORIC_OPENING = re.compile(
    r"^(?:to (?:address|tackle|overcome|solve|bridge|fill|close|mitigate|alleviate|remedy|"
    r"handle|resolve) (?:this|these|that|those|such|the above|both|all)(?: \w+){0,3}|"
    r"to this end|in response|motivated by (?:this|these)(?: \w+){0,2}|against this backdrop|"
    r"building on (?:this|these)(?: \w+){0,2}|in light of (?:this|these)(?: \w+){0,2}|"
    r"accordingly|therefore|thus|hence|consequently|instead|however|furthermore|moreover|"
    r"additionally|finally|specifically|in particular|notably|to do so|to achieve this|"
    r"subsequently|then|next|second|third|first|lastly)\s*,\s*",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"[.!?]+[\"”’)]*$")


def number_word(count: int) -> str:
    """Spell small counts as words ("three"), larger ones as digits."""
    return _NUMBER_WORDS[count] if 0 <= count < len(_NUMBER_WORDS) else str(count)


def citation(arxiv_ids: Iterable[str]) -> str:
    """Return citation keys in the `[@id]` form the assembler renumbers."""
    return "".join(f"[@{arxiv_id}]" for arxiv_id in arxiv_ids)


def cite(sentence: str, arxiv_ids: Sequence[str]) -> str:
    """Put citation keys before the sentence's final punctuation, adding a period if missing."""
    text = sentence.rstrip()
    match = _TERMINAL.search(text)
    end = match.group(0) if match else "."
    body = text[: match.start()] if match else text
    return f"{body.rstrip()} {citation(arxiv_ids)}{end}"


def lower_first(text: str) -> str:
    """Lowercase the first letter unless the first word is an acronym or a mixed-case name."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and any(c.isupper() for c in first[1:]):
        return text
    return text[:1].lower() + text[1:]


def heading_to_phrase(title: str) -> str:
    """Lowercase the capitalized words of a heading for running text, keeping acronyms."""
    return " ".join(
        word.lower() if word[:1].isupper() and word[1:] == word[1:].lower() else word
        for word in title.split()
    )


def upper_first(text: str) -> str:
    """Capitalize the first letter of a sentence."""
    return text[:1].upper() + text[1:]


def strip_anaphoric_opening(sentence: str) -> str:
    """Drop an opening that points back at sentences the review leaves out ("To address this,")."""
    stripped = _ANAPHORIC_OPENING.sub("", sentence, count=1)
    return upper_first(stripped) if stripped != sentence else sentence


def overlap(first: set[str], second: set[str]) -> float:
    """Jaccard overlap of two term sets (0 when both are empty)."""
    union = first | second
    return len(first & second) / len(union) if union else 0.0


class ConnectiveChooser:
    """Pick connectives by relation, cycling within each relation so none repeats early."""

    def __init__(self) -> None:
        self._used = dict.fromkeys(_CONNECTIVES, 0)

    def relation(self, similarity: float) -> str:
        """Name the relation between two papers from their term overlap."""
        if similarity >= SIMILAR_OVERLAP:
            return "similar"
        if similarity < DIFFERENT_OVERLAP:
            return "different"
        return "addition"

    def next(self, similarity: float) -> str:
        """Return the next connective for a paper related to the previous one by `similarity`."""
        relation = self.relation(similarity)
        options = _CONNECTIVES[relation]
        choice = options[self._used[relation] % len(options)]
        self._used[relation] += 1
        return choice
