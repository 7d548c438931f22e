"""The selected goal in detail: what it is, its measures with progress, the selected measure's
run or XmR chart, and its milestones (overdue ones flagged)."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lcpdesk.domain import spc
from lcpdesk.domain.goals import TERMS, Goal, Measure, Milestone
from lcpdesk.ui import formatting as fmt
from lcpdesk.ui.chart_view import ChartView
from lcpdesk.ui.models.goals import measure_model, milestone_model, percent
from lcpdesk.ui.models.records import RecordFilterProxy
from lcpdesk.ui.tasks import TaskRunner
from lcpdesk.ui.widgets import button_row, table

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

RUN, XMR = "run", "xmr"
SIDE_BY_SIDE_EM = 60  # narrower than this, the chart goes beneath the measures


def facts_html(goal: Goal, today: dt.date) -> str:
    """One paragraph of what the goal is, for the detail panel."""
    parts = [TERMS.get(goal.term, goal.term), goal.priority_text]
    if goal.inequalities_focus:
        parts.append("health inequalities focus")
    if goal.cohorts:
        parts.append("cohorts: " + ", ".join(goal.cohorts))
    parts.append(f"owner: {goal.owner_name}" if goal.owner_name else "no owner yet")
    when = " – ".join(fmt.day(d) for d in (goal.start_date, goal.due_date) if d)
    if when:
        parts.append(f"{'from ' if goal.due_date is None else ''}{when}")
    lines = [html.escape(" · ".join(parts))]
    if goal.description:
        lines.append(html.escape(goal.description))
    if goal.dimensions:
        links = []
        for d in goal.dimensions:
            text = html.escape(d.name)
            if d.from_gap:
                source = f" in {d.assessment_period}" if d.assessment_period else ""
                text += f" <i>(made from the maturity gap found{html.escape(source)})</i>"
            links.append(text)
        lines.append("Maturity: " + "; ".join(links))
    late = goal.overdue_milestones(today)
    progress = percent(goal.progress)
    lines.append(
        f"Progress: <b>{progress}</b> ({html.escape(goal.progress_note())})"
        + (
            f" · <b>⚠ {len(late)} overdue milestone{'s' if len(late) != 1 else ''}</b>"
            if late
            else ""
        )
    )
    return "<br>".join(lines)


class WrappedLabel(QLabel):
    """A word-wrapped label that does not make its layout height-for-width (inside the
    pane's scroll area that would size the panel to its preferred height, not the space
    there is); :meth:`fit_height` keeps every line of it visible instead."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self._width = 0

    def hasHeightForWidth(self) -> bool:
        return False

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self._width:
            hint.setHeight(self.minimumHeight())
        return hint

    def fit_height(self, width: int) -> None:
        self._width = width
        self.setMinimumHeight(super().heightForWidth(width))
        self.updateGeometry()

    def setText(self, text: str) -> None:
        super().setText(text)
        if self._width:
            self.fit_height(self._width)


class GoalDetail(QWidget):
    """``measure_changed`` when the selected measure changes."""

    measure_changed = Signal()

    def __init__(
        self,
        tasks: TaskRunner,
        today: Callable[[], dt.date],
        actions: dict[str, QAction],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.today = today
        self.goal: Goal | None = None
        self.heading = WrappedLabel()
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName("Selected goal")
        self.facts = WrappedLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.facts.setAccessibleName("About the goal")

        self.measures = measure_model(self)
        self.measure_proxy = RecordFilterProxy(self)
        self.measure_proxy.setSourceModel(self.measures)
        self.measure_view: QTableView = table(self.measure_proxy, "Measures")
        self.milestones = milestone_model(today, self)
        self.milestone_proxy = RecordFilterProxy(self)
        self.milestone_proxy.setSourceModel(self.milestones)
        self.milestone_view: QTableView = table(self.milestone_proxy, "Milestones")
        for view in (self.measure_view, self.milestone_view):  # the name takes what is left
            header = view.horizontalHeader()
            header.setStretchLastSection(False)
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

        self.chart_kind = QComboBox()
        self.chart_kind.setAccessibleName("Chart")
        self.chart_kind.addItem("Run chart", RUN)
        self.chart_kind.addItem("XmR chart", XMR)
        chart_label = QLabel("C&hart:")
        chart_label.setBuddy(self.chart_kind)
        self.chart = ChartView(
            tasks, "Measure chart", empty_text="Choose a measure to see its readings charted."
        )
        chart_tools = QHBoxLayout()
        chart_tools.addWidget(chart_label)
        chart_tools.addWidget(self.chart_kind)
        chart_tools.addStretch(1)
        chart_tools.addWidget(self.chart.save_button)

        lists = QWidget()
        left = QVBoxLayout(lists)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self._caption("Measures"))
        left.addWidget(self.measure_view, 3)
        left.addLayout(
            button_row(
                actions["add_measure"],
                (actions["edit_measure"], "Edit…"),
                (actions["delete_measure"], "Delete"),
            )
        )
        left.addWidget(self._caption("Milestones"))
        left.addWidget(self.milestone_view, 2)
        left.addLayout(
            button_row(
                actions["add_milestone"],
                (actions["edit_milestone"], "Edit…"),
                actions["done_milestone"],
                (actions["delete_milestone"], "Delete"),
            )
        )
        charts = QWidget()
        right = QVBoxLayout(charts)
        right.setContentsMargins(0, 0, 0, 0)
        right.addLayout(chart_tools)
        right.addWidget(self.chart, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setAccessibleName("Measures and chart")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(lists)
        self.splitter.addWidget(charts)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.facts)
        layout.addWidget(self.splitter, 1)

        self.measure_view.selectionModel().selectionChanged.connect(self._on_measure)
        self.chart_kind.activated.connect(lambda _i: self._show_chart())
        self.set_goal(None)

    # ------------------------------------------------------------------ narrow windows

    def minimumSizeHint(self) -> QSize:
        """As narrow as the measures and milestones alone: below :data:`SIDE_BY_SIDE_EM` ems
        the chart goes beneath them instead of beside them."""
        hint = super().minimumSizeHint()
        widest = max(
            w.minimumSizeHint().width()
            for w in (self.splitter.widget(i) for i in range(self.splitter.count()))
            if w is not None
        )
        return QSize(widest, hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        for label in (self.heading, self.facts):
            label.fit_height(event.size().width())
        wide = event.size().width() >= self.fontMetrics().horizontalAdvance("M") * SIDE_BY_SIDE_EM
        wanted = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.splitter.orientation() != wanted:
            self.splitter.setOrientation(wanted)
        super().resizeEvent(event)

    @staticmethod
    def _caption(text: str) -> QLabel:
        label = QLabel(text)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        return label

    # ------------------------------------------------------------------ content

    def set_goal(self, goal: Goal | None, empty_text: str = "") -> None:
        keep_measure = self.selected_measure()
        keep_milestone = self.selected_milestone()
        same_goal = goal is not None and self.goal is not None and goal.id == self.goal.id
        self.goal = goal
        if goal is None:
            self.heading.setText(empty_text or "No goal selected")
            self.facts.setText("Choose a goal above to see its measures and milestones.")
            self.measures.set_records([])
            self.milestones.set_records([])
        else:
            self.heading.setText(goal.title)
            self.facts.setText(facts_html(goal, self.today()))
            self.measures.set_records(goal.measures)
            self.milestones.set_records(goal.milestones)
            for view in (self.measure_view, self.milestone_view):
                view.resizeColumnsToContents()
        if same_goal and keep_milestone is not None:
            self.select_milestone(keep_milestone.id)
        if same_goal and keep_measure is not None and self.select_measure(keep_measure.id):
            return
        if self.measure_proxy.rowCount():
            self.measure_view.selectRow(0)
        else:
            self._on_measure()

    def selected_measure(self) -> Measure | None:
        rows = self.measure_view.selectionModel().selectedRows()
        return self.measure_proxy.record_at(rows[0].row()) if rows else None

    def selected_milestone(self) -> Milestone | None:
        rows = self.milestone_view.selectionModel().selectedRows()
        return self.milestone_proxy.record_at(rows[0].row()) if rows else None

    def select_measure(self, measure_id: int) -> bool:
        row = self.measure_proxy.row_where(lambda m: m.id == measure_id)
        if row is None:
            return False
        self.measure_view.selectRow(row)
        self._on_measure()
        return True

    def select_milestone(self, milestone_id: int) -> bool:
        row = self.milestone_proxy.row_where(lambda m: m.id == milestone_id)
        if row is None:
            return False
        self.milestone_view.selectRow(row)
        return True

    # ------------------------------------------------------------------ the chart

    def _on_measure(self, *_args: object) -> None:
        measure = self.selected_measure()
        enough = measure is not None and len(measure.readings) >= spc.MIN_XMR_POINTS
        xmr_item = self.chart_kind.model().item(1)  # type: ignore[attr-defined]
        xmr_item.setEnabled(enough)
        xmr_item.setToolTip(
            "" if enough else f"An XmR chart needs at least {spc.MIN_XMR_POINTS} readings."
        )
        self.chart_kind.setCurrentIndex(1 if enough else 0)
        self._show_chart()
        self.measure_changed.emit()

    def _show_chart(self) -> None:
        measure = self.selected_measure()
        if measure is None:
            has = self.goal is not None and bool(self.goal.measures)
            self.chart.set_empty_text(
                "Choose a measure to see its readings charted."
                if has
                else "This goal has no measures yet: add one to chart its progress."
            )
            self.chart.show_chart(None, None)
            return
        kind = str(self.chart_kind.currentData())

        def build() -> object:
            from lcpdesk.charts.goals import measure_chart

            return measure_chart(measure, kind)

        self.chart.show_chart((measure, kind), build, f"{measure.name} {kind}")
