"""The Maturity pane's charts in the window: radar, heat map (with a table view), trend.

matplotlib is imported the first time a chart is drawn, never when the window opens (it
would add about a second to start-up). A chart is redrawn only when it is on screen; data
that arrives while it is hidden waits for it to be shown. Save chart… writes PNG or SVG from
a fresh figure in a worker, so the window never waits for it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from lcpdesk.domain.maturity_views import MAX_HEAT_MAP_ROWS, HeatMapData, HeatRow
from lcpdesk.ui import prompts
from lcpdesk.ui.models import RECORD_ROLE
from lcpdesk.ui.models.maturity import (
    heat_columns,
    sort_in_source_order,
    sorting_proxy,
)
from lcpdesk.ui.models.records import RecordTableModel
from lcpdesk.ui.tasks import CancelledFn, ProgressFn, TaskRunner
from lcpdesk.ui.widgets import read_only_table

DPI = 100  # the charts' figures are laid out at 100 dots per inch of the window


def _heat_map(data: Any) -> Any:
    from lcpdesk.charts.maturity import heat_map_figure

    return heat_map_figure(data)


def _radar(data: Any) -> Any:
    from lcpdesk.charts.maturity import radar_figure

    return radar_figure(data)


def _trend(data: Any) -> Any:
    from lcpdesk.charts.maturity import trend_figure

    return trend_figure(data)


class ChartPanel(QWidget):
    """A chart drawn from data by ``make_figure``, in a scroll area, with Save chart…"""

    def __init__(
        self,
        name: str,
        make_figure: Callable[[Any], Any],
        tasks: TaskRunner,
        file_stem: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.name = name
        self.make_figure = make_figure
        self.tasks = tasks
        self.file_stem = file_stem
        self.save_folder: Path | None = None
        self.data: Any = None
        self.figure: Any = None  # the figure on screen, once drawn
        self.canvas: QWidget | None = None
        self._dirty = False

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setAccessibleName(f"{name}: message")
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setAccessibleName(f"{name} chart")
        self.save_button = QPushButton("Save &chart…")
        self.save_button.setAccessibleName(f"Save {name.lower()} chart")
        self.save_button.setToolTip("Save as a PNG picture or an SVG drawing (sharp in reports)")
        self.save_button.clicked.connect(self.save)
        self.tools = QHBoxLayout()
        self.tools.addStretch(1)
        self.tools.addWidget(self.save_button)
        self.body = QStackedWidget()
        self.body.addWidget(self.scroll_area)
        self.body.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.tools)
        layout.addWidget(self.body, 1)
        self.message.setText("Nothing to show yet.")
        self.body.setCurrentWidget(self.message)
        self.save_button.setEnabled(False)

    # ------------------------------------------------------------------ data

    def set_data(self, data: Any, message: str = "") -> None:
        self.data = data
        self.save_button.setEnabled(data is not None and self.can_save(data))
        self.message.setText(message)
        self._dirty = data is not None
        self._show_body()

    def can_save(self, data: Any) -> bool:
        return True

    def _show_body(self) -> None:
        if self.data is None:
            self.body.setCurrentWidget(self.message)
            return
        self.body.setCurrentWidget(self.scroll_area)
        if self._dirty and self.isVisible():
            self.draw()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._show_body()

    def min_size(self, figure: Any) -> tuple[int, int]:
        """Smallest size (logical pixels) before the scroll bars appear."""
        width, height = figure.get_size_inches()
        return int(width * DPI * 0.8), int(height * DPI * 0.8)

    def draw(self) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        self._dirty = False
        figure = self.make_figure(self.data)
        width, height = self.min_size(figure)
        canvas = FigureCanvasQTAgg(figure)  # type: ignore[no-untyped-call]
        canvas.setMinimumSize(width, height)
        canvas.setAccessibleName(f"{self.name} chart")
        old = self.scroll_area.takeWidget()
        self.scroll_area.setWidget(canvas)
        if old is not None:
            old.deleteLater()
        self.figure, self.canvas = figure, canvas

    # ------------------------------------------------------------------ saving

    def save(self) -> None:
        if self.data is None:
            return
        folder = self.save_folder or Path.home()
        target = prompts.save_file(
            self,
            f"Save {self.name.lower()} chart",
            "PNG image (*.png);;SVG image (*.svg)",
            folder / f"{self.file_stem()}.png",
        )
        if target is None:
            return
        if not target.suffix:
            target = target.with_suffix(".png")
        self.save_folder = target.parent
        data, make = self.data, self.make_figure

        def work(_progress: ProgressFn, _cancelled: CancelledFn) -> object:
            from lcpdesk.charts.maturity import save_figure

            return save_figure(make(data), target)

        self.tasks.run(
            f"Saving the {self.name.lower()} chart",
            work,
            writes=False,
            on_success=lambda path: self.tasks.message.emit(f"Chart saved to {path}."),
            show_progress=False,
        )


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
        self.as_table.toggled.connect(lambda _on: self._show_body())
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

    def min_size(self, figure: Any) -> tuple[int, int]:
        """Rows stay readable (two lines of small text) down to about 26 pixels each."""
        rows, columns = len(self.data.rows), len(self.data.columns)
        return 180 + 95 * columns, 150 + 26 * rows

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

    def _show_body(self) -> None:
        if self.data is not None and self.as_table.isChecked():
            self.body.setCurrentWidget(self.table_page)
        else:
            super()._show_body()

    def _on_activated(self, index: QModelIndex) -> None:
        row = index.data(RECORD_ROLE)
        if isinstance(row, HeatRow):
            self.partnership_activated.emit(row.partnership_id)
