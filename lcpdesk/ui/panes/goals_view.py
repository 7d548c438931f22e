"""The Goals pane's layout: its widgets, built and arranged in one place.

What they do (reading goals, filtering, editing) is in :mod:`lcpdesk.ui.panes.goals`, which
subclasses this view.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFrame,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from lcpdesk import clock
from lcpdesk.ui.models.goals import GoalCol, goal_model
from lcpdesk.ui.models.records import RecordFilterProxy
from lcpdesk.ui.panes.base import Pane, PaneContext
from lcpdesk.ui.panes.goal_detail import GoalDetail
from lcpdesk.ui.panes.goal_filters import GoalFilters
from lcpdesk.ui.summary_strip import SummaryStrip
from lcpdesk.ui.widgets import LoadingNote, button_row, pane_heading, table


class GoalsView(Pane):
    """Heading and the summary strip; the filters, the goals table and its buttons; beneath,
    the selected goal (measures, chart, milestones), scrolling on a short screen."""

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.heading = pane_heading("Goals of")
        self.subheading = QLabel()
        self.subheading.setAccessibleName("Selection summary")
        self.summary = SummaryStrip("Goals by RAG status and priority")
        self.loading_note = LoadingNote.over(self)

        self.filters = GoalFilters()
        # The filter controls by name, for keyboard shortcuts and tests.
        self.filter_edit = self.filters.text
        self.priority_filter, self.status_filter = self.filters.priority, self.filters.status
        self.owner_filter, self.cohort_filter = self.filters.owner, self.filters.cohort
        self.count_label = self.filters.count

        self.model = goal_model(self.today, self)
        self.proxy = RecordFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = table(self.proxy, "Goals")
        self.table.sortByColumn(GoalCol.STATUS, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(GoalCol.GOAL, QHeaderView.ResizeMode.Stretch)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.detail_scroll = QScrollArea()

    @staticmethod
    def today() -> dt.date:
        return clock.today()

    def arrange(self, actions: dict[str, QAction]) -> None:
        """Build the selected goal's detail (its buttons are ``actions``) and lay out."""
        self.detail = GoalDetail(self.context.tasks, self.today, actions)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.filters)
        top_layout.addWidget(self.table, 1)
        top_layout.addLayout(button_row(actions["add"], actions["edit"], actions["delete"]))
        self.splitter.setAccessibleName("Goals and the selected goal")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        # On a short screen the selected goal's detail scrolls rather than squeezing the goals.
        self.detail_scroll.setAccessibleName("The selected goal")
        self.detail_scroll.setWidget(self.detail)
        self.detail_scroll.setWidgetResizable(True)
        self.detail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.splitter.addWidget(self.detail_scroll)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addWidget(self.summary)
        layout.addWidget(self.splitter, 1)
