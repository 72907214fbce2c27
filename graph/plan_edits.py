"""Validation of a plan that a person edited during the plan-review interrupt."""

from __future__ import annotations

from typing import Any

from agents.errors import InvalidRequestError
from agents.records import Plan, SectionPlan
from agents.request_parsing import MAX_PAPERS
from agents.sources.dates import parse_date

_EDITABLE = ("topic", "focus", "paper_count", "since", "until", "sections", "queries")


def apply_plan_edits(plan: Plan, edited: Any) -> Plan:
    """Return `plan` with the edits applied; `edited` is the resume value.

    The resume value may be a full or partial plan, or `{"plan": {...}}`. None or an empty
    dict keeps the plan unchanged. Raises InvalidRequestError naming the first bad field.
    """
    if edited is None or edited is True:
        return plan
    if isinstance(edited, dict) and isinstance(edited.get("plan"), dict):
        edited = edited["plan"]
    if not isinstance(edited, dict):
        raise InvalidRequestError(
            "plan", f"resume with a dict of plan fields ({', '.join(_EDITABLE)}), not {edited!r}"
        )
    unknown = sorted(set(edited) - set(_EDITABLE) - {"instructions"})
    if unknown:
        raise InvalidRequestError(
            "plan", f"unknown field(s) {', '.join(unknown)}; editable: {', '.join(_EDITABLE)}"
        )
    updated: dict[str, Any] = dict(plan)
    for key in _EDITABLE:
        if key in edited:
            updated[key] = edited[key]
    count = updated["paper_count"]
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_PAPERS:
        raise InvalidRequestError(
            "paper_count", f"{count!r} is out of range; use 1 to {MAX_PAPERS}"
        )
    for name in ("since", "until"):
        if updated[name]:
            updated[name] = parse_date(str(updated[name]), name).isoformat()
    if not isinstance(updated["topic"], str) or not updated["topic"].strip():
        raise InvalidRequestError("topic", "the topic is empty; name the subject of the review")
    updated["sections"] = [_section(raw) for raw in updated["sections"]]
    updated["queries"] = [str(q).strip() for q in updated["queries"] if str(q).strip()]
    if not updated["queries"]:
        raise InvalidRequestError("queries", "the plan has no search query; add at least one")
    return Plan(**updated)  # type: ignore[typeddict-item]


def _section(raw: Any) -> SectionPlan:
    if not isinstance(raw, dict) or not str(raw.get("title", "")).strip():
        raise InvalidRequestError("sections", f"{raw!r} is not a section; give title and purpose")
    queries = raw.get("queries") or []
    if isinstance(queries, str):
        queries = [queries]
    return SectionPlan(
        title=str(raw["title"]).strip(),
        purpose=str(raw.get("purpose", "")).strip(),
        queries=[str(q).strip() for q in queries if str(q).strip()][:3],
    )
