"""The role of the topic in a title: its subject, or a tool applied to something else.

"Random-Set Graph Neural Networks" is about graph neural networks; "Explainable Scene
Understanding with Graph Neural Networks" is about scene understanding and uses them. Both
match the topic's words equally well, so ranking needs the title's grammar to tell a paper
that advances a topic from one that applies it.
"""

from __future__ import annotations

from collections.abc import Sequence

from agents.relevance.query_terms import GENERIC_WORDS, TopicTerms

TOOL_MARKERS = frozenset({"with", "using", "via", "by", "and", "to", "from", "combining"})
"""Title words that, right before a topic mention, make the topic a tool of the paper."""
APPLICATION_MARKERS = frozenset({"for", "in", "on", "to"})
"""Title words that, right after a topic mention, apply the topic to another subject."""


def title_uses_topic(title: Sequence[str], topic: TopicTerms) -> bool:
    """Tell whether every topic mention in the title is used on or for something else.

    A mention is a run of topic words or acronyms with at least one word outside
    GENERIC_WORDS ("deep learning" alone does not mention "deep learning optimizers"). A
    mention is a tool when a word such as "with", "using" or "and" comes right before it. It
    is applied to another subject when "for", "in", "on" or "to" comes right after it and a
    word outside the topic follows. Titles of papers that advance the topic name it as
    their subject instead ("Random-Set Graph Neural Networks", "Calibrating Graph Neural
    Networks with ...").

    NOTE: an analysis titled "the role of optimizers in group fairness" reads as applied,
    so the rule costs some analysis papers a share of their score.
    """
    words = set(topic.terms) | set(topic.acronyms)
    spans = []
    index = 0
    while index < len(title):
        if title[index] in words:
            end = index
            while end + 1 < len(title) and title[end + 1] in words:
                end += 1
            if any(word not in GENERIC_WORDS for word in title[index : end + 1]):
                spans.append((index, end))
            index = end + 1
        else:
            index += 1
    if not spans:
        return False
    return all(_span_used(title, start, end, words) for start, end in spans)


def _span_used(title: Sequence[str], start: int, end: int, words: set[str]) -> bool:
    if start > 0 and title[start - 1] in TOOL_MARKERS:
        return True
    following = title[end + 1 : end + 3]
    return len(following) == 2 and following[0] in APPLICATION_MARKERS and following[1] not in words
