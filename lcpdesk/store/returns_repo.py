"""Return records: every return workbook lcpdesk read, with its outcome (the ``return_record``
table). Written through a :class:`~lcpdesk.store.changes.Recorder` when part of an accepted
return (so undo takes the record back with the data), directly otherwise."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select

from lcpdesk.store.changes import Recorder
from lcpdesk.store.schema import return_record

PREVIEWED, ACCEPTED, REFUSED = "previewed", "accepted", "refused"


@dataclass(frozen=True)
class ReturnRecord:
    id: int
    file_name: str
    sha256: str
    read_at: dt.datetime
    template_key: str
    template_version: int | None
    area: str
    partnership: str
    period: str
    partnership_id: int | None
    completed_by: str
    signed_off_by: str
    signed_off_on: dt.date | None
    status: str
    reasons: str
    summary: str = ""  # JSON, see lcpdesk.services.returns_summary


def _record(r: Mapping[str, Any]) -> ReturnRecord:
    return ReturnRecord(**{k: r[k] for k in ReturnRecord.__dataclass_fields__})


def add(conn: Connection, values: Mapping[str, Any], rec: Recorder | None = None) -> int:
    """A new record; through ``rec`` when given (then undo removes it)."""
    if rec is not None:
        (new_id,) = rec.insert(return_record, values)
        return int(new_id)
    result = conn.execute(insert(return_record).values(**values))
    assert result.inserted_primary_key is not None
    return int(result.inserted_primary_key[0])


def records(conn: Connection, partnership_id: int | None = None) -> list[ReturnRecord]:
    """Records, newest first (of one partnership when given)."""
    q = select(return_record).order_by(return_record.c.read_at.desc(), return_record.c.id.desc())
    if partnership_id is not None:
        q = q.where(return_record.c.partnership_id == partnership_id)
    return [_record(dict(r)) for r in conn.execute(q).mappings()]
