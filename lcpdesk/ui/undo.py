"""The window's undo stack: recorded change sets, and a stack that always agrees with the store.

A service writes an edit at once and returns its :class:`ChangeSet`;
:meth:`UndoStack.push_change` puts it on the stack as one :class:`ChangeCommand` (pushing does
not write again). Undo and Redo go through :meth:`UndoStack.undo` and :meth:`UndoStack.redo`,
which write the change set back with :mod:`lcpdesk.services.history` *first*: at once when it
is small (under a frame), through the task runner with progress and Cancel when it is large.
Only once the store has changed does the stack move; the command then just refreshes what
shows the data. A refused step (a ``StoreError``: the file is locked, or the data was changed
outside this window) or a cancelled one leaves the stack and the store as they were, and the
user is told why.

A command moved by a route that bypasses those two methods (``QUndoStack.setIndex``, an action
from ``createUndoAction``, a ``QUndoView``) writes synchronously as it moves; if that write is
refused, the user is told and the stack is moved back on the next turn of the event loop.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from lcpdesk.errors import UserFacingError
from lcpdesk.services import history
from lcpdesk.store.changes import ChangeSet
from lcpdesk.store.db import Store
from lcpdesk.ui import prompts
from lcpdesk.ui.tasks import CancelledFn, ProgressFn, TaskRunner

log = logging.getLogger(__name__)

# A step of this many row changes, or statements, or more is written in a worker. Below both,
# it takes under a frame (~12 ms at worst on a busy laptop: each statement ~0.2 ms, each row in
# a batch ~0.02 ms; tests/ui/test_undo.py measures it) and is written at once.
LARGE_CHANGESET = 300
LARGE_STATEMENTS = 30


def is_large(changeset: ChangeSet) -> bool:
    return len(changeset.changes) >= LARGE_CHANGESET or changeset.statements() >= LARGE_STATEMENTS


class ChangeCommand(QUndoCommand):
    """One recorded change on an :class:`UndoStack`; moving it only refreshes (``after``)
    once the stack has written it."""

    def __init__(
        self,
        changeset: ChangeSet,
        stack: UndoStack,
        after: Callable[[], None],
        parent_widget: QWidget | None,
    ) -> None:
        super().__init__(changeset.description)
        self.changeset = changeset
        self.after = after
        self.parent_widget = parent_widget
        self._stack = stack
        self.written = True  # the service wrote it before the push
        self._pushed = False

    def redo(self) -> None:
        self._moved(undoing=False)

    def undo(self) -> None:
        self._moved(undoing=True)

    def _moved(self, *, undoing: bool) -> None:
        if not self.written:
            self._stack.write_bypassed(self, undoing=undoing)
            return
        self.written = False
        if self._pushed:
            self.after()
        self._pushed = True  # QUndoStack.push calls redo(): the caller refreshes


class UndoStack(QUndoStack):
    """The window's undo stack; :meth:`undo` and :meth:`redo` are the one way to step."""

    def __init__(self, store: Store, tasks: TaskRunner, window: QWidget) -> None:
        super().__init__(window)
        self.store = store
        self.tasks = tasks
        self._window = window
        self._held: list[tuple[ChangeCommand, bool]] = []  # bypassing moves to take back

    def push_change(
        self,
        changeset: ChangeSet,
        *,
        after: Callable[[], None],
        parent_widget: QWidget | None = None,
    ) -> None:
        """Put a change a service has already written on the stack as one step (an empty
        change is not a step). ``after`` refreshes what shows the data once it is undone or
        redone."""
        if not changeset.is_empty():
            self.push(ChangeCommand(changeset, self, after, parent_widget or self._window))

    def undo(self) -> None:
        self._step(undoing=True)

    def redo(self) -> None:
        self._step(undoing=False)

    # ------------------------------------------------------------------ internals

    def _step(self, *, undoing: bool) -> None:
        index = self.index() - 1 if undoing else self.index()
        command = self.command(index) if 0 <= index < self.count() else None
        if not isinstance(command, ChangeCommand):  # nothing to write (or no step at all)
            self._move(undoing)
            return
        running = self.tasks.writing
        if running is not None:
            prompts.info(
                self._window,
                "Please wait",
                f"“{running.title}” is still running.",
                "Try again when it has finished, or cancel it.",
            )
            return
        write = history.undo if undoing else history.redo
        changeset, store = command.changeset, self.store
        if not is_large(changeset):
            try:
                write(store, changeset)
            except UserFacingError as exc:
                self._refused(command, exc, undoing)
                return
            self._written(command, index, undoing)
            return
        verb = _verb(undoing)

        def work(progress: ProgressFn, cancelled: CancelledFn) -> None:
            progress(0.0, f"{verb}ing {len(changeset.changes):,} changes")
            write(store, changeset, cancelled)
            progress(1.0, "Done")

        task = self.tasks.run(
            f"{verb} {command.text()}",
            work,
            on_success=lambda _result: self._written(command, index, undoing),
        )
        if task is not None:  # refused: the task runner tells the user why; show the data
            task.failed.connect(lambda _exc: command.after())

    def _written(self, command: ChangeCommand, index: int, undoing: bool) -> None:
        """The store has changed: now move the stack (the command only refreshes)."""
        if self.command(index) is not command or self.index() != index + int(undoing):
            log.error("the undo stack moved while %s was written", command.text())
            return
        command.written = True
        self._move(undoing)

    def _move(self, undoing: bool) -> None:
        if undoing:
            super().undo()
        else:
            super().redo()

    def _refused(self, command: ChangeCommand, exc: UserFacingError, undoing: bool) -> None:
        title = f"{_verb(undoing)} {command.text()}"
        log.warning("%s refused: %s", title, exc)
        prompts.show_error(exc, command.parent_widget, title)
        command.after()  # the data may have changed outside: show it as it is

    def write_bypassed(self, command: ChangeCommand, *, undoing: bool) -> None:
        """``command`` was moved by a route other than :meth:`undo` and :meth:`redo`: write
        it now; when that is refused, move it (and any later move of the same turn) back."""
        if not self._held:
            try:
                (history.undo if undoing else history.redo)(self.store, command.changeset)
            except UserFacingError as exc:
                self._refused(command, exc, undoing)
                QTimer.singleShot(0, self._take_back)
            else:
                command.after()
                return
        self._held.append((command, undoing))

    def _take_back(self) -> None:
        held, self._held = self._held, []
        for command, undoing in reversed(held):
            command.written = True
            self._move(not undoing)


def _verb(undoing: bool) -> str:
    return "Undo" if undoing else "Redo"
