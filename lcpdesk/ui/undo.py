"""Undo commands: a recorded :class:`ChangeSet` on the window's ``QUndoStack``."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from lcpdesk.errors import UserFacingError
from lcpdesk.store.changes import ChangeSet
from lcpdesk.ui import prompts

log = logging.getLogger(__name__)


class ChangeSetCommand(QUndoCommand):
    """A change a service has *already written*.

    Pushing it must not write again, so the first ``redo()`` (which
    ``QUndoStack.push`` calls) only notes that it happened; later ``redo()``
    calls re-apply the change set and ``undo()`` reverts it, both through the
    service, after which ``after`` refreshes what shows the data.
    """

    def __init__(
        self,
        changeset: ChangeSet,
        *,
        undo: Callable[[ChangeSet], None],
        redo: Callable[[ChangeSet], None],
        after: Callable[[], None],
        parent_widget: QWidget | None = None,
    ) -> None:
        super().__init__(changeset.description)
        self.changeset = changeset
        self._undo = undo
        self._redo = redo
        self._after = after
        self._parent_widget = parent_widget
        self._applied = True  # the service wrote it before the push

    def redo(self) -> None:
        if self._applied:
            return
        self._run(self._redo, "Redo")
        self._applied = True

    def undo(self) -> None:
        self._run(self._undo, "Undo")
        self._applied = False

    def _run(self, step: Callable[[ChangeSet], None], verb: str) -> None:
        try:
            step(self.changeset)
        except UserFacingError as exc:
            # The store refused (locked, disk full): nothing changed, say so.
            log.warning("%s %s failed: %s", verb, self.text(), exc)
            prompts.show_error(exc, self._parent_widget, f"{verb} {self.text()}")
        finally:
            self._after()


def push_change(
    stack: QUndoStack,
    changeset: ChangeSet,
    *,
    undo: Callable[[ChangeSet], None],
    redo: Callable[[ChangeSet], None],
    after: Callable[[], None],
    parent_widget: QWidget | None = None,
) -> None:
    """Put an already-written change on the stack (an empty change is not an undo step)."""
    if changeset.is_empty():
        return
    stack.push(
        ChangeSetCommand(changeset, undo=undo, redo=redo, after=after, parent_widget=parent_widget)
    )
