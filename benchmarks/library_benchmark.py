"""Measure library import throughput and search latency on the shared corpus.

Run from the repository root: `python benchmarks/library_benchmark.py [--library PATH]`.
It imports `../shared/corpus/arxiv-2025-2026.jsonl.gz` into a fresh library, then runs 20
different queries, each once to warm the caches and five times measured, and prints the
results with the machine's description as Markdown for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from agents.sources.importer import import_files
from agents.sources.library import Library

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "arxiv-2025-2026.jsonl.gz"
ROUNDS = 5
QUERIES = (
    "adaptive gradient optimizer for training deep neural networks",
    "retrieval augmented generation",
    "diffusion model video generation",
    "large language models",
    "vision transformer image classification",
    "reinforcement learning from human feedback",
    "speculative decoding",
    "graph neural networks molecules",
    "federated learning privacy",
    "3D gaussian splatting",
    "medical image segmentation",
    "chain of thought reasoning",
    "knowledge distillation",
    "autonomous driving trajectory prediction",
    "mixture of experts",
    "low-rank adaptation fine-tuning",
    "hallucination detection",
    "text-to-speech",
    "point cloud registration",
    "multi-agent systems tool use",
)


def describe_machine() -> str:
    """Return the CPU model, core count, RAM and software versions as Markdown list items."""
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as meminfo:
        ram_kb = int(meminfo.readline().split()[1])
    import sqlite3

    return (
        f"- CPU: {cpu}, {os.cpu_count()} cores (nproc)\n"
        f"- RAM: {ram_kb / 1024 / 1024:.1f} GiB\n"
        f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}\n"
        f"- Load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )


def measure_import(library_path: Path) -> str:
    """Import the corpus into a new library and return the throughput line.

    CPU time is printed beside wall time because other processes on a shared machine slow
    the wall time down.
    """
    started, cpu_started = time.perf_counter(), time.process_time()
    summary = import_files([CORPUS], library_path, progress=False)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    size_mb = library_path.stat().st_size / 1e6
    return (
        f"- Import of {summary.added:,} papers: {elapsed:.1f} s wall, "
        f"{summary.added / elapsed:,.0f} papers/s; {cpu:.1f} s CPU in both threads "
        f"(library {size_mb:.0f} MB)"
    )


def measure_search(library_path: Path) -> str:
    """Run every query once unmeasured, then ROUNDS times measured; return p50 and p95."""
    library = Library.open_existing(library_path)
    timings = []
    for query in QUERIES:
        library.search([query], limit=10)
        for _ in range(ROUNDS):
            started = time.perf_counter()
            library.search([query], limit=10)
            timings.append((time.perf_counter() - started) * 1000)
    quantiles = statistics.quantiles(timings, n=100)
    return (
        f"- Search, {len(QUERIES)} queries x {ROUNDS} rounds, limit 10: "
        f"p50 {statistics.median(timings):.1f} ms, p95 {quantiles[94]:.1f} ms, "
        f"max {max(timings):.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, help="library file to create (default: temporary)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        library_path = args.library or Path(directory) / "library.sqlite3"
        print(describe_machine())
        print(measure_import(library_path))
        print(measure_search(library_path))


if __name__ == "__main__":
    main()
