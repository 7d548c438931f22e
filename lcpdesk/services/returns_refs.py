"""What the returns services share: references written into a return, where a field sits on
the sheets, and the dates of a quarter.

References: an existing goal is written as ``G<id>`` (``G17``) and an allocation as
``A<id>`` (``A203``), the store's own numbers, so a return read back finds exactly the row it
was written from; a row with no reference is new. References are accepted in any case and
with spaces around them.

Field keys name what a problem is about, in the template vocabulary: ``cover.partnership``,
``membership[].code``, ``maturity[].level``, ``raters[].level.<dimension>``, ``goals[].ref``,
``readings[].measure``, ``milestones[].goal_ref``, ``resources[].partner`` and so on (the
vocabulary of ``lcpdesk.io.templates_vocab``). A :data:`Locator` turns a field key and a
table row (0-based, ``None`` for single cells) into a sheet and cell; the reader of a workbook
knows them, and without it the problem names the sheet and the row.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from lcpdesk.domain.allocation_periods import Period as Dates
from lcpdesk.domain.allocation_periods import financial_year, fy_quarter
from lcpdesk.domain.periods import Period
from lcpdesk.domain.returns import ReturnProblem, TemplateId
from lcpdesk.errors import Location

TEMPLATE = TemplateId("lcp-quarterly-return", 1)

Locator = Callable[[str, int | None], Location]

SHEETS = {
    "cover": "Cover",
    "framework": "Maturity",
    "membership": "Membership",
    "maturity": "Maturity",
    "raters": "Maturity",
    "goals": "Goals",
    "readings": "Goals",
    "milestones": "Goals",
    "resources": "Resources",
}

_REF = re.compile(r"^\s*([GA])\s*(\d{1,9})\s*$", re.IGNORECASE)


def goal_ref(goal_id: int) -> str:
    return f"G{goal_id}"


def allocation_ref(allocation_id: int) -> str:
    return f"A{allocation_id}"


def parse_ref(text: str, prefix: str) -> int | None:
    """The id in ``G17`` (prefix ``G``); None when the text is not such a reference."""
    found = _REF.match(text)
    if found is None or found[1].upper() != prefix:
        return None
    return int(found[2])


def sheet_locator(key: str, row: int | None) -> Location:
    """Where a field is when only the template's sheets are known: the sheet, and the row of
    the table counted from 1."""
    sheet = SHEETS.get(re.split(r"[.\[]", key, maxsplit=1)[0], "")
    return Location(sheet=sheet or None, line=None if row is None else row + 1)


def problem(
    locate: Locator, key: str, row: int | None, message: str, hint: str = ""
) -> ReturnProblem:
    where = locate(key, row)
    if where.cell is None and where.line is not None and where.sheet:
        message = f"row {where.line}: {message}"
    return ReturnProblem(message, where, hint)


def quarter_dates(period: Period) -> Dates:
    """First and last day of a quarter (a whole year when the period has no quarter)."""
    day = dt.date(period.start_year, 4, 1)
    if period.quarter is None:
        return financial_year(day)
    return fy_quarter(day, period.quarter)
