"""The REST API, served by `litreview serve` in a subprocess, in offline mode.

Each server listens on a free 127.0.0.1 port, is stopped by its process id, and keeps its
checkpoints and run registry in the test's temporary folder. Reviews run over the shared
corpus where the assertions need many topics, and over the small library elsewhere.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.api_server import ApiServer, read_events, server_environment
from tests.fake_arxiv import FIXTURES, FakeArxiv, Reply, load_recordings

pytestmark = pytest.mark.slow

REQUEST_TIMEOUT_SECONDS = 120.0
RESULT_KEYS = {"message", "thread_id", "references", "papers", "bibtex", "mode", "stats"}
# Topics of the shared corpus, each with a word that every selected paper must contain.
TOPICS = {
    "graph neural networks": "graph",
    "federated learning": "federated",
    "medical image segmentation": "segmentation",
    "text-to-speech synthesis": "speech",
    "reinforcement learning from human feedback": "reinforcement",
    "diffusion models for image generation": "diffusion",
    "autonomous driving": "driving",
    "large language model agents": "agent",
}


def _wait_for_status(
    url: str, expected_statuses: set[str], timeout_seconds: float = 60.0
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_seconds
    body: dict[str, Any] = {}
    while time.monotonic() < deadline:
        body = requests.get(url, timeout=10).json()
        if body.get("status") in expected_statuses:
            return body
        time.sleep(0.1)
    raise AssertionError(
        f"run did not reach {sorted(expected_statuses)} in {timeout_seconds} s: {body}"
    )


@pytest.fixture(scope="module")
def corpus_server(corpus_library: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    state = tmp_path_factory.mktemp("api-corpus")
    server = ApiServer(server_environment(corpus_library, state), state / "server.log").start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="module")
def keyed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server that requires an API key and whose library file does not exist."""
    state = tmp_path_factory.mktemp("api-keyed")
    environment = server_environment(
        state / "missing-library.sqlite3", state, LITREVIEW_API_KEY="test-key-123"
    )
    server = ApiServer(environment, state / "server.log").start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def fake_arxiv() -> Iterator[FakeArxiv]:
    with FakeArxiv(load_recordings()) as fake:
        yield fake


def test_agent_notebook_client(corpus_server: str) -> None:
    query = "Review 5 recent papers on federated learning"
    response = requests.get(f"{corpus_server}/agent", params={"query": query})
    result = json.loads(response.content)["message"]
    assert response.status_code == 200
    assert result.startswith("# ")
    assert "References" in result


def test_agent_payload_fields(corpus_server: str) -> None:
    query = "Review 4 papers on graph neural networks"
    payload = requests.get(f"{corpus_server}/agent", params={"query": query}, timeout=120).json()
    assert set(payload) == RESULT_KEYS
    assert payload["mode"] == "offline"
    assert len(payload["papers"]) == 4
    assert len(payload["references"]) == 4
    assert payload["bibtex"].count("@misc") == 4
    assert "planner" in payload["stats"]["nodes"]


def test_agent_post_body(corpus_server: str) -> None:
    body = {"query": "Review papers on text-to-speech synthesis", "papers": 3, "since": "2025"}
    response = requests.post(f"{corpus_server}/agent", json=body, timeout=REQUEST_TIMEOUT_SECONDS)
    assert response.status_code == 200
    papers = response.json()["papers"]
    assert len(papers) == 3
    for paper in papers:
        assert paper["published"] >= "2025-01-01", paper


def test_stream_progress_then_result(corpus_server: str) -> None:
    params = {"query": "Review 3 papers on medical image segmentation"}
    with requests.get(
        f"{corpus_server}/agent/stream", params=params, stream=True, timeout=120
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = list(read_events(response))
    names = [name for name, _ in events]
    assert names[0] == "started"
    assert names[-1] == "result"
    for expected in ("node_started", "papers_found", "paper_read", "section_verdict"):
        assert expected in names, names
    assert names.index("papers_found") < names.index("paper_read")
    result = events[-1][1]
    assert set(result) == RESULT_KEYS
    assert result["thread_id"] == events[0][1]["thread_id"]
    assert len(result["papers"]) == 3


def test_stream_post_body(corpus_server: str) -> None:
    body = {"query": "Review 2 papers on quantum error correction"}
    with requests.post(
        f"{corpus_server}/agent/stream", json=body, stream=True, timeout=120
    ) as response:
        events = list(read_events(response))
    assert events[-1][0] == "result"
    assert len(events[-1][1]["papers"]) == 2


INVALID_QUERIES = [
    ({}, "query"),
    ({"query": ""}, "query"),
    ({"query": "   "}, "query"),
    ({"query": "x" * 2001}, "query"),
    ({"query": "graph neural networks", "papers": "0"}, "papers"),
    ({"query": "graph neural networks", "papers": "51"}, "papers"),
    ({"query": "graph neural networks", "papers": "ten"}, "papers"),
    ({"query": "graph neural networks", "papers": "2.5"}, "papers"),
    ({"query": "graph neural networks", "since": "2024-13-01"}, "since"),
    ({"query": "graph neural networks", "until": "yesterday"}, "until"),
    ({"query": "graph neural networks", "source": "scholar"}, "source"),
]


@pytest.mark.parametrize(("params", "field"), INVALID_QUERIES)
def test_agent_invalid_query_string(corpus_server: str, params: dict[str, str], field: str) -> None:
    for path in ("/agent", "/agent/stream"):
        response = requests.get(f"{corpus_server}{path}", params=params, timeout=30)
        assert response.status_code == 422, (path, response.text)
        body = response.json()
        assert body["field"] == field, body
        assert field in body["detail"], body
        assert "Traceback" not in response.text


INVALID_BODIES = [
    ({"query": ""}, "query"),
    ({"query": 42}, "query"),
    ({"query": "graph neural networks", "papers": 0}, "papers"),
    ({"query": "graph neural networks", "papers": 2.5}, "papers"),
    ({"query": "graph neural networks", "papers": True}, "papers"),
    ({"query": "graph neural networks", "until": "2025-02-30"}, "until"),
    ({"query": "graph neural networks", "color": "blue"}, "color"),
]


@pytest.mark.parametrize(("body", "field"), INVALID_BODIES)
def test_agent_invalid_body(corpus_server: str, body: dict[str, Any], field: str) -> None:
    for path in ("/agent", "/agent/stream", "/runs"):
        response = requests.post(f"{corpus_server}{path}", json=body, timeout=30)
        assert response.status_code == 422, (path, response.text)
        assert response.json()["field"] == field, response.text


def test_agent_malformed_json(corpus_server: str) -> None:
    response = requests.post(
        f"{corpus_server}/agent",
        data="{not json",
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert response.status_code == 422
    assert response.json()["field"] == "body"
    assert "not valid JSON" in response.json()["detail"]


def test_runs_unknown_id(corpus_server: str) -> None:
    status = requests.get(f"{corpus_server}/runs/no-such-run", timeout=30)
    resume = requests.post(f"{corpus_server}/runs/no-such-run/resume", timeout=30)
    assert status.status_code == 404
    assert status.json()["error"] == "not_found"
    assert resume.status_code == 404


def test_agent_concurrent_requests(corpus_server: str) -> None:
    def review(topic: str) -> requests.Response:
        params = {"query": f"Review 3 papers on {topic}"}
        return requests.get(
            f"{corpus_server}/agent", params=params, timeout=REQUEST_TIMEOUT_SECONDS
        )

    with ThreadPoolExecutor(max_workers=len(TOPICS)) as pool:
        responses = dict(zip(TOPICS, pool.map(review, TOPICS), strict=True))
    for topic, response in responses.items():
        assert response.status_code == 200, (topic, response.text)
    payloads = {topic: response.json() for topic, response in responses.items()}
    thread_ids = {payload["thread_id"] for payload in payloads.values()}
    assert len(thread_ids) == len(TOPICS)
    for topic, payload in payloads.items():
        word = TOPICS[topic]
        assert len(payload["papers"]) == 3, topic
        for paper in payload["papers"]:
            text = f"{paper['title']} {paper['abstract']}".lower()
            assert word in text, (topic, paper["title"])


def test_run_plan_review(corpus_server: str) -> None:
    body = {"query": "Review 4 papers on graph neural networks", "review_plan": True}
    started = requests.post(f"{corpus_server}/runs", json=body, timeout=30)
    assert started.status_code == 202
    status_url = started.json()["status_url"]
    paused = _wait_for_status(status_url, {"paused", "failed"})
    assert paused["status"] == "paused", paused
    assert paused["interrupt"]["plan"]["paper_count"] == 4
    run_url = f"{corpus_server}/runs/{started.json()['run_id']}"

    invalid = requests.post(f"{run_url}/resume", json={"plan": {"paper_count": 0}}, timeout=30)
    assert invalid.status_code == 422
    assert invalid.json()["field"] == "paper_count"

    resumed = requests.post(f"{run_url}/resume", json={"plan": {"paper_count": 2}}, timeout=30)
    assert resumed.status_code == 202
    done = _wait_for_status(status_url, {"done", "failed"})
    assert done["status"] == "done", done
    assert len(done["result"]["papers"]) == 2
    again = requests.post(f"{run_url}/resume", timeout=30)
    assert again.status_code == 409


def test_healthz_without_key(keyed_server: str) -> None:
    assert requests.get(f"{keyed_server}/healthz", timeout=10).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"X-API-Key": "wrong"},
        {"Authorization": "test-key-123"},
    ],
)
def test_api_key_rejected(keyed_server: str, headers: dict[str, str]) -> None:
    for method, path in (("GET", "/agent?query=x"), ("POST", "/runs"), ("GET", "/runs/any")):
        response = requests.request(method, f"{keyed_server}{path}", headers=headers, timeout=10)
        assert response.status_code == 401, (method, path, response.text)
        assert "test-key-123" not in response.text


@pytest.mark.parametrize(
    "headers", [{"Authorization": "Bearer test-key-123"}, {"X-API-Key": "test-key-123"}]
)
def test_api_key_accepted(keyed_server: str, headers: dict[str, str]) -> None:
    response = requests.get(f"{keyed_server}/runs/any", headers=headers, timeout=10)
    assert response.status_code == 404


def test_missing_library_503(keyed_server: str) -> None:
    headers = {"X-API-Key": "test-key-123"}
    params = {"query": "Review 3 papers on graph neural networks"}
    response = requests.get(f"{keyed_server}/agent", params=params, headers=headers, timeout=60)
    assert response.status_code == 503, response.text
    body = response.json()
    assert body["error"] == "library_unavailable"
    assert "import" in body["detail"]
    assert "Traceback" not in response.text


def _feed_reply() -> Reply:
    """A real arXiv search response (100 papers on testing), given to every request."""
    recorded = json.loads((FIXTURES / "q_testing_s0_m100_cfe7536492ca.json").read_text())
    return Reply(
        body=recorded["body"], headers={"Content-Type": "application/atom+xml; charset=utf-8"}
    )


def _arxiv_server(small_library: Path, state: Path, fake: FakeArxiv) -> ApiServer:
    environment = server_environment(
        small_library,
        state,
        LITREVIEW_ARXIV_URL=fake.url,
        LITREVIEW_CANDIDATE_POOL="100",
    )
    return ApiServer(environment, state / "server.log")


def test_run_survives_server_kill(
    small_library: Path, tmp_path: Path, fake_arxiv: FakeArxiv
) -> None:
    fake_arxiv.answer_every_request(Reply(hang=True))
    server = _arxiv_server(small_library, tmp_path, fake_arxiv).start()
    try:
        body = {"query": "Review 3 papers on software testing", "source": "arxiv"}
        started = requests.post(f"{server.url}/runs", json=body, timeout=30).json()
        run_path = f"/runs/{started['run_id']}"
        _wait_for_status(f"{server.url}{run_path}", {"running"})
        deadline = time.monotonic() + 30
        while not fake_arxiv.requests and time.monotonic() < deadline:
            time.sleep(0.05)
        assert fake_arxiv.requests, "the searcher never called arXiv"
        running = requests.get(f"{server.url}{run_path}", timeout=30).json()
        server.kill()
    finally:
        server.stop()
    assert running["status"] == "running"
    assert running["progress"]["attempts"]["1"]["nodes"].get("planner") == 2

    fake_arxiv.answer_every_request(_feed_reply())
    restarted = _arxiv_server(small_library, tmp_path, fake_arxiv).start()
    try:
        interrupted = requests.get(f"{restarted.url}{run_path}", timeout=30).json()
        assert interrupted["status"] == "interrupted"
        resumed = requests.post(f"{restarted.url}{run_path}/resume", timeout=30)
        assert resumed.status_code == 202
        done = _wait_for_status(f"{restarted.url}{run_path}", {"done", "failed"})
    finally:
        restarted.stop()
    assert done["status"] == "done", done
    assert done["attempt"] == 2
    assert "planner" not in done["progress"]["attempts"]["2"]["nodes"]
    assert "searcher" in done["progress"]["attempts"]["2"]["nodes"]
    assert len(done["result"]["papers"]) == 3

    third = _arxiv_server(small_library, tmp_path, fake_arxiv).start()
    try:
        after_restart = requests.get(f"{third.url}{run_path}", timeout=30).json()
    finally:
        third.stop()
    assert after_restart["status"] == "done"
    assert after_restart["result"] == done["result"]


def test_arxiv_failure_502(small_library: Path, tmp_path: Path, fake_arxiv: FakeArxiv) -> None:
    fake_arxiv.answer_every_request(Reply(status=400, body="bad request"))
    server = _arxiv_server(small_library, tmp_path, fake_arxiv).start()
    try:
        params = {"query": "Review 3 papers on software testing", "source": "arxiv"}
        plain = requests.get(f"{server.url}/agent", params=params, timeout=60)
        with requests.get(
            f"{server.url}/agent/stream", params=params, stream=True, timeout=60
        ) as response:
            events = list(read_events(response))
        run = requests.post(f"{server.url}/runs", json=params, timeout=30).json()
        failed = _wait_for_status(run["status_url"], {"failed", "done"})
    finally:
        server.stop()
    assert plain.status_code == 502, plain.text
    assert plain.json()["error"] == "source_failed"
    assert plain.json()["thread_id"]
    assert events[-1][0] == "error"
    assert events[-1][1]["status_code"] == 502
    assert failed["status"] == "failed"
    assert failed["error"]["status_code"] == 502
