"""Dates as NHS Digital, ODS and spreadsheets write them.

``EXTRACT_DATE`` in the GP registration files has come as ``01APR2021``, ``01-Apr-20`` and
``2024-06-01``; ODS files use ``20210401``; people type ``01/04/2021`` (day first, as in the UK).
Month names are matched in English whatever the computer's locale is.

A column of a million rows usually holds one date, so :func:`parse_date_series` parses each
distinct text once and spreads the results.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

__all__ = [
    "DateFormatError",
    "factorize_dates",
    "parse_date",
    "parse_date_series",
    "unique_dates",
]

_MONTHS: dict[str, int] = {}
for _number, _name in enumerate(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ],
    start=1,
):
    _MONTHS[_name] = _number
    _MONTHS[_name[:3]] = _number
_MONTHS["sept"] = 9

# A time of day after a date (as spreadsheets export it) is accepted and ignored.
_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_MONTH_NAME = re.compile(r"(\d{1,2})[-\s]?([A-Za-z]{3,9})[-\s]?(\d{4}|\d{2})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME)
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})" + _TIME)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")

EXAMPLES = "01APR2021, 01-Apr-20, 2024-06-01, 01/04/2021 or 20210401"


class DateFormatError(ValueError):
    """A text is not a date in any accepted form.

    ``position`` is the 0-based position, in the series given, of the first row holding it
    (``None`` when a single value was parsed).
    """

    def __init__(self, value: object, position: int | None = None) -> None:
        super().__init__(f"'{value}' is not a date (expected a date such as {EXAMPLES})")
        self.value = value
        self.position = position


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        # Two-digit years only occur in recent NHS extracts (01-Apr-20): 00-69 -> 2000s.
        year += 2000 if year < 70 else 1900
    return year


def _make(value: object, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateFormatError(value) from None


def parse_date(value: object) -> dt.date:
    """Read one date; raise :class:`DateFormatError` if it is not one.

    Accepts ``01APR2021``, ``01-Apr-20``, ``1 April 2021``, ``2024-06-01`` (with or without a
    time after it), ``01/04/2021`` and ``01/04/21`` (day first), ``20210401``, and
    ``datetime.date``/``datetime.datetime`` objects (as read from a spreadsheet).
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise DateFormatError(value)
    text = value.strip()
    if match := _MONTH_NAME.fullmatch(text):
        day_text, name, year_text = match.groups()
        month_number = _MONTHS.get(name.lower())
        if month_number is None:
            raise DateFormatError(value)
        return _make(value, _year(year_text), month_number, int(day_text))
    if match := _ISO.fullmatch(text):
        year_text, month_text, day_text = match.groups()
        return _make(value, int(year_text), int(month_text), int(day_text))
    if match := _DAY_FIRST.fullmatch(text):
        day_text, month_text, year_text = match.groups()
        return _make(value, _year(year_text), int(month_text), int(day_text))
    if match := _COMPACT.fullmatch(text):
        year_text, month_text, day_text = match.groups()
        return _make(value, int(year_text), int(month_text), int(day_text))
    raise DateFormatError(value)


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return bool(np.isnan(value))
    return isinstance(value, str) and not value.strip()


def parse_date_series(values: pd.Series, *, allow_blank: bool = False) -> pd.Series:
    """Parse a column of dates, each distinct text once.

    Returns an ``object`` Series (same index) of ``datetime.date``; blank cells become ``None``
    when ``allow_blank`` is true and are an error otherwise. Raises :class:`DateFormatError`
    whose ``position`` is the first row holding the offending text.
    """
    codes, parsed = _parse_distinct(values, allow_blank=allow_blank)
    return pd.Series(parsed[codes], index=values.index, dtype=object)


def unique_dates(values: pd.Series, *, allow_blank: bool = False) -> tuple[dt.date, ...]:
    """The distinct dates in a column, sorted (blank cells are skipped if allowed)."""
    _codes, parsed = _parse_distinct(values, allow_blank=allow_blank)
    return tuple(sorted({value for value in parsed if value is not None}))


def factorize_dates(
    values: pd.Series, *, allow_blank: bool = False
) -> tuple[np.ndarray, list[dt.date | None]]:
    """Codes (int64, one per row) into a list of distinct dates; texts meaning the same date
    (``01APR2021`` and ``2021-04-01``) share a code."""
    codes, parsed = _parse_distinct(values, allow_blank=allow_blank)
    merged, distinct = pd.factorize(pd.Series(parsed, dtype=object), use_na_sentinel=False)
    dates = [value if isinstance(value, dt.date) else None for value in distinct]
    return np.asarray(merged, dtype=np.int64)[codes], dates


def _parse_distinct(values: pd.Series, *, allow_blank: bool) -> tuple[np.ndarray, np.ndarray]:
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    parsed = np.empty(len(uniques), dtype=object)
    for number, raw in enumerate(uniques):
        if _is_blank(raw):
            if not allow_blank:
                raise DateFormatError("" if raw is None else raw, _first(codes, number))
            parsed[number] = None
            continue
        try:
            parsed[number] = parse_date(raw)
        except DateFormatError:
            raise DateFormatError(raw, _first(codes, number)) from None
    return codes, parsed


def _first(codes: np.ndarray, number: int) -> int:
    return int(np.argmax(codes == number))
