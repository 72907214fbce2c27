"""Citation keys in drafted text: checking them against the run's papers and numbering them.

Writers cite as `[@2503.01234]` (several keys may share brackets: `[@a; @b]`). Code, not a model,
decides which keys are real and turns them into `[1]`..`[N]` by first appearance, so a review
can cite only papers the run retrieved.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from agents.errors import InvalidArxivIdError
from agents.sources.paper import parse_arxiv_id

# One bracket group holding one or more `@key` citations separated by `;` or `,`.
CITATION_GROUP = re.compile(r"\[\s*@[^\[\]]+\]")
_KEY = re.compile(r"@\s*([^\s;,\]]+)")


def _canonical_key(raw: str) -> str:
    """Map a cited key to a bare arXiv id when it is one (`arXiv:2503.01234v2` → `2503.01234`)."""
    try:
        return parse_arxiv_id(raw.strip().rstrip("."))[0]
    except InvalidArxivIdError:
        return raw.strip()


def cited_keys(text: str) -> list[str]:
    """Return every cited key in order of appearance, with duplicates."""
    keys: list[str] = []
    for group in CITATION_GROUP.finditer(text):
        keys.extend(_canonical_key(key) for key in _KEY.findall(group.group()))
    return keys


def remove_unknown_keys(text: str, allowed: Iterable[str]) -> tuple[str, list[str]]:
    """Drop citation keys that are not in `allowed`; return the cleaned text and the removed keys.

    A bracket group left with no valid key disappears with the space before it.
    """
    allowed_set = set(allowed)
    removed: list[str] = []

    def rewrite(group: re.Match[str]) -> str:
        keys = [_canonical_key(key) for key in _KEY.findall(group.group())]
        kept = [key for key in keys if key in allowed_set]
        removed.extend(key for key in keys if key not in allowed_set)
        unique = list(dict.fromkeys(kept))
        return "[" + "; ".join(f"@{key}" for key in unique) + "]" if unique else ""

    cleaned = CITATION_GROUP.sub(rewrite, text)
    cleaned = re.sub(r"[ \t]+([.,;:])", r"\1", cleaned)
    cleaned = re.sub(r"[ \t]{2,}", " ", cleaned)
    return cleaned, removed


def number_citations(texts: Sequence[str]) -> tuple[list[str], list[str]]:
    """Replace keys by `[1]`..`[N]`, numbered by first appearance across `texts` in order.

    Returns the rewritten texts and the keys in number order (key of [1] first).
    """
    order: dict[str, int] = {}
    for text in texts:
        for key in cited_keys(text):
            order.setdefault(key, len(order) + 1)

    def rewrite(group: re.Match[str]) -> str:
        keys = list(dict.fromkeys(_canonical_key(key) for key in _KEY.findall(group.group())))
        numbers = sorted(order[key] for key in keys if key in order)
        return "[" + ", ".join(str(number) for number in numbers) + "]"

    return [CITATION_GROUP.sub(rewrite, text) for text in texts], list(order)
