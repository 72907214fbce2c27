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
    zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen
""")
_TENS_WORDS = word_list("""
    twenty thirty forty fifty sixty seventy eighty ninety
""")
# "To the best of our knowledge" hedges a claim the review only reports.
_HEDGE_OPENING = re.compile(r"^to (?:the best of )?(?:our|their|my) knowledge\s*,\s*", re.I)
_HEDGE_INSIDE = re.compile(r",\s*to (?:the best of )?(?:our|their|my) knowledge\s*,", re.I)
# Nouns that name a kind of thing in the singular and add "s" in the plural.
_MASS_ENDINGS = (
    "ing", "tion", "sion", "ity", "ness", "ment", "ance", "ence", "ics", "age", "ure", "ism",
    "ship", "ledge", "ware", "ory", "acy", "ety", "ogy", "phy", "ry", "th", "al", "ss", "s",
)  # fmt: skip
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
    """Spell counts below 100 as words ("three", "thirty-one"), larger ones as digits, so a
    sentence may open with a count."""
    if 0 <= count < len(_NUMBER_WORDS):
        return _NUMBER_WORDS[count]
    if count < 100:
        tens, units = divmod(count, 10)
        word = _TENS_WORDS[tens - 2]
        return f"{word}-{_NUMBER_WORDS[units]}" if units else word
    return str(count)


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
    if rest and rest[0][:1].isupper() and rest[0][1:].islower():
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


def keep_source_case(phrase: str, source: str) -> str:
    """Restore capitals that `source` gives a word mid-sentence ("gaussian" to "Gaussian").

    A word keeps its capital when the source writes it capitalised more often than not after
    the start of a sentence, so proper nouns survive heading_to_phrase.
    """
    counts: dict[str, int] = {}
    for sentence in re.split(r"(?<=[.!?])\s+", source):
        for word in sentence.split()[1:]:
            word = word.strip(".,;:()[]“”\"'")
            if word[:1].isalpha():
                counts[word] = counts.get(word, 0) + 1
    kept = []
    for word in phrase.split():
        capital = word[:1].upper() + word[1:]
        if word.islower() and counts.get(capital, 0) > counts.get(word, 0):
            word = capital
        kept.append(word)
    return " ".join(kept)


def plural_phrase(phrase: str) -> str:
    """Pluralise a noun phrase whose head looks countable ("knowledge graph" to "knowledge
    graphs"); heads that look like mass nouns, acronyms and names stay as they are."""
    head = phrase.split()[-1] if phrase.split() else ""
    if len(head) < 3 or not head.islower() or not head.isalpha() or head.endswith(_MASS_ENDINGS):
        return phrase
    if head.endswith("y") and head[-2:-1] not in tuple("aeiou"):
        return phrase[:-1] + "ies"
    if head.endswith(("x", "ch", "sh")):
        return phrase + "es"
    return phrase + "s"


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
    """Drop an opening that points back at sentences the review leaves out ("To address this,")
    and the hedge "to the best of our knowledge"."""
    stripped = _ANAPHORIC_OPENING.sub("", sentence, count=1)
    stripped = _HEDGE_OPENING.sub("", stripped, count=1)
    stripped = _HEDGE_INSIDE.sub("", stripped)
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
