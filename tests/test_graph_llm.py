"""The review graph in model mode: the real graph and the real langchain-openai client, talking
over HTTP to the local fake OpenAI server, on a small library of real arXiv records.
"""

from __future__ import annotations

import gzip
import itertools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bibtexparser
import pytest
from langgraph.checkpoint.memory import InMemorySaver

from agents import models
from agents.errors import InvalidRequestError, ModelError
from agents.sources.importer import import_files
from agents.sources.library import Library
from graph.builder import build_graph
from graph.context import ReviewContext
from tests.fake_openai import (
    ChatRequest,
    FakeOpenAI,
    accept_verdict,
    default_reply,
    revise_verdict,
)

CORPUS_FILE = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "arxiv-2025-2026.jsonl.gz"
MODEL = "openai:gpt-4o-mini"
REFERENCE_DATE = "2026-07-01"
SEED_REQUEST = (
    "Make a search of 10 recent publications and write a literature review on recent advances "
    "in deep learning optimizers with an accent on novel optimization algorythms"
)
SMALL_REQUEST = "Write a review of 4 recent papers on deep learning optimizers"
METHODS = ("json_schema", "function_calling", "json_mode")
STRUCTURED_KIND = {
    "json_schema": "json_schema",
    "function_calling": "tools",
    "json_mode": "json_object",
}
STRUCTURED_ROLES = ("planner", "screener", "reader", "critic", "framing")
# Every setting a test relies on, so LITREVIEW_* variables of the environment cannot change it.
RUN_SETTINGS: dict[str, Any] = {
    "model": MODEL,
    "source": "library",
    "reference_date": REFERENCE_DATE,
    "structured_output_method": "json_schema",
    "max_revisions": 2,
    "model_max_retries": 2,
    "recency_months": 24,
    "default_papers": 10,
    "candidate_pool": 200,
    "deadline_seconds": 600.0,
}
# Titles of the sections the fake planner proposes by default.
EVALUATION_SECTION = "Evaluation and analysis"
OTHER_RECORDS = 300


@dataclass
class Run:
    """What one graph run produced and what the model server saw during it."""

    output: dict[str, Any]
    state: dict[str, Any]
    events: list[dict[str, Any]]
    requests: list[ChatRequest]

    def role_requests(self, role: str) -> list[ChatRequest]:
        return [request for request in self.requests if request.role == role]

    def section_id(self, title: str) -> str:
        return next(s["section_id"] for s in self.state["outline"] if s["title"] == title)

    def writes_per_section(self) -> Counter[str]:
        return Counter(request.field("Section title") for request in self.role_requests("writer"))

    def verdicts(self, title: str) -> list[dict[str, Any]]:
        return [
            event
            for event in self.events
            if event["event"] == "section_verdict" and event["section"] == title
        ]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library of the corpus records that mention optimizers, plus 300 records on other topics."""
    if not CORPUS_FILE.is_file():
        pytest.skip(f"shared corpus {CORPUS_FILE} is absent")
    directory = tmp_path_factory.mktemp("llm-library")
    with gzip.open(CORPUS_FILE, "rt", encoding="utf-8") as corpus:
        lines = list(corpus)
    on_topic = [line for line in lines if "optimizer" in line.lower()]
    others = itertools.islice(
        (line for line in lines if "optimizer" not in line.lower()), OTHER_RECORDS
    )
    records = directory / "records.jsonl"
    records.write_text("".join([*on_topic, *others]), encoding="utf-8")
    path = directory / "library.sqlite3"
    import_files([records], path, progress=False)
    return path


@pytest.fixture(scope="module")
def server() -> Iterator[FakeOpenAI]:
    """The fake server, with the OpenAI client of this process pointed at it."""
    with FakeOpenAI() as fake, pytest.MonkeyPatch.context() as patch:
        patch.setenv("OPENAI_API_KEY", "test")
        patch.setenv("OPENAI_BASE_URL", fake.url)
        models.chat_model.cache_clear()
        yield fake
        models.chat_model.cache_clear()


@pytest.fixture
def fake(server: FakeOpenAI) -> FakeOpenAI:
    server.reset()
    return server


def run_review(fake: FakeOpenAI, library: Path, query: str, **settings: Any) -> Run:
    """Stream one run to its end and return its output, final state, events and requests."""
    graph = build_graph(checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "llm-test"}}
    context = ReviewContext(**{**RUN_SETTINGS, "library_path": str(library), **settings})
    events: list[dict[str, Any]] = []
    output: dict[str, Any] = {}
    first_request = len(fake.requests)
    for mode, chunk in graph.stream(
        {"query": query}, config, context=context, stream_mode=["custom", "values"]
    ):
        if mode == "custom":
            events.append(chunk)
        else:
            output = chunk
    state = graph.get_state(config).values
    return Run(output, state, events, fake.requests[first_request:])


@pytest.fixture(scope="module")
def seed_runs(server: FakeOpenAI, library: Path) -> dict[str, Run]:
    """The seed request run once with each structured-output method, default replies only."""
    runs = {}
    for method in METHODS:
        server.reset()
        runs[method] = run_review(server, library, SEED_REQUEST, structured_output_method=method)
    return runs


@pytest.mark.parametrize("method", METHODS)
def test_seed_mode_llm(seed_runs: dict[str, Run], method: str) -> None:
    assert seed_runs[method].output["mode"] == "llm"


def test_seed_plan_count(seed_runs: dict[str, Run]) -> None:
    assert seed_runs["json_schema"].state["plan"]["paper_count"] == 10


def test_seed_plan_recency_window(seed_runs: dict[str, Run]) -> None:
    plan = seed_runs["json_schema"].state["plan"]
    assert plan["since"] == "2024-07-01"
    assert plan["until"] == REFERENCE_DATE


def test_seed_papers_in_window(seed_runs: dict[str, Run]) -> None:
    for paper in seed_runs["json_schema"].output["papers"]:
        assert "2024-07-01" <= paper["published"] <= REFERENCE_DATE, paper["arxiv_id"]


@pytest.mark.parametrize("method", METHODS)
def test_seed_cites_exactly_ten(seed_runs: dict[str, Run], method: str) -> None:
    output = seed_runs[method].output
    cited = [reference["arxiv_id"] for reference in output["references"]]
    assert len(cited) == 10
    assert len(set(cited)) == 10
    assert set(cited) == {paper["arxiv_id"] for paper in output["papers"]}
    assert [reference["number"] for reference in output["references"]] == list(range(1, 11))


def test_review_uses_numbers(seed_runs: dict[str, Run]) -> None:
    review = seed_runs["json_schema"].output["review"]
    assert "[@" not in review
    for number in range(1, 11):
        assert f"[{number}]" in review or f", {number}]" in review, number


def test_references_match_library(seed_runs: dict[str, Run], library: Path) -> None:
    references = seed_runs["json_schema"].output["references"]
    source = Library.open_existing(library)
    try:
        stored = {
            paper["arxiv_id"]: paper for paper in source.lookup([r["arxiv_id"] for r in references])
        }
    finally:
        source.close()
    for reference in references:
        paper = stored[reference["arxiv_id"]]
        assert reference["title"] == paper["title"]
        assert reference["authors"] == paper["authors"]
        assert reference["published"] == paper["published"]
        assert reference["url"] == paper["abs_url"]


def test_bibtex_parses(seed_runs: dict[str, Run]) -> None:
    output = seed_runs["json_schema"].output
    parsed = bibtexparser.parse_string(output["bibtex"])
    assert parsed.failed_blocks == []
    assert len(parsed.entries) == 10
    for entry in parsed.entries:
        assert entry.entry_type == "misc"
        assert entry["archivePrefix"] == "arXiv"
        assert entry["primaryClass"]
    eprints = {entry["eprint"] for entry in parsed.entries}
    assert eprints == {reference["arxiv_id"] for reference in output["references"]}


@pytest.mark.parametrize("method", METHODS)
def test_structured_requests_use_method(seed_runs: dict[str, Run], method: str) -> None:
    run = seed_runs[method]
    for role in STRUCTURED_ROLES:
        kinds = {request.output_kind for request in run.role_requests(role)}
        assert kinds == {STRUCTURED_KIND[method]}, role
    assert {request.output_kind for request in run.role_requests("writer")} == {"text"}


@pytest.mark.parametrize("method", METHODS)
def test_usage_recorded_per_node(seed_runs: dict[str, Run], method: str) -> None:
    nodes = seed_runs[method].output["stats"]["nodes"]
    for node in ("planner", "searcher", "reader", "writer", "critic", "assemble"):
        assert nodes[node]["model_calls"] > 0, node
        assert nodes[node]["prompt_tokens"] > 0, node
        assert nodes[node]["completion_tokens"] > 0, node
    assert nodes["reader"]["model_calls"] == 10
    assert nodes["outline"]["model_calls"] == 0


def test_usage_matches_server(seed_runs: dict[str, Run]) -> None:
    run = seed_runs["json_schema"]
    nodes = run.output["stats"]["nodes"]
    assert sum(stats["model_calls"] for stats in nodes.values()) == len(run.requests)


def test_reader_prompt_has_abstract(seed_runs: dict[str, Run]) -> None:
    run = seed_runs["json_schema"]
    prompts = {request.field("Title"): request.user for request in run.role_requests("reader")}
    for paper in run.output["papers"]:
        assert paper["abstract"][:200] in " ".join(prompts[paper["title"]].split())


def test_writer_prompt_has_notes(seed_runs: dict[str, Run]) -> None:
    run = seed_runs["json_schema"]
    notes = run.state["notes"]
    writes = {
        request.field("Section title"): request.user for request in run.role_requests("writer")
    }
    for section in run.state["outline"]:
        prompt = writes[section["title"]]
        for paper_id in section["paper_ids"]:
            assert f"[@{paper_id}]" in prompt, paper_id
            assert notes[paper_id]["problem"] in prompt, paper_id
            assert notes[paper_id]["method"] in prompt, paper_id
            for finding in notes[paper_id]["findings"]:
                assert finding in prompt, paper_id


def test_writer_prompt_only_own_papers(seed_runs: dict[str, Run]) -> None:
    run = seed_runs["json_schema"]
    writes = {request.field("Section title"): request for request in run.role_requests("writer")}
    for section in run.state["outline"]:
        assert writes[section["title"]].cited_keys() == section["paper_ids"]


def test_critic_prompt_has_notes(seed_runs: dict[str, Run]) -> None:
    run = seed_runs["json_schema"]
    notes = run.state["notes"]
    reviews = {
        request.field("Section title"): request.user for request in run.role_requests("critic")
    }
    for section in run.state["outline"]:
        for paper_id in section["paper_ids"]:
            assert notes[paper_id]["problem"] in reviews[section["title"]], paper_id


def test_screener_sees_candidates(seed_runs: dict[str, Run]) -> None:
    run = seed_runs["json_schema"]
    screened = {key for r in run.role_requests("screener") for key in _candidate_ids(r)}
    assert {paper["arxiv_id"] for paper in run.output["papers"]} <= screened


def test_seed_accepts_first_drafts(seed_runs: dict[str, Run]) -> None:
    stats = seed_runs["json_schema"].output["stats"]
    assert set(stats["revisions"].values()) == {0}
    assert stats["open_problems"] == {}


def test_progress_events(seed_runs: dict[str, Run]) -> None:
    run = seed_runs["json_schema"]
    started = [event["node"] for event in run.events if event["event"] == "node_started"]
    assert started[:2] == ["planner", "searcher"]
    found = [event for event in run.events if event["event"] == "papers_found"]
    assert len(found) == 1
    assert found[0]["papers"] == [paper["arxiv_id"] for paper in run.output["papers"]]
    for section in run.state["outline"]:
        assert [event["decision"] for event in run.verdicts(section["title"])] == ["accept"]


def test_revise_rewrites_one_section(fake: FakeOpenAI, library: Path) -> None:
    revised: list[str] = []

    def critic(request: ChatRequest) -> dict[str, Any]:
        if request.field("Section title") == EVALUATION_SECTION and not revised:
            revised.append(request.field("Section title"))
            return revise_verdict("the comparison with Adam is missing", "Compare each with Adam.")
        return accept_verdict()

    fake.set_default("critic", critic)
    run = run_review(fake, library, SMALL_REQUEST)

    writes = run.writes_per_section()
    assert writes.pop(EVALUATION_SECTION) == 2
    assert set(writes.values()) == {1}
    assert run.output["stats"]["revisions"][run.section_id(EVALUATION_SECTION)] == 1
    assert sum(run.output["stats"]["revisions"].values()) == 1
    decisions = [event["decision"] for event in run.verdicts(EVALUATION_SECTION)]
    assert decisions == ["revise", "accept"]


def test_revision_prompt_has_instructions(fake: FakeOpenAI, library: Path) -> None:
    fake.script(
        "critic", revise_verdict("the comparison with Adam is missing", "Compare with Adam.")
    )
    run = run_review(fake, library, SMALL_REQUEST)

    first_title = run.state["outline"][0]["title"]
    rewrites = [r for r in run.role_requests("writer") if "Your previous draft:" in r.user]
    assert len(rewrites) == 1
    assert rewrites[0].field("Section title") == first_title
    assert "Reviewer instructions: Compare with Adam." in rewrites[0].user
    assert "- reviewer: the comparison with Adam is missing" in rewrites[0].user


def test_revision_cap(fake: FakeOpenAI, library: Path) -> None:
    fake.set_default("critic", revise_verdict("never good enough", "Rewrite everything."))
    run = run_review(fake, library, SMALL_REQUEST, max_revisions=2)

    stats = run.output["stats"]
    section_ids = [section["section_id"] for section in run.state["outline"]]
    assert set(run.writes_per_section().values()) == {3}
    assert stats["revisions"] == {section_id: 2 for section_id in section_ids}
    assert sorted(stats["open_problems"]) == sorted(section_ids)
    for problems in stats["open_problems"].values():
        assert "reviewer: never good enough" in problems
    for section in run.state["outline"]:
        decisions = [event["decision"] for event in run.verdicts(section["title"])]
        assert decisions == ["revise", "revise", "accept"]


def test_revision_cap_zero(fake: FakeOpenAI, library: Path) -> None:
    fake.set_default("critic", revise_verdict("never good enough", "Rewrite everything."))
    run = run_review(fake, library, SMALL_REQUEST, max_revisions=0)
    assert set(run.writes_per_section().values()) == {1}
    assert len(run.output["stats"]["open_problems"]) == len(run.state["outline"])


def test_small_request_cites_four(fake: FakeOpenAI, library: Path) -> None:
    run = run_review(fake, library, SMALL_REQUEST)
    cited = [reference["arxiv_id"] for reference in run.output["references"]]
    assert len(cited) == 4
    assert len(set(cited)) == 4


def test_invalid_json_retried_in_run(fake: FakeOpenAI, library: Path) -> None:
    fake.return_invalid_json("reader", 2)
    run = run_review(fake, library, SMALL_REQUEST, model_max_retries=2)
    assert len(run.role_requests("reader")) == 4 + 2
    assert len(run.output["references"]) == 4


def test_invalid_json_fails_run(fake: FakeOpenAI, library: Path) -> None:
    fake.return_invalid_json("planner", 3)
    with pytest.raises(ModelError) as raised:
        run_review(fake, library, SMALL_REQUEST, model_max_retries=2)
    message = str(raised.value)
    assert MODEL in message
    assert "PlanProposal" in message
    assert "after 3 attempts" in message
    assert len(fake.requests_for("planner")) == 3


@pytest.mark.parametrize("method", ["function_calling", "json_mode"])
def test_invalid_json_fails_other_methods(fake: FakeOpenAI, library: Path, method: str) -> None:
    fake.return_invalid_json("planner", 2)
    with pytest.raises(ModelError) as raised:
        run_review(
            fake, library, SMALL_REQUEST, model_max_retries=1, structured_output_method=method
        )
    assert MODEL in str(raised.value)
    assert "PlanProposal" in str(raised.value)


def test_unknown_key_removed(fake: FakeOpenAI, library: Path) -> None:
    def writer(request: ChatRequest) -> str:
        text = str(default_reply(request))
        if (
            request.field("Section title") == EVALUATION_SECTION
            and "Your previous" not in request.user
        ):
            return text.replace("].", "; @9999.99999].", 1)
        return text

    fake.set_default("writer", writer)
    run = run_review(fake, library, SMALL_REQUEST)

    first_review = run.verdicts(EVALUATION_SECTION)[0]
    assert "unknown citation key removed: 9999.99999" in first_review["problems"]
    assert first_review["decision"] == "revise"
    critic_prompt = next(
        r.user
        for r in run.role_requests("critic")
        if r.field("Section title") == EVALUATION_SECTION
    )
    assert "unknown citation key removed: 9999.99999" in critic_prompt
    assert "9999.99999" not in run.output["review"]
    assert "9999.99999" not in run.output["bibtex"]


def test_screener_exclusion_respected(fake: FakeOpenAI, library: Path) -> None:
    excluded: list[str] = []

    def screener(request: ChatRequest) -> dict[str, Any]:
        ids = _candidate_ids(request)
        excluded.append(ids[0])
        return {
            "decisions": [
                {"arxiv_id": arxiv_id, "include": arxiv_id != ids[0], "reason": "off topic"}
                for arxiv_id in ids
            ]
        }

    fake.set_default("screener", screener)
    run = run_review(fake, library, SMALL_REQUEST)

    selected = {paper["arxiv_id"] for paper in run.output["papers"]}
    assert excluded
    assert selected.isdisjoint(excluded)
    assert run.output["stats"]["screening"]["exclusion_reasons"]["excluded by screening"] >= 1


def _candidate_ids(request: ChatRequest) -> list[str]:
    return [line[1 : line.index("]")] for line in request.user.splitlines() if line.startswith("[")]


def test_thread_rerun_forgets_dates(fake: FakeOpenAI, library: Path) -> None:
    graph = build_graph(checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "rerun"}}
    context = ReviewContext(
        model=MODEL, library_path=str(library), source="library", reference_date=REFERENCE_DATE
    )
    graph.invoke({"query": SMALL_REQUEST, "since": "2026-03-01"}, config, context=context)
    graph.invoke({"query": "Review 3 papers on deep learning optimizers"}, config, context=context)
    assert graph.get_state(config).values["plan"]["since"] is None


def test_large_revision_cap_bounded(fake: FakeOpenAI, library: Path) -> None:
    fake.set_default("critic", revise_verdict("never good enough", "Rewrite everything."))
    try:
        ReviewContext(model=MODEL, max_revisions=30)
    except InvalidRequestError:
        return
    run = run_review(fake, library, SMALL_REQUEST, max_revisions=30)
    assert set(run.output["stats"]["revisions"].values()) == {30}
