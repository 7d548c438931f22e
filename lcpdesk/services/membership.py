"""Membership use cases: list, add, edit, move, split and remove practices; the area table.

Every edit runs in one transaction and returns the :class:`ChangeSet` it made,
which :func:`~lcpdesk.services.history.undo` and ``redo`` revert and re-apply exactly.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import Connection

from lcpdesk import clock
from lcpdesk.domain import population
from lcpdesk.domain.model import (
    Area,
    AreaTable,
    MemberRow,
    Membership,
    Partnership,
    Practice,
    PracticeInput,
)
from lcpdesk.domain.rules import check_list_size, check_name, check_practice_code
from lcpdesk.errors import InputError
from lcpdesk.services import populations
from lcpdesk.services.populations import FlowTable
from lcpdesk.store import membership_edits as edits
from lcpdesk.store import membership_repo
from lcpdesk.store.changes import ChangeSet, Recorder
from lcpdesk.store.db import Store


class MembershipService:
    def __init__(self, store: Store) -> None:
        self.store = store

    # ------------------------------------------------------------------ reading

    def areas(self) -> list[Area]:
        with self.store.read() as conn:
            return membership_repo.areas(conn)

    def area_named(self, name: str) -> Area:
        with self.store.read() as conn:
            found = membership_repo.area_by_name(conn, name)
            if found is None:
                known = ", ".join(a.name for a in membership_repo.areas(conn)) or "none yet"
                raise InputError(
                    f"There is no area called '{name}'.",
                    hint=f"Areas in this data folder: {known}.",
                )
            return found

    def partnerships(self, area_id: int) -> list[Partnership]:
        """The area's partnerships in tree order (each followed by its sub-units)."""
        with self.store.read() as conn:
            return population.tree_order(membership_repo.partnerships(conn, area_id))

    def extract_dates(self, area_id: int) -> list[dt.date]:
        with self.store.read() as conn:
            return membership_repo.extract_dates(conn, area_id)

    def default_date(self, area_id: int) -> dt.date:
        """The newest complete month (see :func:`populations.newest_complete`), else today."""
        with self.store.read() as conn:
            return populations.newest_complete(conn, area_id) or clock.today()

    def partial_dates(self, area_id: int) -> set[dt.date]:
        """List-size months held without their practice-by-LSOA data."""
        with self.store.read() as conn:
            return populations.partial_dates(conn, area_id)

    def practice(self, code: str) -> Practice | None:
        with self.store.read() as conn:
            return membership_repo.practice_by_code(conn, code.strip().upper())

    def members(self, area_id: int, partnership_id: int | None, as_at: dt.date) -> list[MemberRow]:
        """Practices of a partnership (with its sub-units), or of the whole area when None."""
        with self.store.read() as conn:
            units = membership_repo.partnerships(conn, area_id)
            by_id = {p.id: p for p in units}
            top = population.top_level_of(units)
            wanted = (
                set(by_id)
                if partnership_id is None
                else {pid for pid in by_id if _within(pid, partnership_id, by_id)}
            )
            current = membership_repo.memberships_at(conn, area_id, as_at)
            units_of: dict[int, list[int]] = defaultdict(list)
            for m in current:
                units_of[m.practice_id].append(m.partnership_id)
            chosen = [m for m in current if m.partnership_id in wanted]
            ids = sorted({m.practice_id for m in chosen})
            practices = membership_repo.practices_by_id(conn, ids)
            sizes = membership_repo.list_sizes_at(conn, ids, as_at)
            latest = membership_repo.latest_list_sizes(conn, ids)
        rows: list[MemberRow] = []
        for m in chosen:
            p = practices[m.practice_id]
            unit = by_id[m.partnership_id]
            top_unit = by_id[top[unit.id]]
            others = tuple(
                sorted(by_id[u].name for u in units_of[m.practice_id] if u != m.partnership_id)
            )
            last = latest.get(p.id)
            rows.append(
                MemberRow(
                    practice_id=p.id,
                    membership_id=m.id,
                    code=p.code,
                    name=p.name,
                    postcode=p.postcode,
                    pcn_name=p.pcn_name,
                    partnership_id=unit.id,
                    partnership_name=top_unit.name,
                    subunit_name=unit.name if unit.parent_id is not None else "",
                    list_size=sizes.get(p.id),
                    latest_list_size=last[1] if last else None,
                    latest_extract=last[0] if last else None,
                    is_split=len(units_of[m.practice_id]) > 1,
                    split_with=others,
                    effective_from=m.effective_from,
                    is_demo=p.is_demo,
                )
            )
        rows.sort(key=lambda r: (r.partnership_name.casefold(), r.code))
        return rows

    def area_table(self, area_id: int, extract_date: dt.date | None = None) -> AreaTable:
        """Every partnership's membership and footprint population, as seed 000 lays it out."""
        return populations.area_table(self.store, area_id, extract_date)

    def flow_table(self, area_id: int, extract_date: dt.date | None = None) -> FlowTable:
        """Registered-in × resident-in partnership, with its margins."""
        return populations.flow_table(self.store, area_id, extract_date)

    # ------------------------------------------------------------------ editing

    def add_practice(
        self,
        partnership_id: int,
        data: PracticeInput,
        effective_from: dt.date,
        extract_date: dt.date | None = None,
    ) -> ChangeSet:
        """Add a new practice to a partnership, or an existing practice that is in no
        partnership of this area."""
        code = check_practice_code(data.code)
        name = check_name(data.name, "practice name")
        size = check_list_size(data.list_size)
        with self.store.write() as conn:
            unit = self._unit(conn, partnership_id)
            rec = Recorder(conn, f"Add {code} to {unit.name}")
            existing = membership_repo.practice_by_code(conn, code)
            if existing is None:
                practice_id = edits.add_practice(
                    rec,
                    {
                        "code": code,
                        "name": name,
                        "postcode": data.postcode.strip().upper(),
                        "pcn_code": data.pcn_code.strip().upper(),
                        "pcn_name": data.pcn_name.strip(),
                    },
                )
            else:
                practice_id = existing.id
                current = self._current_in_area(conn, practice_id, unit.area_id, effective_from)
                if current:
                    names = ", ".join(self._unit(conn, m.partnership_id).name for m in current)
                    raise InputError(
                        f"{code} ({existing.name}) is already a member of {names}.",
                        hint="Use Move to change its partnership, or Mark as split if it has "
                        "branches in more than one.",
                    )
            edits.add_membership(rec, practice_id, partnership_id, effective_from)
            if size is not None:
                edits.set_list_size(rec, practice_id, extract_date or effective_from, size)
            return rec.changeset

    def edit_practice(
        self, practice_id: int, data: PracticeInput, extract_date: dt.date | None
    ) -> ChangeSet:
        """Change a practice's details and (for one extract date) its list size."""
        code = check_practice_code(data.code)
        name = check_name(data.name, "practice name")
        size = check_list_size(data.list_size)
        with self.store.write() as conn:
            old = membership_repo.practice_by_id(conn, practice_id)
            if old is None:
                raise InputError("That practice no longer exists.", hint="Refresh the list.")
            clash = membership_repo.practice_by_code(conn, code)
            if clash is not None and clash.id != practice_id:
                raise InputError(
                    f"Another practice already has the code {code} ({clash.name}).",
                    hint="Each practice's ODS code must be unique.",
                )
            rec = Recorder(conn, f"Edit {code}")
            edits.update_practice(
                rec,
                practice_id,
                {
                    "code": code,
                    "name": name,
                    "postcode": data.postcode.strip().upper(),
                    "pcn_code": data.pcn_code.strip().upper(),
                    "pcn_name": data.pcn_name.strip(),
                },
            )
            if extract_date is not None:
                if size is None:
                    edits.delete_list_size(rec, practice_id, extract_date)
                elif edits.list_size_at(conn, practice_id, extract_date) != size:
                    edits.set_list_size(rec, practice_id, extract_date, size)
            return rec.changeset

    def move_practice(
        self, practice_id: int, from_id: int, to_id: int, on_date: dt.date
    ) -> ChangeSet:
        """From ``on_date`` the practice belongs to ``to_id`` instead of ``from_id``."""
        if from_id == to_id:
            raise InputError("The practice is already in that partnership.")
        with self.store.write() as conn:
            source = self._unit(conn, from_id)
            target = self._unit(conn, to_id)
            if source.area_id != target.area_id:
                raise InputError("A practice can only be moved within its area.")
            code = self._code(conn, practice_id)
            rec = Recorder(conn, f"Move {code} from {source.name} to {target.name}")
            current = self._current_in_area(conn, practice_id, source.area_id, on_date)
            if any(m.partnership_id == to_id for m in current):
                raise InputError(
                    f"{code} is already a member of {target.name}.",
                    hint="Remove it from the other partnership instead.",
                )
            old = self._membership_in(current, from_id, code, source.name)
            self._end(rec, old, on_date)
            edits.add_membership(rec, practice_id, to_id, on_date)
            return rec.changeset

    def mark_split(self, practice_id: int, also_id: int, on_date: dt.date) -> ChangeSet:
        """Record that the practice also has branches in ``also_id`` from ``on_date``."""
        with self.store.write() as conn:
            target = self._unit(conn, also_id)
            code = self._code(conn, practice_id)
            current = self._current_in_area(conn, practice_id, target.area_id, on_date)
            if not current:
                raise InputError(
                    f"{code} is in no partnership of this area on {on_date:%d %b %Y}.",
                    hint="Add it to a partnership first.",
                )
            if any(m.partnership_id == also_id for m in current):
                raise InputError(f"{code} is already a member of {target.name}.")
            rec = Recorder(conn, f"Mark {code} as split with {target.name}")
            edits.add_membership(rec, practice_id, also_id, on_date)
            return rec.changeset

    def remove_from_partnership(
        self, practice_id: int, partnership_id: int, on_date: dt.date
    ) -> ChangeSet:
        """From ``on_date`` the practice is no longer a member of the partnership.

        The practice stays in the register with its list sizes, so it can be added again.
        """
        with self.store.write() as conn:
            unit = self._unit(conn, partnership_id)
            code = self._code(conn, practice_id)
            current = self._current_in_area(conn, practice_id, unit.area_id, on_date)
            old = self._membership_in(current, partnership_id, code, unit.name)
            rec = Recorder(conn, f"Remove {code} from {unit.name}")
            self._end(rec, old, on_date)
            return rec.changeset

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def _unit(conn: Connection, partnership_id: int) -> Partnership:
        unit = membership_repo.partnership_by_id(conn, partnership_id)
        if unit is None:
            raise InputError("That partnership no longer exists.", hint="Refresh the list.")
        return unit

    @staticmethod
    def _code(conn: Connection, practice_id: int) -> str:
        p = membership_repo.practice_by_id(conn, practice_id)
        if p is None:
            raise InputError("That practice no longer exists.", hint="Refresh the list.")
        return p.code

    @staticmethod
    def _current_in_area(
        conn: Connection, practice_id: int, area_id: int, when: dt.date
    ) -> list[Membership]:
        area_units = {p.id for p in membership_repo.partnerships(conn, area_id)}
        return [
            m
            for m in membership_repo.memberships_of_practice(conn, practice_id)
            if m.partnership_id in area_units and m.is_current_at(when)
        ]

    @staticmethod
    def _membership_in(
        current: list[Membership], partnership_id: int, code: str, unit_name: str
    ) -> Membership:
        for m in current:
            if m.partnership_id == partnership_id:
                return m
        raise InputError(
            f"{code} is not a member of {unit_name} on that date.", hint="Refresh the list."
        )

    @staticmethod
    def _end(rec: Recorder, old: Membership, on_date: dt.date) -> None:
        if old.effective_from >= on_date:
            edits.delete_membership(rec, old.id)
        else:
            edits.end_membership(rec, old.id, on_date)


def _within(unit_id: int, ancestor_id: int, by_id: dict[int, Partnership]) -> bool:
    seen: set[int] = set()
    current: int | None = unit_id
    while current is not None and current not in seen:
        if current == ancestor_id:
            return True
        seen.add(current)
        current = by_id[current].parent_id
    return False
