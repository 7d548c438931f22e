"""Undo and redo that never freeze the window: large change sets are written in a worker.

A small edit's change set is undone in a few milliseconds and stays synchronous (a plain
:class:`~lcpdesk.ui.undo.ChangeSetCommand`). Undoing a national practice-by-LSOA import
rewrites ~6,500 registration blocks, which takes 0.2–0.5 s, so a change set of
:data:`LARGE_CHANGESET` rows or more is pushed as a :class:`BackgroundChangeSetCommand`, and the
window's Undo and Redo (:class:`UndoRunner`) run its service call through the task runner, with
progress and Cancel; only once the store has changed does the undo stack move (the command
then just refreshes what shows the data). A failed or cancelled undo leaves the stack and the
store as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from lcpdesk.store.changes import ChangeSet
from lcpdesk.ui.tasks import CancelledFn, ProgressFn, TaskRunner
from lcpdesk.ui.undo import ChangeSetCommand

LARGE_CHANGESET = 500  # row changes; ~40 µs each to write back, so ~20 ms and more


class StepFn(Protocol):
    """A service's ``undo`` or ``redo``: write the change set back, in one transaction; when
    ``cancelled()`` is true before it commits, raise ``Cancelled`` and keep nothing."""

    def __call__(self, changeset: ChangeSet, cancelled: CancelledFn | None = None) -> None: ...


class BackgroundChangeSetCommand(ChangeSetCommand):
    """A change set the window's Undo and Redo write in a worker (see :class:`UndoRunner`).

    Called directly (``QUndoStack.undo()``), it still works, synchronously.
    """

    def __init__(
        self,
        changeset: ChangeSet,
        *,
        undo: StepFn,
        redo: StepFn,
        after: Callable[[], None],
        parent_widget: QWidget | None = None,
    ) -> None:
        super().__init__(changeset, undo=undo, redo=redo, after=after, parent_widget=parent_widget)
        self.undo_step = undo
        self.redo_step = redo
        self.after = after
        self.written = False  # the worker has already written the next undo() or redo()

    def undo(self) -> None:
        if self._take_written():
            return
        super().undo()

    def redo(self) -> None:
        if self._take_written():
            return
        super().redo()

    def _take_written(self) -> bool:
        if not self.written:
            return False
        self.written = False
        self.after()
        return True


def push_change(
    stack: QUndoStack,
    changeset: ChangeSet,
    *,
    undo: StepFn,
    redo: StepFn,
    after: Callable[[], None],
    parent_widget: QWidget | None = None,
) -> None:
    """Put an already-written change on the stack as one step (nothing for an empty change)."""
    if changeset.is_empty():
        return
    if len(changeset.changes) >= LARGE_CHANGESET:
        command: QUndoCommand = BackgroundChangeSetCommand(
            changeset, undo=undo, redo=redo, after=after, parent_widget=parent_widget
        )
    else:
        command = ChangeSetCommand(
            changeset, undo=undo, redo=redo, after=after, parent_widget=parent_widget
        )
    stack.push(command)


class UndoRunner:
    """The window's Undo and Redo: large change sets through the task runner."""

    def __init__(self, stack: QUndoStack, tasks: TaskRunner) -> None:
        self.stack = stack
        self.tasks = tasks

    def undo(self) -> None:
        self._step(self.stack.index() - 1, "Undo")

    def redo(self) -> None:
        self._step(self.stack.index(), "Redo")

    def _step(self, index: int, verb: str) -> None:
        command = self.stack.command(index) if 0 <= index < self.stack.count() else None
        move = self.stack.undo if verb == "Undo" else self.stack.redo
        if not isinstance(command, BackgroundChangeSetCommand):
            move()
            return
        write = command.undo_step if verb == "Undo" else command.redo_step
        changeset = command.changeset
        title = f"{verb} {command.text()}"

        def work(progress: ProgressFn, cancelled: CancelledFn) -> None:
            progress(0.0, f"{verb}ing {len(changeset.changes):,} changes")
            write(changeset, cancelled)
            progress(1.0, "Done")

        def written(_result: object) -> None:
            # The store has changed: now move the stack (the command only refreshes).
            if self.stack.command(index) is command:
                command.written = True
                move()

        self.tasks.run(title, work, on_success=written)
