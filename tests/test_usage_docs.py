"""The Python usage documented in docs/usage.md runs as written, offline over a small library."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest

from graph.builder import graph
from graph.context import ReviewContext

USAGE = Path(__file__).resolve().parents[1] / "docs" / "usage.md"
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.DOTALL | re.MULTILINE)
HEARTBEAT_INTERVAL_SECONDS = 0.001


def python_blocks(markdown: str) -> list[str]:
    """Return the fenced ```python blocks of a Markdown text, in order."""
    return [match.group(1) for match in PYTHON_BLOCK.finditer(markdown)]


@pytest.fixture
def usage_environment(small_library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the run settings at the test library and run in a scratch folder."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "LITREVIEW_SOURCE", "LITREVIEW_PAPERS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LITREVIEW_MODEL", "offline")
    monkeypatch.setenv("LITREVIEW_LIBRARY", str(small_library))
    monkeypatch.setenv("LITREVIEW_REFERENCE_DATE", "2026-07-01")
    monkeypatch.setenv("LITREVIEW_CHECKPOINTS", str(tmp_path / "checkpoints.sqlite3"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_usage_python_blocks_found() -> None:
    assert len(python_blocks(USAGE.read_text())) >= 10


def test_usage_python_blocks_run(usage_environment: Path) -> None:
    namespace: dict[str, Any] = {"__name__": "usage_docs"}
    for index, block in enumerate(python_blocks(USAGE.read_text()), start=1):
        code = compile(block, f"{USAGE.name} python block {index}", "exec")
        exec(code, namespace)  # noqa: S102
    assert (usage_environment / "checkpoints.sqlite3").is_file()


def test_ainvoke_keeps_event_loop_free(usage_environment: Path) -> None:
    """A heartbeat task ticks during ainvoke, and no call from our modules blocks the loop."""
    blockbuster = pytest.importorskip("blockbuster")

    async def run() -> tuple[dict[str, Any], int]:
        ticks = 0
        running = True

        async def heartbeat() -> None:
            nonlocal ticks
            while running:
                ticks += 1
                await asyncio.sleep(HEARTBEAT_INTERVAL_SECONDS)

        beat = asyncio.create_task(heartbeat())
        await asyncio.sleep(0)
        ticks_before = ticks
        result = await graph.ainvoke(
            {"query": "Review 3 recent papers on deep learning optimizers"},
            context=ReviewContext(model="offline"),
        )
        running = False
        await beat
        return result, ticks - ticks_before

    with blockbuster.blockbuster_ctx(["graph", "agents"]):
        result, ticks = asyncio.run(run())
    assert len(result["references"]) == 3
    assert ticks > 1
