"""Title case for theme headings and the review title."""

from __future__ import annotations

from agents.offline.sentences import word_list

_SMALL_TITLE_WORDS = frozenset(
    word_list("""
    a an and as at by for from in of on or the to via vs with
""")
)


def title_case(text: str) -> str:
    """Capitalize a phrase for a heading, keeping acronyms and hyphen parts ("Second-Order",
    "Text-to-Speech")."""
    result = []
    for position, word in enumerate(text.split()):
        if position and word.lower() in _SMALL_TITLE_WORDS:
            result.append(word.lower())
        elif any(c.isupper() for c in word):
            result.append(word)
        else:
            parts = word.split("-")
            result.append(
                "-".join(
                    part if index and part in _SMALL_TITLE_WORDS else part[:1].upper() + part[1:]
                    for index, part in enumerate(parts)
                )
            )
    return " ".join(result)
