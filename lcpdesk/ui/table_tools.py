"""Data out of every table: the one place tables learn to copy and export.

:func:`install` (called by ``widgets.read_only_table``, through which every data table is made)
lets many rows be selected, copies the selection as tab-separated text with its header on
Ctrl+C (a spreadsheet pastes it as cells), and adds "Copy" and "Export table…" to the table's
context menu. Export writes the table as it is shown (filtered, sorted, visible columns in
their visual order) to .xlsx or .csv through ``io/table_export``; File ▸ Export table… exports
the table that last had the focus.
"""

from __future__ import annotations

import weakref
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from lcpdesk.errors import UserFacingError
from lcpdesk.io.table_export import TableGrid, tab_separated, write_table
from lcpdesk.ui import prompts

FOCUS_FRAME = "QTableView:focus { border: 2px solid palette(highlight); }"
FILTERS = "Excel workbook (*.xlsx);;CSV, comma-separated (*.csv)"
_last_focused: list[weakref.ref[QTableView]] = []  # at most one: the last table focused


class _FocusWatch(QObject):
    """Remembers the table that last had the focus (for File ▸ Export table…)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QTableView):
            _last_focused[:] = [weakref.ref(watched)]
        return False


def install(view: QTableView) -> None:
    """Give ``view`` multi-row selection, Ctrl+C, and Copy / Export table… in its menu."""
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    copy = QAction("&Copy", view)
    copy.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
    copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    copy.triggered.connect(lambda _c=False: copy_selection(view))
    export = QAction("E&xport table…", view)
    export.triggered.connect(lambda _c=False: export_table(view))
    view.addAction(copy)
    view.addAction(export)
    view.setProperty("table_tools", True)
    # A frame in the highlight colour while the table has the focus: the keyboard user sees
    # which table the arrows move in (the current row alone is easy to miss).
    view.setStyleSheet(FOCUS_FRAME)
    if view.contextMenuPolicy() == Qt.ContextMenuPolicy.DefaultContextMenu:
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    watch = _FocusWatch(view)
    view.installEventFilter(watch)


def tool_actions(view: QTableView) -> list[QAction]:
    """The Copy and Export table… actions of an installed view (for a pane's own menu)."""
    return [a for a in view.actions() if a.text() in ("&Copy", "E&xport table…")]


def _columns(view: QTableView) -> list[int]:
    header = view.horizontalHeader()
    model = view.model()
    logical = [header.logicalIndex(v) for v in range(header.count())]
    return [c for c in logical if 0 <= c < model.columnCount() and not view.isColumnHidden(c)]


def grid(view: QTableView, *, selected_only: bool = False, title: str = "") -> TableGrid:
    """The table as shown (every row, or the selected rows in the order shown)."""
    model = view.model()
    cols = _columns(view)
    headers = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in cols]
    if selected_only and view.selectionModel() is not None:
        chosen = {i.row() for i in view.selectionModel().selectedIndexes()}
        rows = sorted(chosen)
    else:
        rows = list(range(model.rowCount()))

    def text(r: int, c: int) -> str:
        value = model.index(r, c).data(Qt.ItemDataRole.DisplayRole)
        return "" if value is None else str(value)

    body = [[text(r, c) for c in cols] for r in rows if not view.isRowHidden(r)]
    return TableGrid(title or view.accessibleName() or "Table", headers, body)


def copy_selection(view: QTableView) -> str:
    """Put the selected rows (with the header) on the clipboard; returns the text."""
    text = tab_separated(grid(view, selected_only=True))
    QGuiApplication.clipboard().setText(text)
    return text


def export_table(view: QTableView, parent: QWidget | None = None) -> Path | None:
    """Ask where, then write the whole table as shown; returns the file written."""
    owner = parent or view.window()
    name = view.accessibleName() or "Table"
    chosen = prompts.save_file_as(owner, "Export table", FILTERS, Path(f"{name}.xlsx"))
    if chosen is None:
        return None
    path, kind = chosen
    wanted = ".csv" if "*.csv" in kind else ".xlsx"
    if path.suffix.lower() not in (".csv", ".xlsx"):
        path = path.with_suffix(wanted)
    table = grid(view, title=name)
    try:
        write_table(table, path)
    except OSError as exc:
        prompts.show_error(
            UserFacingError(
                f"The table could not be written to {path}.",
                hint=f"{exc.strerror or exc}. If the file is open in Excel, close it and "
                "try again.",
            ),
            owner,
        )
        return None
    window = view.window()
    bar = getattr(window, "statusBar", None)
    if callable(bar):
        bar().showMessage(f"Exported {len(table.rows):,} rows to {path}", 8000)
    return path


def last_table(window: QWidget) -> QTableView | None:
    """The table in ``window`` that last had the focus and is still shown, if any."""
    view = _last_focused[0]() if _last_focused else None
    if view is not None and view.isVisible() and view.window() is window:
        return view
    return None


def export_last(window: QWidget) -> Path | None:
    """File ▸ Export table…: the table that last had the focus, or say how to choose one."""
    view = last_table(window)
    if view is None:
        prompts.info(window, "Export table", "Click in a table first, then export it.")
        return None
    return export_table(view, window)
