"""Conversion of records in the schema of Kaggle's arXiv metadata snapshot into Papers.

The snapshot (`arxiv-metadata-oai-snapshot.json`) has one JSON object per line with `id`,
`authors` (one string, LaTeX escapes kept), `authors_parsed` (`[last, first, suffix]` lists),
`title` and `abstract` (hard-wrapped), `categories` (space separated, primary first),
`versions` (`[{"version": "v1", "created": RFC 2822 date}, ...]`) and `update_date`.
"""

from __future__ import annotations

import re
from email.utils import parsedate
from functools import lru_cache
from typing import Any

from pylatexenc.latex2text import LatexNodes2Text

from agents.errors import InvalidArxivIdError, LitreviewError
from agents.sources.paper import Paper, make_paper, normalize_whitespace

_LATEX = LatexNodes2Text()
_HYPHENATED_INITIALS = re.compile(r"\.\s+-")
_AUTHOR_SEPARATOR = re.compile(r",\s*|\s+and\s+")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


class MalformedRecordError(LitreviewError):
    """A snapshot record lacks a required field or has a value of the wrong form."""


def paper_from_kaggle_record(record: Any) -> Paper:
    """Convert one parsed snapshot record into a Paper.

    Raises MalformedRecordError when the record is not an object, has no valid `id`, no
    `title`, or no date in `versions` or `update_date`.
    """
    if not isinstance(record, dict):
        raise MalformedRecordError(f"expected a JSON object, got {type(record).__name__}")
    arxiv_id = _required_text(record, "id")
    title = _required_text(record, "title")
    versions = record.get("versions") or []
    if not isinstance(versions, list):
        raise MalformedRecordError(f"`versions` must be a list, got {type(versions).__name__}")

    first_date, last_date = _version_dates(versions)
    update_date = _optional_text(record, "update_date")
    if update_date and not _ISO_DATE.match(update_date):
        raise MalformedRecordError(f"`update_date` {update_date!r} is not YYYY-MM-DD")
    published = first_date or update_date
    if not published:
        raise MalformedRecordError("no date: `versions` and `update_date` are both empty")
    updated = max(d for d in (update_date, last_date, published) if d)

    try:
        return make_paper(
            arxiv_id=arxiv_id,
            version=_latest_version_number(versions),
            title=title,
            abstract=_optional_text(record, "abstract") or "",
            authors=_authors(record),
            published=published,
            updated=updated,
            categories=(_optional_text(record, "categories") or "").split(),
            doi=_optional_text(record, "doi"),
            journal_ref=_optional_text(record, "journal-ref"),
            comment=_optional_text(record, "comments"),
        )
    except InvalidArxivIdError as error:
        raise MalformedRecordError(f"`id` {arxiv_id!r} is not an arXiv identifier") from error


def decode_latex(text: str) -> str:
    """Decode LaTeX accent escapes such as `Bal\\'azs` or `{\\O}bro` into Unicode.

    Text without a backslash or brace is returned unchanged, which keeps characters that are
    special to LaTeX but common in plain names (`&`, `%`) intact.
    """
    if "\\" not in text and "{" not in text:
        return text
    return _decode_latex_cached(text)


@lru_cache(maxsize=65536)
def _decode_latex_cached(text: str) -> str:
    return _LATEX.latex_to_text(text).strip()


def _required_text(record: dict[str, Any], key: str) -> str:
    value = record.get(key)
    if not isinstance(value, str) or not value.strip():
        raise MalformedRecordError(f"missing or empty `{key}`")
    return value


def _optional_text(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise MalformedRecordError(f"`{key}` must be a string, got {type(value).__name__}")
    return value


def _version_dates(versions: list[Any]) -> tuple[str | None, str | None]:
    """Return the ISO dates of the first and the last version, None where absent."""
    dates = []
    for index in (0, -1):
        if not versions:
            return None, None
        entry = versions[index]
        created = entry.get("created") if isinstance(entry, dict) else None
        parsed = parsedate(created) if isinstance(created, str) else None
        if parsed is None:
            raise MalformedRecordError(f"version entry {entry!r} has no RFC 2822 `created` date")
        dates.append(f"{parsed[0]:04d}-{parsed[1]:02d}-{parsed[2]:02d}")
    return dates[0], dates[1]


def _latest_version_number(versions: list[Any]) -> int:
    if not versions:
        return 1
    label = versions[-1].get("version", "") if isinstance(versions[-1], dict) else ""
    digits = str(label).lstrip("vV")
    if not digits.isdigit():
        raise MalformedRecordError(f"version label {label!r} is not of the form v2")
    return int(digits)


def _authors(record: dict[str, Any]) -> list[str]:
    """Build "First Last Suffix" names from `authors_parsed`, else split the `authors` string."""
    parsed = record.get("authors_parsed")
    if isinstance(parsed, list) and parsed:
        names = []
        for parts in parsed:
            if not isinstance(parts, list) or not all(isinstance(p, str) for p in parts):
                raise MalformedRecordError(f"author entry {parts!r} is not a list of strings")
            last, first, suffix = (parts + ["", "", ""])[:3]
            first = _HYPHENATED_INITIALS.sub(".-", first)
            names.append(decode_latex(" ".join(p for p in (first, last, suffix) if p.strip())))
        return names
    text = normalize_whitespace(_optional_text(record, "authors"))
    return [decode_latex(name) for name in _AUTHOR_SEPARATOR.split(text) if name.strip()]
