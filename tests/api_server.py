"""Start `litreview serve` in a subprocess on a free 127.0.0.1 port, for the REST API tests."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import requests

REPO_ROOT = Path(__file__).resolve().parents[1]
STARTUP_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 15.0


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_environment(library: Path, state_dir: Path, **extra: str) -> dict[str, str]:
    """Return an offline environment: no model keys, the given library, state in `state_dir`."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("OPENAI_", "LITREVIEW_", "DATABASE_URL"))
    }
    environment.update(
        LITREVIEW_MODEL="offline",
        LITREVIEW_SOURCE="library",
        LITREVIEW_LIBRARY=str(library),
        LITREVIEW_CHECKPOINTS=str(state_dir / "checkpoints.sqlite3"),
        LITREVIEW_CACHE=str(state_dir / "arxiv-cache.sqlite3"),
        LITREVIEW_REFERENCE_DATE="2026-07-01",
    )
    environment.update(extra)
    return environment


class ApiServer:
    """One `python -m server.cli serve` process; stopped by its own process group id."""

    def __init__(self, environment: dict[str, str], log_path: Path) -> None:
        self.environment = environment
        self.log_path = log_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> ApiServer:
        """Start the server and wait until `/healthz` returns 200."""
        command = [sys.executable, "-m", "server.cli", "serve", "--host", "127.0.0.1"]
        command += ["--port", str(self.port)]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command,
                cwd=REPO_ROOT,
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}:\n{self.log()}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=1.0).status_code == 200:
                    return self
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server not ready after {STARTUP_TIMEOUT_SECONDS} s:\n{self.log()}")

    def stop(self) -> None:
        """Stop the server gracefully (SIGTERM), then with SIGKILL if it lingers."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        """Kill the server at once, as a crash or power loss would."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=STOP_TIMEOUT_SECONDS)

    def log(self) -> str:
        """Return what the server wrote so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def read_events(response: requests.Response) -> Iterator[tuple[str, Any]]:
    """Parse a Server-Sent Events response into (event name, decoded JSON data) pairs."""
    name, data_lines = "message", []
    for raw in response.iter_lines(decode_unicode=True):
        line = raw.rstrip("\r")
        if line == "":
            if data_lines:
                yield name, json.loads("\n".join(data_lines))
            name, data_lines = "message", []
        elif line.startswith(":"):
            continue
        elif line.startswith("event:"):
            name = line[len("event:") :].strip()
        elif line.startswith("data:"):
            data_lines.append(line[len("data:") :].removeprefix(" "))
    if data_lines:
        yield name, json.loads("\n".join(data_lines))
