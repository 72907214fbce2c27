"""The offline planner: a plan from the parsed request, with spelling fixed and lexical queries.

Count and dates come from `parse_request` as in model mode. Sections are placeholders, one
per query, because offline the outline comes from clustering the selected papers.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping

from agents.offline.spelling import correct_spelling
from agents.records import Plan, SectionPlan
from agents.relevance.query_terms import GENERIC_WORDS, REQUEST_WORDS, STOPWORDS
from agents.relevance.text import fold, word_family
from agents.request_parsing import RequestConstraints

logger = logging.getLogger(__name__)

MAX_QUERIES = 4
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*")


def plan_offline(
    constraints: RequestConstraints,
    *,
    paper_count: int,
    since: str | None,
    until: str | None,
    vocabulary: Mapping[str, int] | None = None,
) -> Plan:
    """Build a plan without a model.

    `vocabulary` maps library terms to their document frequency and drives spelling
    correction of topic and focus; None or empty disables it. The paper count and the window
    are copied as given.
    """
    topic = correct_spelling(constraints.topic, vocabulary)
    focus = correct_spelling(constraints.focus, vocabulary) if constraints.focus else None
    queries = derive_queries(topic, focus)
    sections = [
        SectionPlan(title=query.title(), purpose=f"Papers on {query}.", queries=[query])
        for query in queries
    ]
    logger.info("offline plan: topic %r, focus %r, queries %s", topic, focus, queries)
    return Plan(
        topic=topic,
        focus=focus,
        paper_count=paper_count,
        since=since,
        until=until,
        sections=sections,
        queries=queries,
    )


def derive_queries(topic: str, focus: str | None) -> list[str]:
    """Return up to 4 lexical queries: topic, focus, topic head joined with focus, topic tail.

    Request words ("recent", "novel", "publications") and stop words are removed, and a query
    equal to an earlier one is skipped. Parts made only of generic words ("neural networks")
    are no query. A topic with one content word and no focus yields a single query.
    """
    topic_words = _content_words(topic)
    focus_words = _content_words(focus or "")
    candidates = [" ".join(topic_words), " ".join(focus_words)]
    focus_families = {word_family(w) for w in focus_words}
    if topic_words and focus_words and word_family(topic_words[-1]) not in focus_families:
        combined = topic_words[-1:] + [w for w in focus_words if w not in topic_words]
        candidates.append(" ".join(combined))
    if len(topic_words) > 2 and not _all_generic(topic_words[-2:]):
        candidates.append(" ".join(topic_words[-2:]))
    specific = [w for w in topic_words if fold(w) not in GENERIC_WORDS]
    if len(topic_words) > 1 and specific:
        candidates.append(max(specific, key=len))
    queries: list[str] = []
    for candidate in candidates:
        if candidate and candidate not in queries:
            queries.append(candidate)
    if not queries:
        queries.append(" ".join(topic.split()) or topic)
    return queries[:MAX_QUERIES]


def _all_generic(words: list[str]) -> bool:
    return all(fold(word) in GENERIC_WORDS for word in words)


def _content_words(text: str) -> list[str]:
    result = []
    for token in _TOKEN.findall(text):
        folded = fold(token.lower())
        if folded in STOPWORDS or folded in REQUEST_WORDS:
            continue
        if token.lower() not in result:
            result.append(token.lower())
    return result
