"""Goals and resources as CSV and JSON, for ``lcpdesk goals`` and ``lcpdesk resources``.

Numbers are plain (no £ or thousands separators) so that a spreadsheet reads them as numbers;
amounts keep their exact hundredths. Progress is a percentage to one decimal place, blank
(CSV) or null (JSON) when a goal has none.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from lcpdesk.domain import spc
from lcpdesk.domain.allocation_periods import Period
from lcpdesk.domain.goals import PRIORITY_KINDS, RAG, TERMS, Goal, Measure, summarise
from lcpdesk.domain.resources import (
    ALLOCATION_STATUSES,
    GROUPINGS,
    KINDS,
    SECTORS,
    Amounts,
)
from lcpdesk.io import safe_text
from lcpdesk.services.resources import ResourceView


def _percent(fraction: float | None) -> float | None:
    return None if fraction is None else round(fraction * 100, 1)


def _amount(x100: int) -> str:
    return f"{Decimal(x100) / 100:.2f}"


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _day(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


# --------------------------------------------------------------------------- goals

GOAL_HEADER = [
    "Partnership",
    "Goal",
    "Term",
    "Priority",
    "Priority label",
    "Health inequalities focus",
    "Cohorts",
    "Owner",
    "Status",
    "RAG",
    "Progress (%)",
    "Start",
    "Due",
    "Measures",
    "Overdue milestones",
    "Maturity dimensions",
    "From a maturity gap",
    "Variation and assurance",
]


def goals_csv(goals: Sequence[Goal], today: dt.date) -> str:
    out = io.StringIO()
    writer = safe_text.csv_writer(out)
    writer.writerow(GOAL_HEADER)
    for g in goals:
        progress = _percent(g.progress)
        writer.writerow(
            [
                g.partnership_name,
                g.title,
                TERMS.get(g.term, g.term),
                PRIORITY_KINDS.get(g.priority_kind, g.priority_kind),
                g.priority_label,
                "yes" if g.inequalities_focus else "no",
                "; ".join(g.cohorts),
                g.owner_name,
                g.status,
                RAG.get(g.status, ""),
                "" if progress is None else f"{progress:.1f}",
                _day(g.start_date) or "",
                _day(g.due_date) or "",
                len(g.measures),
                len(g.overdue_milestones(today)),
                "; ".join(d.name for d in g.dimensions),
                "yes" if g.from_maturity_gap else "no",
                "; ".join(_icon_words(m) for m in g.measures if _icon_words(m)),
            ]
        )
    return out.getvalue()


def measure_icons(m: Measure) -> tuple[str | None, str | None]:
    """The measure's variation and assurance, as Making Data Count's icons say them."""
    target = float(m.target) if m.target is not None else None
    return spc.icons([float(r.value) for r in m.readings], target, m.improvement)


def _icon_words(m: Measure) -> str:
    variation, assurance = measure_icons(m)
    if variation is None:
        return ""
    return f"{m.name}: {variation}" + (f", {assurance}" if assurance else "")


def goals_json(area: str, partnership: str, goals: Sequence[Goal], today: dt.date) -> str:
    summary = summarise(goals, today)
    data = {
        "area": area,
        "partnership": partnership,
        "as_at": today.isoformat(),
        "summary": {
            "goals": summary.total,
            "by_status": summary.by_status,
            "by_rag": {RAG[s]: n for s, n in summary.by_status.items()},
            "by_priority": summary.by_priority,
            "overdue_milestones": summary.overdue_milestones,
        },
        "goals": [_goal(g, today) for g in goals],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _goal(g: Goal, today: dt.date) -> dict[str, Any]:
    return {
        "partnership": g.partnership_name,
        "title": g.title,
        "description": g.description,
        "term": g.term,
        "priority": g.priority_kind,
        "priority_label": g.priority_label,
        "inequalities_focus": g.inequalities_focus,
        "cohorts": list(g.cohorts),
        "owner": g.owner_name or None,
        "status": g.status,
        "rag": g.rag,
        "progress_percent": _percent(g.progress),
        "start": _day(g.start_date),
        "due": _day(g.due_date),
        "maturity_dimensions": [
            {
                "name": d.name,
                "from_maturity_gap": d.from_gap,
                "assessment": d.assessment_period or None,
            }
            for d in g.dimensions
        ],
        "measures": [
            {
                "name": m.name,
                "unit": m.unit,
                "baseline": _number(m.baseline),
                "target": _number(m.target),
                "current": _number(m.current.value) if m.current else None,
                "current_date": _day(m.current.when) if m.current else None,
                "readings": len(m.readings),
                "progress_percent": _percent(m.progress),
                "variation": measure_icons(m)[0],
                "assurance": measure_icons(m)[1],
            }
            for m in g.measures
        ],
        "milestones": [
            {
                "title": s.title,
                "due": _day(s.due_date),
                "done": _day(s.done_date),
                "overdue": s.is_overdue(today),
            }
            for s in g.milestones
        ],
        "is_demo": g.is_demo,
    }


# --------------------------------------------------------------------------- resources

ALLOCATION_HEADER = [
    "Partner",
    "Sector",
    "Partnership",
    "Goal",
    "Kind",
    "Unit",
    "Amount",
    "Period",
    "Start",
    "End",
    "Status",
    "Notes",
]


def resources_csv(view: ResourceView) -> str:
    """One row per allocation."""
    out = io.StringIO()
    writer = safe_text.csv_writer(out)
    writer.writerow(ALLOCATION_HEADER)
    for a in view.allocations:
        kind = KINDS[a.kind]
        writer.writerow(
            [
                a.partner_name,
                SECTORS.get(a.sector, a.sector),
                a.partnership_name,
                a.goal_title,
                kind.label,
                kind.unit,
                _amount(a.amount_x100),
                a.period.label,
                a.period_start.isoformat(),
                a.period_end.isoformat(),
                a.status,
                a.notes,
            ]
        )
    return out.getvalue()


def _amounts(amounts: Amounts, *, skip_empty: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind, by_status in amounts.items():
        total = sum(by_status.values())
        if skip_empty and not total:
            continue
        row: dict[str, Any] = {s: float(Decimal(by_status[s]) / 100) for s in ALLOCATION_STATUSES}
        row["total"] = float(Decimal(total) / 100)
        row["unit"] = KINDS[kind].unit
        out[kind] = row
    return out


def _period(period: Period | None) -> dict[str, str] | None:
    if period is None:
        return None
    return {"label": period.label, "start": period.start.isoformat(), "end": period.end.isoformat()}


def resources_json(view: ResourceView, partnership: str | None) -> str:
    data = {
        "area": view.area.name,
        "partnership": partnership,
        "period": _period(view.period),
        "funding_floor": float(Decimal(view.funding_floor_x100) / 100),
        "totals": {
            "by_kind": _amounts(view.grand, skip_empty=False),
            **{
                f"by_{grouping}": [
                    {"name": row.label, "amounts": _amounts(row.amounts, skip_empty=True)}
                    for row in view.totals(grouping)
                ]
                for grouping in GROUPINGS
            },
        },
        "allocations": [
            {
                "partner": a.partner_name,
                "sector": a.sector,
                "partnership": a.partnership_name,
                "goal": a.goal_title or None,
                "kind": a.kind,
                "unit": KINDS[a.kind].unit,
                "amount": float(Decimal(a.amount_x100) / 100),
                "period": _period(a.period),
                "status": a.status,
                "notes": a.notes,
                "is_demo": a.is_demo,
            }
            for a in view.allocations
        ],
        "warnings": [{"kind": w.code, "text": w.text} for w in view.warnings],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
