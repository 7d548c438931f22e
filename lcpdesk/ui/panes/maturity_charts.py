"""The Maturity pane's charts in the window: radar, heat map (with a table view), trend.

Each is a :class:`lcpdesk.ui.chart_view.ChartView`: the figure is built and drawn in a worker,
only when the chart is on screen (data that arrives while it is hidden waits for it to be
shown), and an answer for data the pane has since left is dropped. Save chart… writes PNG,
SVG or PDF from a fresh figure in a worker, so the window never waits for it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from lcpdesk.domain.maturity_views import MAX_HEAT_MAP_ROWS, HeatMapData, HeatRow
from lcpdesk.ui.chart_picture import natural_min_size
from lcpdesk.ui.chart_view import ChartView, MinSize
from lcpdesk.ui.models import RECORD_ROLE
from lcpdesk.ui.models.maturity import (
    heat_columns,
    sort_in_source_order,
    sorting_proxy,
)
from lcpdesk.ui.models.records import RecordTableModel
from lcpdesk.ui.tasks import TaskRunner
from lcpdesk.ui.widgets import read_only_table

NOTHING_YET = "Nothing to show yet."


def _heat_map(data: Any) -> Any:
    from lcpdesk.charts.maturity import heat_map_figure

    return heat_map_figure(data)


def _radar(data: Any) -> Any:
    from lcpdesk.charts.maturity import radar_figure

    return radar_figure(data)


def _trend(data: Any) -> Any:
    from lcpdesk.charts.maturity import trend_figure

    return trend_figure(data)


class ChartPanel(ChartView):
    """A chart drawn from data by ``make_figure``, with a tool row holding Save chart…"""

    def __init__(
        self,
        name: str,
        make_figure: Callable[[Any], Any],
        tasks: TaskRunner,
        file_stem: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tasks, name, empty_text=NOTHING_YET, parent=parent)
        self.name = name
        self.make_figure = make_figure
        self.file_stem = file_stem
        self.data: Any = None
        self.message = self.placeholder
        self.save_button.setText("Save &chart…")
        self.tools = QHBoxLayout()
        self.tools.addStretch(1)
        self.tools.addWidget(self.save_button)
        self._layout.insertLayout(0, self.tools)

    def set_data(self, data: Any, message: str = "") -> None:
        self.data = data
        self.set_empty_text(message)
        if data is None:
            self.show_chart(None, None)
            return
        self.show_chart(
            data,
            partial(self.make_figure, data),
            self.file_stem,
            savable=self.can_save(data),
            min_size=self.min_size(data),
        )

    def can_save(self, data: Any) -> bool:
        return True

    def min_size(self, data: Any) -> MinSize:
        """Smallest size (logical pixels) before the scroll bars appear."""
        return natural_min_size


def radar_panel(tasks: TaskRunner, file_stem: Callable[[], str]) -> ChartPanel:
    return ChartPanel("Radar", _radar, tasks, file_stem)


def trend_panel(tasks: TaskRunner, file_stem: Callable[[], str]) -> ChartPanel:
    return ChartPanel("Trend", _trend, tasks, file_stem)


class HeatMapPanel(ChartPanel):
    """The heat map as a chart or as a table (sortable; double-click opens a partnership)."""

    partnership_activated = Signal(int)
    framework_chosen = Signal(str)

    def __init__(
        self, tasks: TaskRunner, file_stem: Callable[[], str], parent: QWidget | None = None
    ) -> None:
        super().__init__("Heat map", _heat_map, tasks, file_stem, parent)
        self.model: RecordTableModel = RecordTableModel([], self)
        self.proxy = sorting_proxy(self.model, self)
        self.table = read_only_table(self.proxy, "Heat map table")
        sort_in_source_order(self.table)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.activated.connect(self._on_activated)  # double-click or Enter
        self.table_note = QLabel()
        self.table_note.setWordWrap(True)
        table_page = QWidget()
        table_layout = QVBoxLayout(table_page)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.table_note)
        table_layout.addWidget(self.table, 1)
        self.body.addWidget(table_page)
        self.table_page = table_page

        self.as_chart = QRadioButton("C&hart")
        self.as_table = QRadioButton("&Table")
        self.as_chart.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.as_chart)
        group.addButton(self.as_table)
        self.as_table.toggled.connect(lambda _on: self._on_shown_as())
        self.framework_combo = QComboBox()
        self.framework_combo.setAccessibleName("Heat map framework")
        self.framework_combo.activated.connect(
            lambda i: self.framework_chosen.emit(str(self.framework_combo.itemData(i)))
        )
        self.framework_label = QLabel("&Framework:")
        self.framework_label.setBuddy(self.framework_combo)
        show = QLabel("Show as:")
        for position, widget in enumerate(
            (show, self.as_chart, self.as_table, self.framework_label, self.framework_combo)
        ):
            self.tools.insertWidget(position, widget)

    def min_size(self, data: Any) -> MinSize:
        """Rows stay readable (two lines of small text) down to about 26 pixels each."""
        size = (180 + 95 * len(data.columns), 150 + 26 * len(data.rows))
        return lambda _figure: size

    def can_save(self, data: Any) -> bool:
        return len(data.rows) <= MAX_HEAT_MAP_ROWS

    def set_frameworks(self, choices: list[tuple[str, str]], current: str | None) -> None:
        self.framework_combo.clear()
        for key, name in choices:
            self.framework_combo.addItem(name, key)
            if key == current:
                self.framework_combo.setCurrentIndex(self.framework_combo.count() - 1)
        many = len(choices) > 1
        self.framework_combo.setVisible(many)
        self.framework_label.setVisible(many)

    def set_data(self, data: Any, message: str = "") -> None:
        too_many = isinstance(data, HeatMapData) and len(data.rows) > MAX_HEAT_MAP_ROWS
        if too_many:  # hundreds of rows would make an unreadable picture: the table reads
            self.as_table.setChecked(True)
        self.as_chart.setEnabled(not too_many)
        self.as_chart.setToolTip(
            f"More than {MAX_HEAT_MAP_ROWS} rows: shown as a table" if too_many else ""
        )
        if isinstance(data, HeatMapData):
            self.model.set_columns(heat_columns(data))
            self.model.set_records(data.rows)
            self.table.resizeColumnsToContents()
            standard = data.level_names[data.standard_rank - 1]
            self.table_note.setText(
                f"{data.title} · {data.framework}. Bold: at or above {standard}. "
                "Double-click a row to open its assessment."
            )
        else:
            self.model.set_records([])
        super().set_data(data, message)

    def can_draw(self) -> bool:
        return super().can_draw() and not self.as_table.isChecked()

    def _show_page(self) -> None:
        if self.data is not None and self.as_table.isChecked():
            self.body.setCurrentWidget(self.table_page)
        else:
            super()._show_page()

    def _on_shown_as(self) -> None:
        self._show_page()
        self._draw_if_due()

    def _on_activated(self, index: QModelIndex) -> None:
        row = index.data(RECORD_ROLE)
        if isinstance(row, HeatRow):
            self.partnership_activated.emit(row.partnership_id)
