"""What the Membership pane shows for one selection, read in one go off the UI thread."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lcpdesk.domain.model import Area, AreaTable, MemberRow, Partnership
from lcpdesk.services.membership import MembershipService


@dataclass(frozen=True)
class MembershipData:
    area: Area
    partnerships: list[Partnership]
    dates: list[dt.date]  # the area's list-size extracts, newest first
    as_at: dt.date  # the extract shown (or, with none held, the day membership is read at)
    partial: set[dt.date]  # months with list sizes but no practice-by-LSOA data
    rows: list[MemberRow]
    table: AreaTable


def read_membership(
    service: MembershipService,
    area_id: int,
    partnership_id: int | None,
    chosen: dt.date | None,
) -> MembershipData | None:
    """The practices of the area or partnership at the ``chosen`` extract (the newest when
    it is not held) and the area table; None when the area has gone."""
    area = next((a for a in service.areas() if a.id == area_id), None)
    if area is None:
        return None
    dates = service.extract_dates(area_id)
    newest = service.default_date(area_id)  # the newest complete month
    as_at = chosen if chosen is not None and chosen in dates else newest
    extract = as_at if dates else None
    return MembershipData(
        area=area,
        partnerships=service.partnerships(area_id),
        dates=dates,
        as_at=as_at,
        partial=service.partial_dates(area_id),
        rows=service.members(area_id, partnership_id, as_at),
        table=service.area_table(area_id, extract),
    )
