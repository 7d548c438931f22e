"""Goals use cases: list a partnership's goals; add, edit and delete goals, measures (with their
readings) and milestones.

Every edit runs in one transaction through a :class:`Recorder` and returns the
:class:`ChangeSet` it made; :func:`~lcpdesk.services.history.undo` and ``redo`` revert and re-apply
it exactly. The writes themselves are ``store.goals_edits``'s.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from lcpdesk.domain.amounts import to_x100
from lcpdesk.domain.goals import (
    Goal,
    GoalInput,
    MeasureInput,
    MilestoneInput,
    check_goal,
    check_measure,
    check_milestone,
)
from lcpdesk.domain.model import Area, Partnership
from lcpdesk.domain.resources import Partner
from lcpdesk.errors import InputError
from lcpdesk.store import goals_edits as edits
from lcpdesk.store import goals_repo, membership_repo
from lcpdesk.store.changes import ChangeSet, Recorder
from lcpdesk.store.db import Store
from lcpdesk.store.goals_repo import DimensionChoice


def _quoted(title: str, limit: int = 50) -> str:
    return f"‘{title if len(title) <= limit else title[: limit - 1] + '…'}’"


class GoalsService:
    def __init__(self, store: Store) -> None:
        self.store = store

    # ------------------------------------------------------------------ reading

    def goals(self, area_id: int, partnership_id: int | None) -> list[Goal]:
        """Goals of a partnership and its sub-units, or of the whole area when None."""
        with self.store.read() as conn:
            units = membership_repo.partnerships(conn, area_id)
            return goals_repo.goals(conn, area_id, goals_repo.scope_ids(units, partnership_id))

    def goal(self, goal_id: int) -> Goal | None:
        with self.store.read() as conn:
            unit_id = edits.goal_partnership_id(conn, goal_id)
            if unit_id is None:
                return None
            unit = membership_repo.partnership_by_id(conn, unit_id)
            assert unit is not None
            found = goals_repo.goals(conn, unit.area_id, [unit.id])
        return next((g for g in found if g.id == goal_id), None)

    def partners(self, area_id: int) -> list[Partner]:
        with self.store.read() as conn:
            return goals_repo.partners(conn, area_id)

    def dimensions(self) -> list[DimensionChoice]:
        """Maturity dimensions a goal can be linked to (none until a framework is loaded)."""
        with self.store.read() as conn:
            return goals_repo.newest_dimensions(conn)

    def find_partnership(self, name: str, area_name: str | None = None) -> tuple[Area, Partnership]:
        """The partnership called ``name`` (in ``area_name`` when given), for the CLI."""
        wanted = " ".join(name.split()).casefold()
        with self.store.read() as conn:
            areas = membership_repo.areas(conn)
            if area_name is not None:
                chosen = membership_repo.area_by_name(conn, area_name)
                if chosen is None:
                    known = ", ".join(a.name for a in areas) or "none yet"
                    raise InputError(
                        f"There is no area called '{area_name}'.", hint=f"Areas held: {known}."
                    )
                areas = [chosen]
            found = [
                (a, p)
                for a in areas
                for p in membership_repo.partnerships(conn, a.id)
                if p.name.casefold() == wanted
            ]
        if not found:
            where = f" in {areas[0].name}" if area_name is not None and areas else ""
            raise InputError(
                f"There is no partnership called '{name}'{where}.",
                hint="Give its name as the navigator shows it, e.g. Armley.",
            )
        if len(found) > 1:
            names = ", ".join(sorted(a.name for a, _p in found))
            raise InputError(
                f"'{name}' is a partnership in more than one area ({names}).",
                hint="Say which with --area.",
            )
        return found[0]

    # ------------------------------------------------------------------ goals

    def add_goal(self, partnership_id: int, data: GoalInput) -> tuple[ChangeSet, int]:
        data = check_goal(data)
        with self.store.write() as conn:
            unit = self._unit(conn, partnership_id)
            self._check_links(conn, unit.area_id, data)
            rec = Recorder(conn, f"Add goal {_quoted(data.title)}")
            goal_id = edits.add_goal(rec, unit.id, self._goal_values(data))
            for cohort in data.cohorts:
                edits.add_cohort(rec, goal_id, cohort)
            for dim in data.dimension_ids:
                edits.link_dimension(rec, goal_id, dim)
            return rec.changeset, goal_id

    def edit_goal(self, goal_id: int, data: GoalInput) -> ChangeSet:
        data = check_goal(data)
        with self.store.write() as conn:
            old = self._goal_row(conn, goal_id)
            unit = self._unit(conn, old["partnership_id"])
            self._check_links(conn, unit.area_id, data)
            rec = Recorder(conn, f"Edit goal {_quoted(data.title)}")
            edits.update_goal(rec, goal_id, self._goal_values(data))
            have = edits.cohorts_of(conn, goal_id)
            for cohort in have:
                if cohort not in data.cohorts:
                    edits.remove_cohort(rec, goal_id, cohort)
            for cohort in data.cohorts:
                if cohort not in have:
                    edits.add_cohort(rec, goal_id, cohort)
            linked = edits.dimension_ids_of(conn, goal_id)
            for dim in sorted(linked - set(data.dimension_ids)):
                edits.unlink_dimension(rec, goal_id, dim)
            for dim in data.dimension_ids:
                if dim not in linked:  # links made from a maturity gap keep their assessment
                    edits.link_dimension(rec, goal_id, dim)
            return rec.changeset

    def delete_goal(self, goal_id: int) -> ChangeSet:
        """The goal with its measures, readings, milestones, cohorts and maturity links; its
        allocations stay, no longer for a goal."""
        with self.store.write() as conn:
            old = self._goal_row(conn, goal_id)
            rec = Recorder(conn, f"Delete goal {_quoted(old['title'])}")
            edits.delete_goal(rec, goal_id)
            return rec.changeset

    # ------------------------------------------------------------------ measures

    def add_measure(self, goal_id: int, data: MeasureInput) -> tuple[ChangeSet, int]:
        data = check_measure(data)
        values = self._measure_values(data)
        with self.store.write() as conn:
            old = self._goal_row(conn, goal_id)
            rec = Recorder(conn, f"Add measure {_quoted(data.name)} to {_quoted(old['title'])}")
            measure_id = edits.add_measure(rec, goal_id, values)
            for r in data.readings:
                edits.add_reading(rec, measure_id, r.when, to_x100(r.value, "reading"))
            return rec.changeset, measure_id

    def edit_measure(self, measure_id: int, data: MeasureInput) -> ChangeSet:
        """The measure's details, and its readings made exactly ``data.readings``."""
        data = check_measure(data)
        values = self._measure_values(data)
        wanted = {r.when: to_x100(r.value, "reading") for r in data.readings}
        with self.store.write() as conn:
            self._measure_row(conn, measure_id)
            rec = Recorder(conn, f"Edit measure {_quoted(data.name)}")
            edits.update_measure(rec, measure_id, values)
            have = edits.readings_of(conn, measure_id)
            for when in sorted(set(have) - set(wanted)):
                edits.remove_reading(rec, measure_id, when)
            for when, value in sorted(wanted.items()):
                if when not in have:
                    edits.add_reading(rec, measure_id, when, value)
                elif have[when] != value:
                    edits.update_reading(rec, measure_id, when, value)
            return rec.changeset

    def delete_measure(self, measure_id: int) -> ChangeSet:
        with self.store.write() as conn:
            row = self._measure_row(conn, measure_id)
            rec = Recorder(conn, f"Delete measure {_quoted(row['name'])}")
            edits.delete_measure(rec, measure_id)
            return rec.changeset

    # ------------------------------------------------------------------ milestones

    def add_milestone(self, goal_id: int, data: MilestoneInput) -> tuple[ChangeSet, int]:
        data = check_milestone(data)
        with self.store.write() as conn:
            old = self._goal_row(conn, goal_id)
            rec = Recorder(conn, f"Add milestone {_quoted(data.title)} to {_quoted(old['title'])}")
            sid = edits.add_milestone(
                rec,
                goal_id,
                {"title": data.title, "due_date": data.due_date, "done_date": data.done_date},
            )
            return rec.changeset, sid

    def edit_milestone(self, milestone_id: int, data: MilestoneInput) -> ChangeSet:
        data = check_milestone(data)
        with self.store.write() as conn:
            self._milestone_row(conn, milestone_id)
            rec = Recorder(conn, f"Edit milestone {_quoted(data.title)}")
            edits.update_milestone(
                rec,
                milestone_id,
                {"title": data.title, "due_date": data.due_date, "done_date": data.done_date},
            )
            return rec.changeset

    def delete_milestone(self, milestone_id: int) -> ChangeSet:
        with self.store.write() as conn:
            row = self._milestone_row(conn, milestone_id)
            rec = Recorder(conn, f"Delete milestone {_quoted(row['title'])}")
            edits.delete_milestone(rec, milestone_id)
            return rec.changeset

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def _goal_values(data: GoalInput) -> dict[str, Any]:
        return {
            "title": data.title,
            "description": data.description,
            "term": data.term,
            "priority_kind": data.priority_kind,
            "priority_label": data.priority_label,
            "inequalities_focus": data.inequalities_focus,
            "owner_partner_id": data.owner_partner_id,
            "status": data.status,
            "start_date": data.start_date,
            "due_date": data.due_date,
        }

    @staticmethod
    def _measure_values(data: MeasureInput) -> dict[str, Any]:
        return {
            "name": data.name,
            "unit": data.unit,
            "baseline_x100": None if data.baseline is None else to_x100(data.baseline, "baseline"),
            "target_x100": None if data.target is None else to_x100(data.target, "target"),
        }

    @staticmethod
    def _check_links(conn: Connection, area_id: int, data: GoalInput) -> None:
        if data.owner_partner_id is not None:
            owner_area = edits.partner_area_id(conn, data.owner_partner_id)
            if owner_area != area_id:
                raise InputError(
                    "That partner organisation is not one of this area's partners.",
                    hint="Choose an owner from the list, or add the partner in Resources.",
                )
        if data.dimension_ids:
            known = edits.known_dimension_ids(conn, data.dimension_ids)
            if known != set(data.dimension_ids):
                raise InputError(
                    "A maturity dimension chosen no longer exists.", hint="Choose again."
                )

    @staticmethod
    def _unit(conn: Connection, partnership_id: int) -> Partnership:
        unit = membership_repo.partnership_by_id(conn, partnership_id)
        if unit is None:
            raise InputError("That partnership no longer exists.", hint="Refresh the list.")
        return unit

    @staticmethod
    def _goal_row(conn: Connection, goal_id: int) -> dict[str, Any]:
        row = edits.goal_row(conn, goal_id)
        if row is None:
            raise InputError("That goal no longer exists.", hint="Refresh the list.")
        return row

    @staticmethod
    def _measure_row(conn: Connection, measure_id: int) -> dict[str, Any]:
        row = edits.measure_row(conn, measure_id)
        if row is None:
            raise InputError("That measure no longer exists.", hint="Refresh the list.")
        return row

    @staticmethod
    def _milestone_row(conn: Connection, milestone_id: int) -> dict[str, Any]:
        row = edits.milestone_row(conn, milestone_id)
        if row is None:
            raise InputError("That milestone no longer exists.", hint="Refresh the list.")
        return row
