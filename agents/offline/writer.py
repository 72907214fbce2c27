"""The offline section writer: attributed, cited paragraphs from the readers' sentences.

Each paper contributes its method sentence, turned into third person with the authors as
subject ("Zhang et al. propose X [@id]"), and, when the length budget allows, one finding.
Papers follow the outline's order, which chains similar papers, and a connective chosen from
their term overlap links each paper to the previous one. Every sentence taken from a paper
carries that paper's citation, so every finding is cited.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from agents.bibliography import author_label
from agents.offline.anaphora import depends_on_context, has_dangling_it
from agents.offline.attribution import conjugate, is_plural, third_person
from agents.offline.prose import (
    ConnectiveChooser,
    cite,
    heading_to_phrase,
    keep_source_case,
    lower_first,
    number_word,
    overlap,
    plural_phrase,
    strip_anaphoric_opening,
    upper_first,
)
from agents.offline.reader import read_offline
from agents.offline.sentences import content_terms, decode_latex, normalize_sentence, word_count
from agents.records import OutlineSection, PaperNotes, Plan
from agents.sources.paper import Paper

logger = logging.getLogger(__name__)

DEFAULT_MAX_WORDS = 550
_PAPERS_PER_PARAGRAPH = 3
_MAX_LENGTH_RATIO = 0.85
_TOO_LONG = re.compile(r"too long.*?max(?:imum)?\D*(?P<max>\d+)", re.IGNORECASE)
_QUOTED_SENTENCE = re.compile(
    r"^(?:repeated sentence|sentence states a finding without a citation|[^:]*sentence[^:]*):"
    r"\s*(?P<sentence>.+)$",
    re.IGNORECASE,
)

_INTRODUCING = r"\b(?:propose|proposes|introduce|introduces|present|presents|develop|develops|"
_INTRODUCING += r"call|called|named|dubbed|termed)\s+"
_NAME = r"(?P<name>[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)"
# How abstracts introduce their method's name: "we propose DualOpt, a ..." or "we propose
# Eliminating-Floating-Artifacts Gaussian Splatting (EFA-GS)".
_INTRODUCED_NAMES = (
    re.compile(_INTRODUCING + _NAME + r"\s*[,:(]"),
    re.compile(_INTRODUCING + r"[^.()]{0,80}?\(" + _NAME + r"\)"),
)


@dataclass
class _Repairs:
    """Changes that the critic's findings on the previous draft request of this draft."""

    max_words: int
    banned: set[str] = field(default_factory=set)
    """Normalized sentences the critic quoted (repeated or uncited); never used again."""
    compact: bool = False
    """One sentence per paper, because the previous draft was too long."""


def write_section_offline(
    section: OutlineSection,
    plan: Plan,
    papers: Mapping[str, Paper],
    notes: Mapping[str, PaperNotes],
    *,
    problems: Sequence[str] = (),
    max_words: int = DEFAULT_MAX_WORDS,
) -> str:
    """Write a section's Markdown paragraphs (no heading) that cite every assigned paper.

    Assigned ids missing from `papers` are skipped with a log line, since there is nothing to
    write about them. Missing notes are read from the abstract on the spot. `problems` are
    the critic's code-check findings on the previous draft; the rewrite avoids the quoted
    sentences and, after "too long", keeps one sentence per paper within the stated maximum.
    """
    repairs = _parse_problems(problems, max_words)
    ids = [arxiv_id for arxiv_id in dict.fromkeys(section["paper_ids"]) if arxiv_id in papers]
    for missing in sorted(set(section["paper_ids"]) - set(ids)):
        logger.warning(
            "section %s: paper %s is not among the papers", section["section_id"], missing
        )
    if not ids:
        return ""

    paper_notes = {i: notes.get(i) or read_offline(papers[i], plan) for i in ids}
    seen = set(repairs.banned)
    sentences = {i: _paper_sentences(papers[i], paper_notes[i], seen) for i in ids}
    keep_findings = _findings_to_keep(sentences, ids, repairs)

    source = " ".join(papers[i]["abstract"] for i in ids)
    opener = _opener(section["title"], len(ids), source)
    if normalize_sentence(opener) in seen:
        opener = ""

    chooser = ConnectiveChooser()
    terms = {i: set(content_terms(f"{papers[i]['title']} {papers[i]['abstract']}")) for i in ids}
    method_terms = {i: set(content_terms(paper_notes[i]["method"])) for i in ids}
    paragraphs: list[list[str]] = [[opener] if opener else []]
    per_paragraph = math.ceil(len(ids) / math.ceil(len(ids) / _PAPERS_PER_PARAGRAPH))
    for position, arxiv_id in enumerate(ids):
        if position and position % per_paragraph == 0:
            paragraphs.append([])
        lead, *findings = sentences[arxiv_id]
        if position % per_paragraph:
            previous = ids[position - 1]
            connective = chooser.next(
                overlap(method_terms[arxiv_id], method_terms[previous]),
                overlap(terms[arxiv_id], terms[previous]),
            )
            label = author_label(papers[arxiv_id])
            if connective and lead.startswith(label):
                lead = f"{connective} {lead}"
        paragraphs[-1].append(lead)
        paragraphs[-1].extend(findings[: keep_findings[arxiv_id]])
    return "\n\n".join(" ".join(paragraph) for paragraph in paragraphs if paragraph)


def _opener(title: str, count: int, source: str = "") -> str:
    """Open a section by naming its theme: "Three papers address client drift."; words that
    `source` capitalises mid-sentence keep their capital ("Gaussian splatting")."""
    theme = keep_source_case(heading_to_phrase(title), source)
    subject = "One paper" if count == 1 else f"{upper_first(number_word(count))} papers"
    plural = count > 1
    if theme.startswith("analyses and empirical comparisons"):
        return f"{subject} {conjugate('analyse', plural=plural)} or compare existing approaches."
    for generic, verb in (("further methods for ", "propose"), ("methods for ", "propose")):
        if theme.startswith(generic):
            rest = theme.removeprefix(generic)
            further = "further " if generic.startswith("further") else ""
            method = "methods" if plural else "a method"
            return f"{subject} {conjugate(verb, plural=plural)} {further}{method} for {rest}."
    if theme.startswith(("other directions", "directions")):
        return f"{subject} {conjugate('take', plural=plural)} {theme}."
    return f"{subject} {conjugate('address', plural=plural)} {plural_phrase(theme)}."


def _parse_problems(problems: Sequence[str], max_words: int) -> _Repairs:
    repairs = _Repairs(max_words=max_words)
    for problem in problems:
        if match := _TOO_LONG.search(problem):
            limit = int(int(match.group("max")) * _MAX_LENGTH_RATIO)
            repairs.max_words = min(repairs.max_words, limit)
            repairs.compact = True
        elif match := _QUOTED_SENTENCE.match(problem.strip()):
            repairs.banned.add(normalize_sentence(match.group("sentence")))
    return repairs


def _paper_sentences(paper: Paper, notes: PaperNotes, seen: set[str]) -> list[str]:
    """Return a paper's cited sentences: the attributed lead, then its findings.

    Sentences already in `seen` (used by another paper or quoted by the critic) are skipped;
    when the method sentence is one of them, the lead falls back to the paper's title.
    """
    label = author_label(paper)
    arxiv_id = paper["arxiv_id"]
    result: list[str] = []
    method = notes["method"]
    lead = _lead_sentence(method, label) if method and not has_dangling_it(method) else ""
    from_title = not lead or normalize_sentence(lead) in seen
    if from_title:
        verb = conjugate("present", plural=is_plural(label))
        lead = f"{label} {verb} “{paper['title'].rstrip('.')}”."
    introduced = f"{paper['title']} {lead}"
    if from_title:
        name = _own_name(paper["abstract"], introduced)
        if name:
            verb = conjugate("present", plural=is_plural(label))
            lead = f"{label} {verb} {name} in “{paper['title'].rstrip('.')}”."
            introduced += f" {name}"
    result.append(cite(lead, [arxiv_id]))
    seen.add(normalize_sentence(lead))
    for finding in notes["findings"]:
        if from_title and depends_on_context(finding):
            continue
        if _names_unintroduced(finding, paper["abstract"], introduced):
            continue
        text = upper_first(strip_anaphoric_opening(third_person(finding, label, named=True)))
        key = normalize_sentence(text)
        if key in seen:
            continue
        seen.add(key)
        result.append(cite(text, [arxiv_id]))
    return result


def _own_name(abstract: str, known: str) -> str:
    """Return the first name that the abstract introduces ("we propose DualOpt") and `known`
    lacks, or ""."""
    for name in _introduced_names(abstract):
        if name not in known:
            return name
    return ""


def _introduced_names(abstract: str) -> list[str]:
    """Return the names an abstract introduces for its own method, in order."""
    text = decode_latex(abstract)
    found = [m for pattern in _INTRODUCED_NAMES for m in pattern.finditer(text)]
    names = [m.group("name") for m in sorted(found, key=lambda m: m.start())]
    return [name for name in dict.fromkeys(names) if len(name) > 1]


def _names_unintroduced(finding: str, abstract: str, known: str) -> bool:
    """Whether a finding names the paper's own method ("DualOpt") that `known` (the title and
    lead sentence) never introduced, so the reader would meet the name unexplained."""
    return any(
        re.search(rf"\b{re.escape(name)}\b", finding) and name not in known
        for name in _introduced_names(abstract)
    )


def _lead_sentence(method: str, label: str) -> str:
    """Attribute a method sentence to its authors, naming them as its subject where possible."""
    text = third_person(strip_anaphoric_opening(method), label)
    if label in text:
        return upper_first(text)
    verb = conjugate("describe", plural=is_plural(label))
    return (
        f"{label} {verb} how {lower_first(text)}"
        if _is_how_clause(text)
        else (f"{label} {conjugate('note', plural=is_plural(label))} that {lower_first(text)}")
    )


def _is_how_clause(text: str) -> bool:
    """Whether a sentence is a question-like "how" clause, which reads better after "describe"."""
    return text.lower().startswith("how ")


def _findings_to_keep(
    sentences: Mapping[str, list[str]], ids: Sequence[str], repairs: _Repairs
) -> dict[str, int]:
    """Decide how many findings each paper keeps so the section fits `repairs.max_words`.

    One finding per paper by default (two in sections of up to two papers); findings are
    then dropped from the longest first until the section fits. The lead always stays,
    so a section of many long method sentences can still exceed the budget.
    """
    if repairs.compact:
        default = 0
    elif len(ids) <= 2:
        default = 2
    else:
        default = 1
    keep = {i: min(default, len(sentences[i]) - 1) for i in ids}

    def total() -> int:
        return sum(word_count(" ".join(sentences[i][: 1 + keep[i]])) for i in ids)

    while total() > repairs.max_words and any(keep.values()):
        longest = max(
            (i for i in ids if keep[i]),
            key=lambda i: (word_count(sentences[i][keep[i]]), i),
        )
        keep[longest] -= 1
    if total() > repairs.max_words:
        logger.info("section still has %d words after dropping all findings", total())
    return keep
