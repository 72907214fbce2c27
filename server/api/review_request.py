"""The review request that `/agent`, `/agent/stream` and `/runs` accept, and its validation.

The graph validates its input too. Checking here first turns bad input into a 422 before any
run starts, with the same messages that the graph gives.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Annotated, Any

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field, StrictInt

from agents.request_validation import validate_request
from graph.context import ReviewContext, context_from_mapping
from graph.state import ReviewInput
from server.review_runs import review_input

QUERY_EXAMPLE = "Review 10 recent papers on graph neural networks"


class ReviewRequest(BaseModel):
    """A review request: the text, and optional overrides of what it states."""

    model_config = ConfigDict(extra="forbid")

    query: str = Field(
        description="The request in plain words (1 to 2000 characters).", examples=[QUERY_EXAMPLE]
    )
    # Strict, so JSON `true` or `"3"` is rejected instead of read as a number.
    papers: StrictInt | None = Field(
        default=None, description="Number of papers, 1 to 50; overrides the number in the query."
    )
    since: str | None = Field(
        default=None, description="First publication date, YYYY, YYYY-MM or YYYY-MM-DD."
    )
    until: str | None = Field(
        default=None, description="Last publication date, YYYY, YYYY-MM or YYYY-MM-DD."
    )
    source: str | None = Field(
        default=None, description="Paper source, `library` or `arxiv`; default LITREVIEW_SOURCE."
    )
    model: str | None = Field(
        default=None,
        description="`provider:model` (for example `openai:gpt-4o-mini`) or `offline`; "
        "default LITREVIEW_MODEL.",
    )


class RunRequest(ReviewRequest):
    """A background run request, which may pause after planning for a person to edit the plan."""

    review_plan: bool = Field(
        default=False,
        description="Pause after the planner; resume with POST /runs/{run_id}/resume and a plan.",
    )


def review_request_from_query(
    query: Annotated[str, Query(description="The request in plain words.")],
    papers: Annotated[int | None, Query(description="Number of papers, 1 to 50.")] = None,
    since: Annotated[str | None, Query(description="First publication date.")] = None,
    until: Annotated[str | None, Query(description="Last publication date.")] = None,
    source: Annotated[str | None, Query(description="`library` or `arxiv`.")] = None,
    model: Annotated[str | None, Query(description="`provider:model` or `offline`.")] = None,
) -> ReviewRequest:
    """Read a review request from the query string of a GET request."""
    return ReviewRequest(
        query=query, papers=papers, since=since, until=until, source=source, model=model
    )


@dataclass(frozen=True)
class PreparedReview:
    """A validated request: the graph input and the run settings."""

    graph_input: ReviewInput
    context: ReviewContext

    def context_settings(self) -> dict[str, Any]:
        """Return the run settings as plain JSON values, to store with a background run."""
        return asdict(self.context)


def prepare_review(request: ReviewRequest, *, review_plan: bool = False) -> PreparedReview:
    """Validate a request; raise InvalidRequestError naming the first invalid field."""
    validate_request(request.query, request.papers, request.since, request.until)
    context = context_from_mapping(
        {"model": request.model, "source": request.source, "review_plan": review_plan or None}
    )
    graph_input = review_input(
        request.query,
        papers=request.papers,
        since=request.since or None,
        until=request.until or None,
        source=request.source or None,
    )
    return PreparedReview(graph_input=graph_input, context=context)
