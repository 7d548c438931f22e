"""The Membership pane: a partnership's (or area's) practices, their edits, and the area table."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from PySide6.QtCore import QByteArray, QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lcpdesk.domain.model import Area, MemberRow, Partnership
from lcpdesk.services.membership import MembershipService
from lcpdesk.ui import formatting as fmt
from lcpdesk.ui.models import RECORD_ROLE
from lcpdesk.ui.models.members import Col, MemberFilterProxy, MemberTableModel
from lcpdesk.ui.panes.area_panel import AreaTablePanel
from lcpdesk.ui.panes.base import Pane, PaneContext
from lcpdesk.ui.panes.flow_panel import FlowMatrixPanel
from lcpdesk.ui.panes.membership_edits import MembershipEdits
from lcpdesk.ui.widgets import button_for, make_action, read_only_table


class MembershipPane(Pane):
    title: ClassVar[str] = "Membership"
    key: ClassVar[str] = "membership"

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.service = MembershipService(context.store)
        self.area: Area | None = None
        self.partnerships: list[Partnership] = []
        self.dates: list[dt.date] = []
        self.as_at: dt.date = dt.date.today()
        self._keep_selection: tuple[int, int] | None = None
        self._sized_for: tuple[int | None, int | None] | None = None
        self._chosen_dates: dict[int, dt.date] = {}  # area id -> the extract the user chose
        self._split_sized = False

        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setAccessibleName("Selected partnership")
        self.subheading = QLabel()
        self.subheading.setAccessibleName("Selection summary")

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Code, name or PCN")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter practices")
        self.filter_edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 10)
        filter_label = QLabel("&Filter:")
        filter_label.setBuddy(self.filter_edit)
        self.date_combo = QComboBox()
        self.date_combo.setAccessibleName("As at extract")
        self.date_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.date_combo.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        date_label = QLabel("&As at extract:")
        date_label.setBuddy(self.date_combo)
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Practice count")

        self.model = MemberTableModel(self)
        self.proxy = MemberFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = self._make_table()

        self.area_panel = AreaTablePanel()
        self.area_panel.partnership_activated.connect(self._go_to_partnership)
        self.flow_panel = FlowMatrixPanel()
        self._flow_stale = True  # the flow matrix is read when its tab is shown
        self.lower_tabs = QTabWidget()
        self.lower_tabs.setAccessibleName("Area tables")
        self.lower_tabs.tabBar().setAccessibleName("Area table tabs")
        self.lower_tabs.setDocumentMode(True)
        self.lower_tabs.addTab(self.area_panel, "&Populations")
        self.lower_tabs.addTab(self.flow_panel, "Flo&w matrix")
        self.lower_tabs.currentChanged.connect(lambda _i: self._load_flow_if_shown())

        self.edits = MembershipEdits(self)
        self.actions_by_name = self._make_actions()
        buttons = QHBoxLayout()
        for name in ("add", "edit", "move", "split", "remove"):
            buttons.addWidget(button_for(self.actions_by_name[name]))
        buttons.addStretch(1)

        tools = QHBoxLayout()
        tools.addWidget(filter_label)
        tools.addWidget(self.filter_edit, 2)
        tools.addSpacing(self.fontMetrics().horizontalAdvance("M"))
        tools.addWidget(date_label)
        tools.addWidget(self.date_combo)
        tools.addStretch(1)
        tools.addWidget(self.count_label)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(tools)
        top_layout.addWidget(self.table, 1)
        top_layout.addLayout(buttons)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setAccessibleName("Practices and area table")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.lower_tabs)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addWidget(self.splitter, 1)

        self.filter_edit.textChanged.connect(self._on_filter)
        self.date_combo.activated.connect(self._on_date_chosen)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.proxy.modelReset.connect(self._update_actions)
        self._update_actions()

    # ------------------------------------------------------------------ construction

    def _make_table(self) -> QTableView:
        table = read_only_table(self.proxy, "Practices")
        table.setSortingEnabled(True)
        table.sortByColumn(Col.CODE, Qt.SortOrder.AscendingOrder)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(100)  # sample rows: 6,500 would take ~0.6 s
        header.setStretchLastSection(True)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._context_menu)
        table.doubleClicked.connect(lambda _index: self.edits.edit())
        return table

    def _make_actions(self) -> dict[str, QAction]:
        keys = QKeySequence
        edits, table = self.edits, self.table
        return {
            "add": make_action(
                self, "&Add practice…", edits.add, [keys(Qt.Key.Key_Insert), keys("Ctrl+N")]
            ),
            "edit": make_action(
                self,
                "&Edit…",
                edits.edit,
                [keys(Qt.Key.Key_F2), keys(Qt.Key.Key_Return), keys(Qt.Key.Key_Enter)],
                on=table,
            ),
            "move": make_action(self, "&Move to…", edits.move, [keys("Ctrl+M")], on=table),
            "split": make_action(self, "Mark as &split…", edits.split, [keys("Ctrl+L")], on=table),
            "remove": make_action(
                self, "&Remove", edits.remove, [keys(keys.StandardKey.Delete)], on=table
            ),
        }

    def save_state(self) -> None:
        self.context.settings.setValue(self.settings_key("splitter"), self.splitter.saveState())
        self.context.settings.setValue(
            self.settings_key("lower_tab"), self.lower_tabs.currentIndex()
        )

    def restore_state(self) -> None:
        state = self.context.settings.value(self.settings_key("splitter"))
        if isinstance(state, QByteArray) and not state.isEmpty():
            self._split_sized = self.splitter.restoreState(state)
        tab = self.context.settings.value(self.settings_key("lower_tab"))
        if tab is not None and str(tab).isdigit() and int(str(tab)) < self.lower_tabs.count():
            self.lower_tabs.setCurrentIndex(int(str(tab)))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._size_splitter_once()

    def _size_splitter_once(self) -> None:
        """The first time there is an area table on screen (not after the user moved it)."""
        if not self._split_sized and self.isVisible() and self.area_panel.model.rowCount():
            self._split_sized = True
            self._size_splitter()

    def _size_splitter(self) -> None:
        """Room for every area-table row (Total included), up to two thirds of the height."""
        total = sum(self.splitter.sizes())
        view = self.area_panel.view
        rows = self.area_panel.model.rowCount()
        wanted = (
            view.verticalHeader().defaultSectionSize() * rows
            + view.horizontalHeader().sizeHint().height()
            + self.area_panel.heading.sizeHint().height()
            + self.lower_tabs.tabBar().sizeHint().height()
            + 4 * view.frameWidth()
            + 2 * self.fontMetrics().height()
        )
        bottom = min(wanted, int(total * 0.66))
        self.splitter.setSizes([total - bottom, bottom])

    # ------------------------------------------------------------------ Pane

    def refresh(self) -> None:
        svc = self.service
        area = self.selected_area(svc.areas)
        if area is None:
            self._show_nothing()
            return
        self.area = area
        self.partnerships = svc.partnerships(area.id)
        self._load_dates(area.id)
        keep = self._keep_selection or self._selected_key()
        self._keep_selection = None
        rows = svc.members(area.id, self.partnership_id, self.as_at)
        self.model.set_rows(
            rows,
            self.as_at if self.dates else None,
            partnership_label=area.partnership_label,
            subunit_label=area.subunit_label,
        )
        self._set_columns(area)
        self._set_headings(area)
        table = svc.area_table(area.id, self.as_at if self.dates else None)
        self.area_panel.set_table(table, self.partnership_id)
        self._flow_stale = True
        self._load_flow_if_shown()
        self._size_splitter_once()
        if keep is not None:
            self.select_practice(*keep)
        self._update_count()
        self._update_actions()
        self.status_changed.emit(self.status_text())

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self._update_actions()

    def status_text(self) -> str:
        if self.area is None or self.area_id is None:
            return ""
        if not self.dates:
            return "No list sizes held"
        return f"As at extract: {fmt.day(self.as_at)}"

    # ------------------------------------------------------------------ what is shown

    def _show_nothing(self) -> None:
        self.area = None
        self.partnerships = []
        self.dates = []
        self.model.set_rows([], None)
        self.area_panel.set_table(None, None)
        self.flow_panel.set_table(None)
        self._flow_stale = False
        self.date_combo.clear()
        self.heading.setText("No area selected")
        self.subheading.setText("Load the demo data (File menu) or choose an area on the left.")
        self._update_count()
        self._update_actions()
        self.status_changed.emit("")

    def _load_dates(self, area_id: int) -> None:
        dates = self.service.extract_dates(area_id)
        if dates != self.dates or self.date_combo.count() == 0:
            self.dates = dates
            self.date_combo.clear()
            for d in dates:
                self.date_combo.addItem(fmt.day(d), d.isoformat())
            if not dates:
                self.date_combo.addItem("No list sizes held", "")
        if self.dates:
            chosen = self._chosen_dates.get(area_id)
            self.as_at = chosen if chosen in self.dates else self.dates[0]
            self.date_combo.setCurrentIndex(self.dates.index(self.as_at))
        else:
            self.as_at = self.service.default_date(area_id)
        self.date_combo.setEnabled(bool(self.dates))

    def _set_columns(self, area: Area) -> None:
        has_subunits = any(p.is_subunit for p in self.partnerships)
        self.table.setColumnHidden(Col.SUBUNIT, not has_subunits)
        self.table.setColumnHidden(Col.PARTNERSHIP, self.partnership_id is not None)
        # No PCN held for any practice (LLR's demo data): an empty column says nothing.
        self.table.setColumnHidden(Col.PCN, not any(r.pcn_name for r in self.model.rows()))
        if self._sized_for == (self.area_id, self.partnership_id):
            return  # after an edit: keep the widths the user may have set
        self._sized_for = (self.area_id, self.partnership_id)
        self.table.resizeColumnsToContents()
        em = self.fontMetrics().horizontalAdvance("M")
        for col in (Col.PRACTICE, Col.PCN, Col.SPLIT):
            if self.table.columnWidth(col) > em * 26:
                self.table.setColumnWidth(col, em * 26)
        if self.model.split_count() and self.table.columnWidth(Col.SPLIT) < em * 12:
            # Only some rows are sampled for the width: make room for "Split with …".
            self.table.setColumnWidth(Col.SPLIT, em * 12)

    def _set_headings(self, area: Area) -> None:
        unit = self.unit(self.partnership_id)
        tops = sum(1 for p in self.partnerships if not p.is_subunit)
        if unit is None:
            self.heading.setText(area.name)
            self.subheading.setText(
                f"All {fmt.plural(tops, area.partnership_label)} of the area"
                + (" · demo data" if area.is_demo else "")
            )
        else:
            parent = self.unit(unit.parent_id)
            kind = area.subunit_label if unit.is_subunit else area.partnership_label
            within = f"{parent.name}, {area.name}" if parent else area.name
            self.heading.setText(unit.name)
            self.subheading.setText(
                f"{kind} in {within}" + (" · demo data" if area.is_demo else "")
            )

    def _update_count(self) -> None:
        total = self.model.practice_count()
        split = self.model.split_count()
        shown = (
            len(
                {
                    self.proxy.index(r, 0).data(RECORD_ROLE).practice_id
                    for r in range(self.proxy.rowCount())
                }
            )
            if self.proxy.filter_text()
            else total
        )
        text = (
            fmt.plural(total, "practice")
            if shown == total
            else (f"{shown:,} of {fmt.plural(total, 'practice')}")
        )
        self.count_label.setText(f"{text} · {split:,} split")

    def _update_actions(self) -> None:
        has_area = self.area is not None and bool(self.partnerships)
        has_row = self.selected_row() is not None
        writable = not self.read_only
        acts = self.actions_by_name
        acts["add"].setEnabled(has_area and writable)
        for name in ("edit", "move", "split", "remove"):
            acts[name].setEnabled(has_row and writable)

    # ------------------------------------------------------------------ selection

    def unit(self, partnership_id: int | None) -> Partnership | None:
        return next((p for p in self.partnerships if p.id == partnership_id), None)

    def selected_row(self) -> MemberRow | None:
        selection = self.table.selectionModel()
        rows = selection.selectedRows() if selection is not None else []
        if not rows:
            return None
        record = rows[0].data(RECORD_ROLE)
        return record if isinstance(record, MemberRow) else None

    def _selected_key(self) -> tuple[int, int] | None:
        row = self.selected_row()
        return (row.practice_id, row.partnership_id) if row else None

    def keep_selection(self, practice_id: int, partnership_id: int | None = None) -> None:
        """Select this practice after the next refresh (after an edit)."""
        self._keep_selection = (practice_id, partnership_id or 0)

    def select_practice(self, practice_id: int, partnership_id: int = 0) -> bool:
        """Select the practice's row (its row in ``partnership_id`` when given)."""
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            rec = index.data(RECORD_ROLE)
            if rec.practice_id == practice_id and partnership_id in (0, rec.partnership_id):
                self.table.selectRow(r)
                self.table.scrollTo(index)
                return True
        for r in range(self.proxy.rowCount()):
            if self.proxy.index(r, 0).data(RECORD_ROLE).practice_id == practice_id:
                self.table.selectRow(r)
                return True
        return False

    # ------------------------------------------------------------------ slots

    def _on_filter(self, text: str) -> None:
        self.proxy.set_filter_text(text)
        self._update_count()
        self._update_actions()

    def _on_date_chosen(self, index: int) -> None:
        value = self.date_combo.itemData(index)
        if value and self.area_id is not None:
            self.as_at = dt.date.fromisoformat(str(value))
            self._chosen_dates[self.area_id] = self.as_at
            self.refresh()

    def _load_flow_if_shown(self) -> None:
        """Read the flow matrix for the area and extract shown, when its tab is on screen."""
        if not self._flow_stale or self.lower_tabs.currentWidget() is not self.flow_panel:
            return
        self._flow_stale = False
        if self.area is None:
            self.flow_panel.set_table(None)
            return
        flows = self.service.flow_table(self.area.id, self.as_at if self.dates else None)
        self.flow_panel.set_table(flows)

    def _go_to_partnership(self, partnership_id: int) -> None:
        if self.area_id is not None:
            self.context.navigate(self.area_id, partnership_id)

    def _context_menu(self, pos: QPoint) -> None:
        index: QModelIndex = self.table.indexAt(pos)
        if index.isValid():
            self.table.selectRow(index.row())
        menu = QMenu(self)
        menu.setAccessibleName("Practice actions")
        acts = self.actions_by_name
        menu.addAction(acts["edit"])
        menu.addAction(acts["move"])
        menu.addAction(acts["split"])
        menu.addSeparator()
        menu.addAction(acts["remove"])
        menu.addSeparator()
        menu.addAction(acts["add"])
        menu.popup(self.table.viewport().mapToGlobal(pos))
