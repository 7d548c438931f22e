"""What every pane's edits share: one form open at a time, and each change one undo step.

A pane's edits class (``MembershipEdits``, ``GoalEdits``, …) subclasses :class:`PaneEdits`:
its actions open a form with :meth:`_open` (or run a formless edit with :meth:`_run`), call the
pane's service, which writes at once and returns a ChangeSet, and :meth:`_push` puts that
change on the window's undo stack.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from lcpdesk.errors import UserFacingError
from lcpdesk.store.changes import ChangeSet
from lcpdesk.ui import prompts
from lcpdesk.ui.dialogs.form import FormDialog

PaneT = TypeVar("PaneT", bound=Any)


class PaneEdits(Generic[PaneT]):
    def __init__(self, pane: PaneT) -> None:
        self.pane: PaneT = pane
        self.dialog: FormDialog | None = None  # the form that is open, if any

    def _ready(self) -> bool:
        """No form already open (an open one is brought forward), and the pane editable."""
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return False
        return not self.pane.read_only

    def _open(self, dialog: FormDialog, submit: Callable[[], None] | None = None) -> None:
        if submit is not None:
            dialog.submit = submit
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: FormDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _push(self, changeset: ChangeSet) -> None:
        self.pane.record_change(changeset)

    def _run(self, title: str, step: Callable[[], ChangeSet]) -> bool:
        """An edit with no form (delete, mark done): a refused edit is shown as a message."""
        try:
            changes = step()
        except UserFacingError as exc:
            prompts.show_error(exc, self.pane, title)
            self.pane.refresh()
            return False
        self._push(changes)
        return True
