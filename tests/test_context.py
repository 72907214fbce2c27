"""Tests of the run settings, graph input validation, plan edits and state reducers."""

import dataclasses

import pytest

from agents.errors import InvalidRequestError
from agents.records import Plan
from agents.request_validation import validate_request
from graph.context import OFFLINE_MODEL, ReviewContext, context_from_mapping
from graph.plan_edits import apply_plan_edits
from graph.state import extend_list, fresh, merge_by_key

PROVIDER_VARIABLES = (
    "OPENAI_API_KEY",
    "ANTHROPIC_API_KEY",
    "GOOGLE_API_KEY",
    "MISTRAL_API_KEY",
    "GROQ_API_KEY",
    "OPENAI_BASE_URL",
    "LITREVIEW_MODEL",
)


@pytest.fixture
def no_model_keys(monkeypatch):
    for name in PROVIDER_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_offline_without_keys(no_model_keys):
    assert ReviewContext().model == OFFLINE_MODEL


def test_online_with_openai_key(no_model_keys, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    assert ReviewContext().model == "openai:gpt-4o-mini"


def test_env_model_wins(no_model_keys, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("LITREVIEW_MODEL", "offline")
    assert ReviewContext().offline


def test_every_field_described():
    for field in dataclasses.fields(ReviewContext):
        assert field.metadata.get("description"), field.name


def test_role_model_fallback():
    context = ReviewContext(model="openai:a", critic_model="openai:b")
    assert context.model_for("writer") == "openai:a"
    assert context.model_for("critic") == "openai:b"


def test_bad_env_number(monkeypatch):
    monkeypatch.setenv("LITREVIEW_PAPERS", "ten")
    with pytest.raises(InvalidRequestError, match="LITREVIEW_PAPERS"):
        ReviewContext()


def test_out_of_range_setting():
    with pytest.raises(InvalidRequestError, match="max_revisions"):
        ReviewContext(max_revisions=-1)


def test_unknown_setting_named():
    with pytest.raises(InvalidRequestError, match="colour"):
        context_from_mapping({"colour": "blue"})


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"query": ""}, "query"),
        ({"query": "   "}, "query"),
        ({"query": "???"}, "query"),
        ({"query": "x" * 2001}, "query"),
        ({"query": "gnn", "papers": 0}, "papers"),
        ({"query": "gnn", "papers": 51}, "papers"),
        ({"query": "gnn", "papers": True}, "papers"),
        ({"query": "gnn", "since": "2025-13"}, "since"),
        ({"query": "gnn", "until": "yesterday"}, "until"),
        ({"query": None}, "query"),
    ],
)
def test_invalid_graph_input(kwargs, field):
    with pytest.raises(InvalidRequestError) as raised:
        validate_request(**kwargs)
    assert raised.value.field == field


PLAN = Plan(
    topic="graph neural networks",
    focus=None,
    paper_count=10,
    since="2025-01-01",
    until=None,
    sections=[{"title": "Message passing", "purpose": "p", "queries": ["message passing"]}],
    queries=["graph neural networks"],
)


def test_plan_edit_applied():
    edited = apply_plan_edits(
        PLAN, {"paper_count": 5, "sections": [{"title": "Scaling", "queries": "large graphs"}]}
    )
    assert edited["paper_count"] == 5
    assert edited["sections"][0]["queries"] == ["large graphs"]


def test_plan_edit_none_keeps_plan():
    assert apply_plan_edits(PLAN, None) == PLAN


def test_plan_edit_rejects_bad_count():
    with pytest.raises(InvalidRequestError, match="paper_count"):
        apply_plan_edits(PLAN, {"paper_count": 99})


def test_plan_edit_rejects_unknown_field():
    with pytest.raises(InvalidRequestError, match="colour"):
        apply_plan_edits(PLAN, {"colour": "blue"})


def test_reducers_reset_and_merge():
    assert merge_by_key({"a": 1}, {"b": 2}) == {"a": 1, "b": 2}
    assert merge_by_key({"a": 1}, fresh({"b": 2})) == {"b": 2}
    assert extend_list(["x"], fresh(["y"])) == ["y"]
    assert extend_list(["x"], fresh()) == []
