"""The `litreview` command line.

Each subcommand lives in its own module with a `register(subparsers)` function. Errors that
litreview raises on purpose print as one line on stderr with exit status 2; nothing prints a
traceback unless `--debug` is given.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from agents.errors import LitreviewError
from agents.run_logging import install_thread_ids

COMMAND_MODULES = (
    "server.cli.library_commands",
    "server.cli.search_command",
    "server.cli.review_command",
    "server.cli.serve_command",
)


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every subcommand whose module is present."""
    parser = argparse.ArgumentParser(
        prog="litreview",
        description="Write literature reviews from real arXiv papers, online or offline.",
    )
    parser.add_argument("--debug", action="store_true", help="log debug output and show tracebacks")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module_name in COMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING, stream=sys.stderr)
    install_thread_ids()
    try:
        status: int = args.run(args)
    except LitreviewError as error:
        if args.debug:
            raise
        print(f"litreview: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("litreview: interrupted", file=sys.stderr)
        return 130
    return status


if __name__ == "__main__":
    sys.exit(main())
