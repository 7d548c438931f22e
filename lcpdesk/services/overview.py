"""The area at a glance, for one period: what the Overview pane shows (read in a worker).

Populations per partnership; the maturity heat map with, per dimension, how many partnerships
are at or above the standard and the area mean now and in the previous period (a dimension's
parts, such as Culture's five, count as one dimension: their mean); goals by RAG and priority
per partnership (is Frailty, the Year 1 city-wide priority, and one local priority in place?);
resources by sector and by partner, per kind; the period's returns; and what needs attention,
each entry saying where to act (a pane and a partnership).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from statistics import mean

from lcpdesk.domain import resources as res
from lcpdesk.domain.allocation_periods import parse_period
from lcpdesk.domain.goals import CITY, CITY_PRIORITIES, LOCAL, Goal
from lcpdesk.domain.maturity_views import HeatMapData
from lcpdesk.domain.model import Area, AreaTableRow, Partnership
from lcpdesk.errors import InputError
from lcpdesk.services.goals import GoalsService
from lcpdesk.services.maturity import MaturityService
from lcpdesk.services.maturity_views import MaturityViews
from lcpdesk.services.membership import MembershipService
from lcpdesk.services.resources import ResourcesService
from lcpdesk.services.returns import ReturnsService
from lcpdesk.store.db import Store
from lcpdesk.store.returns_repo import ReturnRecord

MEMBERSHIP, MATURITY, GOALS, RESOURCES = "membership", "maturity", "goals", "resources"


@dataclass(frozen=True)
class DimensionSummary:
    name: str
    at_standard: int  # partnerships at or above the standard
    assessed: int  # partnerships with a level for it
    mean_now: float | None
    mean_before: float | None

    @property
    def change(self) -> float | None:
        if self.mean_now is None or self.mean_before is None:
            return None
        return self.mean_now - self.mean_before


@dataclass(frozen=True)
class GoalsRow:
    partnership_id: int
    name: str
    goals: int
    red: int
    amber: int
    green: int
    done: int
    frailty: bool
    local: bool


@dataclass(frozen=True)
class ReturnRow:
    partnership_id: int
    name: str
    status: str  # "accepted", "refused", … or "missing"
    file_name: str = ""
    read_on: dt.date | None = None


@dataclass(frozen=True)
class Attention:
    text: str
    what: str  # "Overdue milestone", "Incomplete assessment", …
    pane: str  # the pane key where to act
    partnership_id: int | None
    name: str = ""


@dataclass(frozen=True)
class Overview:
    area: Area
    period: str
    periods: list[str]  # every period with assessments, newest first
    populations: list[AreaTableRow]
    total_membership: int | None
    total_footprint: int | None
    heat: HeatMapData | None
    dimensions: list[DimensionSummary]
    goals: list[GoalsRow]
    by_sector: list[res.TotalRow]
    by_partner: list[res.TotalRow]
    returns: list[ReturnRow]
    attention: list[Attention] = field(default_factory=list)


def read_overview(
    store: Store, area_id: int, period: str | None, today: dt.date
) -> Overview | None:
    """The overview; None when the area has gone (an undo may remove it)."""
    membership = MembershipService(store)
    area = next((a for a in membership.areas() if a.id == area_id), None)
    if area is None:
        return None
    units = [p for p in membership.partnerships(area_id) if p.parent_id is None]
    maturity = MaturityService(store)
    held = maturity.periods(area_id)
    chosen = period or (held[0] if held else "")
    table = membership.area_table(area_id)
    views = MaturityViews(maturity)
    heat = views.heat_map(area_id, chosen) if chosen else None
    older = [p for p in held if chosen in held and held.index(p) > held.index(chosen)]
    before = views.heat_map(area_id, older[0]) if older else None
    goals = GoalsService(store).goals(area_id, None)
    try:
        when = parse_period(chosen) if chosen else None
    except InputError:
        when = None
    view = ResourcesService(store).view(area_id, None, when, today)
    records = [r for r in ReturnsService(store).records() if r.period == chosen]
    out = Overview(
        area=area,
        period=chosen,
        periods=held,
        populations=[r for r in table.rows if r.parent_id is None],
        total_membership=table.total_membership,
        total_footprint=table.total_footprint,
        heat=heat,
        dimensions=dimension_summary(maturity, heat, before),
        goals=goals_rows(units, goals),
        by_sector=view.totals("sector"),
        by_partner=view.totals("partner"),
        returns=return_rows(units, records),
    )
    out.attention.extend(attention(out, units, goals, view.warnings, today))
    return out


def _groups(maturity: MaturityService, heat: HeatMapData) -> list[tuple[str, list[int]]]:
    """The heat map's columns grouped by top-level dimension (parts share their parent)."""
    assessed = next((r.assessment_id for r in heat.rows if r.assessment_id is not None), None)
    found = maturity.assessment(assessed) if assessed is not None else None
    parent = {d.key: d.parent_name for d in found.framework.scored} if found else {}
    groups: dict[str, list[int]] = {}
    for i, (key, label) in enumerate(zip(heat.column_keys, heat.columns, strict=True)):
        groups.setdefault(parent.get(key) or label, []).append(i)
    return list(groups.items())


def _unit_means(heat: HeatMapData, cols: list[int]) -> dict[int, float]:
    means: dict[int, float] = {}
    for row in heat.rows:
        known = [row.ranks[c] for c in cols if row.ranks[c] is not None]
        if known:
            means[row.partnership_id] = mean(float(k) for k in known if k is not None)
    return means


def dimension_summary(
    maturity: MaturityService, heat: HeatMapData | None, before: HeatMapData | None
) -> list[DimensionSummary]:
    if heat is None:
        return []
    earlier = dict(_groups(maturity, before)) if before is not None else {}
    rows = []
    for name, cols in _groups(maturity, heat):
        now = _unit_means(heat, cols)
        then = _unit_means(before, earlier[name]) if before is not None and name in earlier else {}
        rows.append(
            DimensionSummary(
                name=name,
                at_standard=sum(1 for v in now.values() if v >= heat.standard_rank),
                assessed=len(now),
                mean_now=mean(now.values()) if now else None,
                mean_before=mean(then.values()) if then else None,
            )
        )
    return rows


def goals_rows(units: list[Partnership], goals: list[Goal]) -> list[GoalsRow]:
    rows = []
    for unit in units:
        mine = [g for g in goals if g.partnership_id == unit.id]
        rag = [g.rag for g in mine]
        rows.append(
            GoalsRow(
                unit.id,
                unit.name,
                len(mine),
                rag.count("Red"),
                rag.count("Amber"),
                rag.count("Green"),
                rag.count("Blue"),
                frailty=any(
                    g.priority_kind == CITY and g.priority_label in CITY_PRIORITIES for g in mine
                ),
                local=any(g.priority_kind == LOCAL for g in mine),
            )
        )
    return rows


def return_rows(units: list[Partnership], records: list[ReturnRecord]) -> list[ReturnRow]:
    newest = {r.partnership_id: r for r in sorted(records, key=lambda r: r.read_at)}
    rows = []
    for unit in units:
        r = newest.get(unit.id)
        if r is None:
            rows.append(ReturnRow(unit.id, unit.name, "missing"))
        else:
            rows.append(ReturnRow(unit.id, unit.name, r.status, r.file_name, r.read_at.date()))
    return rows


def attention(
    data: Overview,
    units: list[Partnership],
    goals: list[Goal],
    warnings: list[res.ResourceWarning],
    today: dt.date,
) -> list[Attention]:
    by_id = {u.id: u.name for u in units}

    def item(text: str, what: str, pane: str, unit: int | None) -> Attention:
        return Attention(text, what, pane, unit, by_id.get(unit, "") if unit else "")

    out: list[Attention] = []
    for g in goals:
        for m in g.overdue_milestones(today):
            due = f"{m.due_date.day} {m.due_date:%b %Y}" if m.due_date else ""
            out.append(
                item(
                    f"“{m.title}” ({g.title}) was due {due}",
                    "Overdue milestone",
                    GOALS,
                    g.partnership_id,
                )
            )
    if data.heat is not None:
        for row in data.heat.rows:
            if row.status != "complete" and row.partnership_id in by_id:
                state = row.status or "not started"
                out.append(
                    item(
                        f"Maturity assessment for {data.period} is {state}",
                        "Incomplete assessment",
                        MATURITY,
                        row.partnership_id,
                    )
                )
    for r in data.returns:
        if r.status in ("missing", "refused"):
            out.append(
                item(
                    f"Return for {data.period} is {r.status}",
                    f"Return {r.status}",
                    MEMBERSHIP,
                    r.partnership_id,
                )
            )
    for w in warnings:
        out.append(item(w.text, "Resource warning", RESOURCES, None))
    return out
