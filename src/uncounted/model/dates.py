"""Uncertain dates, EDTF-style: exact day, month, year, range, or unknown.

Text forms (a subset of the Extended Date/Time Format, ISO 8601-2)::

    ""            unknown
    "2018"        some day in 2018
    "2018-05"     some day in May 2018
    "2018-05-03"  that day
    "2018/2019"   some day between 1 January 2018 and 31 December 2019;
                  each end may be a year, month or day ("2018-05/2018-09-14"),
                  or ".." for an open end ("../2019").

``str(UncertainDate.parse(text))`` is a canonical form and parses back to an
equal value. Parsing raises :class:`ValueError` on anything else.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

Precision = Literal["day", "month", "year", "range", "unknown"]

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"(\d{4})")
_UNKNOWN_TEXTS = frozenset({"", "unknown", "?", "..", "../.."})
OPEN = ".."


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _parse_point(text: str) -> tuple[Precision, date, date]:
    """One calendar point: its precision and first and last possible day."""
    if m := _DAY.fullmatch(text):
        day = date(int(m[1]), int(m[2]), int(m[3]))
        return "day", day, day
    if m := _MONTH.fullmatch(text):
        year, month = int(m[1]), int(m[2])
        first = date(year, month, 1)
        return "month", first, date(year, month, _last_day(year, month))
    if m := _YEAR.fullmatch(text):
        year = int(m[1])
        return "year", date(year, 1, 1), date(year, 12, 31)
    raise ValueError("not a date: use YYYY, YYYY-MM, YYYY-MM-DD or A/B")


def _format_start(d: date) -> str:
    if (d.month, d.day) == (1, 1):
        return f"{d.year:04d}"
    return f"{d.year:04d}-{d.month:02d}" if d.day == 1 else d.isoformat()


def _format_end(d: date) -> str:
    if (d.month, d.day) == (12, 31):
        return f"{d.year:04d}"
    if d.day == _last_day(d.year, d.month):
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


@dataclass(frozen=True, slots=True)
class UncertainDate:
    """A date known to some precision: the first and last day it may be."""

    precision: Precision
    earliest: date | None
    latest: date | None

    def __post_init__(self) -> None:
        if self.precision == "unknown":
            if self.earliest is not None or self.latest is not None:
                raise ValueError("an unknown date has no bounds")
        elif self.precision != "range" and (self.earliest is None or self.latest is None):
            raise ValueError("a day, month or year date needs both bounds")
        elif self.precision == "range" and self.earliest is None and self.latest is None:
            raise ValueError("a range needs at least one end")
        if self.earliest and self.latest and self.earliest > self.latest:
            raise ValueError("a date range must not end before it starts")

    @classmethod
    def unknown(cls) -> UncertainDate:
        """The date about which nothing is known."""
        return cls("unknown", None, None)

    @classmethod
    def exact(cls, day: date) -> UncertainDate:
        """A known calendar day."""
        return cls("day", day, day)

    @classmethod
    def parse(cls, text: str) -> UncertainDate:
        """Read the EDTF-style text form (see the module docstring)."""
        text = text.strip()
        if text.lower() in _UNKNOWN_TEXTS:
            return cls.unknown()
        if "/" not in text:
            precision, first, last = _parse_point(text)
            return cls(precision, first, last)
        start, _, end = text.partition("/")
        earliest = None if start.strip() in ("", OPEN) else _parse_point(start.strip())[1]
        latest = None if end.strip() in ("", OPEN) else _parse_point(end.strip())[2]
        return cls("range", earliest, latest)

    def __str__(self) -> str:
        if self.precision == "unknown":
            return ""
        if self.precision == "range":
            start = OPEN if self.earliest is None else _format_start(self.earliest)
            end = OPEN if self.latest is None else _format_end(self.latest)
            return f"{start}/{end}"
        assert self.earliest is not None
        if self.precision == "year":
            return f"{self.earliest.year:04d}"
        if self.precision == "month":
            return f"{self.earliest.year:04d}-{self.earliest.month:02d}"
        return self.earliest.isoformat()

    @property
    def year(self) -> int | None:
        """The calendar year, when the date surely falls within one; else None."""
        if self.earliest is None or self.latest is None:
            return None
        return self.earliest.year if self.earliest.year == self.latest.year else None

    @property
    def known(self) -> bool:
        """Whether anything is known about the date."""
        return self.precision != "unknown"
