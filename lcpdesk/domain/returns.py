"""A partnership's quarterly return, as data: what a return workbook holds, by natural keys.

A return is one partnership's workbook for one period. lcpdesk writes it (pre-filled from the
store, or filled) and reads it back; between the two it is plain data, described here without
any file format or database: practices by ODS code, maturity dimensions by their framework key,
levels by name, partners by name. Goals, measures and allocations that already exist carry the
reference lcpdesk wrote into the return (``ref``); a row with no reference is new.

The template (which sheet and cell holds which field) is a description file
(``resources/templates/``), read by ``lcpdesk.io``; the services compare a
:class:`ReturnContent` with the store to preview and apply it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from lcpdesk.errors import Location

# What a partner says of each pre-filled practice on the Membership sheet ("" = not yet said).
CONFIRMED = "confirmed"
JOINING = "joining"
LEAVING = "leaving"
SPLIT = "split"
PRACTICE_STATUSES = (CONFIRMED, JOINING, LEAVING, SPLIT)


@dataclass(frozen=True)
class TemplateId:
    """Which template a workbook was made from: its stamp."""

    key: str  # e.g. "lcp-quarterly-return"
    version: int  # e.g. 1

    def __str__(self) -> str:
        return f"{self.key} v{self.version}"


@dataclass(frozen=True)
class Cover:
    area: str
    partnership: str
    period: str  # a quarter as lcpdesk.domain.periods spells it: "2026/27 Q3"
    completed_by: str = ""
    completed_role: str = ""
    email: str = ""
    completed_on: dt.date | None = None
    signed_off_by: str = ""
    signed_off_role: str = ""
    signed_off_on: dt.date | None = None


@dataclass(frozen=True)
class PracticeLine:
    code: str  # ODS code, upper case
    name: str = ""  # pre-filled (grey)
    subunit: str = ""  # PCN or sub-unit, pre-filled
    list_size: int | None = None  # latest registered list size, pre-filled
    status: str = ""  # "" or one of PRACTICE_STATUSES
    comment: str = ""


@dataclass(frozen=True)
class DimensionLine:
    key: str  # the framework's dimension key (a scored dimension)
    name: str = ""  # pre-filled label, e.g. "Culture: Community driven"
    level: str | None = None  # the agreed level's name, as the framework spells it
    evidence: str = ""
    next_steps: str = ""
    target: str | None = None  # a level name


@dataclass(frozen=True)
class RaterLine:
    name: str
    organisation: str = ""
    levels: tuple[tuple[str, str], ...] = ()  # (dimension key, level name), only those scored


@dataclass(frozen=True)
class GoalLine:
    ref: str  # the reference lcpdesk wrote for an existing goal; "" for a new goal
    title: str
    status: str  # one of lcpdesk.domain.goals.STATUSES
    progress_note: str = ""
    # Read for new goals (pre-filled, grey, for existing ones):
    term: str = "short"
    priority_kind: str = "local"
    priority_label: str = ""
    due_date: dt.date | None = None


@dataclass(frozen=True)
class ReadingLine:
    goal_ref: str
    measure: str  # the measure's name within its goal
    when: dt.date
    value: Decimal


@dataclass(frozen=True)
class MeasureLine:
    """A measure the return lists for a reading to be given (a pre-filled row, date and value
    blank); readings already given are :class:`ReadingLine` s."""

    goal_ref: str
    measure: str


@dataclass(frozen=True)
class MilestoneLine:
    goal_ref: str
    title: str
    due_date: dt.date | None = None
    done_date: dt.date | None = None


@dataclass(frozen=True)
class AllocationLine:
    ref: str  # "" for a new allocation
    partner: str  # partner organisation's name
    sector: str  # a key of lcpdesk.domain.resources.SECTORS (used when the partner is new)
    kind: str  # a key of lcpdesk.domain.resources.KINDS
    amount: Decimal  # in the kind's own unit: pounds, WTE, hours a week (two decimals at most)
    period_start: dt.date
    period_end: dt.date
    status: str  # one of lcpdesk.domain.resources.ALLOCATION_STATUSES
    goal_ref: str = ""  # "" when not for a particular goal
    notes: str = ""


@dataclass(frozen=True)
class ReturnContent:
    """Everything a return carries, in its order on the sheets."""

    template: TemplateId
    cover: Cover
    framework_key: str = ""
    framework_version: int | None = None
    practices: tuple[PracticeLine, ...] = ()
    dimensions: tuple[DimensionLine, ...] = ()
    raters: tuple[RaterLine, ...] = ()
    goals: tuple[GoalLine, ...] = ()
    readings: tuple[ReadingLine, ...] = ()
    milestones: tuple[MilestoneLine, ...] = ()
    allocations: tuple[AllocationLine, ...] = ()
    measures: tuple[MeasureLine, ...] = ()  # measures awaiting a reading (empty rows)


@dataclass(frozen=True)
class ReturnProblem:
    """Something wrong in a return, where it is: ``Maturity!C7: "Developping" is not a level``."""

    message: str
    where: Location = field(default_factory=Location)
    hint: str = ""

    def __str__(self) -> str:
        sheet, cell = self.where.sheet, self.where.cell
        place = f"{sheet}!{cell}" if sheet and cell else (sheet or "")
        return f"{place}: {self.message}" if place else self.message
