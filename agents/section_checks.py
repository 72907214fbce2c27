"""Checks the critic runs in code on every drafted section, in both modes.

Each problem is one line that starts with a fixed label (see PROBLEM_LABELS), so writers can
act on it and tests can match it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agents.citations import CITATION_GROUP, cited_keys
from agents.records import OutlineSection, SectionDraft
from agents.sentence_splitting import segment_sentences

MIN_WORDS_PER_PAPER = 25
MAX_WORDS_PER_PAPER = 160
MAX_SECTION_WORDS = 900

PROBLEM_LABELS = (
    "unknown citation key removed",
    "assigned paper not cited",
    "paragraph without a citation",
    "sentence states a finding without a citation",
    "repeated sentence",
    "section too long",
    "section too short",
)

# Words that mark a sentence as reporting a result, which then needs a citation.
_FINDING_CUES = re.compile(
    r"\b(?:outperform\w*|achiev\w*|improv\w*|reduc\w*|surpass\w*|demonstrat\w*|show(?:s|ed|n)?|"
    r"state-of-the-art|SOTA|accuracy|speed-?ups?|faster|results?)\b|\d+(?:\.\d+)?\s?%|\d+(?:\.\d+)?x\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z0-9][\w'-]*")


def split_sentences(text: str) -> list[str]:
    """Split Markdown prose into sentences, leaving out headings and blank lines."""
    sentences: list[str] = []
    for paragraph in split_paragraphs(text):
        sentences.extend(s.strip() for s in segment_sentences(paragraph) if s.strip())
    return sentences


def split_paragraphs(text: str) -> list[str]:
    """Return the non-empty paragraphs of Markdown text, without headings."""
    blocks = (block.strip() for block in re.split(r"\n\s*\n", text))
    return [block for block in blocks if block and not block.startswith("#")]


def count_words(text: str) -> int:
    """Count words, leaving citation keys out."""
    return len(_WORD.findall(CITATION_GROUP.sub(" ", text)))


def _normalized(sentence: str) -> str:
    return " ".join(_WORD.findall(CITATION_GROUP.sub(" ", sentence).lower()))


def word_limits(paper_count: int) -> tuple[int, int]:
    """Return the (minimum, maximum) word count of a section about `paper_count` papers."""
    papers = max(paper_count, 1)
    return MIN_WORDS_PER_PAPER * papers, min(MAX_WORDS_PER_PAPER * papers + 120, MAX_SECTION_WORDS)


def check_section(draft: SectionDraft, section: OutlineSection) -> list[str]:
    """Return the problems code can find in a draft; an empty list means it passes."""
    problems = [f"unknown citation key removed: {key}" for key in draft["removed_keys"]]
    cited = set(cited_keys(draft["text"]))
    problems += [
        f"assigned paper not cited: {paper_id}"
        for paper_id in section["paper_ids"]
        if paper_id not in cited
    ]
    problems += _paragraph_problems(draft["text"])
    problems += _sentence_problems(split_sentences(draft["text"]))
    words = count_words(draft["text"])
    low, high = word_limits(len(section["paper_ids"]))
    if words > high:
        problems.append(f"section too long: {words} words (max {high})")
    elif words < low:
        problems.append(f"section too short: {words} words (min {low})")
    return problems


def _paragraph_problems(text: str) -> list[str]:
    return [
        f"paragraph without a citation: {_excerpt(paragraph)}"
        for paragraph in split_paragraphs(text)
        if not CITATION_GROUP.search(paragraph)
    ]


def _sentence_problems(sentences: Sequence[str]) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for sentence in sentences:
        key = _normalized(sentence)
        if key and key in seen:
            problems.append(f"repeated sentence: {_excerpt(sentence)}")
        seen.add(key)
        if _FINDING_CUES.search(sentence) and not CITATION_GROUP.search(sentence):
            problems.append(f"sentence states a finding without a citation: {_excerpt(sentence)}")
    return problems


def _excerpt(text: str, limit: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
