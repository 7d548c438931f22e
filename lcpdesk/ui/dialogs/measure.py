"""Add or edit a measure with its dated readings; add or edit a milestone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lcpdesk import clock
from lcpdesk.domain.amounts import parse_decimal
from lcpdesk.domain.goals import (
    Measure,
    MeasureInput,
    Milestone,
    MilestoneInput,
    Reading,
    parse_readings,
)
from lcpdesk.errors import InputError, UserFacingError
from lcpdesk.ui.dialogs.form import DATE_FORMAT, FormDialog, from_qdate, to_qdate
from lcpdesk.ui.dialogs.optional_date import OptionalDate
from lcpdesk.ui.models import RECORD_ROLE
from lcpdesk.ui.models.goals import reading_model, value_text
from lcpdesk.ui.widgets import table


def _number(edit: QLineEdit, what: str) -> Decimal | None:
    return parse_decimal(edit.text(), what)


def _line(value: Decimal | None, placeholder: str) -> QLineEdit:
    edit = QLineEdit("" if value is None else value_text(value))
    edit.setPlaceholderText(placeholder)
    return edit


class MeasureDialog(FormDialog):
    """The measure's details and its readings (one per date; adding a date again replaces
    its value). Nothing is written until OK."""

    def __init__(
        self,
        title: str,
        *,
        current: Measure | None = None,
        goal_title: str = "",
        parent: QWidget | None = None,
    ) -> None:
        intro = f"A measure of the goal ‘{goal_title}’." if goal_title else ""
        super().__init__(
            title, parent=parent, intro=intro, ok_text="Add" if current is None else "Save"
        )
        m = current
        self.name = QLineEdit(m.name if m else "")
        self.name.setPlaceholderText("e.g. Emergency admissions, 65+ with frailty")
        self.add_row("&Name:", self.name)
        self.unit = QLineEdit(m.unit if m else "")
        self.unit.setPlaceholderText("e.g. %, people, per 1,000 a month")
        self.add_row("&Unit:", self.unit)
        self.baseline = _line(m.baseline if m else None, "where it started")
        self.add_row("&Baseline:", self.baseline)
        self.target = _line(m.target if m else None, "where it should get to")
        self.add_row("&Target:", self.target)
        note = QLabel("A target below the baseline is a measure to reduce.")
        note.setWordWrap(True)
        note.setAccessibleName("About targets")
        self.form.addRow("", note)

        self.readings: list[Reading] = list(m.readings) if m else []
        self.reading_model = reading_model(self)
        self.reading_view: QTableView = table(self.reading_model, "Readings", sortable=False)
        self.reading_view.setMinimumHeight(self.fontMetrics().height() * 8)
        self.reading_date = QDateEdit(to_qdate(clock.today()))
        self.reading_date.setCalendarPopup(True)
        self.reading_date.setDisplayFormat(DATE_FORMAT)
        self.reading_date.setAccessibleName("Reading date")
        self.reading_value = QLineEdit()
        self.reading_value.setPlaceholderText("value")
        self.reading_value.setAccessibleName("Reading value")
        self.add_reading_button = QPushButton("Add &reading")
        self.add_reading_button.setAccessibleName("Add reading")
        self.add_reading_button.setAutoDefault(False)
        self.remove_reading_button = QPushButton("Remo&ve reading")
        self.remove_reading_button.setAccessibleName("Remove reading")
        self.remove_reading_button.setAutoDefault(False)
        self.paste_button = QPushButton("&Paste readings")
        self.paste_button.setAccessibleName("Paste readings")
        self.paste_button.setAutoDefault(False)
        self.paste_button.setToolTip(
            "Paste two columns copied from a spreadsheet: a date and a value on each line"
        )
        entry = QHBoxLayout()
        entry.addWidget(self.reading_date)
        entry.addWidget(self.reading_value, 1)
        entry.addWidget(self.add_reading_button)
        tools = QHBoxLayout()
        tools.addWidget(self.remove_reading_button)
        tools.addWidget(self.paste_button)
        tools.addStretch(1)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.reading_view, 1)
        column.addLayout(entry)
        column.addLayout(tools)
        self.add_row("Rea&dings:", box)
        box.setAccessibleName("Readings")
        self.add_reading_button.clicked.connect(self.add_reading)
        self.reading_value.returnPressed.connect(self.add_reading)
        self.remove_reading_button.clicked.connect(self.remove_reading)
        self.paste_button.clicked.connect(self.paste_readings)
        self._show_readings()
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 36)

    # ------------------------------------------------------------------ readings

    def _show_readings(self, select: dt.date | None = None) -> None:
        self.readings.sort(key=lambda r: r.when)
        self.reading_model.set_records(self.readings)
        self.reading_view.resizeColumnsToContents()
        if select is not None:
            row = self.reading_model.row_where(lambda r: r.when == select)
            if row is not None:
                self.reading_view.selectRow(row)
                self.reading_view.scrollTo(self.reading_model.index(row, 0))
        self.remove_reading_button.setEnabled(bool(self.readings))

    def _merge(self, new: list[Reading]) -> None:
        by_date = {r.when: r for r in self.readings}
        by_date.update({r.when: r for r in new})
        self.readings = list(by_date.values())

    def add_reading(self) -> None:
        try:
            value = parse_decimal(self.reading_value.text(), "reading")
            if value is None:
                raise InputError("Type the reading's value.", hint="e.g. 31.5")
        except UserFacingError as exc:
            self.show_error(exc.message, exc.hint)
            return
        when = from_qdate(self.reading_date.date())
        self._merge([Reading(when, value)])
        self.reading_value.clear()
        self.error_label.hide()
        self._show_readings(select=when)
        self.reading_value.setFocus()

    def remove_reading(self) -> None:
        rows = sorted({i.row() for i in self.reading_view.selectionModel().selectedRows()})
        if not rows and self.readings:
            rows = [len(self.readings) - 1]  # nothing chosen: the latest
        gone = {self.reading_model.index(r, 0).data(RECORD_ROLE).when for r in rows}
        self.readings = [r for r in self.readings if r.when not in gone]
        self._show_readings()

    def paste_readings(self, text: str | None = None) -> None:
        raw = QGuiApplication.clipboard().text() if text is None else text
        try:
            found = parse_readings(raw)
        except UserFacingError as exc:
            self.show_error(f"The readings could not be pasted. {exc.message}", exc.hint)
            return
        if not found:
            self.show_error(
                "There are no readings to paste.",
                "Copy two columns from a spreadsheet: dates, then values.",
            )
            return
        self._merge(found)
        self.error_label.hide()
        self._show_readings(select=found[-1].when)

    # ------------------------------------------------------------------ result

    def measure_input(self) -> MeasureInput:
        return MeasureInput(
            name=self.name.text(),
            unit=self.unit.text(),
            baseline=_number(self.baseline, "baseline"),
            target=_number(self.target, "target"),
            readings=tuple(self.readings),
        )


class MilestoneDialog(FormDialog):
    def __init__(
        self,
        title: str,
        *,
        current: Milestone | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, parent=parent, ok_text="Add" if current is None else "Save")
        s = current
        self.title_edit = QLineEdit(s.title if s else "")
        self.title_edit.setPlaceholderText("e.g. Weekly frailty MDT in every PCN")
        self.add_row("&Milestone:", self.title_edit)
        self.due = OptionalDate(s.due_date if s else clock.today(), "Due date")
        self.add_row("&Due:", self.due)
        self.done_on = OptionalDate(s.done_date if s else None, "Done date")
        self.add_row("D&one:", self.done_on)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 30)
        self.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def milestone_input(self) -> MilestoneInput:
        return MilestoneInput(self.title_edit.text(), self.due.value(), self.done_on.value())
