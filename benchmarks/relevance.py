"""Relevance benchmark: precision at N of the papers the graph selects, against judgments.

Each request goes through the same steps as the review graph in offline mode: `resolve_request`
and `plan_review` (no model, library term frequencies as the spelling vocabulary, reference
date 2026-07-01, "recent" reaching back 24 months), then `find_papers` over the library with a
pool of 200. Judgments are JSON lines `{"query", "id", "label"}` in benchmarks/judgments/
(2 = central, 1 = peripheral, 0 = not relevant); a selected paper without a judgment is
counted as unjudged, never as relevant, and listed after the table so it can be judged.

"rank+screen s" is the median over TIMING_RUNS runs of the wall time of `find_papers` minus
the time spent inside the library's `search`: the two rankings of the pool, screening and
the diverse selection.

Build the library first (about 30 s for the 74,728-paper corpus), then run:
    litreview library import ../shared/corpus/arxiv-2025-2026.jsonl.gz --library LIB
    python benchmarks/relevance.py --library LIB
    python benchmarks/relevance.py --library LIB --candidates 30 > to-judge.txt
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from agents.planner import ReviewRequest, plan_review, resolve_request
from agents.records import Plan
from agents.searcher import SearchOutcome, find_papers
from agents.sources.library import Library
from agents.sources.paper import Paper

JUDGMENTS = Path(__file__).resolve().parent / "judgments"
REQUESTS = (
    "Make a search of 10 recent publications and write a literature review on recent advances "
    "in deep learning optimizers with an accent on novel optimization algorythms",
    "graph neural networks",
    "federated learning",
    "medical image segmentation",
    "LLM agents",
    "diffusion models for video generation",
    "quantum error correction",
    "text-to-speech synthesis",
)
REFERENCE_DATE = date(2026, 7, 1)
RECENCY_MONTHS = 24
POOL_SIZE = 200
DEFAULT_PAPERS = 10
TIMING_RUNS = 3


@dataclass
class Outcome:
    """Judged counts of one selection."""

    relevant: int
    central: int
    unjudged: int


class TimedLibrary:
    """A library that adds up the seconds spent in `search`, so ranking time can be separated."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.name = library.name
        self.search_seconds = 0.0

    def search(self, queries: Sequence[str], **options: Any) -> list[Paper]:
        start = time.perf_counter()
        try:
            return self.library.search(queries, **options)
        finally:
            self.search_seconds += time.perf_counter() - start

    def lookup(self, ids: Sequence[str]) -> list[Paper]:
        return self.library.lookup(ids)

    def term_document_frequencies(self) -> dict[str, int]:
        return self.library.term_document_frequencies()

    def document_count(self) -> int:
        return self.library.document_count()


def make_plan(library: Library, request: str) -> Plan:
    """Plan the request as the graph's planner node does in offline mode."""
    resolved = resolve_request(
        ReviewRequest(query=request),
        today=REFERENCE_DATE,
        recency_months=RECENCY_MONTHS,
        default_papers=DEFAULT_PAPERS,
    )
    return plan_review(
        resolved, request=request, caller=None, vocabulary=library.term_document_frequencies()
    )


def select(library: Library, plan: Plan) -> tuple[SearchOutcome, float]:
    """Run `find_papers`; return its outcome and the median seconds outside the searches."""
    seconds = []
    outcome = None
    for _ in range(TIMING_RUNS):
        timed = TimedLibrary(library)
        start = time.perf_counter()
        outcome = find_papers(plan, timed, pool_size=POOL_SIZE, caller=None)  # type: ignore[arg-type]
        seconds.append(time.perf_counter() - start - timed.search_seconds)
    assert outcome is not None
    return outcome, statistics.median(seconds)


def load_judgments(folder: Path) -> dict[str, dict[str, int]]:
    """Read every judgments file into {request: {arXiv id: label}}."""
    judged: dict[str, dict[str, int]] = {}
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                judged.setdefault(record["query"], {})[record["id"]] = int(record["label"])
    return judged


def score(papers: Sequence[Paper], labels: Mapping[str, int]) -> Outcome:
    """Count relevant (label >= 1), central (label 2) and unjudged papers."""
    found = [labels.get(paper["arxiv_id"]) for paper in papers]
    return Outcome(
        relevant=sum(1 for label in found if label is not None and label >= 1),
        central=sum(1 for label in found if label == 2),
        unjudged=sum(1 for label in found if label is None),
    )


def print_candidates(library: Library, request: str, labels: Mapping[str, int]) -> None:
    """Print the selected papers that have no judgment yet, with their abstracts."""
    outcome, _ = select(library, make_plan(library, request))
    for paper in outcome.papers:
        if paper["arxiv_id"] not in labels:
            print(f"\n[{paper['arxiv_id']}] {paper['title']} ({paper['primary_category']})")
            print(paper["abstract"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, required=True, help="library database path")
    parser.add_argument(
        "--abstracts", action="store_true", help="print unjudged selected papers with abstracts"
    )
    arguments = parser.parse_args()
    library = Library.open_existing(arguments.library)
    judged = load_judgments(JUDGMENTS)
    if arguments.abstracts:
        for request in REQUESTS:
            print(f"### {request}")
            print_candidates(library, request, judged.get(request, {}))
        return

    print("| Request | selected | relevant@10 | central@10 | unjudged | rank+screen s | pool |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    unjudged: list[str] = []
    for request in REQUESTS:
        labels = judged.get(request, {})
        plan = make_plan(library, request)
        outcome, seconds = select(library, plan)
        top = outcome.papers[:DEFAULT_PAPERS]
        result = score(top, labels)
        unjudged += [
            f"{plan['topic']}: {p['arxiv_id']} {p['title']}"
            for p in top
            if p["arxiv_id"] not in labels
        ]
        print(
            f"| {plan['topic']} | {len(outcome.papers)} | {result.relevant}/{len(top)} | "
            f"{result.central}/{len(top)} | {result.unjudged} | {seconds:.2f} | "
            f"{outcome.screening['screened']} |"
        )
    if unjudged:
        print("\nUnjudged selected papers:")
        print("\n".join(unjudged))


if __name__ == "__main__":
    main()
