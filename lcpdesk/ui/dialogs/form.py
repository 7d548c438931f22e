"""A form dialog that keeps itself open until its input is accepted."""

from __future__ import annotations

import datetime as dt
import html
import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lcpdesk.domain.model import Partnership
from lcpdesk.errors import UserFacingError
from lcpdesk.ui import crash

log = logging.getLogger(__name__)

DATE_FORMAT = "d MMM yyyy"


def to_qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def from_qdate(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


def date_edit(value: dt.date, accessible_name: str) -> QDateEdit:
    edit = QDateEdit(to_qdate(value))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setAccessibleName(accessible_name)
    return edit


def partnership_combo(
    partnerships: Sequence[Partnership],
    accessible_name: str,
    *,
    exclude: set[int] | frozenset[int] = frozenset(),
    selected: int | None = None,
) -> QComboBox:
    """Partnerships in tree order, sub-units indented; the id is the item data."""
    combo = QComboBox()
    combo.setAccessibleName(accessible_name)
    for p in partnerships:
        if p.id in exclude:
            continue
        combo.addItem(("\u2003" + p.name) if p.is_subunit else p.name, p.id)
        if p.id == selected:
            combo.setCurrentIndex(combo.count() - 1)
    return combo


class FormDialog(QDialog):
    """``submit()`` runs on OK: a :class:`UserFacingError` is shown in the dialog, which stays
    open; on success the dialog closes with ``accept()``."""

    def __init__(
        self,
        title: str,
        submit: Callable[[], None] | None = None,
        parent: QWidget | None = None,
        *,
        intro: str = "",
        ok_text: str = "OK",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.submit: Callable[[], None] | None = submit
        layout = QVBoxLayout(self)
        if intro:
            self.intro = QLabel(intro)
            self.intro.setWordWrap(True)
            self.intro.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(self.intro)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        layout.addLayout(self.form)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.RichText)
        self.error_label.setAccessibleName("Problem with the input")
        self.error_label.setStyleSheet("color: #a4262c;")
        self.error_label.hide()
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.ok_button
        ok.setText(ok_text)
        ok.setAccessibleName(ok_text.replace("&", ""))
        self.cancel_button.setAccessibleName("Cancel")
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    @property
    def ok_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    @property
    def cancel_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        assert button is not None
        return button

    def add_row(self, label: str, field: QWidget) -> None:
        """A labelled field; ``&`` in the label gives it a keyboard mnemonic."""
        caption = QLabel(label)
        caption.setBuddy(field)
        if not field.accessibleName():
            field.setAccessibleName(label.replace("&", "").rstrip(":"))
        self.form.addRow(caption, field)

    def show_error(self, message: str, hint: str = "") -> None:
        """What was refused (bold) and what to do about it."""
        text = f"<b>{html.escape(message)}</b>"
        if hint:
            text += f"<br>{html.escape(hint)}"
        self.error_label.setText(text)
        self.error_label.setAccessibleDescription(f"{message} {hint}".strip())
        self.error_label.show()
        self.adjustSize()

    def error_text(self) -> str:
        """The problem shown, as plain text ("" when none)."""
        if not self.error_label.isVisible():
            return ""
        return self.error_label.accessibleDescription()

    def _on_ok(self) -> None:
        if self.submit is None:
            self.accept()
            return
        try:
            self.submit()
        except UserFacingError as exc:
            log.info("%s refused: %s", self.windowTitle(), exc)
            self.show_error(exc.message, exc.hint)
            return
        except Exception as exc:
            self.reject()
            crash.report(exc, self.parentWidget())
            return
        self.accept()
