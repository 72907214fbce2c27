"""Whether a request asks for new methods, and whether a paper proposes one.

"With an accent on novel optimization algorithms" asks for papers that propose an
algorithm, not for applications that compare existing ones ("AdamW vs SGD vs RMSprop for
iris recognition"). The request words "novel" and "new" are removed from the topic's terms,
so this module reads them from the raw topic.
"""

from __future__ import annotations

import re

NOVELTY_WORDS = frozenset({"novel", "new", "newer", "newest"})

_PROPOSAL = re.compile(
    r"\b(?:we|this (?:paper|work|study|article)|our (?:paper|work))\b[^.]{0,60}?"
    r"\b(?:propose|introduce|present|develop|design|derive)[sd]?\b"
    r"|\b(?:is|are) (?:proposed|introduced)\b",
    re.IGNORECASE,
)


def asks_for_novelty(topic: str) -> bool:
    """Tell whether the topic text asks for novel or new work."""
    return bool(NOVELTY_WORDS.intersection(re.findall(r"[a-z]+", topic.lower())))


def proposes(abstract: str) -> bool:
    """Tell whether an abstract states a contribution of its own ("we propose", "this paper
    introduces"); applied comparisons say "we evaluate" or "we investigate" instead."""
    return _PROPOSAL.search(abstract) is not None
