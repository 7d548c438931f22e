"""Assessment periods: NHS financial years and their quarters, e.g. ``2019/20 Q2``.

A financial year runs from April to March; Q1 is April to June. People write a period in
many ways (``2019-20 Q2``, ``19/20 q2``, ``Q2 2019/20``, ``FY2019/20 Q2``); :func:`parse`
reads them all and gives the one spelling lcpdesk stores and shows. A whole year
(``2019/20``) is a period too, for areas that assess once a year.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from lcpdesk.errors import InputError

EXAMPLE = "2019/20 Q2"

_YEAR = r"(?:FY\s*)?(?P<y1>\d{4}|\d{2})\s*[/\-–]\s*(?P<y2>\d{4}|\d{2})"
_QUARTER = r"Q\s*(?P<q>[1-4])"
_FORMS = (
    re.compile(rf"^{_YEAR}(?:\s*,?\s*{_QUARTER})?$", re.IGNORECASE),
    re.compile(rf"^{_QUARTER}\s*,?\s*{_YEAR}$", re.IGNORECASE),
)


@dataclass(frozen=True, order=True)
class Period:
    """A financial year (``start_year`` 2019 is 2019/20) and, optionally, a quarter."""

    start_year: int
    quarter: int | None = None

    def __str__(self) -> str:
        year = f"{self.start_year}/{(self.start_year + 1) % 100:02d}"
        return year if self.quarter is None else f"{year} Q{self.quarter}"

    @property
    def sort_key(self) -> tuple[int, int]:
        """Quarters in order, a whole year after its fourth quarter."""
        return (self.start_year, self.quarter if self.quarter is not None else 5)

    def next(self) -> Period:
        if self.quarter is None:
            return Period(self.start_year + 1)
        if self.quarter == 4:
            return Period(self.start_year + 1, 1)
        return Period(self.start_year, self.quarter + 1)


def _full_year(text: str) -> int:
    return int(text) if len(text) == 4 else 2000 + int(text)


def try_parse(text: str) -> Period | None:
    cleaned = " ".join(str(text).split())
    for form in _FORMS:
        found = form.match(cleaned)
        if found is None:
            continue
        start = _full_year(found["y1"])
        end_text = found["y2"]
        follows = (
            int(end_text) == start + 1 if len(end_text) == 4 else int(end_text) == (start + 1) % 100
        )
        if not follows:
            return None
        quarter = int(found["q"]) if found["q"] else None
        return Period(start, quarter)
    return None


def parse(text: str) -> Period:
    """The period a user typed; :class:`InputError` saying how to write one otherwise."""
    found = try_parse(text)
    if found is None:
        raise InputError(
            f"'{text.strip()}' is not a period.",
            hint=f"Give a financial year and quarter, e.g. {EXAMPLE} (or a whole year, 2019/20).",
        )
    return found


def normalise(text: str) -> str:
    """The stored spelling of a period (``19/20 q2`` -> ``2019/20 Q2``)."""
    return str(parse(text))


def sort_key(text: str) -> tuple[int, int, str]:
    """Orders stored period texts by time; texts that are not periods go last, by name."""
    found = try_parse(text)
    if found is None:
        return (9999, 9, text)
    return (*found.sort_key, "")


def containing(day: dt.date) -> Period:
    """The financial quarter a date falls in (1 May 2020 -> 2020/21 Q1)."""
    if day.month >= 4:
        return Period(day.year, (day.month - 4) // 3 + 1)
    return Period(day.year - 1, 4)
