"""The registry of background runs, kept in SQLite next to the checkpoints.

A run's id is also its checkpoint thread id. The registry outlives the server process: after a
restart it still returns finished results, and runs that were queued or running when the
previous process stopped are marked `interrupted`, ready to resume from their checkpoints.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

logger = logging.getLogger(__name__)

RunStatus = Literal["queued", "running", "paused", "done", "failed", "interrupted"]
UNFINISHED: tuple[RunStatus, ...] = ("queued", "running")
RESUMABLE: tuple[RunStatus, ...] = ("interrupted", "paused", "failed")
RECENT_EVENTS = 20
"""Progress events each run keeps; older ones survive only in the per-event counts."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    request TEXT NOT NULL,
    context TEXT NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    attempt INTEGER NOT NULL DEFAULT 1,
    progress TEXT NOT NULL,
    interrupt TEXT,
    result TEXT,
    error TEXT
)
"""
_JSON_COLUMNS = ("request", "context", "progress", "interrupt", "result", "error")


@dataclass
class RunRecord:
    """One background run as the registry stores it."""

    run_id: str
    status: RunStatus
    request: dict[str, Any]
    """The graph input the run started with."""
    context: dict[str, Any]
    """The run settings, so a resumed run uses the same ones."""
    created_at: float
    updated_at: float
    attempt: int = 1
    """1 for the first start, plus one for each resume."""
    progress: dict[str, Any] = field(default_factory=lambda: empty_progress())
    interrupt: Any = None
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None


class RunRegistry:
    """Stores run records; safe to use from several threads."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._connection = sqlite3.connect(str(path), check_same_thread=False)
        self._connection.row_factory = sqlite3.Row
        self._lock = threading.Lock()
        with self._transaction() as connection:
            connection.execute(_SCHEMA)

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._connection.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._connection:
            yield self._connection

    def create(self, run_id: str, request: dict[str, Any], context: dict[str, Any]) -> RunRecord:
        """Store a new queued run."""
        now = time.time()
        record = RunRecord(run_id, "queued", request, context, created_at=now, updated_at=now)
        row = {name: getattr(record, name) for name in record.__dataclass_fields__}
        values = {k: json.dumps(v) if k in _JSON_COLUMNS else v for k, v in row.items()}
        columns = ", ".join(values)
        placeholders = ", ".join(f":{name}" for name in values)
        with self._transaction() as connection:
            connection.execute(f"INSERT INTO runs ({columns}) VALUES ({placeholders})", values)
        return record

    def get(self, run_id: str) -> RunRecord | None:
        """Return the run with this id, or None."""
        with self._lock:
            row = self._connection.execute(
                "SELECT * FROM runs WHERE run_id = ?", (run_id,)
            ).fetchone()
        if row is None:
            return None
        values = {key: row[key] for key in row.keys()}  # noqa: SIM118 (sqlite3.Row iterates values)
        for name in _JSON_COLUMNS:
            values[name] = json.loads(values[name]) if values[name] is not None else None
        return RunRecord(**values)

    def update(self, run_id: str, **changes: Any) -> None:
        """Set the given columns of one run and its `updated_at`."""
        values = {k: json.dumps(v) if k in _JSON_COLUMNS else v for k, v in changes.items()}
        values["updated_at"] = time.time()
        assignments = ", ".join(f"{name} = :{name}" for name in values)
        with self._transaction() as connection:
            connection.execute(
                f"UPDATE runs SET {assignments} WHERE run_id = :run_id",
                {**values, "run_id": run_id},
            )

    def mark_unfinished_interrupted(self) -> list[str]:
        """Mark runs left queued or running by an earlier process as interrupted."""
        with self._transaction() as connection:
            rows = connection.execute(
                "SELECT run_id FROM runs WHERE status IN (?, ?)", UNFINISHED
            ).fetchall()
            connection.execute(
                "UPDATE runs SET status = 'interrupted', updated_at = ? WHERE status IN (?, ?)",
                (time.time(), *UNFINISHED),
            )
        run_ids = [row["run_id"] for row in rows]
        if run_ids:
            logger.warning("runs interrupted by the previous server stop: %s", ", ".join(run_ids))
        return run_ids


def empty_progress() -> dict[str, Any]:
    """Return the progress of a run that has sent no event yet."""
    return {"counts": {}, "attempts": {}, "recent": []}


def record_event(progress: dict[str, Any], event: dict[str, Any], attempt: int) -> dict[str, Any]:
    """Return `progress` with one more event counted and kept among the recent ones.

    `counts` totals events by name over all attempts. `attempts` counts, per attempt, events by
    name and by the node that sent them, so it shows which steps a resumed attempt skipped.
    """
    name = str(event.get("event", "unknown"))
    counts = dict(progress.get("counts", {}))
    counts[name] = counts.get(name, 0) + 1
    attempts = {key: dict(value) for key, value in progress.get("attempts", {}).items()}
    current = attempts.setdefault(str(attempt), {"events": {}, "nodes": {}})
    current["events"] = {**current["events"], name: current["events"].get(name, 0) + 1}
    node = str(event.get("node", "unknown"))
    current["nodes"] = {**current["nodes"], node: current["nodes"].get(node, 0) + 1}
    recent = [*progress.get("recent", []), {**event, "attempt": attempt, "at": time.time()}]
    return {"counts": counts, "attempts": attempts, "recent": recent[-RECENT_EVENTS:]}
