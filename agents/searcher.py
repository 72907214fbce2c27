"""Searcher: gathers a candidate pool, screens and ranks it, and selects exactly N papers.

The pool comes from one combined lexical search of the source. Code then removes duplicates
and papers outside the date window, ranks the rest by relevance to the topic, lets a model
screen the best candidates when one is configured, and picks a diverse set of N.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from agents import prompts
from agents.errors import InvalidArxivIdError
from agents.models import ModelCaller
from agents.records import Plan, ScreeningReport
from agents.relevance import (
    ScoredPaper,
    expansion_queries,
    pool_queries,
    rank_candidates,
    select_diverse,
)
from agents.sources.base import PaperSource
from agents.sources.paper import Paper, parse_arxiv_id

logger = logging.getLogger(__name__)

SCREENING_BATCH_SIZE = 10
COVERAGE_SLACK = timedelta(days=30)
"""A library whose newest paper is older than the window's end by more than this is flagged."""
EXPANSION_POOL_FRACTION = 2
"""The expansion round adds at most pool_size // EXPANSION_POOL_FRACTION candidates."""


class ScreeningDecision(BaseModel):
    """The model's decision on one candidate."""

    arxiv_id: str
    include: bool
    reason: str = Field(description="One line")


class ScreeningBatch(BaseModel):
    """Decisions on a batch of candidates."""

    decisions: list[ScreeningDecision]


@dataclass
class SearchOutcome:
    """The selected papers and how they were found."""

    papers: list[Paper]
    screening: ScreeningReport
    warnings: list[str] = field(default_factory=list)


def search_queries(plan: Plan) -> list[str]:
    """Return the lexical queries for the pool: topic-derived first, then the plan's own."""
    topic = " ".join(part for part in (plan["topic"], plan["focus"]) if part)
    queries = [*pool_queries(topic), *plan["queries"]]
    for section in plan["sections"]:
        queries.extend(section["queries"])
    unique = list(dict.fromkeys(q.strip() for q in queries if q.strip()))
    return unique[:12]


def find_papers(
    plan: Plan, source: PaperSource, *, pool_size: int, caller: ModelCaller | None
) -> SearchOutcome:
    """Search `source` for the plan and return exactly `plan['paper_count']` papers if it can.

    A second, smaller search with words typical of the best first-round papers (pseudo-relevance
    feedback) brings in relevant papers that do not use the topic's own words.
    """
    since = date.fromisoformat(plan["since"]) if plan["since"] else None
    until = date.fromisoformat(plan["until"]) if plan["until"] else None
    topic = " ".join(part for part in (plan["topic"], plan["focus"]) if part)
    statistics = _corpus_statistics(source)

    found = source.search(search_queries(plan), limit=pool_size, since=since, until=until)
    pool, duplicates = _remove_duplicates(found)
    in_window = [p for p in pool if _in_window(p, plan["since"], plan["until"])]
    ranked = rank_candidates(topic, in_window, **statistics)

    expansion = expansion_queries(topic, ranked, **statistics)
    if expansion:
        more = source.search(
            expansion, limit=max(pool_size // EXPANSION_POOL_FRACTION, 1), since=since, until=until
        )
        found = [*found, *more]
        pool, duplicates = _remove_duplicates(found)
        in_window = [p for p in pool if _in_window(p, plan["since"], plan["until"])]
        ranked = rank_candidates(topic, in_window, **statistics)

    count = plan["paper_count"]
    if caller is not None:
        ranked = screen_with_model(ranked, plan, caller, wanted=count)
    selected = select_diverse(ranked, count)
    excluded = [candidate for candidate in ranked if not candidate.included]
    screening = ScreeningReport(
        records_found=len(found),
        duplicates_removed=duplicates,
        outside_window=len(pool) - len(in_window),
        screened=len(ranked),
        excluded=len(excluded),
        exclusion_reasons=dict(Counter(_reason_label(c.reason) for c in excluded)),
        eligible=len(ranked) - len(excluded),
        included=len(selected),
    )
    warnings = _coverage_warnings(source, plan)
    if len(selected) < count:
        warnings.append(
            f"Only {len(selected)} of the {count} requested papers matched the topic and date "
            "window in this source; the review covers those."
        )
    return SearchOutcome([c.paper for c in selected], screening, warnings)


def _coverage_warnings(source: PaperSource, plan: Plan) -> list[str]:
    """Warn when the date window reaches past the newest paper a library holds."""
    newest = getattr(source, "newest_published", None)
    if not callable(newest) or not plan["until"]:
        return []
    latest = newest()
    until = date.fromisoformat(plan["until"])
    if latest is None or date.fromisoformat(latest) >= until - COVERAGE_SLACK:
        return []
    return [
        f"The library's newest paper is from {latest}, but the date window runs to "
        f"{plan['until']}; papers after {latest} are missing. Import newer arXiv metadata "
        "or search arXiv (`--source arxiv`) to cover them."
    ]


def _corpus_statistics(source: PaperSource) -> dict[str, Any]:
    """Return the library's term statistics for ranking; the arXiv API has none."""
    frequencies = getattr(source, "term_document_frequencies", None)
    document_count = getattr(source, "document_count", None)
    if not callable(frequencies) or not callable(document_count):
        return {"document_frequencies": None, "document_count": None}
    return {"document_frequencies": frequencies(), "document_count": document_count()}


def _remove_duplicates(papers: Sequence[Paper]) -> tuple[list[Paper], int]:
    """Keep one record per arXiv id, the one with the latest version, in first-seen order."""
    best: dict[str, Paper] = {}
    for paper in papers:
        kept = best.get(paper["arxiv_id"])
        if kept is None or paper["version"] > kept["version"]:
            best[paper["arxiv_id"]] = paper
    return list(best.values()), len(papers) - len(best)


def _in_window(paper: Paper, since: str | None, until: str | None) -> bool:
    return (since is None or paper["published"] >= since) and (
        until is None or paper["published"] <= until
    )


def _reason_label(reason: str) -> str:
    """Shorten an exclusion reason to the part before any colon, for counting."""
    return reason.removeprefix("excluded:").split(":")[0].strip() or "not relevant"


def screen_with_model(
    ranked: list[ScoredPaper], plan: Plan, caller: ModelCaller, *, wanted: int
) -> list[ScoredPaper]:
    """Let the model include or exclude the best candidates in batches, until enough are in.

    Candidates are screened in rank order; screening stops once 1.5 times `wanted` are
    included, which leaves room for the diversity step. Unscreened candidates keep their rank.
    """
    target = wanted + (wanted + 1) // 2
    included = 0
    queue = [candidate for candidate in ranked if candidate.included]
    for start in range(0, len(queue), SCREENING_BATCH_SIZE):
        if included >= target:
            break
        batch = queue[start : start + SCREENING_BATCH_SIZE]
        decisions = _screen_batch(batch, plan, caller)
        for candidate in batch:
            decision = decisions.get(candidate.paper["arxiv_id"])
            if decision is not None and not decision.include:
                candidate.included = False
                candidate.reason = f"excluded by screening: {decision.reason.strip()}"
            else:
                included += 1
    return ranked


def _screen_batch(
    batch: Sequence[ScoredPaper], plan: Plan, caller: ModelCaller
) -> dict[str, ScreeningDecision]:
    candidates = "\n\n".join(
        f"[{c.paper['arxiv_id']}] {c.paper['title']}\n{c.paper['abstract'][:1200]}" for c in batch
    )
    answer = caller.structured(
        ScreeningBatch,
        [
            SystemMessage(prompts.SCREENER_SYSTEM),
            HumanMessage(
                prompts.SCREENER_USER.format(
                    topic=plan["topic"], focus=plan["focus"] or "none", candidates=candidates
                )
            ),
        ],
    )
    decisions: dict[str, ScreeningDecision] = {}
    for decision in answer.decisions:
        try:
            decisions[parse_arxiv_id(decision.arxiv_id)[0]] = decision
        except InvalidArxivIdError:
            logger.warning("screening returned an unknown id %r; ignoring it", decision.arxiv_id)
    return decisions
