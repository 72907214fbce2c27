"""`litreview library import` and `litreview library stats`: build and inspect the library."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from agents.sources.importer import import_files
from agents.sources.library import Library
from agents.sources.locations import default_library_path

_FORMATS = "Kaggle arXiv snapshot JSON lines (plain or gzip) or arXiv Atom XML"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `library` subcommand with its `import` and `stats` actions."""
    parser = subparsers.add_parser(
        "library",
        help="build and inspect the offline paper library",
        description="Build and inspect the local SQLite library of arXiv papers.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    importer = actions.add_parser(
        "import",
        help="import arXiv metadata files",
        description=f"Import {_FORMATS} into the library. Importing again updates papers "
        "and never duplicates them; the newest version of a paper wins.",
    )
    importer.add_argument("files", nargs="+", metavar="FILE", help=_FORMATS)
    _add_library_option(importer)
    importer.add_argument(
        "--no-progress", action="store_true", help="hide the progress bar on stderr"
    )
    importer.set_defaults(run=run_import)

    stats = actions.add_parser("stats", help="show what the library contains")
    _add_library_option(stats)
    stats.add_argument("--json", action="store_true", help="print the statistics as JSON")
    stats.set_defaults(run=run_stats)


def run_import(args: argparse.Namespace) -> int:
    """Import the files and print the summary."""
    summary = import_files(
        [Path(name).expanduser() for name in args.files],
        _library_path(args),
        progress=False if args.no_progress else None,
    )
    print(
        f"read {summary.read:,}, added {summary.added:,}, updated {summary.updated:,}, "
        f"unchanged {summary.unchanged:,}, skipped {summary.skipped:,}"
    )
    print(f"library {_library_path(args)} has {summary.papers:,} papers")
    return 0


def run_stats(args: argparse.Namespace) -> int:
    """Print the library's paper count, date range, top categories, path and size."""
    library = Library.open_existing(_library_path(args))
    try:
        stats = library.stats()
    finally:
        library.close()
    if args.json:
        print(json.dumps(stats, indent=2))
        return 0
    print(f"papers:     {stats['papers']:,}")
    print(f"published:  {stats['published_from']} to {stats['published_to']}")
    print(f"library:    {stats['path']} ({stats['size_bytes'] / 1e6:.1f} MB)")
    categories = ", ".join(f"{name} {count:,}" for name, count in stats["top_categories"].items())
    print(f"categories: {categories}")
    return 0


def _add_library_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--library",
        metavar="PATH",
        help="library database file (default: LITREVIEW_LIBRARY, else the user data directory)",
    )


def _library_path(args: argparse.Namespace) -> Path:
    return Path(args.library).expanduser() if args.library else default_library_path()
