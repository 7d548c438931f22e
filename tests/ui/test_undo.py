"""The window's undo stack: small steps at once, large ones in a worker, and the stack moves
only once the store is written, so a refused or cancelled step leaves both where they were."""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import make_window, snapshot
from import_helpers import copy_data
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand, QUndoStack
from sqlalchemy import delete, insert, select
from ui_helpers import activate

from lcpdesk.domain.model import PracticeInput
from lcpdesk.errors import StoreError
from lcpdesk.services import history, importing
from lcpdesk.store.changes import ChangeConflict, ChangeSet, Recorder, RowChange
from lcpdesk.store.schema import list_size, membership, practice
from lcpdesk.ui import prompts
from lcpdesk.ui.undo import LARGE_CHANGESET, LARGE_STATEMENTS, ChangeCommand, is_large

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

CTRL = Qt.KeyboardModifier.ControlModifier
ON = dt.date(2018, 10, 1)


def change_set(rows: int) -> ChangeSet:
    return ChangeSet(
        f"{rows} rows", [RowChange("area", (n,), None, {"id": n}) for n in range(rows)]
    )


def press(qtbot: Any, window: Any, key: Qt.Key) -> None:
    activate(qtbot, window)
    qtbot.keyClick(window.focusWidget() or window, key, CTRL)


def fake_writes(monkeypatch: pytest.MonkeyPatch, write: Any) -> None:
    monkeypatch.setattr(history, "undo", write)
    monkeypatch.setattr(history, "redo", write)


# --------------------------------------------------------------------------- small and large


def test_small_change_sets_are_undone_at_once_large_ones_in_a_worker(
    qtbot: Any, window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[str] = []

    def step(_store: Any, changeset: ChangeSet, cancelled: Any = None) -> None:
        threads.append(f"{changeset.description} in {threading.current_thread().name}")

    fake_writes(monkeypatch, step)
    stack = window.undo_stack
    for rows in (3, LARGE_CHANGESET):
        stack.push_change(change_set(rows), after=lambda: None)
    assert isinstance(stack.command(0), ChangeCommand)
    assert isinstance(stack.command(1), ChangeCommand)
    stack.push_change(ChangeSet("nothing"), after=lambda: None)
    assert stack.count() == 2  # an empty change is not an undo step
    assert threads == []  # pushing writes nothing: the service has written it

    window.undo_action.trigger()  # the large one: in a worker
    assert window.tasks.writing is not None
    assert window.tasks.wait(5000)
    assert stack.index() == 2  # written, but the stack moves only when the UI thread hears so
    qtbot.waitUntil(lambda: stack.index() == 1, timeout=5000)
    window.undo_action.trigger()  # the small one: at once, in the UI thread
    assert stack.index() == 0 and window.tasks.writing is None
    main = threading.main_thread().name
    assert threads[0].startswith(f"{LARGE_CHANGESET} rows in") and not threads[0].endswith(main)
    assert threads[1] == f"3 rows in {main}"


def test_a_large_undo_moves_the_stack_only_once_written(
    qtbot: Any, window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    refreshed: list[int] = []
    monkeypatch.setattr(history, "undo", lambda *_a: calls.append("undo"))
    monkeypatch.setattr(history, "redo", lambda *_a: calls.append("redo"))
    window.undo_stack.push_change(change_set(LARGE_CHANGESET), after=lambda: refreshed.append(1))
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: window.undo_stack.index() == 0, timeout=5000)
    assert calls == ["undo"] and len(refreshed) == 1  # written once (in the worker), refreshed
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: window.undo_stack.index() == 1, timeout=5000)
    assert calls == ["undo", "redo"] and len(refreshed) == 2


def test_a_refused_large_undo_leaves_the_stack_where_it_was(
    qtbot: Any, window: Any, scripted_prompts: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(*_args: Any) -> None:
        raise StoreError("The data file is locked by another program.", hint="Close it.")

    fake_writes(monkeypatch, locked)
    window.undo_stack.push_change(change_set(LARGE_CHANGESET), after=lambda: 0)
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: window.tasks.writing is None, timeout=5000)
    assert window.undo_stack.index() == 1
    errors = scripted_prompts.of_kind(prompts.ERROR)
    assert [e.text for e in errors] == ["The data file is locked by another program."]
    assert window.undo_action.isEnabled()  # the user can try again


def test_cancel_of_a_large_undo_keeps_the_import(
    qtbot: Any, demo_store: Any, data_dir: Path, settings: Any, tmp_path: Path
) -> None:
    """A real import's change set: Cancel rolls the undo back; the store and stack stay."""
    files = copy_data(["membership.csv", "footprints.csv"], tmp_path)
    outcome = importing.run_import(
        demo_store,
        importing.read_files(files),
        importing.ImportOptions(area="Leeds"),
        commit=True,
    )
    window = make_window(qtbot, demo_store, data_dir, settings)
    big = outcome.changeset  # Leeds's 522 footprints and 109 memberships replaced
    assert len(big.changes) >= LARGE_CHANGESET
    window.undo_stack.push_change(big, after=window.refresh_all)
    imported = snapshot(demo_store)
    messages: list[str] = []
    window.tasks.message.connect(messages.append)

    window.undo_action.trigger()
    window.tasks.cancel_all()  # what the progress dialog's Cancel button does
    qtbot.waitUntil(lambda: window.tasks.writing is None, timeout=10000)
    assert window.undo_stack.index() == 1
    assert snapshot(demo_store) == imported
    assert messages == [f"Undo {big.description}: cancelled, nothing was changed."]
    assert window.undo_action.text() == f"&Undo {big.description}"
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # nothing left open

    window.undo_action.trigger()  # not cancelled this time: undone
    qtbot.waitUntil(lambda: window.undo_stack.index() == 0, timeout=10000)
    assert snapshot(demo_store) != imported


def test_the_largest_small_step_is_written_within_a_frame(window: Any, ids: Any) -> None:
    """Small steps are written in the UI thread: the costliest one that is still small (the
    most statements, then the most rows) takes under a frame (16 ms)."""
    service = window.membership
    steps = [  # three statements each, one row each: the costly shape
        service.add_practice(ids["Armley"], PracticeInput(f"Z{n:05d}", f"New {n}", list_size=n), ON)
        for n in range((LARGE_STATEMENTS - 1) // 3)
    ]
    with window.store.write() as conn:  # and one batch of rows to make up the rest
        rec = Recorder(conn, "List sizes")
        for n in range(LARGE_CHANGESET - 1 - sum(len(s.changes) for s in steps)):
            day = dt.date(2000, 1, 1) + dt.timedelta(days=n)
            rec.insert(
                list_size, {"practice_id": ids["A10001"], "extract_date": day, "patients": n}
            )
    small = ChangeSet("Add many", [c for s in [rec.changeset, *steps] for c in s.changes])
    assert not is_large(small)
    assert len(small.changes) == LARGE_CHANGESET - 1
    assert LARGE_STATEMENTS - 3 <= small.statements() < LARGE_STATEMENTS
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        history.undo(window.store, small)
        history.redo(window.store, small)
        timings.append((time.perf_counter() - started) / 2)
    assert min(timings) < 0.016, f"the largest small step took {min(timings) * 1000:.1f} ms"


# --------------------------------------------------------------------------- refused steps


def rows_of(store: Any, practice_id: int) -> dict[Any, list[dict[str, Any]]]:
    with store.read() as conn:
        return {
            t: [dict(r) for r in conn.execute(select(t).where(column == practice_id)).mappings()]
            for t, column in (
                (practice, practice.c.id),
                (list_size, list_size.c.practice_id),
                (membership, membership.c.practice_id),
            )
        }


def remove_elsewhere(store: Any, practice_id: int) -> dict[Any, list[dict[str, Any]]]:
    """What another program (the command line, another copy of lcpdesk) might do."""
    kept = rows_of(store, practice_id)
    with store.write() as conn:
        for table in (membership, list_size, practice):
            key = table.c.id if table is practice else table.c.practice_id
            conn.execute(delete(table).where(key == practice_id))
    return kept


def put_back_elsewhere(store: Any, kept: dict[Any, list[dict[str, Any]]]) -> None:
    with store.write() as conn:
        for table in (practice, list_size, membership):
            if kept[table]:
                conn.execute(insert(table), kept[table])


def test_a_refused_undo_leaves_stack_and_store_agreeing_and_says_why(
    qtbot: Any, window: Any, ids: Any, scripted_prompts: Any
) -> None:
    store, stack = window.store, window.undo_stack
    pid = ids["A10001"]
    data = PracticeInput("A10001", "Armley Moor Medical Centre", list_size=8000)
    stack.push_change(window.membership.edit_practice(pid, data, ON), after=window.refresh_panes)
    kept = remove_elsewhere(store, pid)  # the practice it renamed is gone
    gone = snapshot(store)

    press(qtbot, window, Qt.Key.Key_Z)
    assert stack.index() == 1 and snapshot(store) == gone
    (error,) = scripted_prompts.of_kind(prompts.ERROR)
    assert error.title == "Undo Edit A10001" and error.text == ChangeConflict().message
    assert window.undo_action.isEnabled() and not window.redo_action.isEnabled()

    put_back_elsewhere(store, kept)  # the practice is back: undo now works
    press(qtbot, window, Qt.Key.Key_Z)
    assert stack.index() == 0
    assert rows_of(store, pid)[practice][0]["name"] == "Armley Moor Surgery"
    press(qtbot, window, Qt.Key.Key_Y)
    assert stack.index() == 1
    assert rows_of(store, pid)[practice][0]["name"] == "Armley Moor Medical Centre"
    assert len(scripted_prompts.of_kind(prompts.ERROR)) == 1


def test_a_refused_redo_leaves_stack_and_store_agreeing_and_says_why(
    qtbot: Any, window: Any, ids: Any, scripted_prompts: Any
) -> None:
    store, stack = window.store, window.undo_stack
    data = PracticeInput("A10003", "Bramley Village Health", list_size=4000)
    added = window.membership.add_practice(ids["Armley"], data, ON, ON)
    stack.push_change(added, after=window.refresh_panes)
    with_it = snapshot(store)
    press(qtbot, window, Qt.Key.Key_Z)
    assert stack.index() == 0
    without = snapshot(store)
    with store.write() as conn:  # another program adds a practice with the same code
        other = conn.execute(insert(practice).values(code="A10003", name="Elsewhere"))
        other_id = other.inserted_primary_key[0]
    taken = snapshot(store)

    press(qtbot, window, Qt.Key.Key_Y)
    assert stack.index() == 0 and snapshot(store) == taken  # no IntegrityError, nothing moved
    (error,) = scripted_prompts.of_kind(prompts.ERROR)
    assert error.title == "Redo Add A10003 to Armley"
    assert window.redo_action.isEnabled() and not window.undo_action.isEnabled()

    with store.write() as conn:
        conn.execute(delete(practice).where(practice.c.id == other_id))
    assert snapshot(store) == without
    press(qtbot, window, Qt.Key.Key_Y)  # the code is free again: redo now works
    assert stack.index() == 1 and snapshot(store) == with_it
    press(qtbot, window, Qt.Key.Key_Z)
    assert stack.index() == 0 and snapshot(store) == without


def test_a_step_by_a_stack_action_is_written_and_taken_back_when_refused(
    qtbot: Any, window: Any, ids: Any, scripted_prompts: Any
) -> None:
    """Actions made by QUndoStack.createUndoAction move the stack themselves: the step is
    written as it moves and, when refused, moved back."""
    store, stack = window.store, window.undo_stack
    pid = ids["A10002"]
    data = PracticeInput("A10002", "Town Street Medical Practice", list_size=6500)
    stack.push_change(window.membership.edit_practice(pid, data, ON), after=window.refresh_panes)
    undo_action = QUndoStack.createUndoAction(stack, window)
    redo_action = QUndoStack.createRedoAction(stack, window)

    undo_action.trigger()  # allowed: written as it moved
    assert stack.index() == 0
    assert rows_of(store, pid)[practice][0]["name"] == "Town Street Practice"
    kept = remove_elsewhere(store, pid)
    gone = snapshot(store)
    redo_action.trigger()  # refused: moved back on the next turn of the event loop
    qtbot.waitUntil(lambda: stack.index() == 0, timeout=2000)
    assert snapshot(store) == gone
    assert [e.title for e in scripted_prompts.of_kind(prompts.ERROR)] == ["Redo Edit A10002"]
    put_back_elsewhere(store, kept)
    window.redo_action.trigger()
    assert stack.index() == 1
    assert rows_of(store, pid)[practice][0]["name"] == "Town Street Medical Practice"


def test_plain_commands_and_a_busy_window(qtbot: Any, window: Any, scripted_prompts: Any) -> None:
    stack = window.undo_stack
    stack.push(QUndoCommand("Nothing to write"))
    stack.undo()
    assert stack.index() == 0
    stack.redo()
    assert stack.index() == 1
    stack.push_change(change_set(3), after=lambda: None)
    release = threading.Event()
    task = window.tasks.run("Importing", lambda _p, _c: release.wait(5))
    assert task is not None
    stack.undo()  # one writer at a time: refused with a word, the stack stays
    assert stack.index() == 2
    (said,) = scripted_prompts.of_kind(prompts.INFO)
    assert said.text == "“Importing” is still running."
    release.set()
    qtbot.waitUntil(lambda: window.tasks.writing is None, timeout=5000)


def test_several_steps_by_set_index_stop_at_the_refused_one(
    qtbot: Any, window: Any, ids: Any, scripted_prompts: Any
) -> None:
    """QUndoStack.setIndex (what a QUndoView does) steps several commands at once: after a
    refused one, the rest are not written and the stack ends where the store is."""
    store, stack, service = window.store, window.undo_stack, window.membership
    for code, name, size in (
        ("B20001", "Beeston Hill Medical Centre", 12000),
        ("A10001", "Armley Moor Medical Centre", 8000),
        ("A10002", "Town Street Medical Practice", 6500),
    ):
        data = PracticeInput(code, name, list_size=size)
        stack.push_change(service.edit_practice(ids[code], data, ON), after=lambda: None)
    remove_elsewhere(store, ids["A10001"])

    QUndoStack.setIndex(stack, 0)
    qtbot.waitUntil(lambda: stack.index() == 2, timeout=2000)  # only the last one undone
    assert rows_of(store, ids["A10002"])[practice][0]["name"] == "Town Street Practice"
    assert rows_of(store, ids["B20001"])[practice][0]["name"] == "Beeston Hill Medical Centre"
    assert [e.title for e in scripted_prompts.of_kind(prompts.ERROR)] == ["Undo Edit A10001"]
