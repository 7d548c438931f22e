"""Templates…: the return template descriptions lcpdesk knows (shipped and loaded, with their
versions), and Load… to check a description and copy it into the data folder."""

from __future__ import annotations

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
    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
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
            "Load a description to read a partner's own workbook with it (lcpdesk import "
            "--template FILE)."
        )
        intro.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.load_button = QPushButton("Load…")
        buttons.addButton(self.load_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.load_button.clicked.connect(self.load)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(760, 320)
        self.refresh()

    def refresh(self) -> None:
        try:
            self.model.set_records(returns_templates.known(self.data_dir))
        except UserFacingError as exc:
            prompts.show_error(exc, self, "Return templates")
        self.view.resizeColumnsToContents()

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
