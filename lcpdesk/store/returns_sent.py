"""Pre-filled returns written (``return_sent``: the last time each partnership's return for a
quarter was written) and the marking of return records a newer return superseded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import Connection, delete, insert, select, update

from lcpdesk.store.schema import return_record, return_sent

SUPERSEDED = "superseded"


def mark_sent(
    conn: Connection, partnership_id: int, period: str, file_name: str, sent_on: dt.date
) -> None:
    """Record that the partnership's return for ``period`` was written (replacing any earlier)."""
    conn.execute(
        delete(return_sent).where(
            return_sent.c.partnership_id == partnership_id, return_sent.c.period == period
        )
    )
    conn.execute(
        insert(return_sent).values(
            partnership_id=partnership_id, period=period, file_name=file_name, sent_on=sent_on
        )
    )


def sent(conn: Connection, period: str) -> dict[int, tuple[dt.date, str]]:
    """Partnership id -> (date written, file name) of the returns written for ``period``."""
    q = select(return_sent.c.partnership_id, return_sent.c.sent_on, return_sent.c.file_name)
    rows = conn.execute(q.where(return_sent.c.period == period))
    return {int(r.partnership_id): (r.sent_on, r.file_name) for r in rows}


def supersede(conn: Connection, record_ids: Iterable[int], reason: str) -> None:
    """Mark accepted records as superseded by a newer return."""
    ids = list(record_ids)
    if ids:
        conn.execute(
            update(return_record)
            .where(return_record.c.id.in_(ids))
            .values(status=SUPERSEDED, reasons=reason)
        )


def known_hashes(conn: Connection) -> dict[str, str]:
    """SHA-256 -> status of the newest record of every file read before."""
    q = select(return_record.c.sha256, return_record.c.status).order_by(return_record.c.id)
    return {r.sha256: r.status for r in conn.execute(q) if r.sha256}
