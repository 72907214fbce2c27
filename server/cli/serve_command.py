"""`litreview serve`: run the REST API with uvicorn."""

from __future__ import annotations

import argparse
import logging

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8086


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `serve` subcommand."""
    parser = subparsers.add_parser(
        "serve",
        help="run the REST API server",
        description="Serve /agent, /agent/stream and /runs over HTTP. The API key "
        "(LITREVIEW_API_KEY), CORS origins (LITREVIEW_CORS_ORIGINS) and checkpoint store "
        "(LITREVIEW_CHECKPOINTS or DATABASE_URL) come from the environment.",
    )
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default {DEFAULT_HOST}; 0.0.0.0 exposes it to the network)",
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"TCP port (default {DEFAULT_PORT})"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted; errors of requests go to the log, not to the terminal."""
    import uvicorn

    from server.api import create_app

    if not args.debug:
        logging.getLogger().setLevel(logging.INFO)
    app = create_app()
    uvicorn.run(app, host=args.host, port=args.port, log_level="debug" if args.debug else "info")
    return 0
