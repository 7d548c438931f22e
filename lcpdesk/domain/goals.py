"""Goals, their measures and milestones: progress, RAG, overdue milestones, summaries, filters.

Progress of a measure is ``(current − baseline) / (target − baseline)`` clamped to 0–100%,
where *current* is the latest dated reading. It works the same for "reduce" measures (target
below baseline). A measure whose target equals its baseline ("hold at") is 100% while the
current value equals the target and 0% otherwise. A measure without a baseline, a target or
any reading has no progress. A goal's progress is the mean of its measures that have one; a
goal with none (no measures, or no readings yet) has no progress, shown as "—", never 0%.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from lcpdesk.errors import InputError

# --------------------------------------------------------------------------- vocabularies

NOT_STARTED = "not started"
ON_TRACK = "on track"
AT_RISK = "at risk"
OFF_TRACK = "off track"
DONE = "done"
STATUSES = (NOT_STARTED, ON_TRACK, AT_RISK, OFF_TRACK, DONE)
# The RAG word shown beside every status (never colour alone). Done is Blue, as in "BRAG".
RAG = {
    NOT_STARTED: "Grey",
    ON_TRACK: "Green",
    AT_RISK: "Amber",
    OFF_TRACK: "Red",
    DONE: "Blue",
}

TERMS = {"short": "Short term", "long": "Long term"}
CITY = "city"
LOCAL = "local"
PRIORITY_KINDS = {CITY: "City-wide", LOCAL: "Local"}
CITY_PRIORITIES = ("Frailty",)  # Year 1 (seed 000); others can be typed
STANDARD_COHORTS = (
    "Adults with 5+ chronic conditions",
    "Frailty marker",
    "Predicted high cost",
)


def status_text(status: str) -> str:
    """``"at risk"`` -> ``"Amber: at risk"``."""
    return f"{RAG.get(status, '?')}: {status}"


# --------------------------------------------------------------------------- measures


@dataclass(frozen=True)
class Reading:
    when: dt.date
    value: Decimal


def measure_progress(
    baseline: Decimal | None, target: Decimal | None, current: Decimal | None
) -> float | None:
    """The share of the way from baseline to target, clamped to 0..1; None if unknown."""
    if baseline is None or target is None or current is None:
        return None
    if target == baseline:
        return 1.0 if current == target else 0.0
    share = (current - baseline) / (target - baseline)
    return float(min(Decimal(1), max(Decimal(0), share)))


@dataclass(frozen=True)
class Measure:
    id: int
    goal_id: int
    name: str
    unit: str = ""
    baseline: Decimal | None = None
    target: Decimal | None = None
    readings: tuple[Reading, ...] = ()  # oldest first

    @property
    def current(self) -> Reading | None:
        return max(self.readings, key=lambda r: r.when) if self.readings else None

    @property
    def progress(self) -> float | None:
        current = self.current
        return measure_progress(self.baseline, self.target, current.value if current else None)

    @property
    def improvement(self) -> str | None:
        """``"up"`` when higher is better, ``"down"`` when lower is, else None."""
        if self.baseline is None or self.target is None or self.baseline == self.target:
            return None
        return "up" if self.target > self.baseline else "down"

    def values(self) -> list[float]:
        return [float(r.value) for r in sorted(self.readings, key=lambda r: r.when)]


# --------------------------------------------------------------------------- milestones


@dataclass(frozen=True)
class Milestone:
    id: int
    goal_id: int
    title: str
    due_date: dt.date | None = None
    done_date: dt.date | None = None

    def is_overdue(self, today: dt.date) -> bool:
        return self.done_date is None and self.due_date is not None and self.due_date < today

    def state(self, today: dt.date) -> str:
        if self.done_date is not None:
            return "done"
        if self.is_overdue(today):
            return "overdue"
        return "due" if self.due_date is not None else "no due date"


# --------------------------------------------------------------------------- goals


@dataclass(frozen=True)
class DimensionLink:
    """A maturity dimension a goal works on; ``from_assessment_id`` when it was made from a
    maturity gap of that assessment."""

    dimension_id: int
    name: str
    from_assessment_id: int | None = None
    assessment_period: str = ""

    @property
    def from_gap(self) -> bool:
        return self.from_assessment_id is not None


@dataclass(frozen=True)
class Goal:
    id: int
    partnership_id: int
    partnership_name: str
    title: str
    description: str = ""
    term: str = "short"
    priority_kind: str = LOCAL
    priority_label: str = ""
    inequalities_focus: bool = False
    owner_partner_id: int | None = None
    owner_name: str = ""
    status: str = NOT_STARTED
    start_date: dt.date | None = None
    due_date: dt.date | None = None
    cohorts: tuple[str, ...] = ()
    dimensions: tuple[DimensionLink, ...] = ()
    measures: tuple[Measure, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    is_demo: bool = False

    @property
    def rag(self) -> str:
        return RAG.get(self.status, "?")

    @property
    def progress(self) -> float | None:
        known = [p for p in (m.progress for m in self.measures) if p is not None]
        return sum(known) / len(known) if known else None

    @property
    def from_maturity_gap(self) -> bool:
        return any(d.from_gap for d in self.dimensions)

    @property
    def priority_text(self) -> str:
        kind = PRIORITY_KINDS.get(self.priority_kind, self.priority_kind)
        return f"{kind}: {self.priority_label}" if self.priority_label else kind

    def overdue_milestones(self, today: dt.date) -> list[Milestone]:
        return [m for m in self.milestones if m.is_overdue(today)]

    def progress_note(self) -> str:
        """How the progress figure was made, for a tooltip."""
        n = len(self.measures)
        if not n:
            return "No measures: no progress to show."
        known = sum(1 for m in self.measures if m.progress is not None)
        if known == 0:
            return "No measure has a baseline, a target and a reading yet."
        if known == n:
            which = "its measure" if n == 1 else f"its {n} measures"
        else:
            which = (
                f"{known} of its {n} measures (the others have no baseline, target or reading yet)"
            )
        return (
            f"The mean of {which}: how far each has come from its baseline towards its "
            "target, never below 0% or above 100%."
        )


# --------------------------------------------------------------------------- input


@dataclass(frozen=True)
class GoalInput:
    title: str
    description: str = ""
    term: str = "short"
    priority_kind: str = LOCAL
    priority_label: str = ""
    inequalities_focus: bool = False
    owner_partner_id: int | None = None
    status: str = NOT_STARTED
    start_date: dt.date | None = None
    due_date: dt.date | None = None
    cohorts: tuple[str, ...] = ()
    dimension_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class MeasureInput:
    name: str
    unit: str = ""
    baseline: Decimal | None = None
    target: Decimal | None = None
    readings: tuple[Reading, ...] = ()  # the measure's whole set of readings after the edit


@dataclass(frozen=True)
class MilestoneInput:
    title: str
    due_date: dt.date | None = None
    done_date: dt.date | None = None


def _text(raw: str) -> str:
    return " ".join(raw.split())


def check_goal(data: GoalInput) -> GoalInput:
    """The input tidied (spaces, duplicate cohorts), or :class:`InputError`."""
    title = _text(data.title)
    if not title:
        raise InputError("The goal needs a title.", hint="Say what the goal is, in a line.")
    if data.term not in TERMS:
        raise InputError(f"'{data.term}' is not a term.", hint="Choose short or long term.")
    if data.priority_kind not in PRIORITY_KINDS:
        raise InputError(f"'{data.priority_kind}' is not a kind of priority.")
    if data.status not in STATUSES:
        raise InputError(f"'{data.status}' is not a status.", hint=", ".join(STATUSES))
    if data.start_date and data.due_date and data.due_date < data.start_date:
        raise InputError(
            "The goal is due before it starts.", hint="Make the due date on or after the start."
        )
    cohorts: list[str] = []
    for raw in data.cohorts:
        cohort = _text(raw)
        if cohort and cohort.casefold() not in {c.casefold() for c in cohorts}:
            cohorts.append(cohort)
    return GoalInput(
        title=title,
        description=data.description.strip(),
        term=data.term,
        priority_kind=data.priority_kind,
        priority_label=_text(data.priority_label),
        inequalities_focus=data.inequalities_focus,
        owner_partner_id=data.owner_partner_id,
        status=data.status,
        start_date=data.start_date,
        due_date=data.due_date,
        cohorts=tuple(cohorts),
        dimension_ids=tuple(dict.fromkeys(data.dimension_ids)),
    )


def check_measure(data: MeasureInput) -> MeasureInput:
    name = _text(data.name)
    if not name:
        raise InputError("The measure needs a name.", hint="e.g. Emergency admissions, 65+.")
    dates = [r.when for r in data.readings]
    if len(dates) != len(set(dates)):
        raise InputError("Two readings have the same date.", hint="Keep one reading per date.")
    readings = tuple(sorted(data.readings, key=lambda r: r.when))
    return MeasureInput(name, _text(data.unit), data.baseline, data.target, readings)


def check_milestone(data: MilestoneInput) -> MilestoneInput:
    title = _text(data.title)
    if not title:
        raise InputError("The milestone needs a title.", hint="Say what will have happened.")
    return MilestoneInput(title, data.due_date, data.done_date)


def parse_readings(text: str) -> list[Reading]:
    """Readings pasted from a spreadsheet: one per line, a date then a value (tab, comma or
    spaces between). Dates as ``2024-06-30``, ``30/06/2024`` or ``30 Jun 2024``."""
    from lcpdesk.domain.amounts import parse_decimal

    found: list[Reading] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.replace("\t", "|").replace(",", "|").split("|")
        if len(parts) < 2:
            parts = line.rsplit(None, 1)
        if len(parts) < 2:
            raise InputError(f"Line {number} has no value: '{line.strip()}'.")
        when = parse_day(parts[0])
        if when is None:
            if number == 1:
                continue  # a header row
            raise InputError(f"Line {number}: '{parts[0].strip()}' is not a date.")
        value = parse_decimal("".join(parts[1:]), "reading")
        if value is None:
            raise InputError(f"Line {number} has no value.")
        found.append(Reading(when, value))
    return found


def parse_day(text: str) -> dt.date | None:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d %b %Y", "%d %B %Y", "%d-%b-%Y", "%d/%m/%y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


# --------------------------------------------------------------------------- summaries


@dataclass(frozen=True)
class GoalSummary:
    by_status: dict[str, int] = field(default_factory=dict)  # every status, in STATUSES order
    by_priority: dict[str, int] = field(default_factory=dict)  # city, local
    total: int = 0
    overdue_milestones: int = 0


def summarise(goals: Iterable[Goal], today: dt.date) -> GoalSummary:
    goals = list(goals)
    status = Counter(g.status for g in goals)
    priority = Counter(g.priority_kind for g in goals)
    return GoalSummary(
        by_status={s: status.get(s, 0) for s in STATUSES},
        by_priority={k: priority.get(k, 0) for k in PRIORITY_KINDS},
        total=len(goals),
        overdue_milestones=sum(len(g.overdue_milestones(today)) for g in goals),
    )


@dataclass(frozen=True)
class GoalFilter:
    """What the Goals pane's filter controls ask for; ``None`` means any."""

    text: str = ""
    priority_kind: str | None = None
    status: str | None = None
    owner_partner_id: int | None = None  # NO_OWNER for goals without one
    cohort: str | None = None

    def matches(self, goal: Goal) -> bool:
        if self.priority_kind is not None and goal.priority_kind != self.priority_kind:
            return False
        if self.status is not None and goal.status != self.status:
            return False
        if self.owner_partner_id is not None:
            wanted = None if self.owner_partner_id == NO_OWNER else self.owner_partner_id
            if goal.owner_partner_id != wanted:
                return False
        if self.cohort is not None and self.cohort.casefold() not in {
            c.casefold() for c in goal.cohorts
        }:
            return False
        terms = self.text.casefold().split()
        if terms:
            hay = " ".join(
                [goal.title, goal.description, goal.priority_label, goal.owner_name]
            ).casefold()
            return all(t in hay for t in terms)
        return True


NO_OWNER = -1


def cohorts_of(goals: Sequence[Goal]) -> list[str]:
    """The standard cohorts, then any others the goals use, each once."""
    seen = {c.casefold(): c for c in STANDARD_COHORTS}
    for g in goals:
        for c in g.cohorts:
            seen.setdefault(c.casefold(), c)
    return list(seen.values())
