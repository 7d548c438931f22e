"""The Maturity pane: score a partnership's self-assessment against its framework, and see
every partnership's maturity (radar, gaps, heat map, trend).

The navigator chooses the area or partnership; the Period box chooses the period. Scoring,
Radar and Gaps are about one partnership's assessment for that period; Heat map and Trend
about the whole area.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QHideEvent, QKeySequence
from PySide6.QtWidgets import (
    QWidget,
)

from lcpdesk.domain.maturity_views import HeatMapData
from lcpdesk.domain.model import Area
from lcpdesk.domain.scoring import Assessment
from lcpdesk.services.maturity import MaturityService
from lcpdesk.services.maturity_views import MaturityViews
from lcpdesk.services.membership import MembershipService
from lcpdesk.ui import formatting as fmt
from lcpdesk.ui.panes.base import PaneContext
from lcpdesk.ui.panes.maturity_edits import MaturityEdits
from lcpdesk.ui.panes.maturity_view import (
    GAPS,
    HEAT_MAP,
    ONE_PARTNERSHIP,
    RADAR,
    SCORING,
    TREND,
    MaturityView,
)
from lcpdesk.ui.panes.reading import MaturityData, read_heat_map, read_maturity
from lcpdesk.ui.tasks import Reader
from lcpdesk.ui.widgets import make_action


def with_article(noun: str) -> str:
    """'an LCP', 'a Locality': by sound, so an initialism like LCP takes 'an'."""
    sounds_vowel = noun[:1].upper() in "AEIOU" or (
        noun.isupper() and noun[:1] in "FHLMNRSX"  # ef, aitch, el, em, en, ar, es, ex
    )
    return f"{'an' if sounds_vowel else 'a'} {noun}"


class MaturityPane(MaturityView):
    title: ClassVar[str] = "Maturity"
    key: ClassVar[str] = "maturity"

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.service = MaturityService(context.store)
        self.views = MaturityViews(self.service)
        self.members = MembershipService(context.store)
        self.current: Assessment | None = None
        self._chosen_periods: dict[int, str] = {}
        self._frameworks: dict[int, str] = {}  # area -> framework key for heat map and trend
        self._stale: set[int] = set()
        self._left_tab: int | None = None  # left for the heat map when only an area was chosen
        # One reader for the assessment, one per view tab (each tab's newest request wins).
        self.reader = Reader(context.tasks, "Reading the assessment", self)
        self.tab_readers = {
            tab: Reader(context.tasks, "Reading a maturity view", self)
            for tab in (RADAR, GAPS, HEAT_MAP, TREND)
        }
        for reader in (self.reader, *self.tab_readers.values()):
            reader.busy_changed.connect(lambda _b: self._show_busy())

        self.edits = MaturityEdits(self)
        keys = QKeySequence
        self.actions_by_name = {
            "new": make_action(self, "&New…", self.edits.start, [keys("Ctrl+N")]),
            "complete": make_action(self, "Mark &complete", self.edits.complete),
            "reopen": make_action(self, "&Reopen", self.edits.reopen),
            "delete": make_action(self, "&Delete…", self.edits.delete),
            "frameworks": make_action(self, "&Frameworks…", self.edits.frameworks),
            "save": make_action(
                self, "Save notes", self.edits.save_current_notes, [keys("Ctrl+S")]
            ),
        }
        self.arrange(self.actions_by_name)

        self.period_combo.activated.connect(self._on_period_chosen)
        self.tabs.currentChanged.connect(self._on_tab)
        self.scoring.start_requested.connect(self.edits.start)
        self.scoring.notes_left.connect(self.edits.notes_left)
        self.scoring.add_rater_requested.connect(self.edits.add_rater)
        self.scoring.edit_rater_requested.connect(self.edits.edit_rater)
        self.scoring.remove_rater_requested.connect(self.edits.remove_rater)
        detail = self.scoring.detail
        detail.consensus_chosen.connect(self.edits.set_consensus)
        detail.target_chosen.connect(self.edits.set_target)
        detail.rater_level_chosen.connect(self.edits.set_rater_level)
        detail.save_requested.connect(self.edits.save_current_notes)
        detail.add_document_requested.connect(self.edits.add_documents)
        self.gaps.make_goal_requested.connect(self.edits.make_goal)
        self.heat_map.partnership_activated.connect(self._open_partnership)
        self.heat_map.framework_chosen.connect(self._on_framework_chosen)
        self._show_nothing()

    # ------------------------------------------------------------------ Pane

    def set_selection(self, area_id: int | None, partnership_id: int | None) -> None:
        self.edits.flush_notes()
        super().set_selection(area_id, partnership_id)

    def refresh(self) -> None:
        """Read the selection's periods and assessment in a worker, then show them."""
        if self.area_id is None:
            self.reader.drop()
            self._show_nothing()
            return
        area_id, unit = self.area_id, self.partnership_id
        chosen = self._chosen_periods.get(area_id)
        members, service = self.members, self.service
        self.reader.read(
            lambda: read_maturity(members, service, area_id, unit, chosen), self._show_data
        )

    def _show_data(self, data: MaturityData | None) -> None:
        if data is None:  # the area has gone (an undo may remove it)
            self.area_id = self.partnership_id = None
            self._show_nothing()
            return
        area = self.area = data.area
        self.unit = data.unit
        self._show_periods(data)
        self.current = data.current
        self._show_headings(area)
        self._show_scoring()
        self._stale = set(range(self.tabs.count()))
        self._enable_tabs()
        self._refresh_tab(self.tabs.currentIndex())
        self._update_actions()
        self.status_changed.emit(self.status_text())

    def _show_busy(self) -> None:
        readers = (self.reader, *self.tab_readers.values())
        self.loading_note.set_busy(any(r.busy for r in readers))

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.scoring.set_editable(self._editable())
        self.gaps.set_read_only(read_only)
        if self.edits.frameworks_dialog is not None:
            self.edits.frameworks_dialog.set_read_only(read_only)
        self._update_actions()

    def status_text(self) -> str:
        if self.area is None or not self.period:
            return ""
        if self.current is not None:
            fw = self.current.framework
            done = len(self.current.assessed())
            return f"{self.period}: {done} of {len(fw.scored)} dimensions assessed"
        return f"Period: {self.period}"

    def save_state(self) -> None:
        self.edits.flush_notes()
        settings = self.context.settings
        settings.setValue(self.settings_key("tab"), self.tabs.currentIndex())
        settings.setValue(self.settings_key("splitter"), self.scoring.splitter.saveState())

    def restore_state(self) -> None:
        settings = self.context.settings
        tab = settings.value(self.settings_key("tab"))
        if tab is not None and str(tab).isdigit() and int(str(tab)) < self.tabs.count():
            self.tabs.setCurrentIndex(int(str(tab)))
        state = settings.value(self.settings_key("splitter"))
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.scoring.splitter.restoreState(state)

    def hideEvent(self, event: QHideEvent) -> None:
        self.edits.flush_notes()
        super().hideEvent(event)

    # ------------------------------------------------------------------ what is shown

    def choose_period(self, period: str) -> None:
        """Show ``period`` from the next refresh on (after starting an assessment)."""
        self.period = period
        if self.area is not None:
            self._chosen_periods[self.area.id] = period

    def _show_nothing(self) -> None:
        for reader in self.tab_readers.values():
            reader.drop()
        self.area = self.unit = self.current = None
        self.period = None
        self.period_combo.clear()
        self.period_combo.setEnabled(False)
        self.heading.setText("No area selected")
        self.subheading.setText("Load the demo data (File menu) or choose an area on the left.")
        self.scoring.show_none("Choose a partnership on the left to score its maturity.")
        for panel in (self.radar, self.heat_map, self.trend):
            panel.set_data(None, "Choose an area or partnership on the left.")
        self.gaps.set_gaps([], "the standard", "Choose a partnership on the left.")
        self._enable_tabs()
        self._update_actions()
        self.status_changed.emit("")

    def _show_periods(self, data: MaturityData) -> None:
        every, own = data.periods, data.own
        self.period = data.period
        self.period_combo.clear()
        for p in every:
            if self.unit is not None:
                found = own.get(p)
                state = found.status if found is not None else "not started"
            else:
                state = "whole area"
            self.period_combo.addItem(f"{p} · {state}", p)
        if self.period and self.period not in every:
            self.period_combo.addItem(f"{self.period} · not started", self.period)
        if self.period_combo.count() == 0:
            self.period_combo.addItem("No assessments yet", "")
        index = self.period_combo.findData(self.period or "")
        self.period_combo.setCurrentIndex(max(index, 0))
        self.period_combo.setEnabled(bool(every))

    def _show_headings(self, area: Area) -> None:
        demo = " · demo data" if area.is_demo else ""
        if self.unit is None:
            self.heading.setText(area.name)
            self.subheading.setText(
                f"The maturity of every {area.partnership_label} of the area: see Heat map and "
                f"Trend. Choose {with_article(area.partnership_label)} on the left to score it."
                f"{demo}"
            )
            return
        kind = area.subunit_label if self.unit.is_subunit else area.partnership_label
        framework = ""
        if self.current is not None:
            fw = self.current.framework
            framework = f" · {fw.name}, version {fw.version}"
        self.heading.setText(self.unit.name)
        self.subheading.setText(f"{kind} in {area.name}{framework}{demo}")

    def _editable(self) -> bool:
        return self.current is not None and not self.current.info.is_complete and not self.read_only

    def _show_scoring(self) -> None:
        unit, current = self.unit, self.current
        if unit is None:
            self.scoring.show_none(
                "Choose a partnership on the left to score it. Heat map and Trend show the "
                "whole area."
            )
            return
        if current is None:
            if self.period:
                self.scoring.show_none(
                    f"{unit.name} has no assessment for {self.period}.",
                    f"&Start the {self.period} assessment…",
                )
            else:
                self.scoring.show_none(
                    f"{unit.name} has not been assessed yet.", "&Start an assessment…"
                )
            return
        fw = current.framework
        done = len(current.assessed())
        if current.info.is_complete:
            when = current.info.completed_at
            banner = (
                f"Complete{f' (marked on {fmt.day(when.date())})' if when else ''}: "
                f"{done} of {len(fw.scored)} dimensions agreed. Reopen it to change anything."
            )
        else:
            banner = (
                f"In progress: {done} of {len(fw.scored)} dimensions have an agreed level. "
                "Everything is saved as you go; mark it complete when every dimension is agreed."
            )
        if self.read_only:
            banner += " (Another task is writing: changes wait until it has finished.)"
        self.scoring.show_assessment(current, self._editable(), banner)

    def _enable_tabs(self) -> None:
        """Scoring, Radar and Gaps need a partnership: with only an area chosen, show the heat
        map, and go back to the tab that was open when a partnership is chosen again."""
        has_unit = self.unit is not None
        if not has_unit and self.tabs.currentIndex() in ONE_PARTNERSHIP:
            self._left_tab = self.tabs.currentIndex()
            self.tabs.setCurrentIndex(HEAT_MAP)
        for index in ONE_PARTNERSHIP:
            self.tabs.setTabEnabled(index, has_unit)
        if has_unit and self._left_tab is not None:
            if self.tabs.currentIndex() == HEAT_MAP:
                self.tabs.setCurrentIndex(self._left_tab)
            self._left_tab = None

    def _refresh_tab(self, index: int) -> None:
        if index not in self._stale:
            return
        self._stale.discard(index)
        area, unit, current = self.area, self.unit, self.current
        none = (
            f"{unit.name} has no assessment for {self.period}."
            if unit is not None and self.period
            else "Nothing assessed yet."
        )
        views, reader = self.views, self.tab_readers.get(index)
        if index == RADAR and reader is not None:
            reader.read(
                lambda: views.radar(current.id) if current else None,
                lambda radar: self.radar.set_data(radar, none),
            )
        elif index == GAPS and reader is not None:
            standard = current.framework.standard.name if current else "the standard"
            reader.read(
                lambda: views.gaps(current.id) if current else [],
                lambda rows: self.gaps.set_gaps(rows, standard, "" if current else none),
            )
        elif index in (HEAT_MAP, TREND) and area is not None and reader is not None:
            key, period = self._frameworks.get(area.id), self.period
            if index == HEAT_MAP:
                reader.read(lambda: read_heat_map(views, area.id, period, key), self._show_heat)
            else:
                unit_id = unit.id if unit else None
                reader.read(
                    lambda: views.trend(area.id, unit_id, key),
                    lambda trend: self.trend.set_data(
                        trend, f"No {area.partnership_label} has been assessed yet."
                    ),
                )

    def _show_heat(self, found: tuple[list[tuple[str, str]], HeatMapData | None]) -> None:
        if self.area is None:
            return
        keys, heat = found
        self.heat_map.set_frameworks(keys, self._frameworks.get(self.area.id))
        self.heat_map.set_data(
            heat, f"No {self.area.partnership_label} of {self.area.name} has been assessed yet."
        )

    def _update_actions(self) -> None:
        acts = self.actions_by_name
        writable = not self.read_only
        current = self.current
        complete = current is not None and current.info.is_complete
        acts["new"].setEnabled(writable and self.unit is not None)
        acts["complete"].setEnabled(writable and current is not None and not complete)
        acts["reopen"].setEnabled(writable and complete)
        acts["delete"].setEnabled(writable and current is not None)
        acts["complete"].setVisible(not complete)
        acts["reopen"].setVisible(complete)

    # ------------------------------------------------------------------ slots

    def _on_period_chosen(self, index: int) -> None:
        value = self.period_combo.itemData(index)
        if value and self.area is not None and value != self.period:
            self.edits.flush_notes()
            self.choose_period(str(value))
            self.refresh()

    def _on_tab(self, index: int) -> None:
        self.edits.flush_notes()
        self._refresh_tab(index)

    def _on_framework_chosen(self, key: str) -> None:
        if self.area is not None and key:
            self._frameworks[self.area.id] = key
            self._stale.update({HEAT_MAP, TREND})
            self._refresh_tab(self.tabs.currentIndex())

    def _open_partnership(self, partnership_id: int) -> None:
        if self.area is not None:
            self.context.navigate(self.area.id, partnership_id)
            self.tabs.setCurrentIndex(SCORING)
