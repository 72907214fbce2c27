"""LangGraph Studio's local server (`langgraph dev`) serving the review graph offline.

The module starts one `langgraph dev` from the repository root, as a developer does, and drives
it with `langgraph-sdk` through the REST API that Studio calls. The graph runs offline over a
small local library, and the server listens on 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

import httpx
import pytest
from langgraph_sdk import get_client

from graph.context import ReviewContext

REPO_ROOT = Path(__file__).resolve().parents[1]
STARTUP_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 10.0
QUERY = "Review 4 recent papers on deep learning optimizers"

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _langgraph_executable() -> str:
    beside_python = Path(sys.executable).with_name("langgraph")
    if beside_python.is_file():
        return str(beside_python)
    found = shutil.which("langgraph")
    if found is None:
        pytest.skip('langgraph-cli is not installed; run pip install -e ".[dev]"')
    return found


def _server_environment(library: Path) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("OPENAI_", "LITREVIEW_", "LANGSMITH_", "LANGCHAIN_"))
    }
    environment.update(
        LANGGRAPH_CLI_NO_ANALYTICS="1",
        LANGSMITH_TRACING="false",
        LANGGRAPH_NO_VERSION_CHECK="true",
        LITREVIEW_MODEL="offline",
        LITREVIEW_SOURCE="library",
        LITREVIEW_LIBRARY=str(library),
        LITREVIEW_REFERENCE_DATE="2026-07-01",
        # The arXiv cache and checkpoints stay in the test's folder, should anything open them.
        LITREVIEW_CACHE=str(library.parent / "arxiv-cache.sqlite3"),
        LITREVIEW_CHECKPOINTS=str(library.parent / "checkpoints.sqlite3"),
    )
    return environment


def _wait_until_ready(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"langgraph dev exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/ok", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    pytest.fail(
        f"langgraph dev was not ready after {STARTUP_TIMEOUT_SECONDS} s:\n{log.read_text()}"
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server's process group: first SIGTERM, then SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT_SECONDS)


@pytest.fixture(scope="module")
def server_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("langgraph-dev") / "server.log"


@pytest.fixture(scope="module")
def server_url(small_library: Path, server_log: Path) -> Iterator[str]:
    if (REPO_ROOT / ".env").exists():
        pytest.skip(".env in the repository root would replace the test's environment variables")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        _langgraph_executable(),
        "dev",
        "--no-browser",
        "--no-reload",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    with server_log.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=_server_environment(small_library),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_until_ready(process, url, server_log)
        yield url
    finally:
        _stop(process)


async def _assistant_id(url: str) -> str:
    client = get_client(url=url)
    assistants = await client.assistants.search(graph_id="litreview")
    assert len(assistants) == 1, f"expected one assistant for graph litreview, got {assistants}"
    return str(assistants[0]["assistant_id"])


async def _stream(
    url: str, thread_id: str, assistant_id: str, **run_arguments: Any
) -> list[tuple[str, Any]]:
    client = get_client(url=url)
    parts = []
    async for part in client.runs.stream(
        thread_id, assistant_id, stream_mode=["updates", "custom"], **run_arguments
    ):
        parts.append((part.event, part.data))
    return parts


def _errors(parts: list[tuple[str, Any]]) -> list[Any]:
    return [data for event, data in parts if event == "error"]


def test_langgraph_json_graph() -> None:
    config = json.loads((REPO_ROOT / "langgraph.json").read_text())
    assert config["graphs"] == {"litreview": "graph.builder:graph"}
    assert config["dependencies"] == ["."]
    assert config["env"] == ".env"
    assert config["python_version"] == "3.11"


def test_env_example_has_no_secret() -> None:
    for line in (REPO_ROOT / ".env.example").read_text().splitlines():
        if line.startswith(("OPENAI_API_KEY", "ANTHROPIC_API_KEY")):
            pytest.fail(f"a key is set in .env.example: {line}")


def test_studio_input_schema(server_url: str) -> None:
    async def schemas() -> dict[str, Any]:
        client = get_client(url=server_url)
        return dict(await client.assistants.get_schemas(await _assistant_id(server_url)))

    input_schema = asyncio.run(schemas())["input_schema"]
    assert set(input_schema["properties"]) == {"query", "papers", "since", "until", "source"}
    assert input_schema["required"] == ["query"]
    for name, schema in input_schema["properties"].items():
        assert schema.get("description"), f"input field {name} has no description"


def test_studio_context_schema(server_url: str) -> None:
    async def schemas() -> dict[str, Any]:
        client = get_client(url=server_url)
        return dict(await client.assistants.get_schemas(await _assistant_id(server_url)))

    context_schema = asyncio.run(schemas())["context_schema"]
    expected = {field.name for field in fields(ReviewContext)}
    assert set(context_schema["properties"]) == expected
    for name, schema in context_schema["properties"].items():
        assert schema.get("description"), f"context field {name} has no description"


def test_studio_graph_nodes(server_url: str) -> None:
    async def graph_nodes() -> set[str]:
        client = get_client(url=server_url)
        drawing = await client.assistants.get_graph(await _assistant_id(server_url))
        return {node["id"] for node in drawing["nodes"]}

    nodes = asyncio.run(graph_nodes())
    assert {"planner", "plan_review", "searcher", "reader", "outline", "writer"} <= nodes
    assert {"critic", "assemble"} <= nodes


def test_studio_review_run(server_url: str) -> None:
    async def run() -> tuple[list[tuple[str, Any]], dict[str, Any]]:
        client = get_client(url=server_url)
        assistant_id = await _assistant_id(server_url)
        thread = await client.threads.create()
        parts = await _stream(server_url, thread["thread_id"], assistant_id, input={"query": QUERY})
        state = await client.threads.get_state(thread["thread_id"])
        return parts, dict(state)

    parts, state = asyncio.run(run())
    assert _errors(parts) == []
    updated_nodes = {node for event, data in parts if event == "updates" for node in data}
    assert {"planner", "searcher", "reader", "writer", "critic", "assemble"} <= updated_nodes
    custom_events = {data["event"] for event, data in parts if event == "custom"}
    assert {"node_started", "papers_found", "section_verdict"} <= custom_events
    assert state["next"] == []
    values = state["values"]
    assert values["review"].startswith("# ")
    assert "## References" in values["review"]
    assert len(values["references"]) == 4
    assert [reference["number"] for reference in values["references"]] == [1, 2, 3, 4]
    assert values["mode"] == "offline"


def test_studio_plan_review(server_url: str) -> None:
    edited_plan = {
        "paper_count": 5,
        "since": "2025-01-01",
        "sections": [
            {"title": "Adaptive optimizers", "purpose": "Step sizes.", "queries": ["adaptive"]},
            {"title": "Second-order methods", "purpose": "Curvature.", "queries": ["hessian"]},
        ],
    }

    async def run() -> tuple[dict[str, Any], list[tuple[str, Any]], dict[str, Any]]:
        client = get_client(url=server_url)
        assistant_id = await _assistant_id(server_url)
        thread = await client.threads.create()
        first = await _stream(
            server_url,
            thread["thread_id"],
            assistant_id,
            input={"query": QUERY},
            context={"review_plan": True},
        )
        assert _errors(first) == []
        paused = dict(await client.threads.get_state(thread["thread_id"]))
        resumed = await _stream(
            server_url,
            thread["thread_id"],
            assistant_id,
            command={"resume": edited_plan},
            context={"review_plan": True},
        )
        final = dict(await client.threads.get_state(thread["thread_id"]))
        return paused, resumed, final

    paused, resumed, final = asyncio.run(run())
    assert paused["next"] == ["plan_review"]
    interrupt_value = paused["interrupts"][0]["value"]
    assert interrupt_value["plan"]["paper_count"] == 4
    assert _errors(resumed) == []
    assert final["next"] == []
    assert final["values"]["plan"]["paper_count"] == 5
    assert final["values"]["plan"]["sections"] == edited_plan["sections"]
    references = final["values"]["references"]
    assert len(references) == 5
    assert min(reference["published"] for reference in references) >= "2025-01-01"


def test_studio_no_blocking_error(server_url: str, server_log: Path) -> None:
    """Blocking calls inside the event loop would show as BlockingError in the server log."""

    async def run() -> None:
        client = get_client(url=server_url)
        thread = await client.threads.create()
        await _stream(
            server_url, thread["thread_id"], await _assistant_id(server_url), input={"query": QUERY}
        )

    asyncio.run(run())
    assert "BlockingError" not in server_log.read_text()
