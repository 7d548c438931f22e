"""Shared by the returns tests: the store's rows as data, and a partnership by name."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from lcpdesk.services.goals import GoalsService
from lcpdesk.store import schema


def snapshot(store: Any) -> dict[str, list[str]]:
    """Every row of every table but the return records, comparable before and after."""
    with store.read() as conn:
        return {
            t.name: sorted(repr(tuple(r)) for r in conn.execute(select(t)))
            for t in schema.metadata.sorted_tables
            if t.name != "return_record"
        }


def unit_id(store: Any, name: str, area: str = "Leeds") -> int:
    return GoalsService(store).find_partnership(name, area)[1].id
