"""Small pieces of review prose: citations, connectives and sentence openings.

Connectives are chosen from how much two papers' method sentences and abstracts share, never
at random, so the same papers always read the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from agents.offline.sentences import word_list

# Jaccard overlaps of content terms. Two method sentences sharing SIMILAR_METHOD_OVERLAP
# describe similar methods. Two abstracts sharing SAME_PROBLEM_OVERLAP work on the same
# problem, and when their method sentences share less than DIFFERENT_METHOD_OVERLAP they
# solve it differently. The values were set by reading sections written from the arXiv
# corpus. Other pairs get a neutral connective, because "similarly" without evidence misleads.
SIMILAR_METHOD_OVERLAP = 0.25
SAME_PROBLEM_OVERLAP = 0.12
DIFFERENT_METHOD_OVERLAP = 0.04

_CONNECTIVES = {
    "similar": ("Similarly,", "Along the same lines,", "Likewise,"),
    "different": ("Taking a different approach,", "Approaching the problem differently,"),
    # Empty entries leave a sentence without a connective, so "In addition" does not pile up.
    "addition": ("In addition,", "", "Further,", "", "Moreover,", ""),
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
    r"additionally|in addition|finally|specifically|in particular|notably|importantly|"
    r"crucially|overall|in summary|in short|taken together|collectively|to do so|"
    r"to achieve this|subsequently|then|next|second|third|first|lastly)\s*,\s*",
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
    first, *rest = text.split(" ", 2)
    if len(first) > 1 and any(c.isupper() for c in first[1:]):
        return text
    if rest and rest[0][:1].isupper():
        return text  # A capitalized name such as "Federated Learning (FL)".
    return text[:1].lower() + text[1:]


def heading_to_phrase(title: str) -> str:
    """Lowercase the capitalized words of a heading for running text, keeping acronyms.

    Hyphenated words are handled part by part: "Test-Time" becomes "test-time", "SAM-Based"
    becomes "SAM-based".
    """
    return " ".join(
        "-".join(
            part.lower() if part[:1].isupper() and part[1:] == part[1:].lower() else part
            for part in word.split("-")
        )
        for word in title.split()
    )


def quoted_list(items: Sequence[str]) -> str:
    """Join items as “A”, “B” and “C”: quotes keep an "and" inside an item unambiguous."""
    return join_items([f"“{item}”" for item in items])


def join_items(items: Sequence[str], separator: str = ", ") -> str:
    """Join items as "A, B and C" (or with another separator before the last "and")."""
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} and {items[1]}"
    last_separator = " and " if separator == ", " else f"{separator.rstrip()} and "
    return f"{separator.join(items[:-1])}{last_separator}{items[-1]}"


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

    def relation(self, method_overlap: float, abstract_overlap: float) -> str:
        """Name the relation between two papers from the overlaps of their method sentences
        and of their abstracts."""
        if method_overlap >= SIMILAR_METHOD_OVERLAP:
            return "similar"
        if abstract_overlap >= SAME_PROBLEM_OVERLAP and method_overlap < DIFFERENT_METHOD_OVERLAP:
            return "different"
        return "addition"

    def next(self, method_overlap: float, abstract_overlap: float) -> str:
        """Return the next connective, possibly empty, for a paper following another."""
        relation = self.relation(method_overlap, abstract_overlap)
        options = _CONNECTIVES[relation]
        choice = options[self._used[relation] % len(options)]
        self._used[relation] += 1
        return choice
