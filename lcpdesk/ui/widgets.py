"""Small widget helpers shared by the panes and dialogs: read-only tables and their column
widths, actions, buttons and rows of buttons for actions, a quiet note while a read is slow."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QWidget,
)

from lcpdesk.ui import table_tools


def pane_heading(accessible_name: str, text: str = "") -> QLabel:
    """A pane's heading: the selection's name, larger and bold."""
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.35)
    font.setBold(True)
    label.setFont(font)
    label.setAccessibleName(accessible_name)
    return label


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
    table_tools.install(table)  # many rows, Ctrl+C, Copy / Export table… (every data table)
    return table


def table(model: QAbstractItemModel, accessible_name: str, *, sortable: bool = True) -> QTableView:
    """A read-only table that sorts when a header is clicked (``sortable``)."""
    view = read_only_table(model, accessible_name)
    view.setSortingEnabled(sortable)
    if sortable:  # the order the service gave, until a header is clicked
        view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setResizeContentsPrecision(100)  # fit_columns samples rows, never measures all
    header.setStretchLastSection(True)
    return view


def button_row(*actions: QAction | tuple[QAction, str] | None) -> QHBoxLayout:
    """Buttons for ``actions``; ``None`` adds a stretch. An (action, text) pair gives the
    button a shorter text than the action's (its accessible name stays the action's)."""
    row = QHBoxLayout()
    for item in actions:
        if item is None:
            row.addStretch(1)
            continue
        act, text = item if isinstance(item, tuple) else (item, "")
        button = button_for(act)
        if text:
            button.setText(text)
        row.addWidget(button)
    if None not in actions:
        row.addStretch(1)
    return row


def fit_columns(view: QTableView, max_em: int = 28) -> None:
    """Columns sized to their contents, none wider than ``max_em`` ems."""
    view.resizeColumnsToContents()
    em = view.fontMetrics().horizontalAdvance("M")
    for col in range(view.model().columnCount()):
        if view.columnWidth(col) > em * max_em:
            view.setColumnWidth(col, em * max_em)


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


class LoadingNote(QLabel):
    """A quiet "Loading…" that appears while a read is slow (not for a blink) and goes."""

    DELAY_MS = 150

    def __init__(self, text: str = "Loading…", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setAccessibleName("Loading")
        self.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DELAY_MS)
        self._timer.timeout.connect(self._appear)
        self._anchor: QWidget | None = None
        retain = self.sizePolicy()
        retain.setRetainSizeWhenHidden(True)  # the row around it does not jump
        self.setSizePolicy(retain)
        self.hide()

    @classmethod
    def over(cls, widget: QWidget) -> LoadingNote:
        """A note floating at the top right of ``widget``, outside its layout."""
        note = cls(parent=widget)
        note.setAutoFillBackground(True)
        note.setMargin(note.fontMetrics().height() // 4)
        note._anchor = widget
        widget.installEventFilter(note)
        return note

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._anchor and event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def _place(self) -> None:
        if self._anchor is not None:
            self.adjustSize()
            self.move(self._anchor.width() - self.width() - self.margin(), 0)
            self.raise_()

    def set_busy(self, busy: bool) -> None:
        if busy:
            if self.isHidden() and not self._timer.isActive():
                self._timer.start()
        else:
            self._timer.stop()
            self.hide()

    def _appear(self) -> None:
        self._place()
        self.show()
