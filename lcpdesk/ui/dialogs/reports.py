"""File ▸ Reports…: the selected partnership's profile or the area report, as PDF.

Choose the report and the period, then where to save; the PDF is made in a worker with
progress and Cancel (services/report_area, the same code as ``lcpdesk report``). Once written,
Open shows it in the system's PDF viewer; Print opens it there too, to print from the viewer
(Qt's own PDF rendering is not part of PySide6-Essentials, and a viewer prints PDFs best).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
)

from lcpdesk import clock
from lcpdesk.domain.model import Area, Partnership
from lcpdesk.ui import prompts
from lcpdesk.ui.dialogs.returns_export import quarters_around
from lcpdesk.ui.tasks import CancelledFn, ProgressFn

if TYPE_CHECKING:
    from lcpdesk.ui.main_window import MainWindow

FILTER = "PDF document (*.pdf)"


class ReportsDialog(QDialog):
    def __init__(
        self, window: MainWindow, area: Area, unit: Partnership | None, periods: list[str]
    ) -> None:
        super().__init__(window)
        self.main = window
        self.area = area
        self.unit = unit
        self.written: Path | None = None
        self.setWindowTitle("Reports")
        self.profile = QRadioButton(
            f"&Profile of {unit.name}" if unit else "&Profile (choose a partnership first)"
        )
        self.profile.setAccessibleName("Partnership profile")
        self.profile.setEnabled(unit is not None)
        self.area_choice = QRadioButton(f"&Area report for {area.name}")
        self.area_choice.setAccessibleName("Area report")
        (self.profile if unit else self.area_choice).setChecked(True)
        self.period = QComboBox()
        self.period.setEditable(True)
        self.period.setAccessibleName("Period")
        self.period.addItems(periods or quarters_around(clock.today()))
        form = QFormLayout()
        form.addRow("Report:", self.profile)
        form.addRow("", self.area_choice)
        form.addRow("P&eriod:", self.period)
        self.outcome = QLabel("")
        self.outcome.setAccessibleName("Report written")
        self.outcome.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.save_button = QPushButton("&Save as PDF…")
        self.save_button.setAccessibleName("Save as PDF")
        self.open_button = QPushButton("&Open")
        self.open_button.setAccessibleName("Open the report")
        self.print_button = QPushButton("P&rint…")
        self.print_button.setAccessibleName("Print the report")
        self.print_button.setToolTip("Opens the PDF in your PDF viewer, to print from there")
        for b in (self.open_button, self.print_button):
            b.setEnabled(False)
            buttons.addButton(b, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        self.open_button.clicked.connect(self.open_written)
        self.print_button.clicked.connect(self.open_written)
        self.save_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.outcome)
        layout.addWidget(buttons)

    def save(self) -> None:
        period = " ".join(self.period.currentText().split())
        profile = self.profile.isChecked() and self.unit is not None
        subject = self.unit.name if profile and self.unit else self.area.name
        kind = "profile" if profile else "area report"
        name = f"{subject} {kind} {period.replace('/', '-')}.pdf"
        path = prompts.save_file(self, f"Save the {kind}", FILTER, Path.home() / name)
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        store, area, unit = self.main.store, self.area.name, self.unit

        def work(progress: ProgressFn, cancelled: CancelledFn) -> Path:
            from lcpdesk.services.report_area import area_report, profile_report

            if profile and unit is not None:
                return profile_report(
                    store, unit.name, period, path, area=area, progress=progress,
                    cancelled=cancelled,
                )  # fmt: skip
            return area_report(store, area, period, path, progress=progress, cancelled=cancelled)

        self.main.tasks.run(f"Making {path.name}", work, writes=False, on_success=self._written)

    def _written(self, path: object) -> None:
        assert isinstance(path, Path)
        self.written = path
        self.outcome.setText(f"Wrote {path}")
        self.open_button.setEnabled(True)
        self.print_button.setEnabled(True)
        self.open_button.setFocus()
        self.main.statusBar().showMessage(f"Wrote {path.name}.", 10000)

    def open_written(self) -> None:
        if self.written is not None and not QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(self.written))
        ):
            prompts.info(self, "Reports", f"The report is at:\n{self.written}")
