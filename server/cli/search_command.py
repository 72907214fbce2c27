"""`litreview search`: search arXiv or the local library from the command line."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from agents.errors import InvalidRequestError
from agents.sources import SOURCE_NAMES, open_source
from agents.sources.dates import parse_date
from agents.sources.paper import Paper

_MAX_AUTHORS_SHOWN = 3


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `search` subcommand."""
    parser = subparsers.add_parser(
        "search",
        help="search papers on arXiv or in the local library",
        description="Search papers by free text, best matches first.",
    )
    parser.add_argument("query", help='free text, e.g. "adaptive gradient optimizers"')
    parser.add_argument(
        "--source",
        metavar="SOURCE",
        help=f"paper source: {' or '.join(SOURCE_NAMES)} (default: LITREVIEW_SOURCE, else library)",
    )
    parser.add_argument("--limit", default="10", help="maximum number of papers (default: 10)")
    parser.add_argument("--since", help="first publication date, YYYY, YYYY-MM or YYYY-MM-DD")
    parser.add_argument("--until", help="last publication date, YYYY, YYYY-MM or YYYY-MM-DD")
    parser.add_argument(
        "--category",
        action="append",
        default=[],
        metavar="CAT",
        help="arXiv category such as cs.LG, or an archive such as cs; repeat for any of several",
    )
    parser.add_argument(
        "--library", metavar="PATH", help="library database file (default: LITREVIEW_LIBRARY)"
    )
    parser.add_argument("--json", action="store_true", help="print the papers as a JSON list")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Search the chosen source and print the papers."""
    if not args.query.strip():
        raise InvalidRequestError("query", "it is empty; type some keywords to search for")
    limit = _parse_limit(args.limit)
    since = parse_date(args.since, "--since") if args.since else None
    until = parse_date(args.until, "--until", end_of_period=True) if args.until else None
    library_path = Path(args.library).expanduser() if args.library else None
    source = open_source(args.source, library_path=library_path)
    papers = source.search(
        [args.query], limit=limit, since=since, until=until, categories=args.category
    )
    if args.json:
        print(json.dumps(papers, indent=2, ensure_ascii=False))
    elif not papers:
        print(f"no papers found on {source.name} for {args.query!r}")
    else:
        print("\n\n".join(_format_paper(number, paper) for number, paper in enumerate(papers, 1)))
    return 0


def _parse_limit(text: str) -> int:
    try:
        limit = int(text)
    except ValueError:
        limit = 0
        if not text.strip().lstrip("-").isdigit():
            raise InvalidRequestError(
                "--limit", f"{text!r} is not a whole number; use a number such as 10"
            ) from None
    if limit < 1:
        raise InvalidRequestError("--limit", f"{text} is below 1; ask for at least 1 paper")
    return limit


def _format_paper(number: int, paper: Paper) -> str:
    authors = paper["authors"][:_MAX_AUTHORS_SHOWN]
    if len(paper["authors"]) > _MAX_AUTHORS_SHOWN:
        authors.append("et al.")
    details = " | ".join(
        [", ".join(authors) or "unknown authors", paper["published"], paper["primary_category"]]
    )
    return f"{number}. {paper['title']}\n   {details}\n   {paper['abs_url']}"
