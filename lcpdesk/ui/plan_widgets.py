"""Small widgets the Goals and Resources panes share: an optional date, a summary strip of
labelled counts ("chips"), a table with sensible defaults, and a row of buttons."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, QDate, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QWidget,
)

from lcpdesk.ui.dialogs.form import DATE_FORMAT, from_qdate, to_qdate
from lcpdesk.ui.widgets import button_for, read_only_table


class OptionalDate(QWidget):
    """A date that may be left unset: a check box, and the date once it is ticked."""

    changed = Signal()

    def __init__(
        self, value: dt.date | None, accessible_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.check = QCheckBox("Set")
        self.check.setAccessibleName(f"{accessible_name} is set")
        self.edit = QDateEdit(to_qdate(value or dt.date.today()))
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat(DATE_FORMAT)
        self.edit.setAccessibleName(accessible_name)
        self.check.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        self.check.toggled.connect(self._toggled)
        self.edit.dateChanged.connect(lambda _d: self.changed.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        self.setFocusProxy(self.check)

    def _toggled(self, on: bool) -> None:
        self.edit.setEnabled(on)
        self.changed.emit()

    def value(self) -> dt.date | None:
        return from_qdate(self.edit.date()) if self.check.isChecked() else None

    def set_value(self, value: dt.date | None) -> None:
        self.check.setChecked(value is not None)
        if value is not None:
            self.edit.setDate(QDate(value.year, value.month, value.day))


def chip_html(text: str, colours: tuple[str, str] | None = None, *, bold: bool = False) -> str:
    """One labelled figure of a summary strip; colours are a (tint, text) pair."""
    # A chip never breaks inside: the strip wraps between chips.
    body = html.escape(text).replace(" ", "&nbsp;").replace("-", "&#8209;")
    body = f"<b>{body}</b>" if bold else body
    if colours is None:
        return f"<span>&nbsp;{body}&nbsp;</span>"
    tint, ink = colours
    return f'<span style="background-color:{tint}; color:{ink};">&nbsp;{body}&nbsp;</span>'


class SummaryStrip(QLabel):
    """A line of chips, e.g. "Red: off track 1 · Amber: at risk 2 · …", wrapped as needed.

    The accessible name reads the same figures as plain text.
    """

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setAccessibleName(accessible_name)
        self._plain = ""

    def set_chips(self, chips: Sequence[tuple[str, tuple[str, str] | None]]) -> None:
        """``chips`` are (text, colours); an empty text starts a new group."""
        parts: list[str] = []
        plain: list[str] = []
        for text, colours in chips:
            if not text:
                parts.append("&nbsp;│")
                continue
            parts.append(chip_html(text, colours))
            plain.append(text)
        self.setText(" ".join(parts))
        self._plain = " · ".join(plain)
        self.setAccessibleDescription(self._plain)

    def plain_text(self) -> str:
        return self._plain


def table(model: QAbstractItemModel, accessible_name: str, *, sortable: bool = True) -> QTableView:
    view = read_only_table(model, accessible_name)
    view.setSortingEnabled(sortable)
    if sortable:  # the order the service gave, until a header is clicked
        view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
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
