"""Checkpoints in PostgreSQL: a run stored there survives a new saver, as after a restart.

The test starts its own PostgreSQL server on 127.0.0.1 in a temporary folder and stops it
afterwards. It skips where the server binaries, the `postgres` system user or the
`litreview[postgres]` extra are missing.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.builder import build_graph
from graph.context import ReviewContext
from server.api.checkpointing import open_saver
from server.api.settings import ApiSettings

pytest.importorskip("langgraph.checkpoint.postgres", reason="needs the litreview[postgres] extra")
pytest.importorskip("psycopg_pool", reason="needs the litreview[postgres] extra")

POSTGRES_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_postgres(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["su", "postgres", "-c", " ".join(command)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    if not POSTGRES_BIN or os.geteuid() != 0 or shutil.which("su") is None:
        pytest.skip("needs PostgreSQL server binaries and root to run them as user postgres")
    try:
        subprocess.run(["id", "postgres"], capture_output=True, check=True)
    except subprocess.CalledProcessError:
        pytest.skip("needs the postgres system user")
    binaries = Path(POSTGRES_BIN[-1])
    # pytest's temporary folders are private to root, so the server gets its own under /tmp.
    folder = Path(tempfile.mkdtemp(prefix="litreview-postgres-"))
    shutil.chown(folder, "postgres")
    data, port = folder / "data", _free_port()
    _as_postgres(str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres")
    options = f"'-h 127.0.0.1 -p {port} -k {folder}'"
    _as_postgres(
        str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"),
        "-w", "start",
    )  # fmt: skip
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        _as_postgres(str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.corpus
def test_run_survives_new_saver(postgres_url, corpus_library, tmp_path):
    settings = ApiSettings(checkpoint_path=tmp_path / "unused.sqlite3", database_url=postgres_url)
    context = ReviewContext(
        model="offline", library_path=str(corpus_library), reference_date="2026-07-01"
    )
    config = {"configurable": {"thread_id": "postgres-run"}}
    with open_saver(settings) as saver:
        result = build_graph(saver).invoke(
            {"query": "Review 3 papers on federated learning"}, config, context=context
        )
    with open_saver(settings) as saver:
        stored = build_graph(saver).get_state(config).values
    assert len(result["references"]) == 3
    assert stored["review"] == result["review"]
    assert stored["references"] == result["references"]
