"""Offline relevance: query terms from a request, ranking and screening, diverse selection.

The searcher gathers a pool with `pool_queries`, ranks it with `rank_candidates`, may widen
it once with `expansion_queries` and rank the merged pool again, then picks papers with
`select_diverse`.
"""

from __future__ import annotations

from agents.relevance.diversity import select_diverse
from agents.relevance.expansion import expansion_queries
from agents.relevance.query_terms import pool_queries, topic_terms
from agents.relevance.ranking import ScoredPaper, rank_candidates

__all__ = [
    "ScoredPaper",
    "expansion_queries",
    "pool_queries",
    "rank_candidates",
    "select_diverse",
    "topic_terms",
]
