"""Partners, their allocations to partnerships and goals, periods, totals, warnings, roll-forward.

Amounts are integer hundredths of the kind's unit: pence for funding (and for the notional £
value of estates and in-kind support), hundredths of a WTE, hundredths of an hour a week.
Totals are kept per kind (never £ plus WTE) and per status.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from lcpdesk.domain.allocation_periods import Period, day_text
from lcpdesk.domain.amounts import money_text, number_text, uplifted_x100
from lcpdesk.errors import InputError

# --------------------------------------------------------------------------- vocabularies

SECTORS = {
    "statutory": "Statutory",
    "voluntary and community": "Voluntary and community",
    "independent": "Independent",
    "other": "Other",
}
ORG_TYPES = (
    "NHS trust",
    "Council",
    "GP practice",
    "PCN",
    "Neighbourhood network",
    "Housing",
    "Voluntary organisation",
    "Community group",
    "Independent provider",
    "Education",
    "Police / fire",
    "Other",
)


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    unit: str
    is_money: bool


KINDS = {
    k.key: k
    for k in (
        Kind("funding", "Funding", "£", True),
        Kind("staff_wte", "Staff", "WTE", False),
        Kind("staff_hours_week", "Staff hours", "hours a week", False),
        Kind("estates", "Estates", "£ value", True),
        Kind("in_kind", "In-kind support", "£ value", True),
    )
}
FUNDING = "funding"
PLANNED, COMMITTED, ACTUAL = "planned", "committed", "actual"
ALLOCATION_STATUSES = (PLANNED, COMMITTED, ACTUAL)


def amount_text(kind: str, amount_x100: int | None) -> str:
    """``£20,000``, ``1.5 WTE``, ``7.5 hours a week``."""
    k = KINDS.get(kind)
    if k is None or amount_x100 is None:
        return number_text(amount_x100)
    if k.is_money:
        return money_text(amount_x100)
    return f"{number_text(amount_x100)} {k.unit}"


def kind_label(kind: str) -> str:
    k = KINDS.get(kind)
    return f"{k.label} ({k.unit})" if k else kind


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Partner:
    id: int
    area_id: int
    name: str
    sector: str
    org_type: str = ""
    is_demo: bool = False
    allocations: int = 0  # how many allocations it makes
    goals_owned: int = 0


@dataclass(frozen=True)
class PartnerInput:
    name: str
    sector: str
    org_type: str = ""


@dataclass(frozen=True)
class Allocation:
    id: int
    partner_id: int
    partner_name: str
    sector: str
    partnership_id: int
    partnership_name: str
    goal_id: int | None
    goal_title: str
    goal_status: str
    kind: str
    amount_x100: int
    period_start: dt.date
    period_end: dt.date
    status: str
    notes: str = ""
    is_demo: bool = False

    @property
    def period(self) -> Period:
        return Period(self.period_start, self.period_end)


@dataclass(frozen=True)
class AllocationInput:
    partner_id: int
    partnership_id: int
    kind: str
    amount_x100: int
    period_start: dt.date
    period_end: dt.date
    status: str = PLANNED
    goal_id: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class GoalRef:
    """What the Resources pane needs to know of a goal."""

    id: int
    title: str
    status: str
    partnership_id: int
    partnership_name: str


def check_partner(data: PartnerInput) -> PartnerInput:
    name = " ".join(data.name.split())
    if not name:
        raise InputError("The partner needs a name.", hint="e.g. Leeds Community Healthcare.")
    if data.sector not in SECTORS:
        raise InputError(f"'{data.sector}' is not a sector.", hint=", ".join(SECTORS))
    return PartnerInput(name, data.sector, " ".join(data.org_type.split()))


def check_allocation(data: AllocationInput) -> AllocationInput:
    if data.kind not in KINDS:
        raise InputError(f"'{data.kind}' is not a kind of resource.")
    if data.status not in ALLOCATION_STATUSES:
        raise InputError(f"'{data.status}' is not a status.", hint="planned, committed or actual")
    if data.amount_x100 <= 0:
        raise InputError("The amount must be more than nothing.", hint="Type an amount above 0.")
    if data.period_end < data.period_start:
        raise InputError(
            "The period ends before it starts.", hint="Make the end on or after the start."
        )
    return AllocationInput(
        data.partner_id,
        data.partnership_id,
        data.kind,
        data.amount_x100,
        data.period_start,
        data.period_end,
        data.status,
        data.goal_id,
        data.notes.strip(),
    )


# --------------------------------------------------------------------------- totals

Amounts = dict[str, dict[str, int]]  # kind -> status -> hundredths


def empty_amounts() -> Amounts:
    return {k: dict.fromkeys(ALLOCATION_STATUSES, 0) for k in KINDS}


def add_up(allocations: Iterable[Allocation]) -> Amounts:
    out = empty_amounts()
    for a in allocations:
        out[a.kind][a.status] += a.amount_x100
    return out


@dataclass(frozen=True)
class TotalRow:
    label: str
    amounts: Amounts

    def amount(self, kind: str, status: str | None = None) -> int:
        by_status = self.amounts[kind]
        return by_status[status] if status is not None else sum(by_status.values())


NO_GOAL = "(not for a particular goal)"
GROUPINGS: dict[str, Callable[[Allocation], str]] = {
    "sector": lambda a: SECTORS.get(a.sector, a.sector),
    "partner": lambda a: a.partner_name,
    "goal": lambda a: a.goal_title or NO_GOAL,
    "partnership": lambda a: a.partnership_name,
}
GROUPING_LABELS = {
    "sector": "Sector",
    "partner": "Partner",
    "goal": "Goal",
    "partnership": "Partnership",
}


def totals_by(allocations: Sequence[Allocation], grouping: str) -> list[TotalRow]:
    """One row per sector / partner / goal / partnership, in name order (sectors in their
    fixed order; allocations not for a goal last)."""
    key = GROUPINGS[grouping]
    groups: dict[str, list[Allocation]] = defaultdict(list)
    for a in allocations:
        groups[key(a)].append(a)
    if grouping == "sector":
        order = [SECTORS[s] for s in SECTORS] + sorted(set(groups) - set(SECTORS.values()))
        labels = [label for label in order if label in groups]
    else:
        labels = sorted(groups, key=lambda s: (s == NO_GOAL, s.casefold()))
    return [TotalRow(label, add_up(groups[label])) for label in labels]


# --------------------------------------------------------------------------- warnings

GOAL_DONE = "goal done"
PAST_PERIOD = "past period"
SMALL_FUNDING = "small funding"
NO_RESOURCES = "no resources"


@dataclass(frozen=True)
class ResourceWarning:
    code: str
    text: str
    allocation_id: int | None = None
    goal_id: int | None = None


def warnings(
    allocations: Sequence[Allocation],
    goals: Sequence[GoalRef],
    *,
    funding_floor_x100: int,
    today: dt.date,
    period_label: str = "",
) -> list[ResourceWarning]:
    """What a programme office would want flagged.

    * an allocation to a goal that is done, for a period not yet over (resources still
      going to finished work; what was spent getting it done is not flagged);
    * an allocation for a period that has ended but is still planned or committed (an
      actual in the past is history, not a problem);
    * funding in a piece smaller than ``funding_floor_x100``;
    * a goal, not done, with no allocation (in the period shown, when there is one).
    """
    out: list[ResourceWarning] = []
    for a in allocations:
        what = f"{amount_text(a.kind, a.amount_x100)} from {a.partner_name} to {a.partnership_name}"
        if a.goal_id is not None and a.goal_status == "done" and a.period_end >= today:
            out.append(
                ResourceWarning(
                    GOAL_DONE, f"{what} is for '{a.goal_title}', which is done.", a.id, a.goal_id
                )
            )
        if a.period_end < today and a.status != ACTUAL:
            out.append(
                ResourceWarning(
                    PAST_PERIOD,
                    f"{what} for {a.period.label} is still {a.status}, but the period ended "
                    f"on {day_text(a.period_end)}.",
                    a.id,
                )
            )
        if a.kind == FUNDING and a.amount_x100 < funding_floor_x100:
            out.append(
                ResourceWarning(
                    SMALL_FUNDING,
                    f"{what} is smaller than the {money_text(funding_floor_x100)} a piece of "
                    "funding should be.",
                    a.id,
                )
            )
    resourced = {a.goal_id for a in allocations if a.goal_id is not None}
    within = f" in {period_label}" if period_label else ""
    for g in goals:
        if g.id not in resourced and g.status != "done":
            out.append(
                ResourceWarning(
                    NO_RESOURCES,
                    f"'{g.title}' ({g.partnership_name}) has no resources allocated{within}.",
                    goal_id=g.id,
                )
            )
    order = (GOAL_DONE, PAST_PERIOD, SMALL_FUNDING, NO_RESOURCES)
    return sorted(out, key=lambda w: order.index(w.code))


# --------------------------------------------------------------------------- roll forward


def rolled_amount(kind: str, amount_x100: int, uplift_percent: Decimal) -> int:
    """Money kinds are uplifted (to the penny, halves up); staff time is copied as it is."""
    return uplifted_x100(amount_x100, uplift_percent) if KINDS[kind].is_money else amount_x100


def check_uplift(percent: Decimal) -> Decimal:
    if percent <= -100 or percent > 1000:
        raise InputError(
            f"An uplift of {percent}% is not possible.", hint="Give a percentage above −100."
        )
    if percent != percent.quantize(Decimal("0.01")):
        raise InputError("Give the uplift to at most two decimal places, e.g. 2.75%.")
    return percent
