"""Shared set-up for the maturity service tests: a small area, and exact snapshots."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select

from lcpdesk.store import schema
from lcpdesk.store.db import Store

MATURITY_TABLES = (
    schema.framework,
    schema.framework_level,
    schema.framework_dimension,
    schema.framework_cell,
    schema.assessment,
    schema.assessment_item,
    schema.assessment_rater,
    schema.rater_score,
    schema.goal,
    schema.goal_dimension,
)


def small_area(
    store: Store, name: str = "Testford", units: tuple[str, ...] = ("North", "South")
) -> dict[str, int]:
    """An area with a few partnerships; their ids by name (and the area's under its name)."""
    ids: dict[str, int] = {}
    with store.write() as conn:
        ids[name] = conn.execute(
            insert(schema.area).values(name=name, partnership_label="LCP")
        ).inserted_primary_key[0]
        for order, unit in enumerate(units):
            ids[unit] = conn.execute(
                insert(schema.partnership).values(area_id=ids[name], name=unit, sort_order=order)
            ).inserted_primary_key[0]
    return ids


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every maturity (and goal) table, for exact before/after comparisons."""
    with store.read() as conn:
        return {
            t.name: sorted((tuple(r) for r in conn.execute(select(t))), key=repr)
            for t in MATURITY_TABLES
        }
