"""Wall time of offline reviews over a full library.

Usage:
    python benchmarks/offline_review.py --library PATH [--runs 3]

Runs the seed request and four other topics through the compiled graph in offline mode, in
one process after one warm-up run, and prints the wall time of each run (median of `--runs`)
plus the one-off cost of a cold start in a new process (imports and first library access).
The target for the seed request is at most 10 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from graph.builder import build_graph
from graph.context import ReviewContext

SEED_REQUEST = (
    "Make a search of 10 recent publications and write a literature review on recent advances "
    "in deep learning optimizers with an accent on novel optimization algorythms"
)
REQUESTS = [
    SEED_REQUEST,
    "Review 10 recent papers on graph neural networks",
    "Review 10 recent papers on federated learning",
    "Review 10 recent papers on medical image segmentation",
    "Review 10 recent papers on LLM agents",
]


def time_request(context: ReviewContext, query: str, runs: int) -> float:
    """Return the median wall time in seconds of `runs` offline reviews of `query`."""
    graph = build_graph()
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        graph.invoke({"query": query}, context=context)
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)


def cold_start_seconds(library: Path) -> float:
    """Return the wall time of one CLI review in a new process, imports included."""
    command = [
        sys.executable, "-m", "server.cli", "review", SEED_REQUEST, "--model", "offline",
        "--source", "library", "--library", str(library), "--quiet", "--output", "/dev/null",
    ]  # fmt: skip
    started = time.perf_counter()
    subprocess.run(command, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, required=True, help="library database path")
    parser.add_argument("--runs", type=int, default=3, help="runs per request (median reported)")
    args = parser.parse_args()
    context = ReviewContext(
        model="offline",
        source="library",
        library_path=str(args.library),
        reference_date="2026-07-01",
    )
    time_request(context, SEED_REQUEST, 1)
    print("| request | median wall time (s) |")
    print("| --- | --- |")
    for query in REQUESTS:
        print(f"| {query[:70]} | {time_request(context, query, args.runs):.2f} |")
    print(f"\nCold start, seed request through the CLI: {cold_start_seconds(args.library):.2f} s")


if __name__ == "__main__":
    main()
