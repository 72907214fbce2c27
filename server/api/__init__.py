"""The REST API: `/agent`, `/agent/stream`, background `/runs` and `/healthz`.

`create_app()` builds the FastAPI app from the environment; `litreview serve` runs it with
uvicorn.
"""

from server.api.app import create_app

__all__ = ["create_app"]
