"""A large change set of every kind is undone and redone in a worker, through the window's
Undo and Redo (the real task runner), and the store is exactly as it was each time."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import make_window
from import_helpers import copy_data
from sqlalchemy import select

from lcpdesk.domain.goals import GoalInput, MeasureInput, MilestoneInput, Reading
from lcpdesk.domain.model import PracticeInput
from lcpdesk.services import history, importing
from lcpdesk.services.goals import GoalsService
from lcpdesk.services.maturity import MaturityService
from lcpdesk.services.membership import MembershipService
from lcpdesk.services.resources import ResourcesService
from lcpdesk.store import schema
from lcpdesk.store.changes import ChangeSet
from lcpdesk.store.db import Store
from lcpdesk.ui.undo import LARGE_CHANGESET

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

ON = dt.date(2025, 1, 1)


def whole(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table."""
    with store.read() as conn:
        return {
            t.name: sorted(tuple(r) for r in conn.execute(select(t)))
            for t in schema.metadata.sorted_tables
        }


def merged(description: str, sets: list[ChangeSet]) -> ChangeSet:
    return ChangeSet(description, [c for s in sets for c in s.changes])


def leeds(store: Store) -> tuple[int, list[int]]:
    service = MembershipService(store)
    area = service.area_named("Leeds")
    return area.id, [p.id for p in service.partnerships(area.id) if p.parent_id is None]


def membership_edits(store: Store) -> ChangeSet:
    """Move every whole Leeds practice to another partnership, and add 100 new practices."""
    service = MembershipService(store)
    area_id, units = leeds(store)
    sets = []
    rows = service.members(area_id, None, ON)
    once = [r for r in rows if sum(o.practice_id == r.practice_id for o in rows) == 1]
    for row in once:  # split practices stay where they are
        target = next(u for u in units if u != row.partnership_id)
        sets.append(service.move_practice(row.practice_id, row.partnership_id, target, ON))
    for n in range(100):
        data = PracticeInput(f"Z{n:05d}", f"New Practice {n}", list_size=1000 + n)
        sets.append(service.add_practice(units[n % len(units)], data, ON, ON))
    return merged("Membership edits", sets)


def membership_import(store: Store, tmp_path: Path) -> ChangeSet:
    files = copy_data(["membership.csv", "footprints.csv"], tmp_path)
    options = importing.ImportOptions(area="Leeds")
    return importing.run_import(store, importing.read_files(files), options, commit=True).changeset


def maturity_edits(store: Store) -> ChangeSet:
    """Delete every assessment (items, raters and their levels go with it)."""
    service = MaturityService(store)
    sets = []
    for area in MembershipService(store).areas():
        for unit in MembershipService(store).partnerships(area.id):
            sets += [service.delete_assessment(a.id) for a in service.assessments(unit.id)]
    return merged("Maturity edits", sets)


def goal_edits(store: Store) -> ChangeSet:
    """Delete every Leeds goal; add 120 goals, each with a measure and a milestone."""
    service = GoalsService(store)
    area_id, units = leeds(store)
    sets = [service.delete_goal(g.id) for g in service.goals(area_id, None)]
    for n in range(120):
        added, goal_id = service.add_goal(units[n % len(units)], GoalInput(f"Goal {n}"))
        readings = (Reading(ON, Decimal(n)),)
        measure, _mid = service.add_measure(
            goal_id, MeasureInput("Admissions", "n", None, None, readings)
        )
        milestone, _sid = service.add_milestone(goal_id, MilestoneInput(f"Step {n}", ON))
        sets += [added, measure, milestone]
    return merged("Goal edits", sets)


def resource_edits(store: Store) -> ChangeSet:
    """Copy every allocation 14 times, then delete the first partner with its allocations."""
    service = ResourcesService(store)
    with store.read() as conn:
        ids = list(conn.execute(select(schema.allocation.c.id)).scalars())
    sets = []
    for aid in ids:
        data = service.allocation(aid)
        assert data is not None
        for n in range(14):
            copy = data.__class__(**{**data.__dict__, "amount_x100": data.amount_x100 + n})
            sets.append(service.add_allocation(copy)[0])
    area_id, _units = leeds(store)
    sets.append(service.delete_partner(service.partners(area_id)[0].id))
    return merged("Resource edits", sets)


KINDS: dict[str, Callable[[Store, Path], ChangeSet]] = {
    "membership edits": lambda store, _tmp: membership_edits(store),
    "membership import": membership_import,
    "maturity": lambda store, _tmp: maturity_edits(store),
    "goals": lambda store, _tmp: goal_edits(store),
    "resources": lambda store, _tmp: resource_edits(store),
}


@pytest.mark.parametrize("kind", KINDS)
def test_a_large_change_of_every_kind_is_undone_and_redone_in_a_worker(
    qtbot: Any, demo_store: Store, data_dir: Path, settings: Any, kind: str
) -> None:
    before = whole(demo_store)
    changes = KINDS[kind](demo_store, data_dir.parent / "files")
    after = whole(demo_store)
    assert len(changes.changes) >= LARGE_CHANGESET and after != before

    threads: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        for name in ("undo", "redo"):
            real = getattr(history, name)

            def spy(*args: Any, real: Any = real) -> None:
                threads.append(threading.current_thread().name)
                real(*args)

            patch.setattr(history, name, spy)
        window = make_window(qtbot, demo_store, data_dir, settings)
        step_through(qtbot, window, changes, before, after)
    assert len(threads) == 3 and threading.main_thread().name not in threads


def step_through(qtbot: Any, window: Any, changes: ChangeSet, before: Any, after: Any) -> None:
    """Undo, redo, undo through the window's actions; the store as expected each time."""
    demo_store = window.store
    stack = window.undo_stack
    stack.push_change(changes, after=window.refresh_all)
    assert whole(demo_store) == after  # pushing does not write again

    window.undo_action.trigger()
    assert window.tasks.writing is not None and stack.index() == 1  # written before it moves
    qtbot.waitUntil(lambda: stack.index() == 0, timeout=30000)
    assert whole(demo_store) == before
    assert window.redo_action.text() == f"&Redo {changes.description}"

    window.redo_action.trigger()
    assert window.tasks.writing is not None and stack.index() == 0
    qtbot.waitUntil(lambda: stack.index() == 1, timeout=30000)
    assert whole(demo_store) == after

    window.undo_action.trigger()  # and back again: the redone ids are the recorded ones
    qtbot.waitUntil(lambda: stack.index() == 0, timeout=30000)
    assert whole(demo_store) == before
    assert window.tasks.wait(10000)
