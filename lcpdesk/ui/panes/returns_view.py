"""The Returns pane's layout: the quarter chooser, the summary strip, one row per partnership
(where its return stands), the change since the previous quarter, and the action buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from lcpdesk.services.quarter import StandingRow
from lcpdesk.ui.models.records import Column, RecordFilterProxy, RecordTableModel
from lcpdesk.ui.summary_strip import SummaryStrip
from lcpdesk.ui.widgets import button_row, pane_heading, table

# (background, text) for each status; the word is always shown too
STATUS_COLOURS = {
    "accepted": ("#d5f0dd", "#0b3d1a"),
    "refused": ("#f8d7da", "#5c0a12"),
    "superseded": ("#eeeeee", "#333333"),
    "received": ("#dbe9f8", "#0b2e57"),
    "sent": ("#fff3cd", "#4d3800"),
}


def _date(day: object) -> str:
    return f"{day:%d/%m/%Y}" if day is not None else ""


COLUMNS = (
    Column("Partnership", lambda r: r.partnership),
    Column(
        "Status",
        lambda r: r.status,
        colours=lambda r: STATUS_COLOURS.get(r.status),
        tooltip=lambda r: "\n".join(r.reasons) or None,
    ),
    Column(
        "Sent", lambda r: _date(r.sent_on), sort=lambda r: r.sent_on.toordinal() if r.sent_on else 0
    ),
    Column("File", lambda r: r.file_name),
    Column("Completed by", lambda r: r.record.completed_by if r.record else ""),
    Column("Signed off by", lambda r: r.record.signed_off_by if r.record else ""),
    Column(
        "Signed off",
        lambda r: _date(r.record.signed_off_on) if r.record else "",
        sort=lambda r: (
            r.record.signed_off_on.toordinal() if r.record and r.record.signed_off_on else 0
        ),
    ),
    Column("Sections complete", lambda r: r.sections_text, numeric=True),
    Column(
        "Reasons", lambda r: "; ".join(r.reasons), tooltip=lambda r: "\n".join(r.reasons) or None
    ),
)


class ReturnsView(QWidget):
    def __init__(self, actions: dict[str, QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = pane_heading("Returns of", "No area selected")
        self.subheading = QLabel()
        self.subheading.setWordWrap(True)
        self.subheading.setAccessibleName("Returns summary text")
        self.summary = SummaryStrip("Returns by status")

        self.period_combo = QComboBox()
        self.period_combo.setAccessibleName("Quarter")
        period_label = QLabel("&Quarter:")
        period_label.setBuddy(self.period_combo)
        tools = QHBoxLayout()
        tools.addWidget(period_label)
        tools.addWidget(self.period_combo)
        tools.addStretch(1)

        self.model = RecordTableModel(COLUMNS, self)
        self.proxy = RecordFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = table(self.proxy, "Returns by partnership")

        self.changes = QPlainTextEdit()
        self.changes.setReadOnly(True)
        self.changes.setAccessibleName("Change since the previous quarter")
        changes_box = QGroupBox("Change since the previous quarter's accepted returns")
        QVBoxLayout(changes_box).addWidget(self.changes)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(changes_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([600, 140])
        self.splitter = split

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addWidget(self.summary)
        layout.addLayout(tools)
        layout.addWidget(split, 1)
        layout.addLayout(
            button_row(
                (actions["write"], "&Write returns…"),
                (actions["consolidate"], "&Consolidate…"),
                (actions["open"], "&Open"),
                (actions["master"], "&Master workbook…"),
                (actions["missing"], "Copy &missing"),
                None,
            )
        )

    def selected(self) -> StandingRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.record_at(rows[0].row()) if rows else None
