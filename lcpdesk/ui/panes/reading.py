"""Reads the panes share, run in a worker by :class:`lcpdesk.ui.tasks.Reader`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lcpdesk.domain import periods as period_rules
from lcpdesk.domain.allocation_periods import Period, financial_year
from lcpdesk.domain.maturity_views import HeatMapData
from lcpdesk.domain.model import Area, Partnership
from lcpdesk.domain.resources import Partner
from lcpdesk.domain.scoring import Assessment, AssessmentInfo
from lcpdesk.services.maturity import MaturityService
from lcpdesk.services.maturity_views import MaturityViews
from lcpdesk.services.membership import MembershipService
from lcpdesk.services.resources import ResourcesService, ResourceView


def read_scope(
    membership: MembershipService, area_id: int
) -> tuple[Area, list[Partnership]] | None:
    """The area and its partnerships (tree order); None when the area has gone (an undo may
    remove it), and the pane then forgets the selection."""
    area = next((a for a in membership.areas() if a.id == area_id), None)
    return None if area is None else (area, membership.partnerships(area_id))


@dataclass(frozen=True)
class ResourcesData:
    area: Area
    partnerships: list[Partnership]
    years: list[Period]  # the financial years offered, newest first
    period: Period | None  # the one shown; None: every period
    view: ResourceView
    partners: list[Partner]


def read_resources(
    membership: MembershipService,
    service: ResourcesService,
    area_id: int,
    partnership_id: int | None,
    *,
    chosen: tuple[Period | None] | None,
    today: dt.date,
) -> ResourcesData | None:
    """What the Resources pane shows. ``chosen``: the period the user chose for this area
    (a 1-tuple, as None is a choice: every period), or None when they have not chosen;
    the current financial year is then shown when it holds allocations."""
    scope = read_scope(membership, area_id)
    if scope is None:
        return None
    years = service.financial_years(area_id, None)
    if chosen is not None:
        period = chosen[0]
    else:
        current = financial_year(today)
        period = current if current in years else None
    if period is not None and period not in years:
        years = sorted([*years, period], reverse=True)
    return ResourcesData(
        *scope,
        years=years,
        period=period,
        view=service.view(area_id, partnership_id, period, today),
        partners=service.partners(area_id),
    )


@dataclass(frozen=True)
class MaturityData:
    area: Area
    partnerships: list[Partnership]
    unit: Partnership | None  # the partnership chosen; None: the whole area
    periods: list[str]  # every period of the area or the unit, newest first
    own: dict[str, AssessmentInfo]  # the unit's assessments by period
    period: str | None  # the one shown
    current: Assessment | None  # the unit's assessment for that period


def read_maturity(
    members: MembershipService,
    service: MaturityService,
    area_id: int,
    partnership_id: int | None,
    chosen: str | None,
) -> MaturityData | None:
    """The periods and the assessment the Maturity pane shows; ``chosen``: the period the
    user chose for this area (the newest is shown when it is not among them)."""
    scope = read_scope(members, area_id)
    if scope is None:
        return None
    area, units = scope
    unit = next((u for u in units if u.id == partnership_id), None)
    in_area = service.periods(area_id)
    own = {a.period: a for a in service.assessments(unit.id)} if unit else {}
    every = sorted(set(in_area) | set(own), key=period_rules.sort_key, reverse=True)
    period = chosen if chosen in every else (every[0] if every else chosen)
    current = service.assessment_for(unit.id, period) if unit is not None and period else None
    return MaturityData(area, units, unit, every, own, period, current)


def read_heat_map(
    views: MaturityViews, area_id: int, period: str | None, key: str | None
) -> tuple[list[tuple[str, str]], HeatMapData | None]:
    """The frameworks the area's assessments use, and the heat map for ``period``."""
    heat = views.heat_map(area_id, period, key) if period else None
    return views.framework_keys(area_id), heat
