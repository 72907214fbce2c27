"""Parse the paper count, date window and topic of a review request, in code.

Both planners (model and offline) call these functions, and what they find overrides anything
a model proposes, so "10 recent publications" means 10 papers from the recency window whatever
the model writes.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

MIN_PAPERS = 1
MAX_PAPERS = 50

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "twenty-five": 25, "thirty": 30, "forty": 40, "fifty": 50, "a dozen": 12, "a couple of": 2,
    "a hundred": 100, "hundred": 100,
}  # fmt: skip
_COUNT_NOUNS = (
    r"(?:papers?|publications?|articles?|studies|study|works?|preprints?|references?|sources?)"
)
_COUNT_WORD = "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS), key=len, reverse=True))
# "10 recent publications", "ten most recent papers", "top 5 arXiv preprints".
_COUNT_PATTERN = re.compile(
    r"(?:\b(?:around|about|approximately|roughly|some|exactly|at least|at most|up to|only)\s+)?"
    rf"\b(?P<count>\d{{1,4}}|{_COUNT_WORD})\s+(?:(?:most|very|new|newest|latest|recent|recently"
    rf"|published|relevant|key|important|arxiv|top|good|high-quality|different|distinct)\s+){{0,3}}"
    rf"{_COUNT_NOUNS}\b",
    re.IGNORECASE,
)
_RECENT_PATTERN = re.compile(r"\b(?:recent|recently|latest|newest|current|new)\b", re.IGNORECASE)
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH_NAME = "|".join(sorted(_MONTHS, key=len, reverse=True))
# A period in a request: 2025, 2025-06, 2025-06-15, June 2025 or Jun. 2025.
_PERIOD = (
    rf"(?:(?:{_MONTH_NAME})\.?\s+(?:19|20)\d{{2}}"
    r"|(?:19|20)\d{2}(?:-\d{1,2}(?:-\d{1,2})?)?)(?![\d-])"
)
_SINCE_PATTERN = re.compile(
    rf"\b(?:since|from|after|starting(?: in| from)?|published (?:since|after|from))\s+"
    rf"(?P<period>{_PERIOD})",
    re.IGNORECASE,
)
_BETWEEN_PATTERN = re.compile(
    rf"\b(?:between|from)\s+(?P<start>{_PERIOD})\s*(?:and|to|-|–|until)\s*(?P<end>{_PERIOD})",
    re.IGNORECASE,
)
_BEFORE_PATTERN = re.compile(
    rf"\b(?P<word>before|until|up to|prior to)\s+(?P<period>{_PERIOD})", re.IGNORECASE
)
_ONLY_PERIOD_PATTERN = re.compile(
    rf"\bonly\s+(?:(?:from|in|during)\s+)?(?P<period>{_PERIOD})"
    rf"|\b(?:from|in)\s+(?P<period_before_only>{_PERIOD})\s+only\b",
    re.IGNORECASE,
)
_IN_YEAR_PATTERN = re.compile(rf"\b(?:in|during|of)\s+(?P<period>{_PERIOD})", re.IGNORECASE)
_LAST_PERIOD_PATTERN = re.compile(
    rf"\b(?:last|past|previous)\s+(?:(?P<amount>\d{{1,2}}|{_COUNT_WORD})\s+)?"
    r"(?P<unit>years?|months?|weeks?)\b",
    re.IGNORECASE,
)

# Instructions that frame the request but are not part of its topic.
_REQUEST_PHRASES = [
    r"(?:please\s+)?(?:make|do|run|perform|conduct|carry out)\s+(?:a\s+|an\s+)?"
    r"(?:search|survey|review)\s+(?:of|for|on)\s+",
    r"(?:please\s+)?(?:find|search(?: for)?|collect|gather|select|pick|retrieve|get|look for)\s+",
    r"(?:and\s+)?(?:please\s+)?(?:write|prepare|produce|create|compose|draft|give me|generate)\s+"
    r"(?:me\s+)?(?:a\s+|an\s+)?(?:short\s+|brief\s+|comprehensive\s+|systematic\s+)?"
    r"(?:literature\s+)?(?:review|survey|overview|summary)\s*(?:on|of|about|regarding|covering)?\s+",
    r"(?:a\s+|an\s+)?(?:literature\s+)?(?:review|survey|overview)\s+(?:on|of|about)\s+",
]
_LEADING_FILLERS = re.compile(
    r"^(?:(?:the|recent|latest|new|novel|current|key|major|state[- ]of[- ]the[- ]art|advances?|"
    r"progress|developments?|trends?|research|work|in|on|of|about|for|and|the field of|"
    r"please|review|summari[sz]e|survey|overview|papers?|publications?|articles?|studies|"
    r"preprints?)\s+)+",
    re.IGNORECASE,
)
_EMPHASIS_PATTERN = re.compile(
    r",?\s*(?:with\s+(?:an?\s+)?(?:accent|emphasis|focus)\s+on|focusing on|focused on|"
    r"with particular attention to|especially)\s+(?P<focus>.+)$",
    re.IGNORECASE,
)


@dataclass
class RequestConstraints:
    """Paper count, date window and topic stated in a request, as code found them."""

    topic: str
    """The subject, with request words removed, for example `deep learning optimizers`."""
    focus: str | None = None
    """An emphasis the request adds (`with an accent on ...`), or None."""
    paper_count: int | None = None
    """Requested number of papers after clamping, or None when the request names none."""
    since: date | None = None
    until: date | None = None
    wants_recent: bool = False
    warnings: list[str] = field(default_factory=list)


def parse_request(
    request: str, *, today: date, recency_months: int, max_papers: int = MAX_PAPERS
) -> RequestConstraints:
    """Extract topic, focus, paper count and date window from a free-text request.

    "recent" (with no explicit dates) means the `recency_months` before `today`. Counts outside
    1..max_papers are clamped, with a warning.
    """
    text = " ".join(request.split())
    constraints = RequestConstraints(topic="")
    constraints.paper_count = _parse_count(text, constraints.warnings, max_papers)
    constraints.since, constraints.until = _parse_window(text, today)
    constraints.wants_recent = bool(_RECENT_PATTERN.search(text))
    if constraints.since is None and constraints.until is None and constraints.wants_recent:
        constraints.since = subtract_months(today, recency_months)
        constraints.until = today
    constraints.topic, constraints.focus = extract_topic(text)
    return constraints


def _parse_count(text: str, warnings: list[str], max_papers: int) -> int | None:
    match = _COUNT_PATTERN.search(text)
    if match is None:
        return None
    raw = match.group("count").lower()
    count = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
    clamped = min(max(count, MIN_PAPERS), max_papers)
    if clamped != count:
        warnings.append(
            f"The request asks for {count} papers; litreview reviews {MIN_PAPERS} to "
            f"{max_papers}, so this review uses {clamped}."
        )
    return clamped


def _parse_window(text: str, today: date) -> tuple[date | None, date | None]:
    if match := _BETWEEN_PATTERN.search(text):
        first, second = _period(match.group("start")), _period(match.group("end"))
        start, end = sorted((first, second))
        return start[0], min(end[1], today)
    if match := _LAST_PERIOD_PATTERN.search(text):
        amount_text = (match.group("amount") or "1").lower()
        amount = int(amount_text) if amount_text.isdigit() else _NUMBER_WORDS[amount_text]
        unit = match.group("unit").lower().rstrip("s")
        months = {"year": 12 * amount, "month": amount}.get(unit)
        if months is None:
            return date.fromordinal(today.toordinal() - 7 * amount), today
        return subtract_months(today, months), today
    if match := _ONLY_PERIOD_PATTERN.search(text):
        first_day, last_day = _period(match.group("period") or match.group("period_before_only"))
        return first_day, min(last_day, today)
    since = until = None
    if match := _SINCE_PATTERN.search(text):
        first_day, last_day = _period(match.group("period"))
        after = match.group(0).lower().split()[-2] == "after"
        since = last_day + timedelta(days=1) if after else first_day
    if match := _BEFORE_PATTERN.search(text):
        first_day, last_day = _period(match.group("period"))
        before = match.group("word").lower() in ("before", "prior to")
        until = first_day - timedelta(days=1) if before else last_day
    if since is None and until is None and (match := _IN_YEAR_PATTERN.search(text)):
        first_day, last_day = _period(match.group("period"))
        since, until = first_day, min(last_day, today)
    return since, until


def _period(text: str) -> tuple[date, date]:
    """Return the first and last day of a period matched by _PERIOD."""
    words = text.replace(".", " ").split()
    if len(words) == 2:
        year, month = int(words[1]), _MONTHS[words[0].lower()]
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    parts = [int(part) for part in text.split("-")]
    year = parts[0]
    if len(parts) == 1:
        return date(year, 1, 1), date(year, 12, 31)
    month = min(max(parts[1], 1), 12)
    last = calendar.monthrange(year, month)[1]
    if len(parts) > 2:
        day = min(max(parts[2], 1), last)
        return date(year, month, day), date(year, month, day)
    return date(year, month, 1), date(year, month, last)


def subtract_months(day: date, months: int) -> date:
    """Return the same day `months` calendar months earlier, clamped to the month's length."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def extract_topic(request: str) -> tuple[str, str | None]:
    """Return (topic, focus) from a request, dropping instructions, counts and date phrases.

    A request of several sentences ("What is new in X? Give me 5 papers.") is cut into
    clauses, and the clause with the most words left after the cleaning gives the topic.
    """
    text = _COUNT_PATTERN.sub(" ", request)
    for pattern in (
        _BETWEEN_PATTERN,
        _LAST_PERIOD_PATTERN,
        _ONLY_PERIOD_PATTERN,
        _SINCE_PATTERN,
        _BEFORE_PATTERN,
        _IN_YEAR_PATTERN,
    ):
        text = pattern.sub(" ", text)
    text = _EMPTY_BRACKETS.sub(" ", text)
    clauses = [_clean_clause(clause) for clause in re.split(r"[.?!;]+(?:\s|$)", text)]
    text = max(clauses, key=lambda clause: len(clause.split()), default="")
    focus = None
    if match := _EMPHASIS_PATTERN.search(text):
        focus = match.group("focus").strip(" .,;:!?") or None
        text = text[: match.start()]
    text = re.sub(r"^(?:and\s+)+", "", text.strip(" .,;:!?"), flags=re.IGNORECASE)
    topic = _strip_trailing_fillers(_LEADING_FILLERS.sub("", text).strip(" .,;:!?"))
    return topic or text or request.strip(), focus


def _clean_clause(clause: str) -> str:
    """Remove question scaffolding and instructions from one clause of a request."""
    text = " ".join(clause.split())
    text = _QUESTION_SCAFFOLD.sub("", text)
    for phrase in _REQUEST_PHRASES:
        text = re.sub(rf"(?:^|\b){phrase}", " ", text, flags=re.IGNORECASE)
    text = _QUESTION_SCAFFOLD.sub("", " ".join(text.split()))
    text = re.sub(r"\s*,(?:\s*,)+", ",", text)
    return " ".join(text.split()).strip(" .,;:!?")


# "What are the latest results on", "I need", "Can you", "Give me": framing, not topic.
_QUESTION_SCAFFOLD = re.compile(
    r"^(?:(?:what|which|how)\s+(?:are|is|were|was|do|does|have|has)\s+(?:the\s+)?"
    r"(?:(?:latest|recent|newest|current|main|key|most important)\s+)?"
    r"(?:(?:results|advances|developments|findings|work|research|papers|trends|approaches|"
    r"methods|ideas)\s+)?(?:(?:on|in|about|for|of|with)\s+)?"
    r"|(?:i|we)\s+(?:need|want|would like|am looking for|are looking for)\s+(?:to\s+\w+\s+)?"
    r"|(?:can|could|would)\s+you\s+(?:please\s+)?"
    r"|(?:give|show|tell)\s+(?:me|us)\s+(?:about\s+)?)+",
    re.IGNORECASE,
)
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]")


_TRAILING_FILLERS = frozenset(
    [
        "papers",
        "paper",
        "publications",
        "publication",
        "articles",
        "article",
        "studies",
        "study",
        "preprints",
        "works",
        "from",
        "the",
        "in",
        "over",
        "during",
        "within",
        "published",
        "of",
        "on",
        "and",
        "recent",
        "latest",
        "about",
    ]
)


def _strip_trailing_fillers(text: str) -> str:
    words = text.split()
    while words and words[-1].lower() in _TRAILING_FILLERS:
        words.pop()
    return " ".join(words)
