"""Recorded writes (for undo) of partner organisations, allocations and an area's funding
floor, and the single rows the resources service checks before it writes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, select

from lcpdesk.store.changes import Recorder
from lcpdesk.store.schema import allocation, area, goal, partner


def partner_row(conn: Connection, partner_id: int) -> dict[str, Any] | None:
    found = conn.execute(select(partner).where(partner.c.id == partner_id)).mappings().first()
    return dict(found) if found is not None else None


def partner_names(conn: Connection, area_id: int) -> list[tuple[int, str]]:
    """(id, name) of the area's partner organisations."""
    q = select(partner.c.id, partner.c.name).where(partner.c.area_id == area_id)
    return [(int(pid), str(name)) for pid, name in conn.execute(q)]


def allocation_row(conn: Connection, allocation_id: int) -> dict[str, Any] | None:
    found = (
        conn.execute(select(allocation).where(allocation.c.id == allocation_id)).mappings().first()
    )
    return dict(found) if found is not None else None


def add_partner(rec: Recorder, values: Mapping[str, Any]) -> int:
    (partner_id,) = rec.insert(partner, values)
    return int(partner_id)


def update_partner(rec: Recorder, partner_id: int, values: Mapping[str, Any]) -> None:
    rec.update(partner, (partner_id,), values)


def delete_partner(rec: Recorder, partner_id: int) -> None:
    """The partner with its allocations; goals it owned are left without an owner."""
    conn = rec.conn
    for (gid,) in conn.execute(select(goal.c.id).where(goal.c.owner_partner_id == partner_id)):
        rec.update(goal, (gid,), {"owner_partner_id": None})
    for (aid,) in conn.execute(
        select(allocation.c.id).where(allocation.c.partner_id == partner_id)
    ):
        rec.delete(allocation, (aid,))
    rec.delete(partner, (partner_id,))


def add_allocation(rec: Recorder, values: Mapping[str, Any]) -> int:
    (allocation_id,) = rec.insert(allocation, values)
    return int(allocation_id)


def update_allocation(rec: Recorder, allocation_id: int, values: Mapping[str, Any]) -> None:
    rec.update(allocation, (allocation_id,), values)


def delete_allocation(rec: Recorder, allocation_id: int) -> None:
    rec.delete(allocation, (allocation_id,))


def set_funding_floor(rec: Recorder, area_id: int, floor_x100: int) -> None:
    rec.update(area, (area_id,), {"funding_floor_x100": floor_x100})
