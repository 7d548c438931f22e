"""The main window: navigator on the left, the panes as tabs, menus, undo, status bar."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QTabWidget, QWidget

from lcpdesk import __version__, paths
from lcpdesk.domain.model import Area, Partnership
from lcpdesk.services.membership import MembershipService
from lcpdesk.store.db import Store
from lcpdesk.ui import crash, prompts, table_tools
from lcpdesk.ui.importer import Importer
from lcpdesk.ui.navigator import Navigator
from lcpdesk.ui.pane_tabs import PaneTabs
from lcpdesk.ui.panes import PANES, Pane, PaneContext
from lcpdesk.ui.tasks import CancelledFn, ProgressFn, Reader, TaskRunner
from lcpdesk.ui.undo import UndoStack

if TYPE_CHECKING:
    from lcpdesk.ui.dialogs.returns_flow import ReturnsFlow

log = logging.getLogger(__name__)

DEFAULT_SIZE = QSize(1280, 800)


def default_settings() -> QSettings:
    return QSettings(paths.APP_AUTHOR, paths.APP_NAME)


class MainWindow(QMainWindow):
    def __init__(
        self,
        store: Store,
        *,
        data_dir: Path,
        load_demo: bool = False,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.data_dir = data_dir
        self.settings = settings if settings is not None else default_settings()
        crash.configure(data_dir)
        self.setWindowTitle("lcpdesk")
        self.setAccessibleName("lcpdesk main window")

        self.tasks = TaskRunner(self)
        self.undo_stack = UndoStack(store, self.tasks, self)
        self.tasks.busy_changed.connect(self._on_busy)
        self.tasks.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.membership = MembershipService(store)
        self.navigator_reader = Reader(self.tasks, "Reading the areas", self)
        self.importer = Importer(self)
        self._returns: ReturnsFlow | None = None
        self.setAcceptDrops(True)  # files dropped on the window are imported

        self.navigator = Navigator()
        self.navigator.selection_changed.connect(self._on_navigate)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Panes")
        self.tabs.tabBar().setAccessibleName("Pane tabs")
        self.context = PaneContext(
            store=store,
            undo_stack=self.undo_stack,
            tasks=self.tasks,
            data_dir=data_dir,
            data_changed=self.refresh_panes,
            navigate=self.navigate,
            settings=self.settings,
        )
        # A pane is built when its tab is first shown (a quicker start): see ui/pane_tabs.
        self.pane_tabs = PaneTabs(self.tabs, PANES, self.context, on_built=self._built)
        self.tabs.currentChanged.connect(self._on_tab)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setAccessibleName("Navigator and panes")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)

        self._make_menus()
        self.path_label = QLabel(f"Data: {store.path}")
        self.path_label.setAccessibleName("Data file")
        self.path_label.setToolTip(str(store.path))
        self.pane_status = QLabel()
        self.pane_status.setAccessibleName("Extract date")
        self.statusBar().addPermanentWidget(self.pane_status)
        self.statusBar().addPermanentWidget(self.path_label)

        self._restore_geometry()
        self.pane_tabs.show_current()
        self.reload()
        if load_demo:
            QTimer.singleShot(0, self._load_demo_if_empty)

    # ------------------------------------------------------------------ menus

    def _make_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.import_action = self._action(
            "&Import files…",
            lambda _checked=False: self.importer.open(),
            "Ctrl+I",
            tip="Import NHS Digital, ODS and footprint or membership definition files",
        )
        file_menu.addAction(self.import_action)
        self.export_table_action = self._action(
            "Export &table…",
            lambda _checked=False: table_tools.export_last(self),
            "Ctrl+Shift+E",
            tip="Write the table you last clicked in to .xlsx or .csv, as filtered and sorted",
        )
        file_menu.addAction(self.export_table_action)
        self.reports_action = self._action(
            "&Reports…",
            lambda _checked=False: self.show_reports(),
            "Ctrl+Shift+P",
            tip="A PDF profile of the selected partnership, or the area report",
        )
        file_menu.addAction(self.reports_action)
        self.export_return_action = self._action(
            "&Export return…",
            lambda _checked=False: self.export_return(filled=True),
            tip="Write the selected partnership's quarterly return, filled from lcpdesk",
        )
        self.blank_return_action = self._action(
            "New &blank return…",
            lambda _checked=False: self.export_return(filled=False),
            tip="Write a blank quarterly return for the selected partnership to fill in",
        )
        self.templates_action = self._action(
            "Return &templates…", self.show_templates, tip="The return templates lcpdesk knows"
        )
        self.export_into_action = self._action(
            "Export into a &partner's template…",
            lambda _checked=False: self.export_into_partner(),
            tip="Fill a copy of a partner's own workbook with the selected partnership's return",
        )
        self.describe_action = self._action(
            "&Describe template…",
            lambda _checked=False: self.describe_template(),
            tip="Say where a partner's own workbook keeps each field",
        )
        file_menu.addSeparator()
        for act in (
            self.export_return_action,
            self.export_into_action,
            self.blank_return_action,
            self.templates_action,
            self.describe_action,
        ):
            file_menu.addAction(act)
        file_menu.addSeparator()
        self.load_demo_action = self._action(
            "Load &demo data", self.start_load_demo, tip="Load Leeds and LLR demo data"
        )
        file_menu.addAction(self.load_demo_action)
        file_menu.addAction(
            self._action(
                "&Open data folder",
                self.open_data_folder,
                tip="Show the data folder in the file manager",
            )
        )
        file_menu.addAction(self._action("&Backups…", self.show_backups, tip="Back up or restore"))
        file_menu.addSeparator()
        quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(quit_action)

        edit_menu = bar.addMenu("&Edit")
        # Our own actions over the stack (not createUndoAction) so that they can also be
        # disabled while a task writes.
        self.undo_action = self._action("&Undo", self.undo_stack.undo)
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        self.redo_action = self._action("&Redo", self.undo_stack.redo)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        for signal in (
            self.undo_stack.canUndoChanged,
            self.undo_stack.canRedoChanged,
            self.undo_stack.undoTextChanged,
            self.undo_stack.redoTextChanged,
        ):
            signal.connect(self._sync_undo_actions)
        self._sync_undo_actions()

        view_menu = bar.addMenu("&View")
        self.navigator_action = self._action("&Navigator", self._toggle_navigator, "Ctrl+Shift+N")
        self.navigator_action.setCheckable(True)
        self.navigator_action.setChecked(True)
        view_menu.addAction(self.navigator_action)
        view_menu.addSeparator()
        for number, title in enumerate(self.pane_tabs.titles, start=1):
            view_menu.addAction(
                self._action(
                    f"&{number} {title}",
                    lambda _checked=False, i=number - 1: self.tabs.setCurrentIndex(i),
                    f"Ctrl+{number}",
                )
            )
        view_menu.addSeparator()
        view_menu.addAction(
            self._action("&Refresh", self.refresh_all, QKeySequence.StandardKey.Refresh)
        )

        help_menu = bar.addMenu("&Help")
        about = self._action("&About lcpdesk", self.show_about)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(about)

    def _action(
        self,
        text: str,
        slot: Any,
        shortcut: str | QKeySequence | QKeySequence.StandardKey | None = None,
        *,
        tip: str = "",
    ) -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        if tip:
            act.setStatusTip(tip)
        act.triggered.connect(slot)
        self.addAction(act)
        return act

    # ------------------------------------------------------------------ returns

    @property
    def returns(self) -> ReturnsFlow:
        """Returns read, previewed and accepted (made when first used, not at start-up)."""
        if self._returns is None:
            from lcpdesk.ui.dialogs.returns_flow import ReturnsFlow

            self._returns = ReturnsFlow(self)
        return self._returns

    def export_return(self, *, filled: bool) -> QWidget | None:
        """The export dialog for the selected partnership (see ui/dialogs/returns_export)."""
        from lcpdesk.ui.dialogs.returns_export import ReturnExportDialog

        current = self.navigator.current()
        unit = next(
            (p for p in self.membership.partnerships(current[0]) if p.id == current[1]), None
        ) if current is not None and current[1] is not None else None  # fmt: skip
        if unit is None:
            prompts.info(self, "Returns", "Choose a partnership in the navigator first.")
            return None
        dialog = ReturnExportDialog(self, unit.id, unit.name, filled=filled)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.show()
        return dialog

    def export_into_partner(self) -> QWidget | None:
        from lcpdesk.ui.dialogs.describe_template_export import export_into_partner

        return export_into_partner(self)

    def describe_template(self) -> QWidget:
        from lcpdesk.ui.dialogs.describe_template import DescribeTemplateDialog

        dialog = DescribeTemplateDialog(self.store.path.parent, self)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.show()
        return dialog

    def show_reports(self) -> QWidget | None:
        """File ▸ Reports… for the navigator's selection (ui/dialogs/reports)."""
        from lcpdesk.services.maturity import MaturityService
        from lcpdesk.ui.dialogs.reports import ReportsDialog

        current = self.navigator.current()
        area = next((a for a in self.membership.areas() if current and a.id == current[0]), None)
        if current is None or area is None:
            prompts.info(self, "Reports", "Choose an area or a partnership in the navigator first.")
            return None
        units = self.membership.partnerships(area.id)
        unit = next((p for p in units if p.id == current[1]), None)
        while unit is not None and unit.parent_id is not None:  # a sub-unit: its partnership
            unit = next((p for p in units if p.id == unit.parent_id), None)
        periods = MaturityService(self.store).periods(area.id)
        dialog = ReportsDialog(self, area, unit, periods)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.show()
        return dialog

    def show_backups(self) -> QWidget:
        from lcpdesk.ui.dialogs.backups import BackupsDialog

        dialog = BackupsDialog(self.store, self, on_restored=self.close)
        dialog.open()
        return dialog

    def show_templates(self) -> QWidget:
        from lcpdesk.ui.dialogs.returns_templates import TemplatesDialog

        dialog = TemplatesDialog(self.store.path.parent, self, read=self.returns.preview)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.show()
        return dialog

    # ------------------------------------------------------------------ navigation, refresh

    def reload(self) -> None:
        """Read the areas again (in a worker) and rebuild the navigator (after loading data)."""
        svc = self.membership
        self.navigator_reader.read(
            lambda: [(a, svc.partnerships(a.id)) for a in svc.areas()], self._show_areas
        )

    def _show_areas(self, areas: list[tuple[Area, list[Partnership]]]) -> None:
        first_time = self.navigator.tree_model.rowCount() == 0
        self.navigator.set_areas(areas)
        if first_time:
            self._restore_selection()
        self._update_load_demo()

    def _restore_selection(self) -> None:
        """Open on the area or partnership that was selected when the window last closed."""
        saved = self.settings.value("navigator/selection")
        if not isinstance(saved, str) or ":" not in saved:
            return
        area, _, unit = saved.partition(":")
        try:
            self.navigator.select(int(area), int(unit) if unit else None)
        except ValueError:
            return

    def navigate(self, area_id: int, partnership_id: int | None) -> None:
        self.navigator.select(area_id, partnership_id)

    def _on_navigate(self, area_id: int, partnership_id: int) -> None:
        area = None if area_id < 0 else area_id
        unit = None if partnership_id < 0 else partnership_id
        self.pane_tabs.select(area, unit)

    def refresh_panes(self) -> None:
        for pane in self.built_panes():
            pane.refresh()
        self._update_load_demo()

    def refresh_all(self) -> None:
        self.reload()
        self.refresh_panes()

    # ------------------------------------------------------------------ panes, built when shown

    @property
    def panes(self) -> list[Pane]:
        """Every pane, in tab order (building those not shown yet)."""
        return self.pane_tabs.every()

    def built_panes(self) -> list[Pane]:
        return self.pane_tabs.built()

    def _built(self, pane: Pane) -> None:
        pane.status_changed.connect(self._show_pane_status)
        pane.set_read_only(self.tasks.writing is not None)

    def _on_tab(self, _index: int) -> None:
        self.pane_tabs.show_current()
        self._show_pane_status()

    def current_pane(self) -> Pane | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, Pane) else None

    def show_pane(self, pane: Pane) -> None:
        self.tabs.setCurrentWidget(pane)

    def _show_pane_status(self, _text: str = "") -> None:
        pane = self.current_pane()
        self.pane_status.setText(pane.status_text() if pane is not None else "")

    def _toggle_navigator(self, checked: bool) -> None:
        self.navigator.setVisible(checked)

    # ------------------------------------------------------------------ demo data

    def _store_is_empty(self) -> bool:
        # As lcpdesk.services.demo.store_is_empty (no area), without importing the demo
        # loader (and numpy with it) at start-up.
        return not self.membership.areas()

    def _update_load_demo(self) -> None:
        self.load_demo_action.setEnabled(self.tasks.writing is None and self._store_is_empty())

    def _load_demo_if_empty(self) -> None:
        if self._store_is_empty():
            self.start_load_demo()

    def start_load_demo(self) -> None:
        if not self._store_is_empty():
            self._update_load_demo()
            return
        store = self.store

        def work(progress: ProgressFn, cancelled: CancelledFn) -> object:
            from lcpdesk.services.demo import load_demo

            return load_demo(store, progress, cancelled)

        self.tasks.run("Loading demo data", work, on_success=self._demo_loaded)

    def _demo_loaded(self, summary: object) -> None:
        self.undo_stack.clear()  # edits made before the load no longer line up with the store
        self.refresh_all()
        areas = getattr(summary, "areas", ())
        self.statusBar().showMessage(f"Demo data loaded: {' and '.join(areas)}.", 10000)

    # ------------------------------------------------------------------ files dropped

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.importer.drag_enter(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.importer.drop(event)

    # ------------------------------------------------------------------ while a task writes

    def _sync_undo_actions(self, *_args: object) -> None:
        stack = self.undo_stack
        free = self.tasks.writing is None
        self.undo_action.setEnabled(free and stack.canUndo())
        self.redo_action.setEnabled(free and stack.canRedo())
        self.undo_action.setText(f"&Undo {stack.undoText()}" if stack.canUndo() else "&Undo")
        self.redo_action.setText(f"&Redo {stack.redoText()}" if stack.canRedo() else "&Redo")

    def _on_busy(self, busy: bool) -> None:
        self._sync_undo_actions()
        for pane in self.built_panes():
            pane.set_read_only(busy)
        self._update_load_demo()

    # ------------------------------------------------------------------ help, files

    def open_data_folder(self) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_dir))):
            prompts.info(self, "Data folder", f"The data folder is:\n{self.data_dir}")

    def show_about(self) -> None:
        prompts.info(
            self,
            "About lcpdesk",
            f"lcpdesk {__version__}\n\nFor Local Care Partnership team leads and programme "
            "offices: membership, maturity, goals, resources and returns.",
            f"Data folder: {self.data_dir}\nData file: {self.store.path}",
        )

    # ------------------------------------------------------------------ geometry

    def _restore_geometry(self) -> None:
        self.resize(self._default_size())
        geometry = self.settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        splitter = self.settings.value("main_window/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        else:
            em = self.fontMetrics().horizontalAdvance("M")
            left = min(em * 22, self.width() * 3 // 10)  # big text on a small screen
            self.splitter.setSizes([left, self.width() - left])

    def _default_size(self) -> QSize:
        screen = self.screen()
        if screen is None:
            return DEFAULT_SIZE
        free = screen.availableGeometry().size()
        return QSize(
            min(DEFAULT_SIZE.width(), int(free.width() * 0.95)),
            min(DEFAULT_SIZE.height(), int(free.height() * 0.92)),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.tasks.cancel_all()
        self.tasks.wait(10000)
        self.settings.setValue("main_window/geometry", self.saveGeometry())
        self.settings.setValue("main_window/splitter", self.splitter.saveState())
        current = self.navigator.current()
        if current is not None:
            area, unit = current
            self.settings.setValue("navigator/selection", f"{area}:{'' if unit is None else unit}")
        for pane in self.built_panes():
            pane.save_state()
        self.settings.sync()
        super().closeEvent(event)
