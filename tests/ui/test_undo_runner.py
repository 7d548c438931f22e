"""Undo and redo of large change sets run in a worker; small ones stay immediate."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from conftest import make_window
from import_helpers import copy_data, snapshot
from PySide6.QtCore import Qt

from lcpdesk.errors import StoreError
from lcpdesk.services import importing
from lcpdesk.store.changes import ChangeSet, RowChange
from lcpdesk.ui import prompts
from lcpdesk.ui.undo import ChangeSetCommand
from lcpdesk.ui.undo_runner import LARGE_CHANGESET, BackgroundChangeSetCommand, push_change

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def change_set(rows: int) -> ChangeSet:
    return ChangeSet(
        f"{rows} rows", [RowChange("area", (n,), None, {"id": n}) for n in range(rows)]
    )


def test_small_change_sets_are_undone_at_once_large_ones_in_a_worker(
    qtbot: Any, window: Any
) -> None:
    threads: list[str] = []

    def step(changeset: ChangeSet, cancelled: Any = None) -> None:
        threads.append(f"{changeset.description} in {threading.current_thread().name}")

    stack = window.undo_stack
    for rows in (3, LARGE_CHANGESET):
        push_change(stack, change_set(rows), undo=step, redo=step, after=lambda: None)
    assert type(stack.command(0)) is ChangeSetCommand
    assert type(stack.command(1)) is BackgroundChangeSetCommand
    push_change(stack, ChangeSet("nothing"), undo=step, redo=step, after=lambda: None)
    assert stack.count() == 2  # an empty change is not an undo step

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


def test_a_large_undo_moves_the_stack_only_once_written(qtbot: Any, window: Any) -> None:
    calls: list[str] = []
    refreshed: list[int] = []
    push_change(
        window.undo_stack,
        change_set(LARGE_CHANGESET),
        undo=lambda cs, cancelled=None: calls.append("undo"),
        redo=lambda cs, cancelled=None: calls.append("redo"),
        after=lambda: refreshed.append(1),
    )
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: window.undo_stack.index() == 0, timeout=5000)
    assert calls == ["undo"] and len(refreshed) == 1  # written once (in the worker), refreshed
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: window.undo_stack.index() == 1, timeout=5000)
    assert calls == ["undo", "redo"] and len(refreshed) == 2


def test_a_refused_large_undo_leaves_the_stack_where_it_was(
    qtbot: Any, window: Any, scripted_prompts: Any
) -> None:
    def locked(_changeset: ChangeSet, cancelled: Any = None) -> None:
        raise StoreError("The data file is locked by another program.", hint="Close it.")

    push_change(
        window.undo_stack, change_set(LARGE_CHANGESET), undo=locked, redo=locked, after=lambda: 0
    )
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
    service = window.membership
    big = outcome.changeset  # Leeds's 522 footprints and 109 memberships replaced
    assert len(big.changes) >= LARGE_CHANGESET
    push_change(
        window.undo_stack, big, undo=service.undo, redo=service.redo, after=window.refresh_all
    )
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
