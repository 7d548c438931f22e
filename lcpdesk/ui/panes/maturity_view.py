"""The Maturity pane's layout: its widgets, built and arranged in one place.

What they do (reading assessments, scoring, reacting) is in :mod:`lcpdesk.ui.panes.maturity`,
which subclasses this view.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lcpdesk.domain.model import Area, Partnership
from lcpdesk.ui.panes.base import Pane, PaneContext
from lcpdesk.ui.panes.maturity_charts import HeatMapPanel, radar_panel, trend_panel
from lcpdesk.ui.panes.maturity_gaps import GapsPanel
from lcpdesk.ui.panes.maturity_scoring import ScoringPanel
from lcpdesk.ui.widgets import LoadingNote, button_for, pane_heading

SCORING, RADAR, GAPS, HEAT_MAP, TREND = range(5)
ONE_PARTNERSHIP = (SCORING, RADAR, GAPS)


def file_stem(*parts: str) -> str:
    """A file name from words: '2019/20 Q2' must not make a folder."""
    return re.sub(r"[\\/:*?\"<>|]+", "-", " ".join(p for p in parts if p)).strip()


class MaturityView(Pane):
    """Heading and Frameworks…; the period and the assessment's buttons; the five views as
    tabs (Scoring, Radar, Gaps about one partnership; Heat map, Trend about the area)."""

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.area: Area | None = None
        self.unit: Partnership | None = None
        self.period: str | None = None
        self.heading = pane_heading("Selected partnership")
        self.subheading = QLabel()
        self.subheading.setAccessibleName("Selection summary")
        self.subheading.setWordWrap(True)
        self.loading_note = LoadingNote.over(self)

        self.period_combo = QComboBox()
        self.period_combo.setAccessibleName("Period")
        self.period_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.period_combo.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.period_label = QLabel("&Period:")
        self.period_label.setBuddy(self.period_combo)

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
        self.buttons: dict[str, QPushButton] = {}

    def arrange(self, actions: dict[str, QAction]) -> None:
        """Lay the widgets out, with buttons for the assessment's ``actions``."""
        self.buttons = {
            name: button_for(actions[name])
            for name in ("new", "complete", "reopen", "delete", "frameworks")
        }
        self.buttons["new"].setAccessibleName("New assessment")
        self.buttons["new"].setToolTip("Start an assessment of this partnership (Ctrl+N)")
        self.buttons["delete"].setAccessibleName("Delete assessment")
        self.buttons["delete"].setToolTip("Delete this assessment (Edit ▸ Undo brings it back)")
        for name in ("complete", "reopen"):  # one of the two is shown
            act, shown = actions[name], self.buttons[name]
            act.changed.connect(lambda a=act, b=shown: b.setVisible(a.isVisible()))
        tools = QHBoxLayout()  # narrow enough for a small screen at 200% (about 550 pixels)
        tools.addWidget(self.period_label)
        tools.addWidget(self.period_combo)
        for name in ("new", "complete", "reopen", "delete"):
            tools.addWidget(self.buttons[name])
        tools.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.buttons["frameworks"])

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.subheading)
        layout.addLayout(tools)
        layout.addWidget(self.tabs, 1)

    def _radar_stem(self) -> str:
        unit = self.unit.name if self.unit else ""
        return file_stem(unit, "maturity radar", self.period or "")

    def _area_stem(self, what: str) -> Callable[[], str]:
        def stem() -> str:
            area = self.area.name if self.area else ""
            return file_stem(area, what, (self.period or "") if "heat" in what else "")

        return stem
