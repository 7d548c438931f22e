"""Reading areas, partnerships, practices and memberships from the store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, and_, func, or_, select

from lcpdesk.domain.model import Area, Membership, Partnership, Practice
from lcpdesk.store.schema import (
    area,
    list_size,
    membership,
    partnership,
    practice,
)


def areas(conn: Connection) -> list[Area]:
    rows = conn.execute(select(area).order_by(area.c.name)).mappings()
    return [
        Area(r["id"], r["name"], r["partnership_label"], r["subunit_label"], bool(r["is_demo"]))
        for r in rows
    ]


def area_by_name(conn: Connection, name: str) -> Area | None:
    wanted = name.strip().casefold()
    return next((a for a in areas(conn) if a.name.casefold() == wanted), None)


def area_by_id(conn: Connection, area_id: int) -> Area | None:
    return next((a for a in areas(conn) if a.id == area_id), None)


def partnerships(conn: Connection, area_id: int) -> list[Partnership]:
    rows = conn.execute(
        select(partnership).where(partnership.c.area_id == area_id).order_by(partnership.c.id)
    ).mappings()
    return [
        Partnership(
            r["id"],
            r["area_id"],
            r["name"],
            r["parent_id"],
            r["sort_order"],
            r["published_population"],
        )
        for r in rows
    ]


def partnership_by_id(conn: Connection, partnership_id: int) -> Partnership | None:
    r = conn.execute(select(partnership).where(partnership.c.id == partnership_id)).mappings()
    row = r.first()
    if row is None:
        return None
    return Partnership(
        row["id"],
        row["area_id"],
        row["name"],
        row["parent_id"],
        row["sort_order"],
        row["published_population"],
    )


def _practice(r: dict[str, object]) -> Practice:
    return Practice(
        int(r["id"]),  # type: ignore[call-overload]
        str(r["code"]),
        str(r["name"]),
        str(r["postcode"]),
        str(r["pcn_code"]),
        str(r["pcn_name"]),
        bool(r["is_demo"]),
    )


def practice_by_code(conn: Connection, code: str) -> Practice | None:
    row = conn.execute(select(practice).where(practice.c.code == code)).mappings().first()
    return _practice(dict(row)) if row is not None else None


def practice_by_id(conn: Connection, practice_id: int) -> Practice | None:
    row = conn.execute(select(practice).where(practice.c.id == practice_id)).mappings().first()
    return _practice(dict(row)) if row is not None else None


def practices_by_id(conn: Connection, ids: Iterable[int]) -> dict[int, Practice]:
    wanted = list(set(ids))
    found: dict[int, Practice] = {}
    for start in range(0, len(wanted), 900):
        chunk = wanted[start : start + 900]
        for r in conn.execute(select(practice).where(practice.c.id.in_(chunk))).mappings():
            p = _practice(dict(r))
            found[p.id] = p
    return found


def memberships_at(conn: Connection, area_id: int, when: dt.date) -> list[Membership]:
    """Memberships of the area's partnerships in force on ``when``."""
    q = (
        select(membership)
        .join(partnership, partnership.c.id == membership.c.partnership_id)
        .where(
            partnership.c.area_id == area_id,
            membership.c.effective_from <= when,
            or_(membership.c.effective_to.is_(None), membership.c.effective_to > when),
        )
    )
    return [
        Membership(
            r["id"], r["practice_id"], r["partnership_id"], r["effective_from"], r["effective_to"]
        )
        for r in conn.execute(q).mappings()
    ]


def memberships_of_practice(conn: Connection, practice_id: int) -> list[Membership]:
    q = select(membership).where(membership.c.practice_id == practice_id)
    return [
        Membership(
            r["id"], r["practice_id"], r["partnership_id"], r["effective_from"], r["effective_to"]
        )
        for r in conn.execute(q).mappings()
    ]


def list_sizes_at(conn: Connection, practice_ids: Sequence[int], when: dt.date) -> dict[int, int]:
    found: dict[int, int] = {}
    ids = list(practice_ids)
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        q = select(list_size.c.practice_id, list_size.c.patients).where(
            list_size.c.extract_date == when, list_size.c.practice_id.in_(chunk)
        )
        found.update({int(pid): int(n) for pid, n in conn.execute(q)})
    return found


def latest_list_sizes(
    conn: Connection, practice_ids: Sequence[int]
) -> dict[int, tuple[dt.date, int]]:
    """Practice id -> (latest extract date, patients)."""
    found: dict[int, tuple[dt.date, int]] = {}
    ids = list(practice_ids)
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        latest = (
            select(list_size.c.practice_id, func.max(list_size.c.extract_date).label("d"))
            .where(list_size.c.practice_id.in_(chunk))
            .group_by(list_size.c.practice_id)
            .subquery()
        )
        q = select(list_size.c.practice_id, list_size.c.extract_date, list_size.c.patients).join(
            latest,
            and_(
                latest.c.practice_id == list_size.c.practice_id,
                latest.c.d == list_size.c.extract_date,
            ),
        )
        found.update({int(pid): (d, int(n)) for pid, d, n in conn.execute(q)})
    return found


def extract_dates(conn: Connection, area_id: int) -> list[dt.date]:
    """Dates with list sizes for any practice that has ever been a member in the area, newest
    first."""
    members = (
        select(membership.c.practice_id)
        .join(partnership, partnership.c.id == membership.c.partnership_id)
        .where(partnership.c.area_id == area_id)
    )
    q = (
        select(list_size.c.extract_date)
        .where(list_size.c.practice_id.in_(members))
        .distinct()
        .order_by(list_size.c.extract_date.desc())
    )
    return [d for (d,) in conn.execute(q)]
