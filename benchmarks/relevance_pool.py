"""Candidate pools for the relevance benchmark, from the shared corpus without the library.

A small BM25 (k1 = 1.2, b = 0.75, the FTS5 defaults) over title, abstract and authors, with
lowercase tokens and no stemming like FTS5's default tokenizer. Each query matches papers
that contain all its words, and the queries are combined with OR, as a paper source does.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from agents.relevance.text import tokenize
from agents.sources.paper import Paper, make_paper

K1 = 1.2
B = 0.75


def read_corpus(path: Path) -> Iterator[Paper]:
    """Yield the papers of a Kaggle-schema JSON lines file (plain or gzip)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            versions = record["versions"]
            authors = [" ".join(p for p in (a[1], a[0]) if p) for a in record["authors_parsed"]]
            yield make_paper(
                arxiv_id=record["id"],
                version=int(versions[-1]["version"].removeprefix("v")),
                title=record["title"],
                abstract=record["abstract"],
                authors=authors,
                published=parsedate_to_datetime(versions[0]["created"]).date().isoformat(),
                updated=record.get("update_date"),
                categories=record["categories"].split(),
                comment=record.get("comments"),
            )


@dataclass
class CorpusIndex:
    """Term counts of every paper, for BM25 pools and document frequencies."""

    papers: list[Paper]
    counts: sparse.csc_matrix
    vocabulary: dict[str, int]
    lengths: np.ndarray

    @classmethod
    def build(cls, papers: list[Paper]) -> CorpusIndex:
        vectorizer = CountVectorizer(tokenizer=tokenize, lowercase=False, token_pattern=None)
        texts = [f"{p['title']} {p['abstract']} {' '.join(p['authors'])}" for p in papers]
        counts = vectorizer.fit_transform(texts).tocsc()
        lengths = np.asarray(counts.sum(axis=1)).ravel()
        return cls(papers, counts, dict(vectorizer.vocabulary_), lengths)

    def document_frequencies(self) -> dict[str, int]:
        """Return the number of papers containing each token."""
        df = np.diff(self.counts.indptr)
        return {term: int(df[column]) for term, column in self.vocabulary.items()}

    def search(self, queries: Sequence[str], limit: int) -> list[Paper]:
        """Return the `limit` best papers by BM25 among those matching any query."""
        matched = np.zeros(len(self.papers), dtype=bool)
        terms: set[str] = set()
        for query in queries:
            words = [w for w in tokenize(query) if w in self.vocabulary]
            if not words or len(words) < len(tokenize(query)):
                continue
            terms.update(words)
            hits = np.ones(len(self.papers), dtype=bool)
            for word in words:
                hits &= self._column(word) > 0
            matched |= hits
        scores = np.zeros(len(self.papers))
        for term in terms:
            scores += self._bm25(term)
        scores[~matched] = -np.inf
        order = np.lexsort((np.arange(len(scores)), -scores))[:limit]
        return [self.papers[i] for i in order if matched[i]]

    def _column(self, term: str) -> np.ndarray:
        return self.counts[:, self.vocabulary[term]].toarray().ravel()

    def _bm25(self, term: str) -> np.ndarray:
        tf = self._column(term)
        n = len(self.papers)
        df = np.count_nonzero(tf)
        idf = np.log((n - df + 0.5) / (df + 0.5) + 1)
        norm = K1 * (1 - B + B * self.lengths / self.lengths.mean())
        return idf * tf * (K1 + 1) / (tf + norm)
