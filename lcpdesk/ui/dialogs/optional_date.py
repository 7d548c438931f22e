"""A date that may be left unset, for the forms: a check box, and the date once ticked."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QWidget

from lcpdesk import clock
from lcpdesk.ui.dialogs.form import DATE_FORMAT, from_qdate, to_qdate


class OptionalDate(QWidget):
    """A date that may be left unset: a check box, and the date once it is ticked."""

    changed = Signal()

    def __init__(
        self, value: dt.date | None, accessible_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.check = QCheckBox("Set")
        self.check.setAccessibleName(f"{accessible_name} is set")
        self.edit = QDateEdit(to_qdate(value or clock.today()))
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
