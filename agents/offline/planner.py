"""The offline planner: a plan from the parsed request, with spelling fixed and lexical queries.

Count and dates come from `parse_request` as in model mode. Sections name the facets a reader
can expect (the topic, the focus, analyses and comparisons); a person reviews them at
the plan-review pause, and the searcher adds their queries to the pool. Offline, the review's own
sections come later from clustering the selected papers.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping

from agents.offline.prose import upper_first
from agents.offline.spelling import correct_spelling
from agents.records import Plan, SectionPlan
from agents.relevance.query_terms import GENERIC_WORDS, REQUEST_WORDS, STOPWORDS
from agents.relevance.text import fold
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
    sections = plan_sections(topic, focus, queries)
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


def plan_sections(topic: str, focus: str | None, queries: list[str]) -> list[SectionPlan]:
    """Return two or three distinct facets of the review, each with a purpose sentence.

    With a focus: the topic, the focus and analyses; without one: the topic's methods, its
    applications and analyses. Queries are the plan's own (topic first, focus second), so the
    sections add no words to the search.
    """
    topic_text = " ".join(topic.split())
    topic_query = queries[:1]
    sections = [
        SectionPlan(
            title=upper_first(topic_text),
            purpose=f"Surveys the methods recently proposed for {topic_text} and the evidence "
            "reported for them.",
            queries=topic_query,
        )
    ]
    if focus:
        focus_text = " ".join(focus.split())
        sections.append(
            SectionPlan(
                title=upper_first(focus_text),
                purpose=f"Covers {focus_text} in {topic_text}: what each one changes and how "
                "it is evaluated.",
                queries=queries[1:2] or topic_query,
            )
        )
    else:
        sections.append(
            SectionPlan(
                title=f"Applications of {topic_text}",
                purpose=f"Covers papers that apply {topic_text} to particular domains, data or "
                "tasks.",
                queries=topic_query,
            )
        )
    sections.append(
        SectionPlan(
            title="Analyses and empirical comparisons",
            purpose=f"Collects studies that analyse, benchmark or compare work on {topic_text}.",
            queries=topic_query,
        )
    )
    return sections


def derive_queries(topic: str, focus: str | None) -> list[str]:
    """Return one or two lexical queries: the topic and the focus, without request words.

    Request words ("recent", "novel", "publications") and stop words are removed, and a focus
    equal to the topic is skipped. Suffixes of the topic ("learning optimizers") are no
    queries: the searcher already adds the topic's head words to its pool.
    """
    queries: list[str] = []
    for text in (topic, focus or ""):
        candidate = " ".join(_content_words(text))
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
