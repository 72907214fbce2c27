"""Items on arXiv that are not research articles: obituaries, errata, proceedings volumes.

A memorial report on a coding theorist lists his work on quantum error correction, and a
proceedings volume's abstract lists its papers' topics, so both match a topic's words as
well as a research paper does. A review cites neither, so screening excludes them by the
cues their titles and abstracts share.
"""

from __future__ import annotations

import re

from agents.sources.paper import Paper

_TITLE_KINDS = (
    ("obituary", re.compile(r"\b(?:obituary|in memoriam|in memory of)\b", re.IGNORECASE)),
    (
        "erratum or retraction",
        re.compile(
            r"^(?:erratum|corrigendum|addendum|retraction)\b|^correction to\b", re.IGNORECASE
        ),
    ),
    (
        "proceedings volume or listing",
        re.compile(
            r"^proceedings of\b|\bbook of abstracts\b|\bfront matter\b"
            r"|\blist of accepted (?:papers|tutorials|talks)\b",
            re.IGNORECASE,
        ),
    ),
)
_MEMORIAL_CUES = re.compile(
    r"\b(?:remembering|memorial|commemorat\w*|passed away|in hono(?:u)?r of|biographical"
    r"|tribute)\b",
    re.IGNORECASE,
)
MIN_MEMORIAL_CUES = 2
"""Distinct memorial words an obituary needs when its title names none of the title kinds:
one alone ("Remembering More, Risking More", a tribute in a dataset name) is too weak."""


def non_research_kind(paper: Paper) -> str | None:
    """Return what kind of non-research item the paper is ("obituary"), or None.

    A title cue decides alone. Otherwise a paper whose title and abstract together use at
    least MIN_MEMORIAL_CUES different memorial words ("memorial session", "commemorate",
    "biographical") is an obituary.
    """
    title = paper["title"]
    for kind, pattern in _TITLE_KINDS:
        if pattern.search(title):
            return kind
    cues = {cue.lower() for cue in _MEMORIAL_CUES.findall(f"{title} {paper['abstract']}")}
    return "obituary" if len(cues) >= MIN_MEMORIAL_CUES else None
