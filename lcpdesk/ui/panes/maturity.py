"""The Maturity pane: score a partnership's self-assessment against its framework, and see
every partnership's maturity (radar, gaps, heat map, trend).

The navigator chooses the area or partnership; the Period box chooses the period. Scoring,
Radar and Gaps are about one partnership's assessment for that period; Heat map and Trend
about the whole area.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import ClassVar

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QHideEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lcpdesk.domain import periods as period_rules
from lcpdesk.domain.model import Area, Partnership
from lcpdesk.domain.scoring import Assessment
from lcpdesk.services.maturity import MaturityService
from lcpdesk.services.maturity_views import MaturityViews
from lcpdesk.services.membership import MembershipService
from lcpdesk.ui import formatting as fmt
from lcpdesk.ui.panes.base import Pane, PaneContext
from lcpdesk.ui.panes.maturity_charts import HeatMapPanel, radar_panel, trend_panel
from lcpdesk.ui.panes.maturity_edits import MaturityEdits
from lcpdesk.ui.panes.maturity_gaps import GapsPanel
from lcpdesk.ui.panes.maturity_scoring import ScoringPanel
from lcpdesk.ui.widgets import button_for, make_action

SCORING, RADAR, GAPS, HEAT_MAP, TREND = range(5)
ONE_PARTNERSHIP = (SCORING, RADAR, GAPS)


def with_article(noun: str) -> str:
    """'an LCP', 'a Locality': by sound, so an initialism like LCP takes 'an'."""
    sounds_vowel = noun[:1].upper() in "AEIOU" or (
        noun.isupper() and noun[:1] in "FHLMNRSX"  # ef, aitch, el, em, en, ar, es, ex
    )
    return f"{'an' if sounds_vowel else 'a'} {noun}"


def file_stem(*parts: str) -> str:
    """A file name from words: '2019/20 Q2' must not make a folder."""
    return re.sub(r"[\\/:*?\"<>|]+", "-", " ".join(p for p in parts if p)).strip()


class MaturityPane(Pane):
    title: ClassVar[str] = "Maturity"
    key: ClassVar[str] = "maturity"

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.service = MaturityService(context.store)
        self.views = MaturityViews(self.service)
        self.members = MembershipService(context.store)
        self.area: Area | None = None
        self.unit: Partnership | None = None
        self.period: str | None = None
        self.current: Assessment | None = None
        self._chosen_periods: dict[int, str] = {}
        self._frameworks: dict[int, str] = {}  # area -> framework key for heat map and trend
        self._stale: set[int] = set()
        self._left_tab: int | None = None  # left for the heat map when only an area was chosen

        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setAccessibleName("Selected partnership")
        self.subheading = QLabel()
        self.subheading.setAccessibleName("Selection summary")
        self.subheading.setWordWrap(True)

        self.period_combo = QComboBox()
        self.period_combo.setAccessibleName("Period")
        self.period_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.period_combo.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        period_label = QLabel("&Period:")
        period_label.setBuddy(self.period_combo)
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
        self.buttons = {
            name: button_for(self.actions_by_name[name])
            for name in ("new", "complete", "reopen", "delete", "frameworks")
        }
        self.buttons["new"].setAccessibleName("New assessment")
        self.buttons["new"].setToolTip("Start an assessment of this partnership (Ctrl+N)")
        self.buttons["delete"].setAccessibleName("Delete assessment")
        self.buttons["delete"].setToolTip("Delete this assessment (Edit ▸ Undo brings it back)")
        for name in ("complete", "reopen"):  # one of the two is shown
            act, shown = self.actions_by_name[name], self.buttons[name]
            act.changed.connect(lambda a=act, b=shown: b.setVisible(a.isVisible()))
        tools = QHBoxLayout()  # narrow enough for a small screen at 200% (about 550 pixels)
        tools.addWidget(period_label)
        tools.addWidget(self.period_combo)
        for name in ("new", "complete", "reopen", "delete"):
            tools.addWidget(self.buttons[name])
        tools.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.buttons["frameworks"])

        self.scoring = ScoringPanel()
        self.radar = radar_panel(context.tasks, self._radar_stem)
        self.gaps = GapsPanel()
        self.heat_map = HeatMapPanel(context.tasks, self._area_stem("maturity heat map"))
        self.trend = trend_panel(context.tasks, self._area_stem("maturity trend"))
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Maturity views")
        for widget, text in (
            (self.scoring, "&Scoring"),
            (self.radar, "&Radar"),
            (self.gaps, "&Gaps"),
            (self.heat_map, "&Heat map"),
            (self.trend, "&Trend"),
        ):
            self.tabs.addTab(widget, text)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.subheading)
        layout.addLayout(tools)
        layout.addWidget(self.tabs, 1)

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
        area = self.selected_area(self.members.areas)
        if area is None:
            self._show_nothing()
            return
        self.area = area
        units = self.members.partnerships(area.id)
        self.unit = next((u for u in units if u.id == self.partnership_id), None)
        self._load_periods(area)
        self.current = (
            self.service.assessment_for(self.unit.id, self.period)
            if self.unit is not None and self.period
            else None
        )
        self._show_headings(area)
        self._show_scoring()
        self._stale = set(range(self.tabs.count()))
        self._enable_tabs()
        self._refresh_tab(self.tabs.currentIndex())
        self._update_actions()
        self.status_changed.emit(self.status_text())

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

    def _load_periods(self, area: Area) -> None:
        in_area = self.service.periods(area.id)
        own = {a.period: a for a in self.service.assessments(self.unit.id)} if self.unit else {}
        every = sorted(set(in_area) | set(own), key=period_rules.sort_key, reverse=True)
        chosen = self._chosen_periods.get(area.id)
        self.period = chosen if chosen in every else (every[0] if every else chosen)
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
        if index == RADAR:
            self.radar.set_data(self.views.radar(current.id) if current else None, none)
        elif index == GAPS:
            standard = current.framework.standard.name if current else "the standard"
            rows = self.views.gaps(current.id) if current else []
            self.gaps.set_gaps(rows, standard, "" if current else none)
        elif index == HEAT_MAP and area is not None:
            key = self._frameworks.get(area.id)
            self.heat_map.set_frameworks(self.views.framework_keys(area.id), key)
            heat = self.views.heat_map(area.id, self.period, key) if self.period else None
            self.heat_map.set_data(
                heat, f"No {area.partnership_label} of {area.name} has been assessed yet."
            )
        elif index == TREND and area is not None:
            key = self._frameworks.get(area.id)
            trend = self.views.trend(area.id, unit.id if unit else None, key)
            self.trend.set_data(trend, f"No {area.partnership_label} has been assessed yet.")

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

    def _radar_stem(self) -> str:
        unit = self.unit.name if self.unit else ""
        return file_stem(unit, "maturity radar", self.period or "")

    def _area_stem(self, what: str) -> Callable[[], str]:
        def stem() -> str:
            area = self.area.name if self.area else ""
            return file_stem(area, what, (self.period or "") if "heat" in what else "")

        return stem
