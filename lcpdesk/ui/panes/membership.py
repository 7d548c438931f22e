"""The Membership pane's behaviour: what it reads, shows and does (its layout is
:mod:`lcpdesk.ui.panes.membership_view`).

Every read runs off the UI thread through a :class:`~lcpdesk.ui.tasks.Reader`: the practice
list and the area table together, the flow matrix when its tab is shown. An answer for an
area, partnership or extract the user has already left is dropped.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from PySide6.QtCore import QByteArray, QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import QMenu, QWidget

from lcpdesk import clock
from lcpdesk.domain.model import Area, MemberRow, Partnership
from lcpdesk.services.membership import MembershipService
from lcpdesk.services.populations import FlowTable
from lcpdesk.ui import formatting as fmt
from lcpdesk.ui import table_tools
from lcpdesk.ui.models import RECORD_ROLE
from lcpdesk.ui.models.flow_matrix import Totals, totals_of
from lcpdesk.ui.models.members import Col
from lcpdesk.ui.panes.base import PaneContext
from lcpdesk.ui.panes.membership_data import MembershipData, read_membership
from lcpdesk.ui.panes.membership_edits import MembershipEdits
from lcpdesk.ui.panes.membership_view import MembershipView
from lcpdesk.ui.tasks import Reader
from lcpdesk.ui.widgets import make_action

PARTIAL_NOTE = (
    "no practice-by-LSOA file for this month, so footprints and the flow matrix are not counted"
)


class MembershipPane(MembershipView):
    title: ClassVar[str] = "Membership"
    key: ClassVar[str] = "membership"

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.service = MembershipService(context.store)
        self.area: Area | None = None
        self.partnerships: list[Partnership] = []
        self.dates: list[dt.date] = []
        self.partial: set[dt.date] = set()  # months without practice-by-LSOA data
        self._date_labels: list[tuple[dt.date, bool]] = []
        self.as_at: dt.date = clock.today()
        self._keep_selection: tuple[int, int] | None = None
        self._sized_for: tuple[int | None, int | None] | None = None
        self._chosen_dates: dict[int, dt.date] = {}  # area id -> the extract the user chose
        self._split_sized = False
        self._flow_stale = True  # the flow matrix is read when its tab is shown
        self.reader = Reader(context.tasks, "Reading the practices", self)
        self.flow_reader = Reader(context.tasks, "Reading the flow matrix", self)
        for reader in (self.reader, self.flow_reader):
            reader.busy_changed.connect(lambda _b: self._show_busy())

        self.edits = MembershipEdits(self)
        self.actions_by_name = self._make_actions()
        self.arrange(self.actions_by_name)
        self.area_panel.partnership_activated.connect(self._go_to_partnership)
        self.lower_tabs.currentChanged.connect(lambda _i: self._load_flow_if_shown())
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(lambda _index: self.edits.edit())
        self.filter_edit.textChanged.connect(self._on_filter)
        self.date_combo.activated.connect(self._on_date_chosen)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.proxy.modelReset.connect(self._update_actions)
        self._update_actions()

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
            self.size_splitter()

    # ------------------------------------------------------------------ Pane

    @property
    def loading(self) -> bool:
        return self.reader.busy or self.flow_reader.busy

    def refresh(self) -> None:
        """Read the selection's practices and area table in a worker, then show them."""
        if self.area_id is None:
            self.reader.drop()
            self.flow_reader.drop()
            self._show_nothing()
            return
        area_id, unit = self.area_id, self.partnership_id
        chosen = self._chosen_dates.get(area_id)
        service = self.service
        self._flow_stale = True
        self.reader.read(lambda: read_membership(service, area_id, unit, chosen), self._show_data)

    def _show_data(self, data: MembershipData | None) -> None:
        if data is None:  # the area has gone (an undo may remove it)
            self.area_id = self.partnership_id = None
            self._show_nothing()
            return
        area = self.area = data.area
        self.partnerships = data.partnerships
        self.partial = data.partial
        self._show_dates(data.dates, data.as_at)
        keep = self._keep_selection or self._selected_key()
        self._keep_selection = None
        self.model.set_rows(
            data.rows,
            self.as_at if self.dates else None,
            partnership_label=area.partnership_label,
            subunit_label=area.subunit_label,
        )
        self._set_columns(area)
        self._set_headings(area)
        self.area_panel.set_table(data.table, self.partnership_id)
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
        text = f"As at extract: {fmt.day(self.as_at)}"
        if self.as_at in self.partial:
            text += f" · {PARTIAL_NOTE}"
        return text

    # ------------------------------------------------------------------ what is shown

    def _show_nothing(self) -> None:
        self.area = None
        self.partnerships = []
        self.dates = []
        self._date_labels = []
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

    def _show_dates(self, dates: list[dt.date], as_at: dt.date) -> None:
        labels = [(d, d in self.partial) for d in dates]
        if labels != self._date_labels or self.date_combo.count() == 0:
            self._date_labels = labels
            self.dates = dates
            self.date_combo.clear()
            for d in dates:
                partial = d in self.partial
                self.date_combo.addItem(
                    fmt.day(d) + (" · list sizes only" if partial else ""), d.isoformat()
                )
                if partial:
                    self.date_combo.setItemData(
                        self.date_combo.count() - 1, PARTIAL_NOTE, Qt.ItemDataRole.ToolTipRole
                    )
            if not dates:
                self.date_combo.addItem("No list sizes held", "")
        self.as_at = as_at
        if self.dates:
            self.date_combo.setCurrentIndex(self.dates.index(as_at))
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
        shown = self.proxy.practice_count()
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
            self.flow_reader.drop()
            self.flow_panel.set_table(None)
            return
        service, area_id = self.service, self.area.id
        when = self.as_at if self.dates else None

        def read() -> tuple[FlowTable, Totals]:
            table = service.flow_table(area_id, when)
            return table, totals_of(table)  # summed here, not on the UI thread

        self.flow_reader.read(read, lambda found: self.flow_panel.set_table(*found))

    def _show_busy(self) -> None:
        self.loading_note.set_busy(self.reader.busy or self.flow_reader.busy)

    def _go_to_partnership(self, partnership_id: int) -> None:
        if self.area_id is not None:
            self.context.navigate(self.area_id, partnership_id)

    def _context_menu(self, pos: QPoint) -> None:
        index: QModelIndex = self.table.indexAt(pos)
        selection = self.table.selectionModel()
        if index.isValid() and not selection.isRowSelected(index.row()):
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
        menu.addSeparator()
        menu.addActions(table_tools.tool_actions(self.table))
        menu.popup(self.table.viewport().mapToGlobal(pos))
