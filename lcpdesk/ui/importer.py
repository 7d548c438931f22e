"""Importing files into the window: File ▸ Import files… and files dropped on the window.

Opens the :class:`~lcpdesk.ui.dialogs.import_files.ImportDialog` (one at a time: files chosen
or dropped while it is open join it) and, once the dialog has written the files, puts the
import's change set on the window's undo stack as one step and shows the result: every pane
refreshed, and the navigator on the area the definitions were for (a new one included).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject, QTimer
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from lcpdesk.ui import formatting as fmt
from lcpdesk.ui import prompts

if TYPE_CHECKING:
    from lcpdesk.services.importing import ImportOutcome
    from lcpdesk.ui.dialogs.import_files import ImportDialog
    from lcpdesk.ui.main_window import MainWindow

# What the file picker offers (the kind of each file is found from its content).
FILTERS = (
    "NHS Digital, ODS, definitions files and returns (*.csv *.zip *.xlsx *.xlsm *.xls *.ods);;"
    "All files (*)"
)


def local_files(mime: QMimeData) -> list[Path]:
    """The local files a drag carries (none for text, web links, or folders only)."""
    if not mime.hasUrls():
        return []
    return [
        Path(url.toLocalFile())
        for url in mime.urls()
        if url.isLocalFile() and Path(url.toLocalFile()).is_file()
    ]


class Importer(QObject):
    """The dialog and its readers (pandas) are imported when first used, not at start-up."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: ImportDialog | None = None

    def open(self, paths: list[Path] | None = None) -> ImportDialog | None:
        """The import dialog on ``paths`` (asked for when ``None``)."""
        window = self.window
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            if paths:
                self.dialog.add_paths(paths)
            return self.dialog
        running = window.tasks.writing
        if running is not None:
            prompts.info(
                window,
                "Please wait",
                f"“{running.title}” is still running.",
                "Import the files when it has finished, or cancel it.",
            )
            return None
        chosen = paths if paths is not None else prompts.open_files(window, "Import files", FILTERS)
        chosen = window.returns.take_returns(chosen)  # returns open the Return preview instead
        if not chosen:
            return None
        from lcpdesk.ui.dialogs.import_files import ImportDialog

        areas = window.membership.areas()
        current = window.navigator.current()
        selected = next((a.name for a in areas if current and a.id == current[0]), None)
        dialog = ImportDialog(
            window.store, window.tasks, areas=[a.name for a in areas], area=selected, parent=window
        )
        dialog.imported.connect(self._imported)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        self.dialog = dialog
        dialog.show()
        dialog.add_paths(chosen)
        return dialog

    def _closed(self, dialog: ImportDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _imported(self, outcome: ImportOutcome) -> None:
        """The files are written: one undo step, then show the result."""
        window = self.window
        window.undo_stack.push_change(
            outcome.changeset,
            after=window.refresh_all,  # an undo may remove an area the import made
            parent_widget=window,
        )
        window.reload()
        current = window.navigator.current()
        if outcome.area_id is not None and (current is None or current[0] != outcome.area_id):
            window.navigate(outcome.area_id, None)
        window.refresh_panes()
        files = len(self.dialog.files.entries()) if self.dialog is not None else 0
        keys = window.undo_action.shortcut().toString()
        window.statusBar().showMessage(
            f"Imported {fmt.plural(files, 'file')}. Undo ({keys}) takes the whole import back.",
            10000,
        )

    # ------------------------------------------------------------------ dropped files

    def drag_enter(self, event: QDragEnterEvent) -> None:
        if local_files(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def drop(self, event: QDropEvent) -> None:
        paths = local_files(event.mimeData())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        # Not inside the drop: the drag source waits until the drop event returns.
        QTimer.singleShot(0, lambda: self.open(paths))
