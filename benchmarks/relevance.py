"""Relevance benchmark: precision at N of the selected papers against expert judgments.

For each request, the pool comes from the local library as the searcher gathers it (BM25 over
`pool_queries`, one widening round with `expansion_queries`), then `rank_candidates` and
`select_diverse` pick N papers. The baseline is plain BM25: the library's top N for the
topic's words. Judgments are JSON lines `{"query", "id", "label"}` in benchmarks/judgments/
(2 = central, 1 = peripheral, 0 = not relevant); selected papers without a judgment are
counted as unjudged, never as relevant.

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
from pathlib import Path

from agents.relevance import (
    ScoredPaper,
    expansion_queries,
    pool_queries,
    rank_candidates,
    select_diverse,
    topic_terms,
)
from agents.sources import open_source
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
)
POOL_SIZE = 200
EXPANSION_POOL_SIZE = 100
TIMING_RUNS = 5


@dataclass
class Outcome:
    """Judged counts of one selection."""

    relevant: int
    central: int
    unjudged: int


def gather_and_rank(library: Library, request: str) -> tuple[list[ScoredPaper], float]:
    """Rank the pool as the searcher does; return the ranking and the seconds of one ranking."""
    frequencies = library.term_document_frequencies()
    total = library.document_count()
    pool = library.search(pool_queries(request), limit=POOL_SIZE)
    first = rank_candidates(request, pool, document_frequencies=frequencies, document_count=total)
    extra = expansion_queries(
        request, first, document_frequencies=frequencies, document_count=total
    )
    if extra:
        known = {paper["arxiv_id"] for paper in pool}
        found = library.search(extra, limit=EXPANSION_POOL_SIZE)
        pool = pool + [paper for paper in found if paper["arxiv_id"] not in known]
    seconds = []
    for _ in range(TIMING_RUNS):
        start = time.perf_counter()
        ranked = rank_candidates(
            request, pool, document_frequencies=frequencies, document_count=total
        )
        seconds.append(time.perf_counter() - start)
    return ranked, statistics.median(seconds)


def plain_bm25(library: Library, request: str, count: int) -> list[Paper]:
    """Return the library's BM25 top `count` for the topic's words, the baseline."""
    return library.search([" ".join(topic_terms(request))], limit=count)


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


def print_candidates(library: Library, request: str, depth: int) -> None:
    """Print the union of our top `depth` and BM25's top `depth`, with abstracts, to judge."""
    ranked, _ = gather_and_rank(library, request)
    ours = [scored.paper for scored in ranked[:depth]]
    baseline = plain_bm25(library, request, depth)
    seen: set[str] = set()
    print(f"### {request}")
    for paper in [*ours, *baseline]:
        if paper["arxiv_id"] in seen:
            continue
        seen.add(paper["arxiv_id"])
        print(f"\n[{paper['arxiv_id']}] {paper['title']} ({paper['primary_category']})")
        print(paper["abstract"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, required=True, help="library database path")
    parser.add_argument("--count", type=int, default=10, help="papers selected per request")
    parser.add_argument(
        "--candidates", type=int, default=0, help="print this many candidates per ranking to judge"
    )
    arguments = parser.parse_args()
    library = open_source("library", library_path=arguments.library)
    assert isinstance(library, Library)
    if arguments.candidates:
        for request in REQUESTS:
            print_candidates(library, request, arguments.candidates)
        return

    judged = load_judgments(JUDGMENTS)
    n = arguments.count
    print(
        f"| Request | ours relevant@{n} | ours central@{n} | BM25 relevant@{n} | "
        f"BM25 central@{n} | unjudged (ours/BM25) | rank+screen s | pool |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for request in REQUESTS:
        labels = judged.get(request, {})
        ranked, seconds = gather_and_rank(library, request)
        selected = [scored.paper for scored in select_diverse(ranked, n)]
        ours = score(selected, labels)
        baseline = score(plain_bm25(library, request, n), labels)
        name = " ".join(topic_terms(request))
        print(
            f"| {name} | {ours.relevant}/{n} | {ours.central}/{n} | {baseline.relevant}/{n} | "
            f"{baseline.central}/{n} | {ours.unjudged}/{baseline.unjudged} | {seconds:.2f} | "
            f"{len(ranked)} |"
        )


if __name__ == "__main__":
    main()
