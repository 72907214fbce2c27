"""`litreview review`: write a literature review from a request."""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from pathlib import Path
from typing import Any

from agents.errors import InvalidRequestError
from agents.request_validation import validate_request
from graph.context import ReviewContext, context_from_mapping


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `review` subcommand."""
    parser = subparsers.add_parser(
        "review",
        help="write a literature review",
        description="Write a Markdown literature review from real arXiv papers.",
    )
    parser.add_argument(
        "query",
        nargs="?",
        help='the request, e.g. "Review 10 recent papers on federated learning" '
        "(not needed with --resume)",
    )
    parser.add_argument(
        "--papers", type=int, help="number of papers (1 to 50); overrides the request"
    )
    parser.add_argument("--since", help="first publication date, YYYY, YYYY-MM or YYYY-MM-DD")
    parser.add_argument("--until", help="last publication date, YYYY, YYYY-MM or YYYY-MM-DD")
    parser.add_argument("--source", choices=["arxiv", "library"], help="paper source")
    parser.add_argument("--library", help="library database path (default: LITREVIEW_LIBRARY)")
    parser.add_argument(
        "--model", help="provider:model, e.g. openai:gpt-4o-mini, or `offline` (no model)"
    )
    parser.add_argument("--output", "-o", help="write the Markdown review to this file")
    parser.add_argument("--bibtex", help="write the BibTeX entries to this file")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    parser.add_argument("--thread-id", help="checkpoint thread id; reuse one to resume a run")
    parser.add_argument(
        "--resume", action="store_true", help="continue the interrupted run of --thread-id"
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run the review and print or write the result."""
    if args.resume and not args.thread_id:
        raise InvalidRequestError("--resume", "needs --thread-id of the run to continue")
    if not args.resume and args.query is None:
        raise InvalidRequestError("query", "missing; give the request as the first argument")
    context = context_from_mapping(
        {"model": args.model, "source": args.source, "library_path": args.library}
    )
    if not args.resume:
        validate_request(args.query, args.papers, args.since, args.until)
    _check_writable(args.output, "--output")
    _check_writable(args.bibtex, "--bibtex")

    # The graph pulls in scikit-learn and LangChain; importing it after the checks above lets
    # bad input fail in a fraction of a second.
    from server.review_runs import review_input, run_review

    graph_input = None
    if not args.resume:
        graph_input = review_input(
            args.query, papers=args.papers, since=args.since, until=args.until, source=args.source
        )
    thread_id = args.thread_id or str(uuid.uuid4())
    progress = None if args.quiet else ProgressPrinter(context, thread_id)
    try:
        result = run_review(graph_input, context=context, thread_id=thread_id, on_progress=progress)
    except KeyboardInterrupt:
        print(
            f"litreview: stopped; continue with --thread-id {thread_id} --resume",
            file=sys.stderr,
        )
        raise
    if args.output:
        Path(args.output).write_text(result["message"], encoding="utf-8")
    if args.bibtex:
        Path(args.bibtex).write_text(result["bibtex"], encoding="utf-8")
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif not args.output:
        sys.stdout.write(result["message"])
    return 0


def _check_writable(path: str | None, option: str) -> None:
    if path is None:
        return
    parent = Path(path).expanduser().resolve().parent
    if not parent.is_dir():
        raise InvalidRequestError(option, f"folder {str(parent)!r} does not exist; create it first")


class ProgressPrinter:
    """Prints the graph's progress events as short lines on stderr."""

    def __init__(self, context: ReviewContext, thread_id: str) -> None:
        self.read = 0
        mode = "offline (no model)" if context.offline else f"model {context.model}"
        print(f"litreview: {mode}, source {context.source}, thread {thread_id}", file=sys.stderr)

    def __call__(self, event: dict[str, Any]) -> None:
        line = self._describe(event)
        if line:
            print(f"  {line}", file=sys.stderr, flush=True)

    def _describe(self, event: dict[str, Any]) -> str | None:
        kind = event.get("event")
        if kind == "node_finished" and event.get("node") == "planner":
            return f"planned {event.get('papers')} papers on {event.get('topic')!r}"
        if kind == "papers_found":
            return f"selected {len(event.get('papers', []))} papers"
        if kind == "paper_read":
            self.read += 1
            return f"read {event.get('arxiv_id')} ({self.read})"
        if kind == "outline_ready":
            return "sections: " + "; ".join(event.get("sections", []))
        if kind == "section_drafted":
            return f"drafted {event.get('section')!r} (revision {event.get('revision')})"
        if kind == "section_verdict":
            return f"critic: {event.get('section')!r} {event.get('decision')}"
        if kind == "node_finished" and event.get("node") == "assemble":
            return f"assembled the review with {event.get('references')} references"
        return None
