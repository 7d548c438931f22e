"""Resources use cases: partner organisations, their allocations, totals, warnings, the funding
floor, and rolling a period's allocations forward with an uplift.

Every edit returns the :class:`ChangeSet` it made (one undo step), as in
:mod:`lcpdesk.services.membership`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection

from lcpdesk import clock
from lcpdesk.domain import allocation_periods as periods
from lcpdesk.domain import resources as res
from lcpdesk.domain.allocation_periods import Period
from lcpdesk.domain.amounts import money_text
from lcpdesk.domain.model import Area
from lcpdesk.domain.resources import (
    Allocation,
    AllocationInput,
    Amounts,
    GoalRef,
    Partner,
    PartnerInput,
    ResourceWarning,
    TotalRow,
)
from lcpdesk.errors import InputError
from lcpdesk.store import goals_edits, goals_repo, membership_repo, resources_repo
from lcpdesk.store import resources_edits as edits
from lcpdesk.store.changes import ChangeSet, Recorder
from lcpdesk.store.db import Store


@dataclass(frozen=True)
class ResourceView:
    """What the Resources pane (and ``lcpdesk resources``) shows for a selection and period."""

    area: Area
    partnership_id: int | None
    period: Period | None
    allocations: list[Allocation]
    goals: list[GoalRef]
    funding_floor_x100: int
    warnings: list[ResourceWarning]
    grand: Amounts = field(default_factory=dict)

    def totals(self, grouping: str) -> list[TotalRow]:
        return res.totals_by(self.allocations, grouping)


@dataclass(frozen=True)
class RollPlan:
    """What rolling ``source`` forward would do."""

    source: Period
    target: Period
    uplift: Decimal
    copies: list[AllocationInput]
    skipped: int  # already in the target period (same partner, partnership, goal and kind)
    before: Amounts
    after: Amounts


class ResourcesService:
    def __init__(self, store: Store) -> None:
        self.store = store

    # ------------------------------------------------------------------ reading

    def partners(self, area_id: int) -> list[Partner]:
        with self.store.read() as conn:
            return goals_repo.partners(conn, area_id)

    def view(
        self,
        area_id: int,
        partnership_id: int | None,
        period: Period | None = None,
        on: dt.date | None = None,
    ) -> ResourceView:
        with self.store.read() as conn:
            found = membership_repo.area_by_id(conn, area_id)
            if found is None:
                raise InputError("That area no longer exists.", hint="Refresh the list.")
            scope = goals_repo.scope_ids(
                membership_repo.partnerships(conn, area_id), partnership_id
            )
            allocs = resources_repo.allocations(conn, scope, period)
            goals = goals_repo.goal_refs(conn, area_id, scope)
            floor = resources_repo.funding_floor(conn, area_id)
        return ResourceView(
            area=found,
            partnership_id=partnership_id,
            period=period,
            allocations=allocs,
            goals=goals,
            funding_floor_x100=floor,
            warnings=res.warnings(
                allocs,
                goals,
                funding_floor_x100=floor,
                today=on or clock.today(),
                period_label=period.label if period else "",
            ),
            grand=res.add_up(allocs),
        )

    def periods(self, area_id: int, partnership_id: int | None) -> list[tuple[Period, int]]:
        """The distinct allocation periods in scope, with their number of allocations."""
        with self.store.read() as conn:
            scope = goals_repo.scope_ids(
                membership_repo.partnerships(conn, area_id), partnership_id
            )
            return resources_repo.periods(conn, scope)

    def financial_years(self, area_id: int, partnership_id: int | None) -> list[Period]:
        """Every financial year an allocation in scope runs in, newest first."""
        years: set[Period] = set()
        for p, _n in self.periods(area_id, partnership_id):
            start = periods.financial_year(p.start)
            while start.start <= p.end:
                years.add(start)
                start = periods.financial_year(start.end + dt.timedelta(days=1))
        return sorted(years, reverse=True)

    def goal_refs(self, area_id: int, partnership_id: int | None) -> list[GoalRef]:
        with self.store.read() as conn:
            scope = goals_repo.scope_ids(
                membership_repo.partnerships(conn, area_id), partnership_id
            )
            return goals_repo.goal_refs(conn, area_id, scope)

    def goals_for(self, partnership_id: int) -> list[GoalRef]:
        """The goals an allocation to this partnership may be for: its own, its sub-units',
        and those of the partnerships it is part of."""
        with self.store.read() as conn:
            unit = membership_repo.partnership_by_id(conn, partnership_id)
            if unit is None:
                return []
            units = membership_repo.partnerships(conn, unit.area_id)
            related = set(goals_repo.scope_ids(units, unit.id))
            parents = {u.id: u.parent_id for u in units}
            above = unit.parent_id
            while above is not None and above not in related:
                related.add(above)
                above = parents.get(above)
            return goals_repo.goal_refs(conn, unit.area_id, sorted(related))

    def allocation(self, allocation_id: int) -> AllocationInput | None:
        with self.store.read() as conn:
            r = self._row(conn, allocation_id, missing_ok=True)
        return None if r is None else self.allocation_input(r)

    # ------------------------------------------------------------------ partners

    def add_partner(self, area_id: int, data: PartnerInput) -> tuple[ChangeSet, int]:
        data = res.check_partner(data)
        with self.store.write() as conn:
            self._unique_name(conn, area_id, data.name, None)
            rec = Recorder(conn, f"Add partner {data.name}")
            pid = edits.add_partner(
                rec,
                {
                    "area_id": area_id,
                    "name": data.name,
                    "sector": data.sector,
                    "org_type": data.org_type,
                },
            )
            return rec.changeset, int(pid)

    def edit_partner(self, partner_id: int, data: PartnerInput) -> ChangeSet:
        data = res.check_partner(data)
        with self.store.write() as conn:
            old = self._partner_row(conn, partner_id)
            self._unique_name(conn, old["area_id"], data.name, partner_id)
            rec = Recorder(conn, f"Edit partner {data.name}")
            edits.update_partner(
                rec,
                partner_id,
                {"name": data.name, "sector": data.sector, "org_type": data.org_type},
            )
            return rec.changeset

    def delete_partner(self, partner_id: int) -> ChangeSet:
        """The partner with its allocations; goals it owned are left without an owner."""
        with self.store.write() as conn:
            old = self._partner_row(conn, partner_id)
            rec = Recorder(conn, f"Delete partner {old['name']}")
            edits.delete_partner(rec, partner_id)
            return rec.changeset

    # ------------------------------------------------------------------ allocations

    def add_allocation(self, data: AllocationInput) -> tuple[ChangeSet, int]:
        data = res.check_allocation(data)
        with self.store.write() as conn:
            names = self._check_links(conn, data)
            rec = Recorder(conn, f"Add allocation from {names[0]} to {names[1]}")
            aid = edits.add_allocation(rec, self._values(data))
            return rec.changeset, aid

    def edit_allocation(self, allocation_id: int, data: AllocationInput) -> ChangeSet:
        data = res.check_allocation(data)
        with self.store.write() as conn:
            self._row(conn, allocation_id)
            names = self._check_links(conn, data)
            rec = Recorder(conn, f"Edit allocation from {names[0]} to {names[1]}")
            edits.update_allocation(rec, allocation_id, self._values(data))
            return rec.changeset

    def delete_allocation(self, allocation_id: int) -> ChangeSet:
        with self.store.write() as conn:
            r = self._row(conn, allocation_id)
            assert r is not None
            names = self._check_links(conn, self.allocation_input(r))
            rec = Recorder(conn, f"Delete allocation from {names[0]} to {names[1]}")
            edits.delete_allocation(rec, allocation_id)
            return rec.changeset

    def set_funding_floor(self, area_id: int, floor_x100: int) -> ChangeSet:
        if floor_x100 < 0:
            raise InputError("The smallest funding piece cannot be negative.")
        with self.store.write() as conn:
            rec = Recorder(conn, f"Set the smallest funding piece to {money_text(floor_x100)}")
            edits.set_funding_floor(rec, area_id, floor_x100)
            return rec.changeset

    # ------------------------------------------------------------------ roll forward

    def plan_roll_forward(
        self, area_id: int, partnership_id: int | None, source: Period, uplift: Decimal
    ) -> RollPlan:
        """The copies rolling ``source`` (an exact allocation period) forward would make."""
        uplift = res.check_uplift(uplift)
        target = periods.next_period(source.start, source.end)
        with self.store.read() as conn:
            scope = goals_repo.scope_ids(
                membership_repo.partnerships(conn, area_id), partnership_id
            )
            inside = resources_repo.allocations(conn, scope, source)
            there = resources_repo.allocations(conn, scope, target)
        olds = [a for a in inside if a.period == source]
        have = {
            (a.partner_id, a.partnership_id, a.goal_id, a.kind) for a in there if a.period == target
        }
        copies: list[AllocationInput] = []
        rolled: list[Allocation] = []
        for a in olds:
            if (a.partner_id, a.partnership_id, a.goal_id, a.kind) in have:
                continue
            rolled.append(a)
            copies.append(
                AllocationInput(
                    partner_id=a.partner_id,
                    partnership_id=a.partnership_id,
                    kind=a.kind,
                    amount_x100=res.rolled_amount(a.kind, a.amount_x100, uplift),
                    period_start=target.start,
                    period_end=target.end,
                    status=res.PLANNED,
                    goal_id=a.goal_id,
                    notes=a.notes,
                )
            )
        after = res.empty_amounts()
        for c in copies:
            after[c.kind][c.status] += c.amount_x100
        return RollPlan(
            source, target, uplift, copies, len(olds) - len(copies), res.add_up(rolled), after
        )

    def roll_forward(
        self, area_id: int, partnership_id: int | None, source: Period, uplift: Decimal
    ) -> tuple[ChangeSet, RollPlan]:
        """Copy the period's allocations into the next period, as planned, money uplifted by
        ``uplift`` per cent (to the penny, halves up): one undo step."""
        plan = self.plan_roll_forward(area_id, partnership_id, source, uplift)
        if not plan.copies:
            raise InputError(
                f"There is nothing to roll forward from {source.label}.",
                hint="Every allocation of that period is already in the next one."
                if plan.skipped
                else "Choose a period that has allocations.",
            )
        with self.store.write() as conn:
            rec = Recorder(
                conn, f"Roll {source.label} forward to {plan.target.label} (+{plan.uplift}%)"
            )
            for copy in plan.copies:
                edits.add_allocation(rec, self._values(copy))
            return rec.changeset, plan

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def allocation_input(r: dict[str, Any]) -> AllocationInput:
        return AllocationInput(
            r["partner_id"],
            r["partnership_id"],
            r["kind"],
            r["amount_x100"],
            r["period_start"],
            r["period_end"],
            r["status"],
            r["goal_id"],
            r["notes"],
        )

    @staticmethod
    def _values(data: AllocationInput) -> dict[str, Any]:
        return {
            "partner_id": data.partner_id,
            "partnership_id": data.partnership_id,
            "goal_id": data.goal_id,
            "kind": data.kind,
            "amount_x100": data.amount_x100,
            "period_start": data.period_start,
            "period_end": data.period_end,
            "status": data.status,
            "notes": data.notes,
        }

    @staticmethod
    def _check_links(conn: Connection, data: AllocationInput) -> tuple[str, str]:
        """(partner name, partnership name); refuses links across areas or to another
        partnership's goal."""
        unit = membership_repo.partnership_by_id(conn, data.partnership_id)
        if unit is None:
            raise InputError("That partnership no longer exists.", hint="Refresh the list.")
        p = edits.partner_row(conn, data.partner_id)
        if p is None or p["area_id"] != unit.area_id:
            raise InputError(
                "Choose one of the area's partner organisations.",
                hint="Add the partner first if it is not in the list.",
            )
        if data.goal_id is not None:
            gid = goals_edits.goal_partnership_id(conn, data.goal_id)
            units = membership_repo.partnerships(conn, unit.area_id)
            related = gid is not None and (
                gid in goals_repo.scope_ids(units, unit.id)
                or unit.id in goals_repo.scope_ids(units, int(gid))
            )
            if not related:
                raise InputError(
                    f"That goal is not one of {unit.name}'s goals.",
                    hint="Choose one of the partnership's goals, or none.",
                )
        return str(p["name"]), unit.name

    @staticmethod
    def _unique_name(conn: Connection, area_id: int, name: str, partner_id: int | None) -> None:
        for pid, other in edits.partner_names(conn, area_id):
            if other.casefold() == name.casefold() and pid != partner_id:
                raise InputError(
                    f"There is already a partner called {other}.",
                    hint="Each partner organisation is listed once per area.",
                )

    @staticmethod
    def _partner_row(conn: Connection, partner_id: int) -> dict[str, Any]:
        row = edits.partner_row(conn, partner_id)
        if row is None:
            raise InputError("That partner no longer exists.", hint="Refresh the list.")
        return row

    @staticmethod
    def _row(conn: Connection, allocation_id: int, *, missing_ok: bool = False) -> Any:
        row = edits.allocation_row(conn, allocation_id)
        if row is None and not missing_ok:
            raise InputError("That allocation no longer exists.", hint="Refresh the list.")
        return row
