"""Parsing of the dates users type on the command line and in requests."""

from __future__ import annotations

import calendar
import re
from datetime import date

from agents.errors import InvalidRequestError

_DATE_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?$")


def parse_date(text: str, field: str, *, end_of_period: bool = False) -> date:
    """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD` into a date.

    A year or month alone means its first day, or its last day when `end_of_period` is true,
    so that `--until 2025` includes all of 2025. Raises InvalidRequestError naming `field`.
    """
    match = _DATE_PATTERN.match(text.strip())
    if match is None:
        raise InvalidRequestError(
            field, f"{text!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD, for example 2025-03"
        )
    year = int(match.group("year"))
    month_text, day_text = match.group("month"), match.group("day")
    month = 12 if end_of_period else 1
    if month_text:
        month = int(month_text)
    if not 1 <= month <= 12:
        raise InvalidRequestError(field, f"{text!r} has month {month}; use a month from 1 to 12")
    last_day = calendar.monthrange(year, month)[1]
    day = last_day if end_of_period else 1
    if day_text:
        day = int(day_text)
    if not 1 <= day <= last_day:
        raise InvalidRequestError(
            field, f"{text!r} has day {day}; {year}-{month:02d} has days 1 to {last_day}"
        )
    return date(year, month, day)
