"""File ▸ Export return… and New blank return…: choose the quarter (this quarter by default),
then where to save; the workbook is written in a worker, with progress."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from lcpdesk import clock
from lcpdesk.domain import periods
from lcpdesk.errors import InputError
from lcpdesk.services.returns import ReturnsService
from lcpdesk.ui import prompts
from lcpdesk.ui.tasks import CancelledFn, ProgressFn

if TYPE_CHECKING:
    from lcpdesk.ui.main_window import MainWindow

FILTER = "Excel workbook (*.xlsx)"


def quarters_around(today: dt.date, before: int = 6, after: int = 2) -> list[str]:
    """Quarters from ``before`` ago to ``after`` ahead, this one included, newest first."""
    current = periods.containing(today)
    found = [current]
    for _ in range(after):
        found.insert(0, found[0].next())
    back = current
    for _ in range(before):
        q = back.quarter or 1
        back = (
            periods.Period(back.start_year, q - 1)
            if q > 1
            else periods.Period(back.start_year - 1, 4)
        )
        found.append(back)
    return [str(p) for p in found]


class ReturnExportDialog(QDialog):
    def __init__(
        self, window: MainWindow, partnership_id: int, partnership: str, *, filled: bool
    ) -> None:
        super().__init__(window)
        self.main = window
        self.partnership_id = partnership_id
        self.partnership = partnership
        self.filled = filled
        self.written: Path | None = None
        what = "Export return" if filled else "New blank return"
        self.setWindowTitle(what)
        self.period = QComboBox()
        self.period.setEditable(True)
        self.period.addItems(quarters_around(clock.today()))
        self.period.setCurrentText(str(periods.containing(clock.today())))
        self.period.setAccessibleName("Quarter")
        form = QFormLayout()
        form.addRow("Partnership:", QLabel(f"<b>{partnership}</b>"))
        form.addRow("&Quarter:", self.period)
        note = QLabel(
            "The return is filled with what lcpdesk holds for the quarter: the agreed levels, "
            "evidence, raters, goals' status, readings, milestones and resources."
            if filled
            else "A blank return holds the partnership's reference data only: its practices, the "
            "maturity dimensions, its goals and measures, for partners to fill in."
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.save_button = QPushButton("Save as…")
        self.save_button.setDefault(True)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def save(self) -> None:
        try:
            period = str(periods.parse(self.period.currentText()))
        except InputError as exc:
            prompts.show_error(exc, self, self.windowTitle())
            return
        kind = "return" if self.filled else "blank return"
        name = f"{self.partnership} {kind} {period.replace('/', '-')}.xlsx"
        path = prompts.save_file(self, f"Save the {kind}", FILTER, Path.home() / name)
        if path is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        service = ReturnsService(self.main.store)
        unit, filled = self.partnership_id, self.filled

        def work(progress: ProgressFn, _cancelled: CancelledFn) -> list[str]:
            progress(0.1, f"Gathering the {period} {kind}")
            notes = service.export(unit, period, path, filled=filled)[1]
            progress(1.0, "Written")
            return notes

        def done(notes: object) -> None:
            self.written = path
            self.main.statusBar().showMessage(f"Wrote {path.name}.", 10000)
            if isinstance(notes, list) and notes:
                prompts.info(self.main, self.windowTitle(), f"Wrote {path.name}.", "\n".join(notes))
            self.accept()

        self.main.tasks.run(f"Writing {path.name}", work, writes=False, on_success=done)
