"""Backups…: the store's backups with their date, size and what came after each; Back up now,
and Restore (the chosen backup is checked, the current store backed up, then lcpdesk closes so
that the next start opens the restored file)."""

from __future__ import annotations

from collections.abc import Callable

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
from lcpdesk.services import backups
from lcpdesk.store.db import Store
from lcpdesk.ui import prompts
from lcpdesk.ui.models.records import Column, RecordTableModel

TITLE = "Backups"
COLUMNS = (
    Column("Taken", lambda b: f"{b.taken:%d %b %Y %H:%M:%S}", sort=lambda b: b.taken),
    Column("Size", lambda b: f"{b.size / 1e6:,.1f} MB", sort=lambda b: b.size, numeric=True),
    Column("What came after", lambda b: b.what_came_after, tooltip=lambda b: str(b.path)),
)


class BackupsDialog(QDialog):
    def __init__(
        self,
        store: Store,
        parent: QWidget | None = None,
        on_restored: Callable[[], object] = lambda: None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.data_dir = store.path.parent
        self._on_restored = on_restored
        self.setWindowTitle(TITLE)
        self.model = RecordTableModel(COLUMNS, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Backups of the data file")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        intro = QLabel(
            f"Backups of {store.path}, newest first: one before every import, consolidation and "
            "restore, and one on the first start of each day. Each was checked when it was made."
        )
        intro.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.backup_button = QPushButton("Back up now")
        self.restore_button = QPushButton("Restore…")
        self.restore_button.setToolTip("Replace the data file with the selected backup")
        buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.backup_button.clicked.connect(self.back_up)
        self.restore_button.clicked.connect(self.restore_selected)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(640, 320)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_records(backups.backups_of(self.data_dir))
        self.view.resizeColumnsToContents()
        self.restore_button.setEnabled(self.model.rowCount() > 0)
        if self.model.rowCount():
            self.view.selectRow(0)

    def back_up(self) -> None:
        try:
            made = backups.backup_now(self.store)
        except UserFacingError as exc:
            prompts.show_error(exc, self, TITLE)
            return
        self.refresh()
        prompts.info(self, TITLE, f"Backed up and checked: {made.path.name}.")

    def restore_selected(self) -> None:
        row = self.view.currentIndex().row()
        if row < 0:
            return
        chosen = self.model.record(row)
        sure = prompts.ask_yes_no(
            self,
            TITLE,
            f"Replace the data file with the backup of {chosen.taken:%d %b %Y %H:%M} "
            f"({chosen.what_came_after})?",
            "The backup is checked first and the current data file is backed up. lcpdesk then "
            "closes; start it again to work on the restored data.",
            yes_text="Restore",
            no_text="Cancel",
        )
        if not sure:
            return
        try:
            backups.restore(self.data_dir, chosen.path, close_current=self.store.close)
        except UserFacingError as exc:
            prompts.show_error(exc, self, TITLE)
            return
        prompts.info(self, TITLE, "Restored. lcpdesk will now close; start it again.")
        self.accept()
        self._on_restored()
