"""The offline reader: pick the abstract sentences that state problem, method and findings.

Abstracts follow a common order (context and problem, then "we propose", then "experiments
show"), and each part has cue phrases. Each sentence is scored per role from its cues and its
position, and every role takes the best sentence not already used, so no sentence serves two
roles and the writer never repeats one. The notes keep the paper's own words; the writer turns
them into third person.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from agents.offline.anaphora import refers_to_previous_only, standalone
from agents.offline.sentences import content_terms, split_sentences
from agents.records import PaperNotes, Plan
from agents.sources.paper import Paper

logger = logging.getLogger(__name__)

MAX_FINDINGS = 3

_METHOD_CUES = re.compile(
    r"\b(?:we|this (?:paper|work|study|article)|the present (?:paper|work|study)|here(?:in)?)"
    r"\s+(?:also\s+|further\s+|then\s+|first\s+)?(?:propose|proposes|introduce|introduces|"
    r"present|presents|develop|develops|design|designs|formulate|formulates|devise|devises|"
    r"describe|describes|derive|derives|build|builds|construct|constructs|put forward|offer|"
    r"offers|investigate|investigates|study|studies|explore|explores|analy[sz]e|analy[sz]es|"
    r"establish|establishes|extend|extends|reformulate|leverage|leverages|adopt|adapt|"
    r"consider|considers|tackle|address|addresses|survey|surveys|examine|examines|revisit|"
    r"revisits|characterize|characterizes|rethink|rethinks|combine|combines|conduct|conducts)\b"
    r"|\b(?:in|within) this (?:paper|work|study)\b"
    r"|^(?:this|the present|our) (?:paper|work|study|article|survey|report) [a-z]+s\b",
    re.IGNORECASE,
)
_WEAK_METHOD_CUES = re.compile(
    r"\b(?:called|named|dubbed|termed|coined|novel|new)\b|\bour (?:method|approach|framework|"
    r"model|algorithm|optimizer|system)\b",
    re.IGNORECASE,
)
_FINDING_CUES = re.compile(
    r"\b(?:results?\s+(?:show|demonstrate|indicate|suggest|reveal|confirm)|experiments?|"
    r"empirical(?:ly)?|outperform\w*|surpass\w*|achiev\w*|improv\w*|reduc\w*|speed-?ups?|"
    r"faster|accelerat\w*|state-of-the-art|sota|consistently|we (?:show|find|observe|"
    r"demonstrate|prove|establish)|(?:show|shows|showing) that|evaluat\w+ on|"
    r"benchmarks?|converge[sd]?|gains?|accuracy|robust(?:ly|ness)?|matches|comparable)\b"
    r"|\d+(?:\.\d+)?\s*(?:%|x\b|×)",
    re.IGNORECASE,
)
_PROBLEM_CUES = re.compile(
    r"\b(?:however|but|although|despite|challeng\w*|suffer\w*|limited|limitations?|lack\w*|"
    r"costly|expensive|difficult\w*|bottlenecks?|fail\w*|struggle\w*|remains?|unclear|"
    r"open (?:problem|question)|hinder\w*|prohibitive|issues?|problem\w*|critical|crucial)\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"\b(?:we|our)\b", re.IGNORECASE)
_CONTRAST_OPENING = re.compile(r"^(?:however|but|although|despite|yet|unfortunately)\b", re.I)
_LIMITATION_CUES = re.compile(
    r"\b(?:limitations? of (?:our|this|the proposed|these)|future (?:work|research|directions?)|"
    r"open (?:problem|question|challenge)s?|remains? (?:an? )?(?:open|unclear|unexplored|"
    r"unresolved)|we leave|left for future|not yet|caveats?|fall short|"
    r"further (?:work|research|investigation))\b",
    re.IGNORECASE,
)
# Sentences that solve a limitation ("X overcomes these limitations") are not limitations.
_SOLVES = re.compile(
    r"\b(?:overcom\w*|address\w*|mitigat\w*|alleviat\w*|tackl\w*|resolv\w*|remed\w*)\b",
    re.IGNORECASE,
)
# Headings of structured abstracts ("Purpose: ...", "Results: ...").
_SECTION_LABEL = re.compile(
    r"^(?:purpose|background|objectives?|aims?|methods?|methodology|results?|findings|"
    r"conclusions?|significance|motivation|context|design|approach|materials and methods)"
    r"\s*:\s*",
    re.IGNORECASE,
)
# A period or comma with no space after it between words ("adaptation.To", ",they"), or a
# period before a capital ("demands.SAG").
_MISSING_SPACE = re.compile(r"(?<=[a-z]{2})(?:([.,])(?=[A-Za-z][a-z])|(\.)(?=[A-Z]))")
# Subtracted from the method score of a sentence that cannot stand alone in the review, so
# a self-contained "we propose" sentence wins over one that says "these variants".
_DEPENDENT_PENALTY = 4.0
_CODE_AVAILABILITY = re.compile(
    r"\b(?:code|implementation|data(?:set)?s?|models?|weights)\b.{0,60}\b(?:available|released|"
    r"github|open-source[sd]?)\b|https?://|github\.com",
    re.IGNORECASE,
)


def read_offline(paper: Paper, plan: Plan) -> PaperNotes:
    """Extract notes from a paper's abstract without a model.

    An empty abstract gives empty notes (the writer falls back to the title); a one-sentence
    abstract becomes the method and nothing else.
    """
    sentences = abstract_sentences(paper["abstract"])
    notes = PaperNotes(
        arxiv_id=paper["arxiv_id"],
        problem="",
        method="",
        findings=[],
        limitations="",
        relevance="",
    )
    if not sentences:
        logger.info("paper %s has no abstract; its notes stay empty", paper["arxiv_id"])
        return notes

    alone = [standalone(sentence) for sentence in sentences]
    used: set[int] = set()
    method = _method_index(sentences, alone)
    used.add(method)
    notes["method"] = alone[method] or ""
    if not notes["method"]:
        logger.info("paper %s: its method sentence needs context; the writer uses the title",
                    paper["arxiv_id"])  # fmt: skip

    problem = _best(sentences, used, lambda i, s: _problem_score(i, s, method) if alone[i] else 0)
    if problem is not None and problem < method:
        notes["problem"] = alone[problem] or ""
        used.add(problem)

    findings = _pick_findings(sentences, used, method)
    readable = [
        i
        for i in sorted(findings)
        if alone[i]
        or (i == method + 1 and notes["method"] and refers_to_previous_only(sentences[i]))
    ]
    notes["findings"] = [alone[i] or sentences[i] for i in readable]
    used.update(findings)

    limitation = _best(
        sentences, used, lambda i, s: _limitation_score(i, s, method) if alone[i] else 0
    )
    if limitation is not None:
        notes["limitations"] = alone[limitation] or ""
        used.add(limitation)

    notes["relevance"] = _most_topical(sentences, plan)
    return notes


def abstract_sentences(abstract: str) -> list[str]:
    """Split an abstract into sentences without structured-abstract labels or code links."""
    spaced = _MISSING_SPACE.sub(lambda m: f"{m.group(0)} ", abstract)
    sentences = [_SECTION_LABEL.sub("", s) for s in split_sentences(spaced)]
    return [s[:1].upper() + s[1:] for s in sentences if s and not _CODE_AVAILABILITY.search(s)]


def _method_index(sentences: list[str], alone: list[str | None]) -> int:
    """Return the index of the sentence that best states the method; ties go to the earlier.

    Every non-empty abstract has one: without any cue, position decides. Sentences that
    cannot stand alone (`alone[i]` is None) are penalized, and when one still wins the
    caller leaves the method empty.
    """
    scored = [
        (_method_score(i, s, len(sentences)) - (0 if alone[i] else _DEPENDENT_PENALTY), -i)
        for i, s in enumerate(sentences)
    ]
    return -max(scored)[1]


def _best(sentences: list[str], used: set[int], score: Callable[[int, str], float]) -> int | None:
    """Return the index of the highest-scoring free sentence with a positive score, or None.

    Ties go to the earlier sentence.
    """
    scored = [(score(i, s), -i) for i, s in enumerate(sentences) if i not in used]
    if not scored or max(scored)[0] <= 0:
        return None
    return -max(scored)[1]


def _pick_findings(sentences: list[str], used: set[int], method: int) -> list[int]:
    """Return up to MAX_FINDINGS sentence indices with finding cues, preferring those after the
    method (before it, "results" usually describe earlier work)."""
    candidates = [i for i in range(len(sentences)) if i not in used]
    scored = [i for i in candidates if _finding_score(i, sentences) > 0]
    after = [i for i in scored if i > method]
    own = [i for i in scored if i < method and _FIRST_PERSON.search(sentences[i])]
    chosen = sorted(after or own, key=lambda i: (-_finding_score(i, sentences), i))
    return chosen[:MAX_FINDINGS]


def _method_score(index: int, sentence: str, count: int) -> float:
    score = 3.0 * len(_METHOD_CUES.findall(sentence)) + len(_WEAK_METHOD_CUES.findall(sentence))
    score -= 0.5 * len(_FINDING_CUES.findall(sentence))
    if count > 1 and index == 0 and score == 0:
        score -= 1.0  # An opening sentence without a cue usually sets the context.
    if score == 0 and count > 1:
        score += 0.5 if index == 1 else 0.0
    return score


def _problem_score(index: int, sentence: str, method_index: int) -> float:
    if index >= method_index:
        return 0.0
    score = 1.0 * len(_PROBLEM_CUES.findall(sentence))
    return score + (0.5 if index == 0 else 0.0)


def _finding_score(index: int, sentences: list[str]) -> float:
    sentence = sentences[index]
    score = float(len(_FINDING_CUES.findall(sentence)))
    if _CONTRAST_OPENING.match(sentence):
        return 0.0
    if score and index >= len(sentences) // 2:
        score += 0.5
    return float(score)


def _limitation_score(index: int, sentence: str, method_index: int) -> float:
    if index <= method_index or _SOLVES.search(sentence):
        return 0.0
    return float(len(_LIMITATION_CUES.findall(sentence)))


def _most_topical(sentences: list[str], plan: Plan) -> str:
    """Return the sentence sharing the most content terms with the plan's topic and focus."""
    topic_terms = set(content_terms(f"{plan['topic']} {plan.get('focus') or ''}"))
    overlaps = [
        (len(topic_terms.intersection(content_terms(sentence))), -i)
        for i, sentence in enumerate(sentences)
    ]
    _, negative_index = max(overlaps)
    return sentences[-negative_index]
