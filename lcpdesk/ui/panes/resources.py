"""The Resources pane: who puts what into a partnership (or the whole area), for a period:
allocations, totals by sector, partner, goal and partnership with the sector chart, the
warnings a programme office cares about, and the area's partner organisations. This module
is its behaviour; its layout is :mod:`lcpdesk.ui.panes.resources_view`."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from lcpdesk import clock
from lcpdesk.domain.allocation_periods import Period, financial_year
from lcpdesk.domain.model import Area, Partnership
from lcpdesk.domain.resources import Allocation, Partner
from lcpdesk.services.membership import MembershipService
from lcpdesk.services.resources import ResourcesService, ResourceView
from lcpdesk.ui import formatting as fmt
from lcpdesk.ui.models.records import RecordFilterProxy
from lcpdesk.ui.models.resources import AllocCol
from lcpdesk.ui.panes.base import PaneContext
from lcpdesk.ui.panes.reading import ResourcesData, read_resources
from lcpdesk.ui.panes.resources_edits import ResourceEdits
from lcpdesk.ui.panes.resources_panels import summary_chips
from lcpdesk.ui.panes.resources_view import ResourcesView
from lcpdesk.ui.tasks import Reader
from lcpdesk.ui.widgets import fit_columns, make_action

ALL_PERIODS = "All periods"


class ResourcesPane(ResourcesView):
    title: ClassVar[str] = "Resources"
    key: ClassVar[str] = "resources"

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.service = ResourcesService(context.store)
        self.membership = MembershipService(context.store)
        self.area: Area | None = None
        self.partnerships: list[Partnership] = []
        self.view: ResourceView | None = None
        self.period: Period | None = None
        self._chosen_period: dict[int, Period | None] = {}  # per area, once the user chose
        self._keep_alloc: int | None = None
        self._keep_partner: int | None = None
        self._sized_for: object = None
        self.reader = Reader(context.tasks, "Reading the resources", self)
        self.reader.busy_changed.connect(self.loading_note.set_busy)

        self.edits = ResourceEdits(self)
        self.actions_by_name = self._make_actions()
        self.arrange(self.actions_by_name)
        self.table.doubleClicked.connect(lambda _i: self.edits.edit_allocation())
        self._bind(self.table, "edit", "delete")
        self.warnings_panel.activated.connect(self._open_warning)
        self.partners_panel.table.doubleClicked.connect(lambda _i: self.edits.edit_partner())
        self._bind(self.partners_panel.table, "edit_partner", "delete_partner")
        self.period_combo.activated.connect(self._on_period_chosen)
        self.filter_edit.textChanged.connect(lambda _t: self._apply_filter())
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.partners_panel.table.selectionModel().selectionChanged.connect(self._update_actions)
        self._show_nothing()

    # ------------------------------------------------------------------ construction

    def _make_actions(self) -> dict[str, QAction]:
        keys = QKeySequence
        e = self.edits
        return {
            "add": make_action(
                self,
                "&Add allocation…",
                e.add_allocation,
                [keys(Qt.Key.Key_Insert), keys("Ctrl+N")],
            ),
            "edit": make_action(self, "&Edit allocation…", e.edit_allocation),
            "delete": make_action(self, "&Delete allocation", e.delete_allocation),
            "roll": make_action(self, "R&oll a period forward…", e.roll_forward, [keys("Ctrl+R")]),
            "add_partner": make_action(self, "Add &partner…", e.add_partner),
            "edit_partner": make_action(self, "Edit partner…", e.edit_partner),
            "delete_partner": make_action(self, "Delete partner", e.delete_partner),
            "floor": make_action(self, "Set", e.set_floor),
        }

    def _bind(self, view: QWidget, edit: str, delete: str) -> None:
        """F2 and Enter edit, Delete deletes, the row of this table."""
        keys = QKeySequence
        for name, shortcuts in (
            (edit, [keys(Qt.Key.Key_F2), keys(Qt.Key.Key_Return), keys(Qt.Key.Key_Enter)]),
            (delete, [keys(keys.StandardKey.Delete)]),
        ):
            act = self.actions_by_name[name]
            self.removeAction(act)
            act.setShortcuts(shortcuts)
            act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            view.addAction(act)

    def save_state(self) -> None:
        settings = self.context.settings
        settings.setValue(self.settings_key("totals"), self.totals.splitter.saveState())
        settings.setValue(self.settings_key("tab"), self.tabs.currentIndex())

    def restore_state(self) -> None:
        settings = self.context.settings
        state = settings.value(self.settings_key("totals"))
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.totals.split_sized = self.totals.splitter.restoreState(state)
        tab = settings.value(self.settings_key("tab"))
        if tab is not None and str(tab).isdigit():
            self.tabs.setCurrentIndex(int(str(tab)))

    @staticmethod
    def today() -> dt.date:
        return clock.today()

    # ------------------------------------------------------------------ Pane

    def refresh(self) -> None:
        """Read the selection's allocations, totals and partners in a worker, then show them."""
        if self.area_id is None:
            self.reader.drop()
            self._show_nothing()
            return
        area_id, unit, today = self.area_id, self.partnership_id, self.today()
        chosen = (self._chosen_period[area_id],) if area_id in self._chosen_period else None
        membership, service = self.membership, self.service
        self.reader.read(
            lambda: read_resources(membership, service, area_id, unit, chosen=chosen, today=today),
            self._show_data,
        )

    def _show_data(self, data: ResourcesData | None) -> None:
        if data is None:  # the area has gone (an undo may remove it)
            self.area_id = self.partnership_id = None
            self._show_nothing()
            return
        area = self.area = data.area
        self.partnerships = data.partnerships
        keep_alloc = self._keep_alloc or self._selected_id(self.table, self.proxy)
        keep_partner = self._keep_partner or self._selected_id(
            self.partners_panel.table, self.partners_panel.proxy
        )
        self._keep_alloc = self._keep_partner = None
        self._show_periods(data.years, data.period)
        self.view = data.view
        self.model.set_records(self.view.allocations)
        self.partners_panel.model.set_records(data.partners)
        self.totals.set_view(self.view)
        self.warnings_panel.set_view(self.view)
        self._apply_filter()
        self._set_headings(area, self.view)
        if self._sized_for != (self.area_id, self.partnership_id):
            self._sized_for = (self.area_id, self.partnership_id)
            fit_columns(self.table, 18)
            fit_columns(self.partners_panel.table, 30)
        if keep_alloc is not None:
            self.select_allocation(keep_alloc)
        if keep_partner is not None:
            self.select_partner(keep_partner)
        self._update_actions()
        self.status_changed.emit(self.status_text())

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self._update_actions()

    def status_text(self) -> str:
        if self.view is None:
            return ""
        label = self.period.label if self.period else "all periods"
        return f"Resources for {label} · {fmt.plural(len(self.view.warnings), 'warning')}"

    # ------------------------------------------------------------------ what is shown

    def _show_nothing(self) -> None:
        self.area = None
        self.view = None
        self.partnerships = []
        self.model.set_records([])
        self.partners_panel.model.set_records([])
        self.totals.set_view(None)
        self.warnings_panel.set_view(None)
        self.heading.setText("No area selected")
        self.subheading.setText("Load the demo data (File menu) or choose an area on the left.")
        self.summary.set_chips([])
        self.period_combo.clear()
        self.count_label.setText("")
        self._update_actions()
        self.status_changed.emit("")

    def _show_periods(self, years: list[Period], chosen: Period | None) -> None:
        self.period = chosen
        self.period_combo.clear()
        self.period_combo.addItem(ALL_PERIODS, None)
        for year in years:
            self.period_combo.addItem(f"{year.label} (1 Apr – 31 Mar)", year)
        index = next(
            (
                i
                for i in range(self.period_combo.count())
                if self.period_combo.itemData(i) == chosen
            ),
            0,
        )
        self.period_combo.setCurrentIndex(index)

    def scope_name(self) -> str:
        unit = next((p for p in self.partnerships if p.id == self.partnership_id), None)
        if unit is not None:
            return unit.name
        return self.area.name if self.area else ""

    def _set_headings(self, area: Area, view: ResourceView) -> None:
        self.heading.setText(f"{self.scope_name()}: resources")
        when = self.period.label if self.period else "every period"
        demo = " · includes demo data" if any(a.is_demo for a in view.allocations) else ""
        unit = next((p for p in self.partnerships if p.id == self.partnership_id), None)
        plural = fmt.plural_of(area.partnership_label)
        what = (
            f"What partners put into this {area.partnership_label}"
            if unit is not None
            else f"What partners put into the {plural} of {area.name}"
        )
        self.subheading.setText(f"{what}, {when}{demo}")
        self.summary.set_chips(summary_chips(view))
        n = len(view.warnings)
        self.tabs.setTabText(2, f"&Warnings ({n})")
        self.tabs.setTabText(3, f"Pa&rtners ({self.partners_panel.model.rowCount()})")
        has_many = unit is None or any(p.parent_id == unit.id for p in self.partnerships)
        self.table.setColumnHidden(AllocCol.PARTNERSHIP, not has_many)
        self.model.set_header(AllocCol.PARTNERSHIP, area.partnership_label)

    def _apply_filter(self) -> None:
        terms = self.filter_edit.text().casefold().split()

        def accept(a: Allocation) -> bool:
            hay = f"{a.partner_name} {a.goal_title} {a.notes} {a.partnership_name}".casefold()
            return all(t in hay for t in terms)

        self.proxy.set_predicate(accept if terms else None)
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        counted = fmt.plural(total, "allocation")
        self.count_label.setText(counted if shown == total else f"{shown} of {counted}")
        self._update_actions()

    def _update_actions(self, *_args: object) -> None:
        writable = not self.read_only and self.area is not None
        acts = self.actions_by_name
        acts["add"].setEnabled(writable and bool(self.partnerships))
        has_alloc = self.selected_allocation() is not None
        acts["edit"].setEnabled(writable and has_alloc)
        acts["delete"].setEnabled(writable and has_alloc)
        acts["roll"].setEnabled(writable and self.model.rowCount() > 0)
        acts["add_partner"].setEnabled(writable)
        has_partner = self.selected_partner() is not None
        acts["edit_partner"].setEnabled(writable and has_partner)
        acts["delete_partner"].setEnabled(writable and has_partner)
        acts["floor"].setEnabled(writable)

    # ------------------------------------------------------------------ selection

    @staticmethod
    def _selected_id(view: QWidget, proxy: RecordFilterProxy) -> int | None:
        rows = view.selectionModel().selectedRows()  # type: ignore[attr-defined]
        return proxy.record_at(rows[0].row()).id if rows else None

    def selected_allocation(self) -> Allocation | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.record_at(rows[0].row()) if rows else None

    def selected_partner(self) -> Partner | None:
        panel = self.partners_panel
        rows = panel.table.selectionModel().selectedRows()
        return panel.proxy.record_at(rows[0].row()) if rows else None

    def keep_allocation(self, allocation_id: int) -> None:
        self._keep_alloc = allocation_id

    def keep_partner(self, partner_id: int) -> None:
        self._keep_partner = partner_id

    def select_allocation(self, allocation_id: int) -> bool:
        row = self.proxy.row_where(lambda a: a.id == allocation_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.proxy.index(row, 0))
        return True

    def select_partner(self, partner_id: int) -> bool:
        panel = self.partners_panel
        row = panel.proxy.row_where(lambda p: p.id == partner_id)
        if row is None:
            return False
        panel.table.selectRow(row)
        panel.table.scrollTo(panel.proxy.index(row, 0))
        return True

    # ------------------------------------------------------------------ slots

    def _on_period_chosen(self, index: int) -> None:
        if self.area_id is None:
            return
        period = self.period_combo.itemData(index)
        self._chosen_period[self.area_id] = period if isinstance(period, Period) else None
        self.refresh()

    def show_period(self, period: Period) -> None:
        """Show the financial year holding ``period`` next time (after a roll-forward)."""
        if self.area_id is not None:
            year = financial_year(period.start)
            self._chosen_period[self.area_id] = year if year == period else None

    def _open_warning(self, allocation_id: int, goal_id: int) -> None:
        if allocation_id >= 0 and self.select_allocation(allocation_id):
            self.tabs.setCurrentIndex(0)
            self.table.setFocus()
        elif goal_id >= 0:
            self.filter_edit.clear()
            self.tabs.setCurrentIndex(0)
