"""The FastAPI application: lifespan resources, routers, security and error handling."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

import anyio.to_thread
from fastapi import Depends, FastAPI

from server.api import agent_routes, run_routes
from server.api.background import BackgroundRuns
from server.api.checkpointing import open_saver
from server.api.engine import ReviewEngine
from server.api.errors import install_error_handlers
from server.api.run_registry import RunRegistry
from server.api.security import install_cors, require_api_key
from server.api.settings import ApiSettings

logger = logging.getLogger(__name__)

_DESCRIPTION = (
    "Literature reviews from real arXiv papers. `GET /agent?query=...` returns the review; "
    "`/agent/stream` streams its progress; `/runs` runs it in the background."
)


def create_app(settings: ApiSettings | None = None) -> FastAPI:
    """Build the app; settings default to the environment, read once here."""
    settings = settings or ApiSettings.from_environment()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            saver = stack.enter_context(open_saver(settings))
            registry = RunRegistry(settings.registry_path)
            stack.callback(registry.close)
            registry.mark_unfinished_interrupted()
            engine = ReviewEngine(saver)
            runs = BackgroundRuns(engine, registry, settings.max_background_runs)
            stack.push_async_callback(anyio.to_thread.run_sync, runs.stop)
            app.state.engine = engine
            app.state.runs = runs
            logger.info(
                "server ready; API key %s", "required" if settings.api_key else "not required"
            )
            yield
            logger.info("server stopping; unfinished runs become interrupted")

    app = FastAPI(
        title="litreview",
        description=_DESCRIPTION,
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    install_error_handlers(app)
    install_cors(app, settings.cors_origins)
    protected = [Depends(require_api_key)]
    app.include_router(agent_routes.router, dependencies=protected)
    app.include_router(run_routes.router, dependencies=protected)

    @app.get("/healthz", tags=["health"], summary="Liveness check; needs no API key")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
