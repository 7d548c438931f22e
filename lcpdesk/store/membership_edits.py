"""Recorded writes (for undo) of practices, memberships and list sizes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, select

from lcpdesk.store.changes import Recorder
from lcpdesk.store.schema import list_size, membership, practice


def add_practice(rec: Recorder, values: Mapping[str, Any]) -> int:
    """A new practice (code, name, postcode, PCN code and name); its id."""
    (practice_id,) = rec.insert(practice, values)
    return int(practice_id)


def update_practice(rec: Recorder, practice_id: int, values: Mapping[str, Any]) -> None:
    rec.update(practice, (practice_id,), values)


def add_membership(
    rec: Recorder, practice_id: int, partnership_id: int, effective_from: dt.date
) -> int:
    (membership_id,) = rec.insert(
        membership,
        {
            "practice_id": practice_id,
            "partnership_id": partnership_id,
            "effective_from": effective_from,
        },
    )
    return int(membership_id)


def end_membership(rec: Recorder, membership_id: int, on_date: dt.date) -> None:
    """The membership stops on ``on_date`` (kept as history)."""
    rec.update(membership, (membership_id,), {"effective_to": on_date})


def delete_membership(rec: Recorder, membership_id: int) -> None:
    rec.delete(membership, (membership_id,))


def list_size_at(conn: Connection, practice_id: int, extract_date: dt.date) -> int | None:
    """The practice's patients at exactly ``extract_date`` (None: none recorded)."""
    found = conn.execute(
        select(list_size.c.patients).where(
            list_size.c.practice_id == practice_id,
            list_size.c.extract_date == extract_date,
        )
    ).scalar()
    return None if found is None else int(found)


def set_list_size(
    rec: Recorder, practice_id: int, extract_date: dt.date, patients: int, source: str = "manual"
) -> None:
    rec.upsert(
        list_size,
        {
            "practice_id": practice_id,
            "extract_date": extract_date,
            "patients": patients,
            "source": source,
        },
    )


def delete_list_size(rec: Recorder, practice_id: int, extract_date: dt.date) -> None:
    rec.delete(list_size, (practice_id, extract_date))
