"""What the store holds for one partnership and one period, read once for a return: the
gather, the preview and the apply all work from these facts."""

from __future__ import annotations

from dataclasses import dataclass

from lcpdesk import clock
from lcpdesk.domain.allocation_periods import Period as Dates
from lcpdesk.domain.goals import Goal
from lcpdesk.domain.maturity import Framework
from lcpdesk.domain.model import Area, MemberRow, Partnership
from lcpdesk.domain.periods import Period
from lcpdesk.domain.resources import Allocation, Partner
from lcpdesk.domain.scoring import Assessment
from lcpdesk.errors import InputError
from lcpdesk.services import frameworks as fws
from lcpdesk.services.maturity import MaturityService
from lcpdesk.services.membership import MembershipService
from lcpdesk.services.returns_refs import quarter_dates
from lcpdesk.store import goals_repo, membership_repo, resources_repo
from lcpdesk.store import maturity_repo as mrepo
from lcpdesk.store.changes import Recorder
from lcpdesk.store.db import Store


@dataclass(frozen=True)
class Facts:
    area: Area
    unit: Partnership
    period: Period
    dates: Dates
    scope: tuple[int, ...]  # the partnership and its sub-units
    members: tuple[MemberRow, ...]
    framework: Framework
    assessment: Assessment | None
    goals: tuple[Goal, ...]
    allocations: tuple[Allocation, ...]  # running in the period
    partners: tuple[Partner, ...]

    def level_rank(self, text: str | None) -> int | None:
        """The rank of a level given by name (any case) or by number; None when unknown."""
        if text is None:
            return None
        cleaned = " ".join(text.split()).casefold()
        for level in self.framework.levels:
            if level.name.casefold() == cleaned or str(level.rank) == cleaned:
                return level.rank
        return None


def find_unit(store: Store, partnership_id: int) -> tuple[Area, Partnership]:
    with store.read() as conn:
        unit = membership_repo.partnership_by_id(conn, partnership_id)
        found = membership_repo.area_by_id(conn, unit.area_id) if unit is not None else None
    if unit is None or found is None:
        raise InputError("That partnership no longer exists.", hint="Refresh the list.")
    return found, unit


def load(
    store: Store, rec: Recorder, partnership_id: int, period: Period, framework_key: str = ""
) -> Facts:
    """The facts, on ``rec``'s connection. A shipped framework not yet stored is stored
    through ``rec`` (a preview does this in a transaction it rolls back)."""
    conn = rec.conn
    area, unit = find_unit(store, partnership_id)
    dates = quarter_dates(period)
    scope = tuple(goals_repo.scope_ids(membership_repo.partnerships(conn, area.id), unit.id))
    info = mrepo.assessment_for(conn, unit.id, str(period))
    current = mrepo.load_assessment(conn, info) if info is not None else None
    if current is not None:
        fw = current.framework
    else:
        key = framework_key or MaturityService(store).default_framework_key(area.id, unit.id)
        stored = mrepo.latest_framework_row(conn, key)
        fw_id = int(stored["id"]) if stored is not None else fws.ensure_framework(rec, key)
        found = mrepo.framework_by_id(conn, fw_id)
        assert found is not None
        fw = found
    as_at = min(dates.end, max(dates.start, clock.today()))
    return Facts(
        area=area,
        unit=unit,
        period=period,
        dates=dates,
        scope=scope,
        members=tuple(MembershipService(store).members(area.id, unit.id, as_at)),
        framework=fw,
        assessment=current,
        goals=tuple(goals_repo.goals(conn, area.id, list(scope))),
        allocations=tuple(resources_repo.allocations(conn, list(scope), dates)),
        partners=tuple(goals_repo.partners(conn, area.id)),
    )
