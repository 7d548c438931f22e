"""The Goals pane's tables: goals, a goal's measures and milestones, a measure's readings.

Status is shown as RAG *text* ("Amber: at risk") on a tint of its colour, so it reads without
colour; progress as a whole percentage, or an em dash when a goal has none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from lcpdesk.domain import goals as dg
from lcpdesk.domain import spc
from lcpdesk.domain.goals import Goal, Measure, Milestone
from lcpdesk.ui import formatting as fmt
from lcpdesk.ui.models.records import Column, RecordTableModel

# (tint, text) per RAG colour: dark text on a light tint, contrast above 7:1.
RAG_COLOURS = {
    "Green": ("#d5efdf", "#00542a"),
    "Amber": ("#fde8c2", "#6b4100"),
    "Red": ("#f8d3cf", "#7d1a10"),
    "Grey": ("#e6e9eb", "#33424f"),
    "Blue": ("#d3e4f5", "#003366"),
}
OVERDUE_COLOURS = RAG_COLOURS["Red"]
# Worst first, so that sorting by status brings what needs attention to the top.
STATUS_ORDER = {
    dg.OFF_TRACK: 0,
    dg.AT_RISK: 1,
    dg.ON_TRACK: 2,
    dg.NOT_STARTED: 3,
    dg.DONE: 4,
}


def percent(fraction: float | None) -> str:
    return fmt.UNKNOWN if fraction is None else f"{round(fraction * 100):d}%"


def value_text(value: Any) -> str:
    """A measure's value as typed: ``30.5``, ``1,200``; an em dash when unknown."""
    if value is None:
        return fmt.UNKNOWN
    text = f"{value:,.2f}"
    return text.rstrip("0").rstrip(".")


def status_colours(status: str) -> tuple[str, str] | None:
    return RAG_COLOURS.get(dg.RAG.get(status, ""))


def milestones_text(goal: Goal, today: dt.date) -> str:
    if not goal.milestones:
        return ""
    late = len(goal.overdue_milestones(today))
    done = sum(1 for m in goal.milestones if m.done_date is not None)
    text = f"{done} of {len(goal.milestones)} done"
    return f"⚠ {late} overdue · {text}" if late else text


def maturity_text(goal: Goal) -> str:
    return "; ".join(d.name + (" (maturity gap)" if d.from_gap else "") for d in goal.dimensions)


def _maturity_tip(goal: Goal) -> str | None:
    gaps = [d for d in goal.dimensions if d.from_gap]
    if not gaps:
        return None
    return "\n".join(
        f"Made from the maturity gap in {d.name}"
        + (f" found by the {d.assessment_period} assessment" if d.assessment_period else "")
        for d in gaps
    )


def _day_sort(d: dt.date | None) -> str:
    return d.isoformat() if d else "9999"


def goal_columns(today: Callable[[], dt.date]) -> list[Column]:
    return [
        Column(
            "Goal",
            lambda g: g.title,
            tooltip=lambda g: "\n".join(t for t in (g.title, g.description) if t),
        ),
        Column("Partnership", lambda g: g.partnership_name),
        Column(
            "Status",
            lambda g: dg.status_text(g.status),
            sort=lambda g: STATUS_ORDER.get(g.status, 9),
            colours=lambda g: status_colours(g.status),
            header_tip="RAG status: Red off track, Amber at risk, Green on track, Grey not "
            "started, Blue done",
        ),
        Column("Priority", lambda g: g.priority_text, tooltip=lambda g: g.priority_text),
        Column(
            "Owner",
            lambda g: g.owner_name or fmt.UNKNOWN,
            tooltip=lambda g: g.owner_name or "No owning partner yet",
        ),
        Column(
            "Progress",
            lambda g: percent(g.progress),
            sort=lambda g: -1.0 if g.progress is None else g.progress,
            numeric=True,
            tooltip=lambda g: g.progress_note(),
            header_tip="Mean progress of the goal's measures from baseline to target",
        ),
        Column("Due", lambda g: fmt.day(g.due_date), sort=lambda g: _day_sort(g.due_date)),
        Column(
            "Milestones",
            lambda g: milestones_text(g, today()),
            sort=lambda g: (-len(g.overdue_milestones(today())), len(g.milestones)),
            colours=lambda g: OVERDUE_COLOURS if g.overdue_milestones(today()) else None,
        ),
        Column("Maturity", maturity_text, tooltip=_maturity_tip),
        Column(
            "Cohorts",
            lambda g: "; ".join(g.cohorts),
            tooltip=lambda g: "\n".join(g.cohorts) or None,
        ),
    ]


class GoalCol:
    GOAL, PARTNERSHIP, STATUS, PRIORITY, OWNER, PROGRESS, DUE, MILESTONES, MATURITY, COHORTS = (
        range(10)
    )


def goal_model(today: Callable[[], dt.date], parent: Any = None) -> RecordTableModel:
    return RecordTableModel(goal_columns(today), parent, is_demo=lambda g: g.is_demo)


def _progress_tip(m: Measure) -> str:
    if m.progress is None:
        missing = [
            what
            for what, value in (
                ("a baseline", m.baseline),
                ("a target", m.target),
                ("a reading", m.current),
            )
            if value is None
        ]
        return "No progress yet: the measure needs " + " and ".join(missing) + "."
    direction = {"up": "higher is better", "down": "lower is better"}.get(
        m.improvement or "", "held at the target"
    )
    return (
        "How far the latest reading has come from the baseline towards the target "
        f"(0% at the baseline, 100% at or past the target); {direction}."
    )


# Making Data Count's icon colours: blue improvement or target met, orange concern or missed,
# grey common cause or hit and miss. (background, text)
ICON_COLOURS = {
    spc.SPECIAL_IMPROVEMENT: ("#d6e9f8", "#004a8f"),
    spc.CONSISTENTLY_MET: ("#d6e9f8", "#004a8f"),
    spc.SPECIAL_CONCERN: ("#fde3c8", "#8a4500"),
    spc.CONSISTENTLY_MISSED: ("#fde3c8", "#8a4500"),
    spc.SPECIAL_NEITHER: ("#ece6f5", "#4b2c7f"),
    spc.COMMON_CAUSE: ("#eeeeee", "#333333"),
    spc.HIT_AND_MISS: ("#eeeeee", "#333333"),
}
ICON_MEANINGS = {
    spc.SPECIAL_IMPROVEMENT: "The latest reading is unusual, in the better direction.",
    spc.SPECIAL_CONCERN: "The latest reading is unusual, in the worse direction.",
    spc.SPECIAL_NEITHER: "The latest reading is unusual (no better direction is known).",
    spc.COMMON_CAUSE: "The readings vary as they always have: nothing unusual.",
    spc.CONSISTENTLY_MET: "The process limits are all on the right side: it will meet the target.",
    spc.CONSISTENTLY_MISSED: "The process limits are all on the wrong side: it will miss the "
    "target unless something changes.",
    spc.HIT_AND_MISS: "The target lies between the process limits: some months will meet it, "
    "some will not.",
}


def _icons(m: Measure) -> tuple[str | None, str | None]:
    target = float(m.target) if m.target is not None else None
    return spc.icons([float(r.value) for r in m.readings], target, m.improvement)


def _icon_column(header: str, which: int, tip: str) -> Column:
    def text(m: Measure) -> str:
        return _icons(m)[which] or ""

    def tooltip(m: Measure) -> str:
        word = _icons(m)[which]
        if word is None:
            return f"Needs {spc.MIN_XMR_POINTS} readings" + (
                ", a baseline and a target" if which else ""
            )
        return ICON_MEANINGS[word]

    return Column(
        header,
        text,
        tooltip=tooltip,
        colours=lambda m: ICON_COLOURS.get(text(m)),
        header_tip=tip,
    )


def measure_model(parent: Any = None) -> RecordTableModel:
    return RecordTableModel(
        [
            Column(
                "Measure",
                lambda m: m.name,
                tooltip=lambda m: f"{m.name} ({m.unit})" if m.unit else m.name,
            ),
            Column(
                "Baseline", lambda m: value_text(m.baseline), sort=_num("baseline"), numeric=True
            ),
            Column("Target", lambda m: value_text(m.target), sort=_num("target"), numeric=True),
            Column(
                "Current",
                lambda m: value_text(m.current.value if m.current else None),
                sort=lambda m: float(m.current.value) if m.current else -1e18,
                numeric=True,
                tooltip=lambda m: (
                    f"The latest of {len(m.readings)} readings, at {fmt.day(m.current.when)}"
                    if m.current
                    else "No readings yet"
                ),
                header_tip="The latest dated reading",
            ),
            Column(
                "Progress",
                lambda m: percent(m.progress),
                sort=lambda m: -1.0 if m.progress is None else m.progress,
                numeric=True,
                tooltip=_progress_tip,
            ),
            _icon_column("Variation", 0, "What the latest reading says (Making Data Count)"),
            _icon_column("Assurance", 1, "Whether the process will meet the target"),
        ],
        parent,
    )


def _num(attr: str) -> Callable[[Measure], float]:
    def key(m: Measure) -> float:
        value = getattr(m, attr)
        return -1e18 if value is None else float(value)

    return key


def milestone_state_text(m: Milestone, today: dt.date) -> str:
    state = m.state(today)
    return {
        "done": "✓ Done",
        "overdue": "⚠ Overdue",
        "due": "Due",
        "no due date": "No due date",
    }[state]


def milestone_model(today: Callable[[], dt.date], parent: Any = None) -> RecordTableModel:
    return RecordTableModel(
        [
            Column("Milestone", lambda m: m.title),
            Column("Due", lambda m: fmt.day(m.due_date), sort=lambda m: _day_sort(m.due_date)),
            Column("Done", lambda m: fmt.day(m.done_date), sort=lambda m: _day_sort(m.done_date)),
            Column(
                "State",
                lambda m: milestone_state_text(m, today()),
                colours=lambda m: OVERDUE_COLOURS if m.is_overdue(today()) else None,
            ),
        ],
        parent,
    )


def reading_model(parent: Any = None) -> RecordTableModel:
    return RecordTableModel(
        [
            Column("Date", lambda r: fmt.day(r.when), sort=lambda r: r.when.isoformat()),
            Column(
                "Value",
                lambda r: value_text(r.value),
                sort=lambda r: float(r.value),
                numeric=True,
            ),
        ],
        parent,
    )
