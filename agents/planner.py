"""Planner: turns a request into a Plan (topic, paper count, date window, sections, queries).

Count and dates come from code (the graph input first, then the request text, then the
settings) and override whatever a model proposes.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from agents import prompts
from agents.errors import InvalidRequestError
from agents.models import ModelCaller
from agents.offline import plan_offline
from agents.records import Plan, SectionPlan
from agents.request_parsing import MAX_PAPERS, MIN_PAPERS, RequestConstraints, parse_request
from agents.request_validation import ReviewRequest
from agents.sources.dates import parse_date

logger = logging.getLogger(__name__)


class SectionProposal(BaseModel):
    """A thematic section proposed by the model."""

    title: str = Field(description="Short section title")
    purpose: str = Field(description="One sentence on what the section covers")
    queries: list[str] = Field(description="1 to 3 search queries of 2 to 6 content words")


class PlanProposal(BaseModel):
    """The model's plan; count and dates are not asked for because code sets them."""

    topic: str = Field(description="The subject only, spelling fixed, request words removed")
    sections: list[SectionProposal] = Field(description="3 to 6 thematic sections")
    queries: list[str] = Field(description="2 to 6 search queries, most important first")


@dataclass
class ResolvedRequest:
    """Count and date window fixed by code before any model is called."""

    constraints: RequestConstraints
    paper_count: int
    since: date | None
    until: date | None
    warnings: list[str]


def resolve_request(
    request: ReviewRequest, *, today: date, recency_months: int, default_papers: int
) -> ResolvedRequest:
    """Fix count and date window: explicit input wins, then the request text, then settings."""
    constraints = parse_request(request.query, today=today, recency_months=recency_months)
    count = request.papers or constraints.paper_count or default_papers
    count = min(max(count, MIN_PAPERS), MAX_PAPERS)
    since = parse_date(request.since, "since") if request.since else constraints.since
    until = (
        parse_date(request.until, "until", end_of_period=True)
        if request.until
        else constraints.until
    )
    if since and until and since > until:
        raise InvalidRequestError(
            "since", f"{since.isoformat()} is after until {until.isoformat()}; swap the dates"
        )
    return ResolvedRequest(constraints, count, since, until, list(constraints.warnings))


def plan_review(
    resolved: ResolvedRequest,
    *,
    request: str,
    caller: ModelCaller | None,
    vocabulary: Mapping[str, int] | None = None,
) -> Plan:
    """Build the plan, with a model when `caller` is given and extractively otherwise."""
    since = resolved.since.isoformat() if resolved.since else None
    until = resolved.until.isoformat() if resolved.until else None
    offline_plan = plan_offline(
        resolved.constraints,
        paper_count=resolved.paper_count,
        since=since,
        until=until,
        vocabulary=vocabulary,
    )
    if caller is None:
        return offline_plan
    proposal = caller.structured(
        PlanProposal,
        [
            SystemMessage(prompts.PLANNER_SYSTEM),
            HumanMessage(
                prompts.PLANNER_USER.format(
                    request=request,
                    topic=offline_plan["topic"],
                    focus=offline_plan["focus"] or "none",
                )
            ),
        ],
    )
    return _merge_proposal(proposal, offline_plan)


def _merge_proposal(proposal: PlanProposal, offline_plan: Plan) -> Plan:
    """Take sections and queries from the model, count and dates from code."""
    sections = [
        SectionPlan(
            title=section.title.strip(),
            purpose=section.purpose.strip(),
            queries=[q.strip() for q in section.queries if q.strip()][:3],
        )
        for section in proposal.sections
        if section.title.strip()
    ][:6]
    if len(sections) < 1:
        logger.warning("the model proposed no usable section; using the extractive outline")
        sections = offline_plan["sections"]
    queries = [q.strip() for q in proposal.queries if q.strip()][:6] or offline_plan["queries"]
    return Plan(
        topic=proposal.topic.strip() or offline_plan["topic"],
        focus=offline_plan["focus"],
        paper_count=offline_plan["paper_count"],
        since=offline_plan["since"],
        until=offline_plan["until"],
        sections=sections,
        queries=queries,
    )
