"""The optional API key and the CORS policy."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from server.api.settings import ApiSettings

_bearer = HTTPBearer(auto_error=False, description="`Authorization: Bearer KEY`")
_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="`X-API-Key: KEY`")


async def require_api_key(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    header_key: Annotated[str | None, Depends(_key_header)],
) -> None:
    """Reject the request with 401 unless it carries the key, when `LITREVIEW_API_KEY` is set."""
    settings: ApiSettings = request.app.state.settings
    if settings.api_key is None:
        return
    candidates = [bearer.credentials if bearer else None, header_key]
    expected = settings.api_key.encode()
    if any(
        key is not None and secrets.compare_digest(key.encode(), expected) for key in candidates
    ):
        return
    raise HTTPException(
        status_code=401,
        detail="missing or invalid API key; send `Authorization: Bearer KEY` or `X-API-Key: KEY`",
        headers={"WWW-Authenticate": "Bearer"},
    )


def install_cors(app: FastAPI, origins: tuple[str, ...]) -> None:
    """Allow browser calls from the configured origins; none are allowed by default."""
    if not origins:
        return
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(origins),
        allow_methods=["GET", "POST"],
        allow_headers=["Authorization", "Content-Type", "X-API-Key"],
    )
