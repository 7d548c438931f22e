"""Reading goals (with their cohorts, maturity links, measures, readings and milestones),
partners and maturity dimensions from the store."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from lcpdesk.domain.amounts import from_x100
from lcpdesk.domain.goals import DimensionLink, Goal, Measure, Milestone, Reading
from lcpdesk.domain.model import Partnership
from lcpdesk.domain.resources import GoalRef, Partner
from lcpdesk.store import membership_repo
from lcpdesk.store.schema import (
    allocation,
    assessment,
    framework,
    framework_dimension,
    goal,
    goal_cohort,
    goal_dimension,
    measure,
    measure_reading,
    milestone,
    partner,
)


def scope_ids(units: Sequence[Partnership], partnership_id: int | None) -> list[int]:
    """The partnership and its sub-units (every unit of the area when None)."""
    if partnership_id is None:
        return [u.id for u in units]
    children: dict[int | None, list[int]] = defaultdict(list)
    for u in units:
        children[u.parent_id].append(u.id)
    found: list[int] = []
    stack = [partnership_id]
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.append(current)
        stack.extend(children.get(current, []))
    return found


def partners(conn: Connection, area_id: int) -> list[Partner]:
    uses = (
        select(allocation.c.partner_id, func.count().label("n"))
        .group_by(allocation.c.partner_id)
        .subquery()
    )
    owns = (
        select(goal.c.owner_partner_id.label("pid"), func.count().label("n"))
        .where(goal.c.owner_partner_id.is_not(None))
        .group_by(goal.c.owner_partner_id)
        .subquery()
    )
    q = (
        select(partner, uses.c.n.label("allocations"), owns.c.n.label("goals_owned"))
        .outerjoin(uses, uses.c.partner_id == partner.c.id)
        .outerjoin(owns, owns.c.pid == partner.c.id)
        .where(partner.c.area_id == area_id)
        .order_by(func.lower(partner.c.name))
    )
    return [
        Partner(
            r["id"],
            r["area_id"],
            r["name"],
            r["sector"],
            r["org_type"],
            bool(r["is_demo"]),
            int(r["allocations"] or 0),
            int(r["goals_owned"] or 0),
        )
        for r in conn.execute(q).mappings()
    ]


def goal_ids(conn: Connection, partnership_ids: Sequence[int]) -> list[int]:
    q = select(goal.c.id).where(goal.c.partnership_id.in_(list(partnership_ids)))
    return [int(i) for (i,) in conn.execute(q)]


def goal_refs(conn: Connection, area_id: int, partnership_ids: Sequence[int]) -> list[GoalRef]:
    names = {u.id: u.name for u in membership_repo.partnerships(conn, area_id)}
    q = (
        select(goal.c.id, goal.c.title, goal.c.status, goal.c.partnership_id)
        .where(goal.c.partnership_id.in_(list(partnership_ids)))
        .order_by(goal.c.partnership_id, func.lower(goal.c.title))
    )
    return [
        GoalRef(int(i), title, status, int(pid), names.get(int(pid), ""))
        for i, title, status, pid in conn.execute(q)
    ]


def goals(conn: Connection, area_id: int, partnership_ids: Sequence[int]) -> list[Goal]:
    """The goals of these partnerships, fully read, ordered by partnership then title."""
    units = {u.id: u.name for u in membership_repo.partnerships(conn, area_id)}
    wanted = [p for p in partnership_ids if p in units]
    rows = list(
        conn.execute(
            select(goal)
            .where(goal.c.partnership_id.in_(wanted))
            .order_by(goal.c.partnership_id, func.lower(goal.c.title), goal.c.id)
        ).mappings()
    )
    ids = [r["id"] for r in rows]
    owners = {p.id: p.name for p in partners(conn, area_id)}
    cohorts = _cohorts(conn, ids)
    links = _links(conn, ids)
    measures = measures_of(conn, ids)
    stones = milestones_of(conn, ids)
    return [
        Goal(
            id=r["id"],
            partnership_id=r["partnership_id"],
            partnership_name=units.get(r["partnership_id"], ""),
            title=r["title"],
            description=r["description"],
            term=r["term"],
            priority_kind=r["priority_kind"],
            priority_label=r["priority_label"],
            inequalities_focus=bool(r["inequalities_focus"]),
            owner_partner_id=r["owner_partner_id"],
            owner_name=owners.get(r["owner_partner_id"], ""),
            status=r["status"],
            start_date=r["start_date"],
            due_date=r["due_date"],
            cohorts=tuple(cohorts.get(r["id"], ())),
            dimensions=tuple(links.get(r["id"], ())),
            measures=tuple(measures.get(r["id"], ())),
            milestones=tuple(stones.get(r["id"], ())),
            is_demo=bool(r["is_demo"]),
        )
        for r in rows
    ]


def _cohorts(conn: Connection, ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    q = (
        select(goal_cohort.c.goal_id, goal_cohort.c.cohort)
        .where(goal_cohort.c.goal_id.in_(ids))
        .order_by(goal_cohort.c.goal_id, goal_cohort.c.cohort)
    )
    for gid, cohort in conn.execute(q):
        found[int(gid)].append(cohort)
    return found


def _links(conn: Connection, ids: list[int]) -> dict[int, list[DimensionLink]]:
    found: dict[int, list[DimensionLink]] = defaultdict(list)
    parent = framework_dimension.alias("parent")
    q = (
        select(
            goal_dimension.c.goal_id,
            goal_dimension.c.dimension_id,
            goal_dimension.c.from_assessment_id,
            framework_dimension.c.name,
            parent.c.name.label("parent_name"),
            assessment.c.period,
        )
        .join(framework_dimension, framework_dimension.c.id == goal_dimension.c.dimension_id)
        .outerjoin(parent, parent.c.id == framework_dimension.c.parent_id)
        .outerjoin(assessment, assessment.c.id == goal_dimension.c.from_assessment_id)
        .where(goal_dimension.c.goal_id.in_(ids))
        .order_by(
            goal_dimension.c.goal_id,
            func.coalesce(parent.c.sort_order, framework_dimension.c.sort_order),
            parent.c.id.is_not(None),
            framework_dimension.c.sort_order,
        )
    )
    for gid, did, aid, name, parent_name, period in conn.execute(q):
        full = f"{parent_name} – {name}" if parent_name else name
        found[int(gid)].append(DimensionLink(int(did), full, aid, period or ""))
    return found


def measures_of(conn: Connection, goal_ids: list[int]) -> dict[int, list[Measure]]:
    rows = list(
        conn.execute(
            select(measure).where(measure.c.goal_id.in_(goal_ids)).order_by(measure.c.id)
        ).mappings()
    )
    readings: dict[int, list[Reading]] = defaultdict(list)
    q = (
        select(measure_reading)
        .where(measure_reading.c.measure_id.in_([r["id"] for r in rows]))
        .order_by(measure_reading.c.measure_id, measure_reading.c.reading_date)
    )
    for r in conn.execute(q).mappings():
        value = from_x100(r["value_x100"])
        assert value is not None
        readings[r["measure_id"]].append(Reading(r["reading_date"], value))
    found: dict[int, list[Measure]] = defaultdict(list)
    for r in rows:
        found[r["goal_id"]].append(
            Measure(
                id=r["id"],
                goal_id=r["goal_id"],
                name=r["name"],
                unit=r["unit"],
                baseline=from_x100(r["baseline_x100"]),
                target=from_x100(r["target_x100"]),
                readings=tuple(readings.get(r["id"], ())),
            )
        )
    return found


def milestones_of(conn: Connection, goal_ids: list[int]) -> dict[int, list[Milestone]]:
    found: dict[int, list[Milestone]] = defaultdict(list)
    q = (
        select(milestone)
        .where(milestone.c.goal_id.in_(goal_ids))
        .order_by(milestone.c.goal_id, milestone.c.due_date.is_(None), milestone.c.due_date)
    )
    for r in conn.execute(q).mappings():
        found[r["goal_id"]].append(
            Milestone(r["id"], r["goal_id"], r["title"], r["due_date"], r["done_date"])
        )
    return found


@dataclass(frozen=True)
class DimensionChoice:
    """A maturity dimension a goal can be linked to."""

    id: int
    name: str  # sub-dimensions as "Culture – Strength Based"
    framework: str


def newest_dimensions(conn: Connection) -> list[DimensionChoice]:
    """The dimensions of the newest version of every framework (none when no framework is
    loaded yet), in the framework's order."""
    newest = (
        select(framework.c.key, func.max(framework.c.version).label("v"))
        .group_by(framework.c.key)
        .subquery()
    )
    frameworks = list(
        conn.execute(
            select(framework.c.id, framework.c.name)
            .join(newest, (newest.c.key == framework.c.key) & (newest.c.v == framework.c.version))
            .order_by(framework.c.name)
        )
    )
    out: list[DimensionChoice] = []
    for fid, fname in frameworks:
        rows = [
            dict(r)
            for r in conn.execute(
                select(framework_dimension).where(framework_dimension.c.framework_id == fid)
            ).mappings()
        ]
        out.extend(DimensionChoice(i, name, fname) for i, name in _in_order(rows))
    return out


def _in_order(rows: list[dict[str, Any]]) -> list[tuple[int, str]]:
    """(id, name) of dimensions, each followed by its sub-dimensions ("Culture – Strength
    Based")."""
    by_id = {int(r["id"]): r for r in rows}

    def key(r: dict[str, Any]) -> tuple[int, int, int]:
        parent = by_id.get(r["parent_id"]) if r["parent_id"] is not None else None
        if parent is None:
            return (int(r["sort_order"]), 0, int(r["id"]))
        return (int(parent["sort_order"]), 1, int(r["sort_order"]))

    out: list[tuple[int, str]] = []
    for r in sorted(rows, key=key):
        parent = by_id.get(r["parent_id"]) if r["parent_id"] is not None else None
        name = f"{parent['name']} – {r['name']}" if parent is not None else str(r["name"])
        out.append((int(r["id"]), name))
    return out
