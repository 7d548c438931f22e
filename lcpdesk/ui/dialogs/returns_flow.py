"""Returns in the window: a return chosen in File ▸ Import files… or dropped on the window is
read and previewed (in a worker) and opens the Return preview dialog; Accept writes it through
the task runner and puts it on the window's undo stack as one step; Reject keeps only its
record. File ▸ Export return… and New blank return… open the export dialog."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from lcpdesk.errors import UserFacingError
from lcpdesk.services import returns_files
from lcpdesk.services.returns import ReturnPreview, ReturnsService
from lcpdesk.store.changes import ChangeSet
from lcpdesk.ui import prompts
from lcpdesk.ui.dialogs.returns_preview import ReturnPreviewDialog
from lcpdesk.ui.tasks import CancelledFn, ProgressFn

if TYPE_CHECKING:
    from lcpdesk.ui.main_window import MainWindow


class ReturnsFlow(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.service = ReturnsService(window.store)
        self.dialogs: list[ReturnPreviewDialog] = []

    # ------------------------------------------------------------------ reading

    def take_returns(self, paths: list[Path]) -> list[Path]:
        """Preview every return among ``paths``; give back the other files."""
        data_dir = self.window.store.path.parent
        returns = [
            p
            for p in paths
            if returns_files.is_return(p) or returns_files.is_partner_return(p, data_dir)
        ]
        for path in returns:
            self.preview(path)
        return [p for p in paths if p not in returns]

    def preview(self, path: Path, description: Path | None = None) -> None:
        """Read and preview a return in a worker (with a partner template's description when
        given), then show the preview dialog."""
        service = self.service
        data_dir = self.window.store.path.parent

        def work(progress: ProgressFn, _cancelled: CancelledFn) -> ReturnPreview:
            progress(0.1, f"Reading {path.name}")
            read = returns_files.read_return(path, description, data_dir)
            progress(0.6, "Comparing it with what lcpdesk holds")
            return service.preview(
                read.content,
                read.problems,
                file_name=path.name,
                sha256=read.sha256,
                locate=read.locate,
            )

        self.window.tasks.run(
            f"Reading the return {path.name}", work, writes=False, on_success=self._show
        )

    def _show(self, preview: object) -> None:
        self.show(preview)

    def show(self, preview: object) -> ReturnPreviewDialog:
        assert isinstance(preview, ReturnPreview)
        dialog = ReturnPreviewDialog(preview, self.window)
        dialog.accepted_return.connect(lambda p: self._accept(dialog, p))
        dialog.rejected_return.connect(lambda p: self._reject(dialog, p))
        dialog.finished.connect(lambda _r: self._closed(dialog))
        self.dialogs.append(dialog)
        dialog.show()
        return dialog

    def _closed(self, dialog: ReturnPreviewDialog) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)
        dialog.deleteLater()

    # ------------------------------------------------------------------ accept, reject

    def _accept(self, dialog: ReturnPreviewDialog, preview: ReturnPreview) -> None:
        service, window = self.service, self.window

        def work(progress: ProgressFn, _cancelled: CancelledFn) -> ChangeSet:
            progress(0.2, "Writing the return")
            return service.apply(preview)

        def written(changeset: object) -> None:
            assert isinstance(changeset, ChangeSet)
            window.undo_stack.push_change(changeset, after=window.refresh_all, parent_widget=window)
            window.refresh_panes()
            keys = window.undo_action.shortcut().toString()
            window.statusBar().showMessage(
                f"Accepted the return {preview.file_name}. Undo ({keys}) takes it back.", 10000
            )
            dialog.close()

        task = window.tasks.run("Accepting the return", work, on_success=written)
        if task is None:
            dialog.accept_button.setEnabled(True)
        else:
            task.failed.connect(lambda _exc: dialog.accept_button.setEnabled(True))

    def _reject(self, dialog: ReturnPreviewDialog, preview: ReturnPreview) -> None:
        try:
            self.service.refuse(preview, "Rejected at the preview.")
        except UserFacingError as exc:
            prompts.show_error(exc, dialog, "Reject the return")
            return
        self.window.statusBar().showMessage(
            f"Rejected the return {preview.file_name}: nothing was written.", 8000
        )
        dialog.close()
