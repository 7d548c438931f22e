"""Recorded writes (for undo) of goals, their cohorts, maturity links, measures, readings and
milestones, and the single rows the goals service checks before it writes.

Foreign-key cascades are not recorded, so a delete here removes the children itself (and
unlinks what only refers to the row) before the row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, select

from lcpdesk.store.changes import Recorder
from lcpdesk.store.schema import (
    allocation,
    framework_dimension,
    goal,
    goal_cohort,
    goal_dimension,
    measure,
    measure_reading,
    milestone,
    partner,
)

# ---------------------------------------------------------------------- reading


def _row(conn: Connection, table: Table, row_id: int) -> dict[str, Any] | None:
    found = conn.execute(select(table).where(table.c.id == row_id)).mappings().first()
    return dict(found) if found is not None else None


def goal_row(conn: Connection, goal_id: int) -> dict[str, Any] | None:
    return _row(conn, goal, goal_id)


def measure_row(conn: Connection, measure_id: int) -> dict[str, Any] | None:
    return _row(conn, measure, measure_id)


def milestone_row(conn: Connection, milestone_id: int) -> dict[str, Any] | None:
    return _row(conn, milestone, milestone_id)


def goal_partnership_id(conn: Connection, goal_id: int) -> int | None:
    """The partnership the goal belongs to (None: no such goal)."""
    found = conn.execute(select(goal.c.partnership_id).where(goal.c.id == goal_id)).scalar()
    return None if found is None else int(found)


def partner_area_id(conn: Connection, partner_id: int) -> int | None:
    found = conn.execute(select(partner.c.area_id).where(partner.c.id == partner_id)).scalar()
    return None if found is None else int(found)


def known_dimension_ids(conn: Connection, dimension_ids: Sequence[int]) -> set[int]:
    """Those of ``dimension_ids`` that are stored maturity dimensions."""
    q = select(framework_dimension.c.id).where(framework_dimension.c.id.in_(list(dimension_ids)))
    return {int(i) for (i,) in conn.execute(q)}


def cohorts_of(conn: Connection, goal_id: int) -> list[str]:
    q = select(goal_cohort.c.cohort).where(goal_cohort.c.goal_id == goal_id)
    return [c for (c,) in conn.execute(q)]


def dimension_ids_of(conn: Connection, goal_id: int) -> set[int]:
    q = select(goal_dimension.c.dimension_id).where(goal_dimension.c.goal_id == goal_id)
    return {int(d) for (d,) in conn.execute(q)}


def readings_of(conn: Connection, measure_id: int) -> dict[dt.date, int]:
    """The measure's readings: date -> value (x100)."""
    q = select(measure_reading.c.reading_date, measure_reading.c.value_x100).where(
        measure_reading.c.measure_id == measure_id
    )
    return {d: v for d, v in conn.execute(q)}


# ---------------------------------------------------------------------- goals


def add_goal(rec: Recorder, partnership_id: int, values: Mapping[str, Any]) -> int:
    (goal_id,) = rec.insert(goal, {"partnership_id": partnership_id, **values})
    return int(goal_id)


def update_goal(rec: Recorder, goal_id: int, values: Mapping[str, Any]) -> None:
    rec.update(goal, (goal_id,), values)


def add_cohort(rec: Recorder, goal_id: int, cohort: str) -> None:
    rec.insert(goal_cohort, {"goal_id": goal_id, "cohort": cohort})


def remove_cohort(rec: Recorder, goal_id: int, cohort: str) -> None:
    rec.delete(goal_cohort, (goal_id, cohort))


def link_dimension(
    rec: Recorder, goal_id: int, dimension_id: int, from_assessment_id: int | None = None
) -> None:
    """Link the goal to a maturity dimension (from an assessment's gap, when given)."""
    values: dict[str, Any] = {"goal_id": goal_id, "dimension_id": dimension_id}
    if from_assessment_id is not None:
        values["from_assessment_id"] = from_assessment_id
    rec.insert(goal_dimension, values)


def link_dimension_from_assessment(
    rec: Recorder, goal_id: int, dimension_id: int, assessment_id: int
) -> None:
    """Link (or re-link) the goal to the dimension's gap in ``assessment_id``."""
    rec.upsert(
        goal_dimension,
        {"goal_id": goal_id, "dimension_id": dimension_id, "from_assessment_id": assessment_id},
    )


def unlink_dimension(rec: Recorder, goal_id: int, dimension_id: int) -> None:
    rec.delete(goal_dimension, (goal_id, dimension_id))


def delete_goal(rec: Recorder, goal_id: int) -> None:
    """The goal with its measures, readings, milestones, cohorts and maturity links; its
    allocations stay, no longer for a goal."""
    conn = rec.conn
    for (alloc_id,) in conn.execute(select(allocation.c.id).where(allocation.c.goal_id == goal_id)):
        rec.update(allocation, (alloc_id,), {"goal_id": None})
    for (mid,) in conn.execute(select(measure.c.id).where(measure.c.goal_id == goal_id)):
        delete_measure(rec, int(mid))
    for (sid,) in conn.execute(select(milestone.c.id).where(milestone.c.goal_id == goal_id)):
        rec.delete(milestone, (sid,))
    for (cohort,) in conn.execute(
        select(goal_cohort.c.cohort).where(goal_cohort.c.goal_id == goal_id)
    ):
        rec.delete(goal_cohort, (goal_id, cohort))
    for (dim,) in conn.execute(
        select(goal_dimension.c.dimension_id).where(goal_dimension.c.goal_id == goal_id)
    ):
        rec.delete(goal_dimension, (goal_id, dim))
    rec.delete(goal, (goal_id,))


# ---------------------------------------------------------------------- measures


def add_measure(rec: Recorder, goal_id: int, values: Mapping[str, Any]) -> int:
    (measure_id,) = rec.insert(measure, {"goal_id": goal_id, **values})
    return int(measure_id)


def update_measure(rec: Recorder, measure_id: int, values: Mapping[str, Any]) -> None:
    rec.update(measure, (measure_id,), values)


def add_reading(rec: Recorder, measure_id: int, when: dt.date, value_x100: int) -> None:
    rec.insert(
        measure_reading,
        {"measure_id": measure_id, "reading_date": when, "value_x100": value_x100},
    )


def update_reading(rec: Recorder, measure_id: int, when: dt.date, value_x100: int) -> None:
    rec.update(measure_reading, (measure_id, when), {"value_x100": value_x100})


def remove_reading(rec: Recorder, measure_id: int, when: dt.date) -> None:
    rec.delete(measure_reading, (measure_id, when))


def delete_measure(rec: Recorder, measure_id: int) -> None:
    """The measure with its readings."""
    for (when,) in rec.conn.execute(
        select(measure_reading.c.reading_date).where(measure_reading.c.measure_id == measure_id)
    ):
        rec.delete(measure_reading, (measure_id, when))
    rec.delete(measure, (measure_id,))


# ---------------------------------------------------------------------- milestones


def add_milestone(rec: Recorder, goal_id: int, values: Mapping[str, Any]) -> int:
    (milestone_id,) = rec.insert(milestone, {"goal_id": goal_id, **values})
    return int(milestone_id)


def update_milestone(rec: Recorder, milestone_id: int, values: Mapping[str, Any]) -> None:
    rec.update(milestone, (milestone_id,), values)


def delete_milestone(rec: Recorder, milestone_id: int) -> None:
    rec.delete(milestone, (milestone_id,))
