"""Phrases stating how many of the reviewed papers do something, with subject-verb agreement."""

from __future__ import annotations

from agents.offline.attribution import conjugate
from agents.offline.prose import number_word


def own(part: int, whole: int) -> str:
    """Return "its own" when `count_of` gave a singular subject and "their own" otherwise."""
    return "their own" if part > 1 else "its own"


def count_of(part: int, whole: int, verb: str) -> str:
    """Phrase "k of the n papers <verb>" with agreement: "none of the four papers proposes"."""
    if whole == 1:
        return (
            f"the paper {conjugate(verb, plural=False)}" if part else f"the paper does not {verb}"
        )
    if part == 0 and whole == 2:
        return f"neither paper {conjugate(verb, plural=False)}"
    if part == 0:
        return f"none of the {number_word(whole)} papers {conjugate(verb, plural=False)}"
    if part == whole:
        subject = "both papers" if whole == 2 else f"all {number_word(whole)} papers"
        return f"{subject} {verb}"
    return (
        f"{number_word(part)} of the {number_word(whole)} papers {conjugate(verb, plural=part > 1)}"
    )
