"""Writing the made-up demo data: plain inserts inside the loader's one transaction, not
recorded for undo (loading the demo is not an undoable edit)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert, select, update

from lcpdesk.store.schema import (
    allocation,
    area,
    assessment,
    assessment_item,
    assessment_rater,
    footprint,
    framework,
    goal,
    goal_cohort,
    list_size,
    measure,
    measure_reading,
    membership,
    milestone,
    partner,
    partnership,
    practice,
    rater_score,
)

Values = Mapping[str, Any]


def _add(conn: Connection, table: Table, values: Values) -> int:
    key = conn.execute(insert(table).values(**values)).inserted_primary_key
    assert key is not None
    return int(key[0])


def _add_all(conn: Connection, table: Table, rows: Sequence[Values]) -> None:
    if rows:
        conn.execute(insert(table), [dict(r) for r in rows])


# ---------------------------------------------------------------------- reading


def area_id_named(conn: Connection, name: str) -> int | None:
    found = conn.execute(select(area.c.id).where(area.c.name == name)).scalar()
    return None if found is None else int(found)


def top_level_units(conn: Connection, area_id: int) -> list[tuple[int, str]]:
    """(id, name) of the area's partnerships that are not sub-units, in their order."""
    q = (
        select(partnership.c.id, partnership.c.name)
        .where(partnership.c.area_id == area_id, partnership.c.parent_id.is_(None))
        .order_by(partnership.c.sort_order)
    )
    return [(int(i), str(n)) for i, n in conn.execute(q)]


# ---------------------------------------------------------------------- membership


def add_area(conn: Connection, **values: Any) -> int:
    return _add(conn, area, values)


def add_partnership(conn: Connection, **values: Any) -> int:
    return _add(conn, partnership, values)


def add_practice(conn: Connection, **values: Any) -> int:
    return _add(conn, practice, values)


def add_membership(conn: Connection, **values: Any) -> None:
    _add(conn, membership, values)


def add_memberships(conn: Connection, rows: Sequence[Values]) -> None:
    _add_all(conn, membership, rows)


def add_list_size(conn: Connection, **values: Any) -> None:
    conn.execute(insert(list_size).values(**values))


def add_list_sizes(conn: Connection, rows: Sequence[Values]) -> None:
    _add_all(conn, list_size, rows)


def add_footprints(conn: Connection, rows: Sequence[Values]) -> None:
    _add_all(conn, footprint, rows)


# ---------------------------------------------------------------------- goals and resources


def add_partner(conn: Connection, **values: Any) -> int:
    return _add(conn, partner, values)


def add_goal(conn: Connection, **values: Any) -> int:
    return _add(conn, goal, values)


def add_cohort(conn: Connection, goal_id: int, cohort: str) -> None:
    conn.execute(insert(goal_cohort).values(goal_id=goal_id, cohort=cohort))


def add_measure(conn: Connection, **values: Any) -> int:
    return _add(conn, measure, values)


def add_readings(conn: Connection, rows: Sequence[Values]) -> None:
    _add_all(conn, measure_reading, rows)


def add_milestone(conn: Connection, **values: Any) -> None:
    _add(conn, milestone, values)


def add_allocations(conn: Connection, rows: Sequence[Values]) -> None:
    _add_all(conn, allocation, rows)


# ---------------------------------------------------------------------- maturity


def lock_framework(conn: Connection, framework_id: int) -> None:
    conn.execute(update(framework).where(framework.c.id == framework_id).values(locked=True))


def add_assessment(conn: Connection, **values: Any) -> int:
    return _add(conn, assessment, values)


def add_rater(conn: Connection, **values: Any) -> int:
    return _add(conn, assessment_rater, values)


def add_items(conn: Connection, rows: Sequence[Values]) -> None:
    _add_all(conn, assessment_item, rows)


def add_rater_scores(conn: Connection, rows: Sequence[Values]) -> None:
    _add_all(conn, rater_score, rows)
