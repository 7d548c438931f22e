"""File ▸ Import files…: what each file was recognised as, a preview of what will change, then
the import in one step.

The files are read and the import previewed (in a rolled-back transaction, so the preview is
exactly what the import would do) in the task runner's worker, with progress and Cancel in the
dialog. Definitions files need an area (and membership definitions a date they take effect
from); changing either previews again. *Import* writes everything or nothing, in the worker;
:attr:`ImportDialog.imported` then carries the outcome, whose change set the window puts on
its undo stack as one step.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from lcpdesk.services.importing import ImportOutcome, ImportPlan
from lcpdesk.store.db import Store
from lcpdesk.ui import prompts
from lcpdesk.ui.dialogs import import_tasks as work
from lcpdesk.ui.dialogs.import_widgets import (
    DefinitionsOptions,
    files_table,
    preview_html,
    problem_label,
    problems_html,
    size_columns,
)
from lcpdesk.ui.importer import FILTERS, local_files
from lcpdesk.ui.models import SORT_ROLE
from lcpdesk.ui.models.import_files import FileCol, ImportFilesModel
from lcpdesk.ui.tasks import CancelledFn, ProgressFn, Task, TaskRunner
from lcpdesk.ui.widgets import make_action

log = logging.getLogger(__name__)

TITLE = "Import files"
IMPORT_TEXT = "&Import"
NOTHING_TEXT = "Nothing to import"
PROGRESS_STEPS = 1000


class ImportDialog(QDialog):
    """``imported(outcome)`` once the files are written (the dialog then closes)."""

    imported = Signal(object)

    def __init__(
        self,
        store: Store,
        tasks: TaskRunner,
        *,
        areas: Sequence[str],
        area: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.tasks = tasks
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAcceptDrops(True)
        self.outcome: ImportOutcome | None = None
        self.plan = ImportPlan()  # the files read: the table shows only their summaries
        self.problem: work.Problem | None = None
        self.state = "idle"  # "reading", "previewing", "importing" while a task runs
        self._task: Task | None = None
        self._then: Callable[[], None] | None = None  # to start once the running task is done
        self._close_when_done = False
        self._make_widgets(areas, area)
        self._update()

    # ------------------------------------------------------------------ construction

    def _make_widgets(self, areas: Sequence[str], area: str | None) -> None:
        em = self.fontMetrics().horizontalAdvance("M")
        intro = QLabel(
            "NHS Digital, ODS and PCN files, and footprint or membership definitions; the kind "
            "of each file is found from its content. Nothing is written until you press Import."
        )
        intro.setWordWrap(True)
        intro.setAccessibleName("About importing")

        self.files = ImportFilesModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.files)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = files_table(self.proxy)
        files_label = QLabel("&Files:")
        files_label.setBuddy(self.table)

        self.add_button = QPushButton("&Add files…")
        self.add_button.setAccessibleName("Add files")
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button = QPushButton("&Remove file")
        self.remove_button.setAccessibleName("Remove file")
        self.remove_button.setToolTip("Remove the selected file from the import (Delete)")
        self.remove_button.clicked.connect(self.remove_selected)
        make_action(
            self.table,
            "Remove file",
            self.remove_selected,
            [QKeySequence(QKeySequence.StandardKey.Delete)],
            on=self.table,
        )
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update())
        file_buttons = QHBoxLayout()
        file_buttons.addWidget(self.add_button)
        file_buttons.addWidget(self.remove_button)
        file_buttons.addStretch(1)

        self.definitions = DefinitionsOptions(areas, area)
        self.definitions.changed.connect(self._options_changed)
        self.area_combo = self.definitions.area_combo
        self.effective = self.definitions.effective

        preview_label = QLabel("What will change:")
        self.preview_view = QTextBrowser()
        self.preview_view.setAccessibleName("Preview of what will change")
        self.preview_view.setOpenLinks(False)
        self.preview_view.setTabChangesFocus(True)
        self.preview_view.setMinimumHeight(self.fontMetrics().height() * 4)
        self.problem_label = problem_label()
        # A change that ends most of an area's memberships is imported only once confirmed.
        self.confirm_box = QCheckBox("I have checked the warning above: import anyway")
        self.confirm_box.setAccessibleName("Confirm the warning")
        self.confirm_box.hide()
        self.confirm_box.toggled.connect(lambda _on: self._update())

        self.progress = QProgressBar()
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.setAccessibleName("Progress")
        self.progress.setTextVisible(False)
        self.status = QLabel()
        self.status.setAccessibleName("Status")
        self.status.setWordWrap(True)
        self.cancel_button = QPushButton("&Cancel")
        self.cancel_button.setAccessibleName("Cancel")
        self.cancel_button.setToolTip("Stop reading or importing; nothing is written")
        self.cancel_button.clicked.connect(self.cancel_work)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            IMPORT_TEXT, QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setAccessibleName("Import")
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAccessibleName("Close")
        self.buttons.accepted.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(files_label)
        layout.addWidget(self.table, 2)
        layout.addLayout(file_buttons)
        layout.addWidget(self.definitions)
        layout.addWidget(preview_label)
        layout.addWidget(self.preview_view, 3)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.confirm_box)
        layout.addLayout(progress_row)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self._size_to_screen(em)

    def _size_to_screen(self, em: int) -> None:
        """Room for the files' names and a dozen preview lines, within the screen."""
        width, height = em * 110, em * 60
        screen = self.screen()
        if screen is not None:
            free = screen.availableGeometry()
            width, height = min(width, free.width() * 9 // 10), min(height, free.height() * 9 // 10)
        self.resize(width, height)

    # ------------------------------------------------------------------ what the user does

    def choose_files(self) -> None:
        paths = prompts.open_files(self, "Choose files to import", FILTERS)
        if paths:
            self.add_paths(paths)

    def add_paths(self, paths: Sequence[Path]) -> None:
        """Read the files not yet in the list, then preview the whole import."""
        held = {p.resolve() for p in self.files.paths()}
        new: list[Path] = []
        for path in paths:
            if path.resolve() not in held:
                held.add(path.resolve())
                new.append(path)
        if not new:
            return
        if self.state in ("reading", "importing"):
            self.status.setText("Wait until the files being read are done, then add more.")
            return
        self._start_preview(new)

    def remove_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.busy:
            return
        entry = self.files.remove(self.proxy.mapToSource(rows[0]).row())
        self.plan.remove(entry.path)
        self.preview()

    def preview(self) -> None:
        """Preview again (the files, area or date changed)."""
        self.definitions.timer.stop()
        if not self.plan.extracts():
            self.outcome = None
            self.problem = None
            self._update()
            return
        self._start_preview([])

    def cancel_work(self) -> None:
        if self._task is not None:
            self._then = None
            self._task.cancel()
            self.status.setText("Cancelling…")

    def start_import(self) -> None:
        if not self.import_button.isEnabled() or self.busy:
            return
        request = self._request()

        def run(progress: ProgressFn, cancelled: CancelledFn) -> work.Imported:
            return work.import_files(request, progress, cancelled)

        self._start("importing", "Importing files", run, self._import_done)

    def reject(self) -> None:
        """Close; a running task is cancelled first (the dialog closes once it has stopped)."""
        if self._task is not None:
            self._close_when_done = True
            self.cancel_work()
            self._update()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.definitions.timer.stop()
        super().closeEvent(event)

    # ------------------------------------------------------------------ dropping files

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_files(event.mimeData()) and not self.busy:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_files(event.mimeData())
        if not paths or self.busy:
            event.ignore()
            return
        event.acceptProposedAction()
        self.add_paths(paths)

    # ------------------------------------------------------------------ reading what is chosen

    @property
    def busy(self) -> bool:
        return self._task is not None

    def preview_lines(self) -> list[str]:
        return list(self.outcome.lines) if self.outcome is not None else []

    def problem_text(self) -> str:
        """Every problem shown: the import's, then each refused file's."""
        texts = [self.problem.text()] if self.problem is not None else []
        texts += [e.problem for e in self.files.refused()]
        return "\n".join(texts)

    def recognised(self) -> list[dict[str, str]]:
        """The files table as a user reads it, one dict of column header -> text per row."""
        headers = [str(self.files.headerData(c, Qt.Orientation.Horizontal)) for c in FileCol]
        return [
            {h: str(self.proxy.index(r, c).data()) for c, h in enumerate(headers)}
            for r in range(self.proxy.rowCount())
        ]

    # ------------------------------------------------------------------ tasks

    def _start_preview(self, new: list[Path]) -> None:
        if self._task is not None:
            # Files, area or date changed while a preview ran: preview again once it stops.
            if self.state == "previewing":
                self._then = lambda: self._start_preview(new)
                self._task.cancel()
            return
        request = self._request()

        def run(progress: ProgressFn, cancelled: CancelledFn) -> work.Preview:
            return work.read_and_preview(request, new, progress, cancelled)

        state = "reading" if new else "previewing"
        self._start(
            state, "Reading files" if new else "Previewing the import", run, self._preview_done
        )

    def _request(self) -> work.Request:
        options = self.definitions
        return work.Request(
            self.store, self.plan.extracts(), options.area_name(), options.chosen_date()
        )

    def _start(
        self, state: str, title: str, run: Callable[..., Any], done: Callable[[Any], None]
    ) -> None:
        task = self.tasks.run(title, run, writes=True, on_success=done, show_progress=False)
        if task is None:  # another task writes; the runner has said so
            return
        self._task = task
        self.state = state
        self._then = None
        self.progress.setValue(0)
        self.status.setText(f"{title}…")
        task.progressed.connect(self._on_progress)
        task.was_cancelled.connect(lambda: self._cancelled(state))
        task.done.connect(self._task_done)
        self._update()

    def _on_progress(self, fraction: float, text: str) -> None:
        self.progress.setValue(round(max(0.0, min(1.0, fraction)) * PROGRESS_STEPS))
        if text and self._task is not None and not self._task.cancel_requested:
            self.status.setText(text)

    def _preview_done(self, result: work.Preview) -> None:
        for path, extract in result.read.items():
            self.plan.add(path, extract)
        self.files.add(result.added)
        if result.added:
            size_columns(self.table)
        self.outcome = result.outcome
        self.problem = result.problem
        self.confirm_box.setChecked(False)  # each preview's warnings are confirmed afresh
        self.definitions.show_default_date(self.plan.default_effective_date())
        if result.outcome is not None:
            self.status.setText("Preview ready: nothing has been written yet.")
        else:
            self.status.setText("")

    def _import_done(self, result: work.Imported) -> None:
        if result.problem is not None:
            self.problem = result.problem
            self.status.setText("Nothing was written.")
            return
        outcome = result.outcome
        assert outcome is not None
        log.info("imported %s", outcome.changeset.description)
        self.outcome = outcome
        self.state = "imported"
        self.imported.emit(outcome)

    def _cancelled(self, state: str) -> None:
        if self._then is not None:
            return  # stopped to preview again with new options
        if state == "reading":
            self.status.setText("Reading cancelled: those files were not added.")
        elif state == "importing":
            self.status.setText("Import cancelled: nothing was written.")
        else:
            self.outcome = None
            self.status.setText("Preview cancelled. Change the area or date to preview again.")

    def _task_done(self) -> None:
        self._task = None
        imported = self.state == "imported"
        if self.state != "imported":
            self.state = "idle"
        self._update()
        if imported:
            self.accept()
        elif self._close_when_done:
            super().reject()
        elif self._then is not None:
            then, self._then = self._then, None
            then()

    # ------------------------------------------------------------------ options

    def _options_changed(self) -> None:
        if self.plan.needs_area():
            self.preview()

    # ------------------------------------------------------------------ showing the state

    def _update(self) -> None:
        busy = self.busy
        self.definitions.show_for(self.plan.needs_area(), self.plan.needs_date())
        self.definitions.setEnabled(self.state != "importing" and not self._close_when_done)
        self.add_button.setEnabled(not busy)
        self.remove_button.setEnabled(not busy and self.table.selectionModel().hasSelection())
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.cancel_button.setEnabled(busy and not self._task_cancelling())
        self._show_preview()
        refused = self.files.refused()
        ready = (
            not busy
            and not refused
            and self.problem is None
            and self.outcome is not None
            and self.outcome.changes_anything
        )
        warned = ready and bool(self.outcome and self.outcome.warnings)
        self.confirm_box.setVisible(warned)
        if not warned and self.confirm_box.isChecked():
            self.confirm_box.setChecked(False)  # a new preview asks again
        ready = ready and (not warned or self.confirm_box.isChecked())
        self.import_button.setEnabled(ready)
        nothing = not busy and self.outcome is not None and not self.outcome.changes_anything
        self.import_button.setText(NOTHING_TEXT if nothing and not refused else IMPORT_TEXT)
        self.import_button.setDefault(ready)

    def _task_cancelling(self) -> bool:
        return self._task is not None and self._task.cancel_requested

    def _show_preview(self) -> None:
        lines = self.outcome.lines if self.outcome is not None else None
        warnings = self.outcome.warnings if self.outcome is not None else ()
        self.preview_view.setHtml(preview_html(lines, bool(self.files.entries()), warnings))
        refused = self.files.refused()
        if self.problem is None and not refused:
            self.problem_label.hide()
            self.problem_label.setAccessibleDescription("")
            return
        self.problem_label.setText(problems_html(self.problem, refused))
        self.problem_label.setAccessibleDescription(self.problem_text())
        self.problem_label.show()
