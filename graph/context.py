"""Run settings of the review graph, given to LangGraph as `context_schema`.

Every field has a description, which LangGraph Studio shows in its settings form. Environment
variables fill the defaults, and the defaults run offline: with no model key set, the model is
`offline` and the source is the local library.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, Literal, cast

from agents.errors import InvalidRequestError
from agents.sources.locations import default_library_path, default_source_name

OFFLINE_MODEL = "offline"
DEFAULT_ONLINE_MODEL = "openai:gpt-4o-mini"
MAX_REVISIONS_LIMIT = 10
"""Upper bound of max_revisions; the graph's recursion limit is sized for it."""
StructuredOutputMethod = Literal["json_schema", "function_calling", "json_mode"]

# Environment variables that mean a model provider is configured.
_PROVIDER_KEYS = (
    "OPENAI_API_KEY",
    "ANTHROPIC_API_KEY",
    "GOOGLE_API_KEY",
    "MISTRAL_API_KEY",
    "GROQ_API_KEY",
    "OPENAI_BASE_URL",
)


def default_model() -> str:
    """Return `LITREVIEW_MODEL`, else the online default if a provider key is set, else offline."""
    configured = os.environ.get("LITREVIEW_MODEL")
    if configured:
        return configured
    if any(os.environ.get(key) for key in _PROVIDER_KEYS):
        return DEFAULT_ONLINE_MODEL
    return OFFLINE_MODEL


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise InvalidRequestError(
            name, f"{raw!r} is not a whole number; use digits, e.g. 10"
        ) from None


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise InvalidRequestError(name, f"{raw!r} is not a number; use digits, e.g. 600") from None


@dataclass(kw_only=True)
class ReviewContext:
    """Settings for one review run."""

    model: str = field(
        default_factory=default_model,
        metadata={
            "description": "Chat model as `provider:model` (for example `openai:gpt-4o-mini`), "
            "or `offline` for the extractive mode that needs no model. Default: LITREVIEW_MODEL, "
            "else the OpenAI default when a provider key is set, else offline."
        },
    )
    planner_model: str | None = field(
        default_factory=lambda: os.environ.get("LITREVIEW_PLANNER_MODEL") or None,
        metadata={"description": "Model for the planner; empty means `model`."},
    )
    reader_model: str | None = field(
        default_factory=lambda: os.environ.get("LITREVIEW_READER_MODEL") or None,
        metadata={"description": "Model for the reader; empty means `model`."},
    )
    writer_model: str | None = field(
        default_factory=lambda: os.environ.get("LITREVIEW_WRITER_MODEL") or None,
        metadata={"description": "Model for the writer; empty means `model`."},
    )
    critic_model: str | None = field(
        default_factory=lambda: os.environ.get("LITREVIEW_CRITIC_MODEL") or None,
        metadata={"description": "Model for the critic; empty means `model`."},
    )
    default_papers: int = field(
        default_factory=lambda: _env_int("LITREVIEW_PAPERS", 10),
        metadata={"description": "Papers to review when the request names no number (1 to 50)."},
    )
    recency_months: int = field(
        default_factory=lambda: _env_int("LITREVIEW_RECENCY_MONTHS", 24),
        metadata={"description": "How many months back 'recent' reaches from the reference date."},
    )
    max_revisions: int = field(
        default_factory=lambda: _env_int("LITREVIEW_MAX_REVISIONS", 2),
        metadata={"description": "Times the critic may send one section back to the writer."},
    )
    source: str = field(
        default_factory=default_source_name,
        metadata={"description": "Paper source: `library` (local SQLite) or `arxiv` (the API)."},
    )
    library_path: str = field(
        default_factory=lambda: str(default_library_path()),
        metadata={"description": "Path of the local library database (LITREVIEW_LIBRARY)."},
    )
    candidate_pool: int = field(
        default_factory=lambda: _env_int("LITREVIEW_CANDIDATE_POOL", 200),
        metadata={"description": "Candidates gathered by lexical search before ranking."},
    )
    deadline_seconds: float = field(
        default_factory=lambda: _env_float("LITREVIEW_DEADLINE_SECONDS", 900.0),
        metadata={"description": "Wall-clock limit of one run in seconds; past it the run fails."},
    )
    max_concurrent_model_calls: int = field(
        default_factory=lambda: _env_int("LITREVIEW_MAX_CONCURRENT_MODEL_CALLS", 4),
        metadata={"description": "Model calls in flight at once across the whole process."},
    )
    model_timeout_seconds: float = field(
        default_factory=lambda: _env_float("LITREVIEW_MODEL_TIMEOUT_SECONDS", 120.0),
        metadata={"description": "Timeout of one model request in seconds."},
    )
    model_max_retries: int = field(
        default_factory=lambda: _env_int("LITREVIEW_MODEL_MAX_RETRIES", 2),
        metadata={"description": "Retries of a model call that failed or returned invalid JSON."},
    )
    structured_output_method: StructuredOutputMethod = field(
        default_factory=lambda: cast(
            StructuredOutputMethod, os.environ.get("LITREVIEW_STRUCTURED_OUTPUT", "json_schema")
        ),
        metadata={
            "description": "How typed answers are requested: `json_schema`, `function_calling` "
            "(tool calls) or `json_mode`. Pick what your model server accepts."
        },
    )
    review_plan: bool = field(
        default=False,
        metadata={"description": "Pause after the planner so a person can edit the plan."},
    )
    reference_date: str | None = field(
        default_factory=lambda: os.environ.get("LITREVIEW_REFERENCE_DATE") or None,
        metadata={
            "description": "Date (YYYY-MM-DD) that 'recent' and 'last year' count back from; "
            "empty means today."
        },
    )

    def __post_init__(self) -> None:
        validate_context(self)
        # Not a dataclass field, so it stays out of the settings schema Studio shows.
        self._created_at = time.time()

    @property
    def created_at(self) -> float:
        """Unix time these settings were made; a resumed run's deadline counts from it."""
        return getattr(self, "_created_at", 0.0)

    @property
    def offline(self) -> bool:
        """Whether the run uses the extractive agents instead of a language model."""
        return self.model.strip().lower() == OFFLINE_MODEL

    def model_for(self, role: Literal["planner", "reader", "writer", "critic"]) -> str:
        """Return the model string for one agent role."""
        role_model: str | None = getattr(self, f"{role}_model")
        return role_model or self.model

    def today(self) -> date:
        """Return the reference date that recency windows count back from."""
        if self.reference_date:
            return date.fromisoformat(self.reference_date)
        return date.today()


# Settings whose default an environment variable sets, for error messages.
_ENVIRONMENT_VARIABLES = {
    "default_papers": "LITREVIEW_PAPERS",
    "recency_months": "LITREVIEW_RECENCY_MONTHS",
    "max_revisions": "LITREVIEW_MAX_REVISIONS",
    "source": "LITREVIEW_SOURCE",
    "candidate_pool": "LITREVIEW_CANDIDATE_POOL",
    "deadline_seconds": "LITREVIEW_DEADLINE_SECONDS",
    "max_concurrent_model_calls": "LITREVIEW_MAX_CONCURRENT_MODEL_CALLS",
    "structured_output_method": "LITREVIEW_STRUCTURED_OUTPUT",
}


def validate_context(context: ReviewContext) -> None:
    """Raise InvalidRequestError naming the first setting that is out of range."""
    checks: list[tuple[str, bool, str]] = [
        ("default_papers", 1 <= context.default_papers <= 50, "use a number from 1 to 50"),
        ("recency_months", context.recency_months >= 1, "use at least 1 month"),
        (
            "max_revisions",
            0 <= context.max_revisions <= MAX_REVISIONS_LIMIT,
            f"use 0 to {MAX_REVISIONS_LIMIT}",
        ),
        ("source", context.source in ("library", "arxiv"), "use `library` or `arxiv`"),
        ("candidate_pool", context.candidate_pool >= 1, "use at least 1"),
        ("deadline_seconds", context.deadline_seconds > 0, "use a positive number of seconds"),
        ("max_concurrent_model_calls", context.max_concurrent_model_calls >= 1, "use 1 or more"),
        (
            "structured_output_method",
            context.structured_output_method in ("json_schema", "function_calling", "json_mode"),
            "use json_schema, function_calling or json_mode",
        ),
    ]
    for name, valid, fix in checks:
        if not valid:
            variable = _ENVIRONMENT_VARIABLES.get(name)
            where = f" (its default comes from {variable})" if variable else ""
            raise InvalidRequestError(
                name, f"{getattr(context, name)!r} is out of range; {fix}{where}"
            )
    if context.reference_date:
        try:
            date.fromisoformat(context.reference_date)
        except ValueError:
            raise InvalidRequestError(
                "reference_date", f"{context.reference_date!r} is not a date; use YYYY-MM-DD"
            ) from None


def context_from_mapping(values: dict[str, Any] | None) -> ReviewContext:
    """Build a ReviewContext from a plain dict, ignoring empty values and rejecting unknown keys."""
    known = {f.name for f in fields(ReviewContext)}
    given = {key: value for key, value in (values or {}).items() if value not in (None, "")}
    unknown = sorted(set(given) - known)
    if unknown:
        raise InvalidRequestError(
            "context", f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    return ReviewContext(**given)
