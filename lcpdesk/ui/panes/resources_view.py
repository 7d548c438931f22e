"""The Resources pane's layout: its widgets, built and arranged in one place.

What they do (reading allocations, filtering, editing) is in
:mod:`lcpdesk.ui.panes.resources`, which subclasses this view.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lcpdesk.ui.models.records import RecordFilterProxy
from lcpdesk.ui.models.resources import AllocCol, allocation_model
from lcpdesk.ui.panes.base import Pane, PaneContext
from lcpdesk.ui.panes.resources_panels import PartnersPanel, TotalsPanel, WarningsPanel
from lcpdesk.ui.summary_strip import SummaryStrip
from lcpdesk.ui.widgets import LoadingNote, button_row, pane_heading, table


class ResourcesView(Pane):
    """Heading and the summary strip; the period and the filter; the allocations, totals,
    warnings and partners as tabs."""

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        em = self.fontMetrics().horizontalAdvance("M")
        self.heading = pane_heading("Resources of")
        self.subheading = QLabel()
        self.subheading.setAccessibleName("Selection summary")
        self.summary = SummaryStrip("Totals by kind of resource")
        self.loading_note = LoadingNote.over(self)

        self.period_combo = QComboBox()
        self.period_combo.setAccessibleName("Period")
        self.period_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.period_label = QLabel("&Period:")
        self.period_label.setBuddy(self.period_combo)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Partner, goal or notes")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter allocations")
        self.filter_edit.setMinimumWidth(em * 12)
        self.filter_label = QLabel("&Filter:")
        self.filter_label.setBuddy(self.filter_edit)
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Allocation count")

        self.model = allocation_model(self)
        self.proxy = RecordFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = table(self.proxy, "Allocations")
        self.table.sortByColumn(AllocCol.PERIOD, Qt.SortOrder.AscendingOrder)
        self.totals = TotalsPanel(context.tasks)
        self.tabs = QTabWidget()

    def arrange(self, actions: dict[str, QAction]) -> None:
        """Build the panels that hold ``actions`` and lay everything out."""
        self.warnings_panel = WarningsPanel(actions["floor"])
        self.partners_panel = PartnersPanel(actions)
        allocations = QWidget()
        column = QVBoxLayout(allocations)
        column.addWidget(self.table, 1)
        column.addLayout(
            button_row(
                actions["add"],
                (actions["edit"], "&Edit…"),
                (actions["delete"], "&Delete"),
                None,
                (actions["roll"], "R&oll forward…"),
            )
        )
        self.tabs.setAccessibleName("Resources views")
        self.tabs.tabBar().setAccessibleName("Resources view tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(allocations, "&Allocations")
        self.tabs.addTab(self.totals, "&Totals")
        self.tabs.addTab(self.warnings_panel, "&Warnings")
        self.tabs.addTab(self.partners_panel, "Pa&rtners")

        tools = QHBoxLayout()
        tools.addWidget(self.period_label)
        tools.addWidget(self.period_combo)
        tools.addSpacing(self.fontMetrics().horizontalAdvance("M"))
        tools.addWidget(self.filter_label)
        tools.addWidget(self.filter_edit, 2)
        tools.addStretch(1)
        tools.addWidget(self.count_label)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addWidget(self.summary)
        layout.addLayout(tools)
        layout.addWidget(self.tabs, 1)
