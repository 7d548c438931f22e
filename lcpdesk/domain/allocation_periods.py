"""Allocation periods: a start and an (inclusive) end date, named as NHS people name them
(``2019/20``, ``2019/20 Q2``), parsed from what people type, and rolled forward.

The NHS financial year runs from 1 April to 31 March; Q1 is April to June.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from lcpdesk import clock
from lcpdesk.errors import InputError


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        return start <= self.end and end >= self.start

    @property
    def label(self) -> str:
        """``2019/20``, ``2019/20 Q2``, or ``1 Apr 2019 – 30 Sep 2019``."""
        fy = financial_year(self.start)
        if self == fy:
            return fy_name(self.start)
        for q in range(1, 5):
            if self == fy_quarter(self.start, q):
                return f"{fy_name(self.start)} Q{q}"
        return f"{day_text(self.start)} – {day_text(self.end)}"


def day_text(d: dt.date) -> str:
    return f"{d.day} {d:%b %Y}"


def _fy_start_year(d: dt.date) -> int:
    return d.year if d.month >= 4 else d.year - 1


def fy_name(d: dt.date) -> str:
    """The NHS financial year (April to March) holding ``d``: ``2019/20``."""
    y = _fy_start_year(d)
    return f"{y}/{(y + 1) % 100:02d}"


def financial_year(d: dt.date) -> Period:
    y = _fy_start_year(d)
    return Period(dt.date(y, 4, 1), dt.date(y + 1, 3, 31))


def fy_quarter(d: dt.date, quarter: int) -> Period:
    y = _fy_start_year(d)
    first = add_months(dt.date(y, 4, 1), 3 * (quarter - 1))
    return Period(first, add_months(first, 3) - dt.timedelta(days=1))


def add_months(d: dt.date, months: int) -> dt.date:
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


RELATIVE_YEARS = {"this-year": 0, "last-year": -1, "next-year": 1}


def parse_period(text: str, today: dt.date | None = None) -> Period:
    """``2019/20`` or ``2019-20`` (a financial year), ``2019/20 Q2``, ``2019-04-01..2020-03-31``,
    one date ``2019-06-30`` (the allocations running on that day), or ``this-year``,
    ``last-year``, ``next-year`` (the financial year ``today`` falls in, or a neighbour)."""
    raw = " ".join(text.split())
    shift = RELATIVE_YEARS.get(raw.lower())
    if shift is not None:
        current = financial_year(today or clock.today())
        return financial_year(dt.date(current.start.year + shift, 4, 1))
    try:
        if ".." in raw:
            a, b = (dt.date.fromisoformat(p.strip()) for p in raw.split("..", 1))
            if b < a:
                raise ValueError(raw)
            return Period(a, b)
        head, _, quarter = raw.partition(" ")
        if len(head) == 7 and head[4] in "/-" and head[:4].isdigit() and head[5:].isdigit():
            year = int(head[:4])
            if (year + 1) % 100 != int(head[5:]):
                raise ValueError(raw)
            april = dt.date(year, 4, 1)
            if quarter:
                q = quarter.upper()
                if q not in ("Q1", "Q2", "Q3", "Q4"):
                    raise ValueError(raw)
                return fy_quarter(april, int(q[1]))
            return financial_year(april)
        day = dt.date.fromisoformat(raw)
        return Period(day, day)
    except ValueError:
        raise InputError(
            f"'{text}' is not a period.",
            hint="Give a financial year (2019/20, or this-year), a quarter (2019/20 Q2), a date "
            "range (2019-04-01..2020-03-31) or a date (2019-06-30).",
        ) from None


def next_period(start: dt.date, end: dt.date) -> Period:
    """The period of the same length starting the day after ``end``.

    A period of whole calendar months (from a 1st to a month end) moves by that many months,
    so 1 Apr 2019 – 31 Mar 2020 (366 days) is followed by 1 Apr 2020 – 31 Mar 2021 (365).
    Any other period moves by its length in days.
    """
    new_start = end + dt.timedelta(days=1)
    if start.day == 1 and new_start.day == 1:
        months = (new_start.year - start.year) * 12 + new_start.month - start.month
        return Period(new_start, add_months(new_start, months) - dt.timedelta(days=1))
    return Period(new_start, new_start + (end - start))
