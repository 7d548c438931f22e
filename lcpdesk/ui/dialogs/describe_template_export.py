"""File ▸ Export into a partner's template…: choose the quarter and the partner's own workbook
(recognised by a description saved with Describe template…), then where to save the filled
copy; it is written in a worker. Nothing but the described cells changes in the copy."""

from __future__ import annotations

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
    QWidget,
)

from lcpdesk import clock
from lcpdesk.domain import periods
from lcpdesk.errors import InputError
from lcpdesk.services import returns_files
from lcpdesk.services.returns import ReturnsService
from lcpdesk.ui import prompts
from lcpdesk.ui.dialogs.returns_export import quarters_around
from lcpdesk.ui.tasks import CancelledFn, ProgressFn

if TYPE_CHECKING:
    from lcpdesk.ui.main_window import MainWindow

TITLE = "Export into a partner's template"


def export_into_partner(window: MainWindow) -> QWidget | None:
    """The dialog for the partnership selected in the navigator (None when there is none)."""
    current = window.navigator.current()
    unit = next(
        (p for p in window.membership.partnerships(current[0]) if p.id == current[1]), None
    ) if current is not None and current[1] is not None else None  # fmt: skip
    if unit is None:
        prompts.info(window, TITLE, "Choose a partnership in the navigator first.")
        return None
    dialog = PartnerExportDialog(window, unit.id, unit.name)
    dialog.finished.connect(lambda _r: dialog.deleteLater())
    dialog.show()
    return dialog


class PartnerExportDialog(QDialog):
    def __init__(self, window: MainWindow, partnership_id: int, partnership: str) -> None:
        super().__init__(window)
        self.main = window
        self.partnership_id, self.partnership = partnership_id, partnership
        self.partner: Path | None = None
        self.written: Path | None = None
        self.setWindowTitle(TITLE)
        self.period = QComboBox()
        self.period.setEditable(True)
        self.period.addItems(quarters_around(clock.today()))
        self.period.setCurrentText(str(periods.containing(clock.today())))
        self.period.setAccessibleName("Quarter")
        self.choose_button = QPushButton("Choose…")
        self.choose_button.setAccessibleName("The partner's workbook")
        self.chosen = QLabel("(none chosen)")
        form = QFormLayout()
        form.addRow("Partnership:", QLabel(f"<b>{partnership}</b>"))
        form.addRow("&Quarter:", self.period)
        form.addRow("Partner's &workbook:", self.choose_button)
        form.addRow("", self.chosen)
        note = QLabel(
            "The partner's workbook is recognised by a description saved with Describe "
            "template…. A copy is filled with what lcpdesk holds for the quarter; nothing else "
            "in it changes, and a workbook lcpdesk cannot fill safely is refused."
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.save_button = QPushButton("Save as…")
        self.save_button.setDefault(True)
        self.save_button.setEnabled(False)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        self.choose_button.clicked.connect(self.choose)
        self.save_button.clicked.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def choose(self) -> None:
        found = prompts.open_files(self, "The partner's workbook", "Workbooks (*.xlsx *.xlsm)")
        if found:
            self.partner = found[0]
            self.chosen.setText(found[0].name)
            self.save_button.setEnabled(True)

    def save(self) -> None:
        if self.partner is None:
            return
        try:
            period = str(periods.parse(self.period.currentText()))
        except InputError as exc:
            prompts.show_error(exc, self, TITLE)
            return
        partner = self.partner
        name = f"{partner.stem} {self.partnership} {period.replace('/', '-')}{partner.suffix}"
        target = prompts.save_file(
            self, "Save the filled copy", f"Workbook (*{partner.suffix})", partner.with_name(name)
        )
        if target is None:
            return
        if target.suffix.lower() != partner.suffix.lower():
            target = target.with_name(target.name + partner.suffix)
        service, unit = ReturnsService(self.main.store), self.partnership_id
        data_dir = self.main.store.path.parent

        def work(progress: ProgressFn, _cancelled: CancelledFn) -> list[str]:
            progress(0.1, f"Gathering the {period} return")
            content = service.gather(unit, period, filled=True)
            progress(0.5, f"Filling {partner.name}")
            return returns_files.fill_partner(content, partner, target, None, data_dir)[1]

        def done(notes: object) -> None:
            self.written = target
            self.main.statusBar().showMessage(f"Wrote {target.name}.", 10000)
            detail = "\n".join(notes) if isinstance(notes, list) else ""
            prompts.info(self.main, TITLE, f"Wrote {target.name}.", detail)
            self.accept()

        self.main.tasks.run(f"Filling {partner.name}", work, writes=False, on_success=done)
