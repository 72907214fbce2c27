"""Settings of the REST API server, read from the environment when the app starts."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from agents.errors import InvalidRequestError
from agents.sources.locations import default_checkpoint_path


@dataclass(frozen=True)
class ApiSettings:
    """Server settings, apart from the review settings that each run reads itself."""

    api_key: str | None = field(default=None, repr=False)
    """Key that every request except `/healthz` must carry (`LITREVIEW_API_KEY`); None: open."""
    cors_origins: tuple[str, ...] = ()
    """Origins allowed to call the API from a browser (`LITREVIEW_CORS_ORIGINS`)."""
    checkpoint_path: Path = field(default_factory=default_checkpoint_path)
    """SQLite checkpoint database (`LITREVIEW_CHECKPOINTS`); the run registry lives beside it."""
    database_url: str | None = field(default=None, repr=False)
    """PostgreSQL URL for checkpoints (`DATABASE_URL`); None keeps them in SQLite."""
    max_background_runs: int = 2
    """Background runs executed at once (`LITREVIEW_MAX_BACKGROUND_RUNS`); the rest wait queued."""

    @property
    def registry_path(self) -> Path:
        """SQLite file of the run registry, next to the checkpoint database."""
        return self.checkpoint_path.with_name(f"{self.checkpoint_path.stem}-runs.sqlite3")

    @classmethod
    def from_environment(cls) -> ApiSettings:
        """Read the settings from `LITREVIEW_*` variables and `DATABASE_URL`."""
        origins = os.environ.get("LITREVIEW_CORS_ORIGINS", "")
        database_url = os.environ.get("DATABASE_URL", "").strip()
        raw_runs = os.environ.get("LITREVIEW_MAX_BACKGROUND_RUNS", "").strip() or "2"
        if not raw_runs.isdigit() or int(raw_runs) < 1:
            raise InvalidRequestError(
                "LITREVIEW_MAX_BACKGROUND_RUNS", f"{raw_runs!r} is not a whole number of 1 or more"
            )
        return cls(
            api_key=os.environ.get("LITREVIEW_API_KEY") or None,
            cors_origins=tuple(o.strip() for o in origins.split(",") if o.strip()),
            checkpoint_path=default_checkpoint_path(),
            database_url=database_url if database_url.startswith("postgres") else None,
            max_background_runs=int(raw_runs),
        )
