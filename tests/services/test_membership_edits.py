"""Add, edit, move, split and remove practices; undo and redo restore the exact state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select

from lcpdesk.domain.model import PracticeInput
from lcpdesk.errors import InputError
from lcpdesk.services import history
from lcpdesk.services.membership import MembershipService
from lcpdesk.store import schema
from lcpdesk.store.db import Store, open_store

D = dt.date(2024, 4, 1)
LATER = dt.date(2024, 10, 1)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path)
    with s.write() as conn:
        area_id = conn.execute(
            insert(schema.area).values(name="Testshire", partnership_label="LCP")
        ).inserted_primary_key[0]
        for order, name in enumerate(["North", "South", "East"]):
            conn.execute(
                insert(schema.partnership).values(area_id=area_id, name=name, sort_order=order)
            )
    yield s
    s.close()


def snapshot(store: Store) -> dict[str, list[dict[str, Any]]]:
    tables = ("practice", "membership", "list_size")
    with store.read() as conn:
        return {
            t: [dict(r) for r in conn.execute(select(schema.metadata.tables[t])).mappings()]
            for t in tables
        }


def units(service: MembershipService) -> dict[str, int]:
    area = service.area_named("Testshire")
    return {p.name: p.id for p in service.partnerships(area.id)}


def table(service: MembershipService, when: dt.date = D) -> dict[str, int | None]:
    t = service.area_table(service.area_named("Testshire").id, when)
    return {r.name: r.membership for r in t.rows} | {"Total": t.total_membership}


def add(service: MembershipService, unit: int, code: str, size: int) -> None:
    service.add_practice(unit, PracticeInput(code, f"Practice {code}", list_size=size), D, D)


def test_add_move_split_remove_update_the_area_table(store: Store) -> None:
    service = MembershipService(store)
    u = units(service)
    add(service, u["North"], "b86001", 1000)
    add(service, u["North"], "B86002", 2000)
    add(service, u["South"], "B86003", 500)
    assert table(service) == {"North": 3000, "South": 500, "East": None, "Total": 3500}

    pid = service.practice("B86002").id  # type: ignore[union-attr]
    service.move_practice(pid, u["North"], u["East"], D)
    assert table(service) == {"North": 1000, "South": 500, "East": 2000, "Total": 3500}

    pid1 = service.practice("B86001").id  # type: ignore[union-attr]
    service.mark_split(pid1, u["South"], D)
    t = service.area_table(service.area_named("Testshire").id, D)
    assert [s.code for s in t.split_practices] == ["B86001"]
    assert t.total_membership == 2500  # split practices are not counted
    rows = service.members(service.area_named("Testshire").id, u["South"], D)
    assert {r.code: r.split_with for r in rows} == {"B86001": ("North",), "B86003": ()}

    pid3 = service.practice("B86003").id  # type: ignore[union-attr]
    service.remove_from_partnership(pid3, u["South"], D)
    assert table(service)["South"] is None
    assert service.practice("B86003") is not None  # still in the register


def test_dated_move_keeps_history(store: Store) -> None:
    service = MembershipService(store)
    u = units(service)
    add(service, u["North"], "B86001", 1000)
    pid = service.practice("B86001").id  # type: ignore[union-attr]
    with store.write() as conn:
        conn.execute(
            insert(schema.list_size).values(practice_id=pid, extract_date=LATER, patients=1100)
        )
    service.move_practice(pid, u["North"], u["South"], LATER)
    assert table(service, D)["North"] == 1000  # before the move
    later = table(service, LATER)
    assert later["North"] is None and later["South"] == 1100


def test_undo_and_redo_restore_exact_states(store: Store) -> None:
    service = MembershipService(store)
    u = units(service)
    steps = []
    add(service, u["North"], "B86001", 1000)  # the starting state
    states = [snapshot(store)]
    pid = service.practice("B86001").id  # type: ignore[union-attr]
    edits = [
        lambda: service.edit_practice(
            pid, PracticeInput("B86001", "Renamed Surgery", "LS1 1AA", list_size=1234), D
        ),
        lambda: service.move_practice(pid, u["North"], u["South"], D),
        lambda: service.mark_split(pid, u["East"], D),
        lambda: service.remove_from_partnership(pid, u["East"], D),
        lambda: service.add_practice(u["East"], PracticeInput("C81002", "Second"), D, D),
    ]
    for edit in edits:
        steps.append(edit())
        states.append(snapshot(store))
    assert all(not s.is_empty() for s in steps)
    for i in range(len(steps) - 1, -1, -1):
        history.undo(service.store, steps[i])
        assert snapshot(store) == states[i]
    for i, step in enumerate(steps):
        history.redo(service.store, step)
        assert snapshot(store) == states[i + 1]


@pytest.mark.parametrize(
    ("code", "name", "size", "message"),
    [
        ("12345", "X", 10, "not a GP practice code"),
        ("B86001", "   ", 10, "cannot be empty"),
        ("B86001", "X", -5, "cannot be negative"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(
    store: Store, code: str, name: str, size: int, message: str
) -> None:
    service = MembershipService(store)
    before = snapshot(store)
    with pytest.raises(InputError, match=message):
        service.add_practice(units(service)["North"], PracticeInput(code, name, list_size=size), D)
    assert snapshot(store) == before


def test_refusals_name_the_problem(store: Store) -> None:
    service = MembershipService(store)
    u = units(service)
    add(service, u["North"], "B86001", 1000)
    add(service, u["North"], "B86002", 10)
    pid = service.practice("B86001").id  # type: ignore[union-attr]
    before = snapshot(store)
    with pytest.raises(InputError, match="already a member of North"):
        add(service, u["South"], "B86001", 5)
    with pytest.raises(InputError, match="already in that partnership"):
        service.move_practice(pid, u["North"], u["North"], D)
    with pytest.raises(InputError, match="already has the code B86002"):
        service.edit_practice(pid, PracticeInput("B86002", "Clash"), D)
    with pytest.raises(InputError, match="not a member of South"):
        service.remove_from_partnership(pid, u["South"], D)
    assert snapshot(store) == before
