"""Reading allocations (with their partner, partnership and goal) from the store."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, func, select

from lcpdesk.domain.allocation_periods import Period
from lcpdesk.domain.resources import Allocation
from lcpdesk.store.schema import allocation, area, goal, partner, partnership


def allocations(
    conn: Connection, partnership_ids: Sequence[int], period: Period | None = None
) -> list[Allocation]:
    """Allocations to these partnerships (those overlapping ``period`` when given), ordered by
    period, partner and kind."""
    q = (
        select(
            allocation,
            partner.c.name.label("partner_name"),
            partner.c.sector,
            partnership.c.name.label("partnership_name"),
            goal.c.title.label("goal_title"),
            goal.c.status.label("goal_status"),
        )
        .join(partner, partner.c.id == allocation.c.partner_id)
        .join(partnership, partnership.c.id == allocation.c.partnership_id)
        .outerjoin(goal, goal.c.id == allocation.c.goal_id)
        .where(allocation.c.partnership_id.in_(list(partnership_ids)))
        .order_by(
            allocation.c.period_start,
            func.lower(partner.c.name),
            allocation.c.kind,
            allocation.c.id,
        )
    )
    if period is not None:
        q = q.where(
            allocation.c.period_start <= period.end, allocation.c.period_end >= period.start
        )
    return [
        Allocation(
            id=r["id"],
            partner_id=r["partner_id"],
            partner_name=r["partner_name"],
            sector=r["sector"],
            partnership_id=r["partnership_id"],
            partnership_name=r["partnership_name"],
            goal_id=r["goal_id"],
            goal_title=r["goal_title"] or "",
            goal_status=r["goal_status"] or "",
            kind=r["kind"],
            amount_x100=r["amount_x100"],
            period_start=r["period_start"],
            period_end=r["period_end"],
            status=r["status"],
            notes=r["notes"],
            is_demo=bool(r["is_demo"]),
        )
        for r in conn.execute(q).mappings()
    ]


def periods(conn: Connection, partnership_ids: Sequence[int]) -> list[tuple[Period, int]]:
    """Each distinct allocation period of these partnerships, with how many allocations use it,
    oldest first."""
    q = (
        select(allocation.c.period_start, allocation.c.period_end, func.count())
        .where(allocation.c.partnership_id.in_(list(partnership_ids)))
        .group_by(allocation.c.period_start, allocation.c.period_end)
        .order_by(allocation.c.period_start, allocation.c.period_end)
    )
    return [(Period(s, e), int(n)) for s, e, n in conn.execute(q)]


def funding_floor(conn: Connection, area_id: int) -> int:
    value = conn.execute(select(area.c.funding_floor_x100).where(area.c.id == area_id)).scalar()
    return int(value) if value is not None else 0
