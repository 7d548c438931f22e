"""Parts of the import dialog: the definitions options, and how the preview and problems read."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QHeaderView, QLabel, QTableView, QWidget

from lcpdesk import clock
from lcpdesk.ui.dialogs import import_tasks as work
from lcpdesk.ui.dialogs.form import date_edit, from_qdate, to_qdate
from lcpdesk.ui.models.import_files import FileCol, FileEntry
from lcpdesk.ui.widgets import read_only_table

REPREVIEW_DELAY_MS = 400  # after the last key typed in the area name, or a date change
ERROR_COLOUR = "#a4262c"


class DefinitionsOptions(QWidget):
    """The area definitions files are for (an existing one, or a new name) and the date
    membership definitions take effect from. ``changed`` once the user has stopped typing."""

    changed = Signal()

    def __init__(
        self, areas: Sequence[str], area: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        em = self.fontMetrics().horizontalAdvance("M")
        self.area_combo = QComboBox()
        self.area_combo.setEditable(True)
        self.area_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.area_combo.addItems(list(areas))
        self.area_combo.setCurrentText(area or "")
        self.area_combo.setAccessibleName("Area")
        self.area_combo.setToolTip("The area the definitions are for: a new name creates it")
        line = self.area_combo.lineEdit()
        if line is not None:
            line.setPlaceholderText("Name of a new area")
        self.area_combo.setMinimumWidth(em * 22)
        self.effective = date_edit(clock.today(), "Effective from")
        self.effective.setToolTip("When the membership definitions take effect")
        self.area_label = QLabel("Ar&ea:")
        self.area_label.setBuddy(self.area_combo)
        self.effective_label = QLabel("Effective f&rom:")
        self.effective_label.setBuddy(self.effective)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.area_label, self.area_combo)
        form.addRow(self.effective_label, self.effective)

        self._date_chosen = False  # until then, the date shown is the import's default
        self._setting_date = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(REPREVIEW_DELAY_MS)
        self.timer.timeout.connect(self.changed)
        self.area_combo.currentTextChanged.connect(lambda _t: self.timer.start())
        self.effective.dateChanged.connect(self._on_date)

    def area_name(self) -> str:
        return self.area_combo.currentText().strip()

    def chosen_date(self) -> dt.date | None:
        """The date the user chose; ``None`` until they do (the import's default applies)."""
        return from_qdate(self.effective.date()) if self._date_chosen else None

    def show_default_date(self, default: dt.date) -> None:
        """Until the user picks a date, show the one the import would use."""
        if self._date_chosen:
            return
        self._setting_date = True
        try:
            self.effective.setDate(to_qdate(default))
        finally:
            self._setting_date = False

    def show_for(self, needs_area: bool, needs_date: bool) -> None:
        """Shown with files that need an area (definitions); the date only with those that
        need one (membership definitions)."""
        self.setVisible(needs_area)
        self.effective.setVisible(needs_date)
        self.effective_label.setVisible(needs_date)

    @property
    def waiting(self) -> bool:
        """A change is about to be reported (the user may still be typing)."""
        return self.timer.isActive()

    def _on_date(self) -> None:
        if self._setting_date:
            return
        self._date_chosen = True
        self.timer.start()


def files_table(model: QAbstractItemModel) -> QTableView:
    """The files of the import, sortable, in the order they were added until sorted."""
    table = read_only_table(model, "Files to import")
    table.setWordWrap(True)
    table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    table.setSortingEnabled(True)
    table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    table.setMinimumHeight(table.verticalHeader().defaultSectionSize() * 5)
    return table


def size_columns(table: QTableView) -> None:
    """Fit the columns to the files shown; long names and kinds wrap."""
    table.resizeColumnsToContents()
    em = table.fontMetrics().horizontalAdvance("M")
    if table.columnWidth(FileCol.DATES) > em * 14:
        table.setColumnWidth(FileCol.DATES, em * 14)
    fixed = table.columnWidth(FileCol.ROWS) + table.columnWidth(FileCol.DATES)
    rest = max(table.viewport().width() - fixed, em * 30)
    # File and kind get at most these shares of what is left; "Set aside" has the rest.
    for col, share in ((FileCol.FILE, 0.27), (FileCol.KIND, 0.33)):
        table.setColumnWidth(col, min(table.columnWidth(col), int(rest * share)))
    table.resizeRowsToContents()  # long names and kinds wrap onto a second line
    # Every file on show (up to 8), but never more than a fifth of the screen.
    shown = sum(table.rowHeight(r) for r in range(min(table.model().rowCount(), 8)))
    wanted = max(shown, table.verticalHeader().defaultSectionSize() * 3)
    screen = table.screen()
    if screen is not None:
        wanted = min(wanted, screen.availableGeometry().height() // 5)
    table.setMinimumHeight(wanted + table.horizontalHeader().sizeHint().height() + 4)


def preview_html(lines: Sequence[str] | None, has_files: bool, warnings: Sequence[str] = ()) -> str:
    if lines is not None:
        warned = "".join(
            f'<p style="color: {ERROR_COLOUR};"><b>Warning:</b> {html.escape(w)}</p>'
            for w in warnings
        )
        return (
            warned + "<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines) + "</ul>"
        )
    if not has_files:
        return "<p>No files yet: press Add files, or drop files on this window.</p>"
    return ""


def problems_html(problem: work.Problem | None, refused: Sequence[FileEntry]) -> str:
    """What was refused, in bold, each followed by what to do about it."""
    found = [(problem.message, problem.hint)] if problem is not None else []
    found += [entry.problem.partition("\n")[::2] for entry in refused]
    parts: list[str] = []
    for message, hint in found:
        parts.append(f"<b>{html.escape(message)}</b>")
        if hint:
            parts.append(html.escape(hint))
    if refused:
        parts.append(
            "Remove the refused file (or correct it and add it again) to import the others."
        )
    return "<br>".join(parts)


def problem_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName("Problem with the files")
    label.setStyleSheet(f"color: {ERROR_COLOUR};")
    return label
