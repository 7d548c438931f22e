"""Small widget helpers shared by the panes: read-only tables, actions, buttons for actions."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QPushButton, QTableView, QWidget


def read_only_table(model: QAbstractItemModel, accessible_name: str) -> QTableView:
    """A table of whole-row selection, no in-place editing, rows sized from the font."""
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(accessible_name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move within it
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(round(table.fontMetrics().height() * 1.5))
    table.horizontalHeader().setHighlightSections(False)
    return table


def make_action(
    owner: QWidget,
    text: str,
    slot: Callable[[], object],
    keys: Sequence[QKeySequence] = (),
    *,
    on: QWidget | None = None,
) -> QAction:
    """An action whose shortcuts work while focus is in ``on`` (default: anywhere in ``owner``)."""
    act = QAction(text, owner)
    act.setShortcuts(list(keys))
    act.setShortcutContext(
        Qt.ShortcutContext.WidgetShortcut
        if on is not None
        else Qt.ShortcutContext.WidgetWithChildrenShortcut
    )
    act.triggered.connect(slot)
    (on or owner).addAction(act)
    return act


def button_for(act: QAction) -> QPushButton:
    """A push button that triggers ``act`` and follows its enabled state."""
    button = QPushButton(act.text())
    button.setAccessibleName(act.text().replace("&", "").rstrip("…"))
    shortcut = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    if shortcut:
        button.setToolTip(f"{act.text().replace('&', '')} ({shortcut})")
    button.clicked.connect(act.trigger)
    act.changed.connect(lambda: button.setEnabled(act.isEnabled()))
    button.setEnabled(act.isEnabled())
    return button
