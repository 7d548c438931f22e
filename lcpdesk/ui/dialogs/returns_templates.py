"""Templates…: the return template descriptions lcpdesk knows (shipped and loaded, with their
versions), and Load… to check a description and copy it into the data folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lcpdesk.errors import UserFacingError
from lcpdesk.services import returns_templates
from lcpdesk.ui import prompts
from lcpdesk.ui.models.records import Column, RecordTableModel

COLUMNS = (
    Column("Template", lambda t: t.description.name),
    Column("Key", lambda t: t.description.key),
    Column(
        "Version",
        lambda t: str(t.description.version),
        sort=lambda t: t.description.version,
        numeric=True,
    ),
    Column("Where from", lambda t: t.origin, tooltip=lambda t: str(t.path)),
    Column("Sheets", lambda t: ", ".join(s.name for s in t.description.sheets)),
)


class TemplatesDialog(QDialog):
    def __init__(
        self,
        data_dir: Path,
        parent: QWidget | None = None,
        read: Callable[[Path, Path], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self._read = read
        self.setWindowTitle("Return templates")
        self.model = RecordTableModel(COLUMNS, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Known return templates")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        self.view.horizontalHeader().setStretchLastSection(True)
        intro = QLabel(
            "A template is described by a TOML file: which sheet and cell holds which field. "
            "Load a description, select it and read a partner's own workbook with it (or, "
            "on the command line, lcpdesk import FILE --template DESCRIPTION)."
        )
        intro.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.load_button = QPushButton("Load…")
        buttons.addButton(self.load_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.read_button = QPushButton("Read a return with it…")
        self.read_button.setToolTip("Read a partner's workbook with the selected description")
        buttons.addButton(self.read_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.read_button.clicked.connect(self.read_with)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.load_button.clicked.connect(self.load)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(760, 320)
        self.read_button.setEnabled(read is not None)
        self.refresh()

    def read_with(self) -> None:
        """Read a workbook with the selected description (a partner's own template)."""
        row = self.view.currentIndex().row()
        if self._read is None or row < 0:
            return
        chosen = self.model.record(row)
        files = prompts.open_files(
            self,
            f"Read a return as {chosen.description.name}",
            "Workbooks (*.xlsx *.xlsm *.xls *.ods)",
        )
        for path in files:
            self._read(path, chosen.path)

    def refresh(self) -> None:
        try:
            self.model.set_records(returns_templates.known(self.data_dir))
        except UserFacingError as exc:
            prompts.show_error(exc, self, "Return templates")
        self.view.resizeColumnsToContents()
        if self.model.rowCount():
            self.view.selectRow(0)

    def load(self) -> None:
        chosen = prompts.open_files(self, "Load a template description", "Descriptions (*.toml)")
        for path in chosen:
            try:
                loaded = returns_templates.load(path, self.data_dir)
            except UserFacingError as exc:
                prompts.show_error(exc, self, "Load a template description")
                continue
            prompts.info(self, "Return templates", f"Loaded {loaded.description}.")
        self.refresh()
