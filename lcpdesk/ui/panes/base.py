"""What every pane of the main window is and gets.

A pane is a ``QWidget`` made from a :class:`PaneContext` (the store, the
window's undo stack and task runner, the data folder). The window tells it what
the navigator selected (:meth:`Pane.set_selection`) and when the data changed
(:meth:`Pane.refresh`), and makes it read-only while a writing task runs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QWidget

from lcpdesk.domain.model import Area
from lcpdesk.store.changes import ChangeSet
from lcpdesk.store.db import Store
from lcpdesk.ui import wheel_guard
from lcpdesk.ui.tasks import TaskRunner
from lcpdesk.ui.undo import UndoStack


@dataclass
class PaneContext:
    store: Store
    undo_stack: UndoStack
    tasks: TaskRunner
    data_dir: Path
    # Called after any change to the data (an edit, an undo): the window refreshes every pane.
    data_changed: Callable[[], None]
    # Select an area (partnership None) or a partnership in the navigator.
    navigate: Callable[[int, int | None], None]
    # Where panes keep view state (splitters, column widths) between sessions.
    settings: QSettings


class Pane(QWidget):
    """Base of the window's panes. Subclasses set ``title`` and ``key`` and override
    :meth:`set_selection` and :meth:`refresh`."""

    title: ClassVar[str] = ""  # the tab's text, e.g. "Membership"
    key: ClassVar[str] = ""  # a stable identifier, e.g. "membership" (saved in settings)

    # The pane's one-line status (e.g. the extract date) for the window's status bar.
    status_changed = Signal(str)

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.area_id: int | None = None
        self.partnership_id: int | None = None
        self.read_only = False
        self.setAccessibleName(f"{self.title} pane")
        wheel_guard.install()  # the wheel scrolls panels, never changes an unfocused value

    def set_selection(self, area_id: int | None, partnership_id: int | None) -> None:
        """The navigator's choice: an area (``partnership_id`` None) or one partnership."""
        self.area_id = area_id
        self.partnership_id = partnership_id
        self.refresh()

    def refresh(self) -> None:
        """Read the data again (after an edit, an undo, an import)."""
        raise NotImplementedError

    def selected_area(self, areas: Callable[[], Sequence[Area]]) -> Area | None:
        """The navigator's area, from ``areas()``; None when none is chosen, or when it has
        gone (an undo may remove it), and then the selection is forgotten."""
        if self.area_id is None:
            return None
        area = next((a for a in areas() if a.id == self.area_id), None)
        if area is None:
            self.area_id = self.partnership_id = None
        return area

    def set_read_only(self, read_only: bool) -> None:
        """While another task writes, edits are refused; override to disable edit controls."""
        self.read_only = read_only

    def status_text(self) -> str:
        return ""

    def save_state(self) -> None:
        """Called when the window closes: keep splitter positions, column widths…"""

    def restore_state(self) -> None:
        """Called once after the window is built."""

    def settings_key(self, name: str) -> str:
        return f"panes/{self.key}/{name}"

    def record_change(self, changeset: ChangeSet) -> None:
        """Put a change a service has already written on the undo stack, then refresh."""
        self.context.undo_stack.push_change(
            changeset, after=self.context.data_changed, parent_widget=self
        )
        self.context.data_changed()
