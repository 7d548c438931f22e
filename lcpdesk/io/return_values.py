"""Reading one cell of a return as the value its field's type says, forgivingly.

Levels in any case or as their number (1 = lowest), UK dates (``01/04/2026`` is 1 April) and
Excel date serials, ``31,860``, ``£31,860`` and ``31860.0``, spaces around text: all accepted.
Anything else raises :class:`BadValue` with a message for the user.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from lcpdesk.domain import periods
from lcpdesk.domain.rules import is_practice_code
from lcpdesk.io import templates_vocab as vocab
from lcpdesk.io.dates import DateFormatError, parse_date
from lcpdesk.io.return_fields import Value
from lcpdesk.io.templates import FieldSpec

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_NUMBER = re.compile(r"-?£?-?\d{1,3}(,\d{3})+(\.\d+)?|-?£?-?\d+(\.\d+)?|-?£?-?\.\d+")


class BadValue(ValueError):
    pass


def is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def as_text(raw: object) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return str(raw).strip()


def _shown(raw: object) -> str:
    text = as_text(raw)
    return f'"{text[:60]}…"' if len(text) > 60 else f'"{text}"'


def _decimal(raw: object) -> Decimal:
    if isinstance(raw, bool):
        raise BadValue(f"{_shown(raw)} is not a number")
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw))
    text = "".join(str(raw).split())
    if not _NUMBER.fullmatch(text):
        raise BadValue(f"{_shown(raw)} is not a number")
    try:
        return Decimal(text.replace(",", "").replace("£", ""))
    except InvalidOperation:
        raise BadValue(f"{_shown(raw)} is not a number") from None


def _date(raw: object) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool) and 1 <= raw < 2_958_466:
        return _EXCEL_EPOCH + dt.timedelta(days=int(raw))
    try:
        return parse_date(as_text(raw))
    except DateFormatError:
        raise BadValue(f"{_shown(raw)} is not a date (give a date such as 01/04/2026)") from None


def _level(text: str, levels: Sequence[str]) -> str:
    if not levels:
        return text
    wanted = " ".join(text.split()).casefold()
    for level in levels:
        if level.casefold() == wanted:
            return level
    if wanted.isdigit() and 1 <= int(wanted) <= len(levels):
        return levels[int(wanted) - 1]
    raise BadValue(f'"{text}" is not a level of this framework ({", ".join(levels)})')


def read_value(raw: object, spec: FieldSpec, levels: Sequence[str]) -> Value:
    """The value of a non-blank cell, or BadValue."""
    kind = spec.type
    if kind in (vocab.WHOLE, vocab.DECIMAL, vocab.MONEY):
        number = _decimal(raw)
        if kind == vocab.WHOLE:
            if number != number.to_integral_value():
                raise BadValue(f"{_shown(raw)} is not a whole number")
            return _limited(int(number), spec)
        places = -int(number.as_tuple().exponent)
        if (
            spec.decimals is not None
            and places > spec.decimals
            and number != round(number, spec.decimals)
        ):
            raise BadValue(f"{_shown(raw)} has more than {spec.decimals} decimal places")
        return _limited(number, spec)
    if kind == vocab.DATE:
        return _limited(_date(raw), spec)
    text = as_text(raw)
    if len(text) > spec.max_length:
        raise BadValue(f"the text is longer than {spec.max_length:,} characters")
    if kind == vocab.LEVEL:
        return _level(text, levels)
    if kind in (vocab.CHOICE, vocab.YES_NO):
        listed = vocab.FIXED_LISTS.get(spec.list or ("yes/no" if kind == vocab.YES_NO else ""))
        if spec.list == vocab.LEVELS:
            return _level(text, levels)
        if listed is None:
            return text
        key = listed.key_of(text)
        if key is None:
            raise BadValue(f"{_shown(text)} is not one of: {', '.join(listed.labels)}")
        return key
    if kind == vocab.PRACTICE_CODE:
        code = text.upper()
        if not is_practice_code(code):
            raise BadValue(f"{_shown(text)} is not a GP practice code (a letter and five digits)")
        return code
    if kind == vocab.EMAIL and not _EMAIL.fullmatch(text):
        raise BadValue(f"{_shown(text)} is not an email address")
    if kind == vocab.PERIOD:
        period = periods.try_parse(text)
        if period is None or period.quarter is None:
            raise BadValue(f"{_shown(text)} is not a quarter such as {periods.EXAMPLE}")
        return str(period)
    return text


def _limited(value: int | Decimal | dt.date, spec: FieldSpec) -> int | Decimal | dt.date:
    low, high = spec.min, spec.max
    if isinstance(value, dt.date):
        if isinstance(low, dt.date) and value < low:
            raise BadValue(f"{value:%d/%m/%Y} is before {low:%d/%m/%Y}")
        if isinstance(high, dt.date) and value > high:
            raise BadValue(f"{value:%d/%m/%Y} is after {high:%d/%m/%Y}")
        return value
    if isinstance(low, Decimal) and value < low:
        raise BadValue(f"{value:,} is less than {low:,}")
    if isinstance(high, Decimal) and value > high:
        raise BadValue(f"{value:,} is more than {high:,}")
    return value
