"""Scoring one assessment: its dimensions with the raters' spread beside the agreed level, its
raters, and the detail of the dimension selected. When the partnership has no assessment for
the period, a page offers to start one."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from lcpdesk.domain.scoring import Assessment, Rater
from lcpdesk.ui.models import RECORD_ROLE
from lcpdesk.ui.models.maturity import (
    RaterRow,
    ScoringCol,
    ScoringRow,
    rater_columns,
    rater_rows,
    scoring_columns,
    scoring_rows,
    sort_in_source_order,
    sorting_proxy,
)
from lcpdesk.ui.models.records import RecordTableModel
from lcpdesk.ui.panes.maturity_detail import DetailEditor
from lcpdesk.ui.widgets import button_for, make_action, read_only_table


class ScoringPanel(QWidget):
    start_requested = Signal()
    # Notes left unsaved when the detail moved to another dimension: ((assessment id,
    # dimension id), (evidence, links, next steps)), for the pane to save.
    notes_left = Signal(object)
    add_rater_requested = Signal()
    edit_rater_requested = Signal(object)  # Rater
    remove_rater_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Scoring")
        self.current: Assessment | None = None
        self.editable = False

        # No assessment yet.
        self.empty_text = QLabel()
        self.empty_text.setWordWrap(True)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_text.setAccessibleName("Scoring: message")
        self.start_button = QPushButton()
        self.start_button.clicked.connect(self.start_requested)
        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_text)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.start_button)
        row.addStretch(1)
        empty_layout.addLayout(row)
        empty_layout.addStretch(2)

        # The assessment.
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("Assessment state")
        self.model: RecordTableModel = RecordTableModel(scoring_columns(), self)
        self.proxy = sorting_proxy(self.model, self)
        self.table = read_only_table(self.proxy, "Dimensions")
        sort_in_source_order(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ScoringCol.DIMENSION, QHeaderView.ResizeMode.Stretch)

        self.rater_model: RecordTableModel = RecordTableModel(rater_columns(), self)
        self.rater_proxy = sorting_proxy(self.rater_model, self)
        self.raters = read_only_table(self.rater_proxy, "Raters")
        self.raters.horizontalHeader().setStretchLastSection(True)
        self.rater_actions = {
            "add": make_action(self, "Add &rater…", self.add_rater_requested.emit),
            "edit": make_action(self, "Ed&it rater…", self._edit_rater, on=self.raters),
            "remove": make_action(self, "Remo&ve rater", self._remove_rater, on=self.raters),
        }
        self.raters.doubleClicked.connect(lambda _i: self._edit_rater())
        rater_buttons = QHBoxLayout()
        for act in self.rater_actions.values():
            rater_buttons.addWidget(button_for(act))
        rater_buttons.addStretch(1)
        raters_box = QWidget()
        raters_layout = QVBoxLayout(raters_box)
        raters_layout.setContentsMargins(0, 0, 0, 0)
        raters_title = QLabel("<b>Raters</b> (partner representatives who score independently)")
        raters_layout.addWidget(raters_title)
        raters_layout.addWidget(self.raters, 1)
        raters_layout.addLayout(rater_buttons)

        self.detail = DetailEditor()
        detail_scroll = QScrollArea()
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        detail_scroll.setWidget(self.detail)
        detail_scroll.setAccessibleName("Dimension detail")
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.setChildrenCollapsible(False)
        bottom.addWidget(raters_box)
        bottom.addWidget(detail_scroll)
        bottom.setStretchFactor(0, 2)
        bottom.setStretchFactor(1, 3)
        self.bottom_splitter = bottom
        # The dimensions across the whole width; below, the raters and the dimension chosen.
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setAccessibleName("Dimensions and detail")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.sized = False
        scoring = QWidget()
        scoring_layout = QVBoxLayout(scoring)
        scoring_layout.setContentsMargins(0, 0, 0, 0)
        scoring_layout.addWidget(self.banner)
        scoring_layout.addWidget(self.splitter, 1)

        self.stack = QStackedWidget()
        self.stack.addWidget(empty)
        self.stack.addWidget(scoring)
        self.empty_page, self.scoring_page = empty, scoring
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._on_row())
        self.raters.selectionModel().selectionChanged.connect(lambda *_a: self._update())
        self._update()

    # ------------------------------------------------------------------ what is shown

    def show_none(self, message: str, start_text: str = "") -> None:
        self.current = None
        self.detail.clear()
        self.model.set_records([])
        self.rater_model.set_records([])
        self.empty_text.setText(message)
        self.start_button.setText(start_text)
        self.start_button.setAccessibleName(start_text.replace("&", "").rstrip("…"))
        self.start_button.setVisible(bool(start_text))
        self.stack.setCurrentWidget(self.empty_page)
        self._update()

    def show_assessment(self, current: Assessment, editable: bool, banner: str) -> None:
        keep = self.selected_dimension_id()
        same = self.current is not None and self.current.id == current.id
        self.current, self.editable = current, editable
        self.banner.setText(banner)
        self.banner.setVisible(bool(banner))
        self.model.set_records(scoring_rows(current))
        self.rater_model.set_records(rater_rows(current))
        if not same or not self.table.columnWidth(ScoringCol.DIMENSION):
            self.table.resizeColumnsToContents()
            self.raters.resizeColumnsToContents()
        self.stack.setCurrentWidget(self.scoring_page)
        self._size_once()
        if not (keep is not None and same and self.select_dimension(keep)):
            self.table.selectRow(0)
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        self._on_row(changing=False)
        self._update()

    def selected_dimension_id(self) -> int | None:
        index = self.table.currentIndex()
        record = index.data(RECORD_ROLE) if index.isValid() else None
        return record.dimension.id if isinstance(record, ScoringRow) else None

    def select_dimension(self, dimension_id: int) -> bool:
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            if index.data(RECORD_ROLE).dimension.id == dimension_id:
                self.table.setCurrentIndex(index)
                self.table.selectRow(r)
                return True
        return False

    def selected_rater(self) -> Rater | None:
        rows = self.raters.selectionModel().selectedRows()
        record = rows[0].data(RECORD_ROLE) if rows else None
        return record.rater if isinstance(record, RaterRow) else None

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        if self.current is not None:
            self._on_row(changing=False)
        self._update()

    # ------------------------------------------------------------------ internals

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.current is not None:
            self._size_once()

    def _size_once(self) -> None:
        """Room for every dimension's row the first time (not after the user moved it)."""
        if self.sized or not self.isVisible():
            return
        self.sized = True
        rows = self.model.rowCount()
        wanted = (
            self.table.verticalHeader().defaultSectionSize() * (rows + 1)
            + self.table.horizontalHeader().sizeHint().height()
            + 2 * self.table.frameWidth()
        )
        total = sum(self.splitter.sizes())
        top = min(wanted, total * 3 // 5)
        self.splitter.setSizes([top, total - top])
        em = self.fontMetrics().horizontalAdvance("M")
        if self.table.columnWidth(ScoringCol.MEDIAN) > em * 14:
            self.table.setColumnWidth(ScoringCol.MEDIAN, em * 14)

    def _on_row(self, changing: bool = True) -> None:
        current = self.current
        dim_id = self.selected_dimension_id()
        if current is None or dim_id is None:
            return
        pending = None
        if changing and self.detail.key is not None and self.detail.key[1] != dim_id:
            pending = self.detail.take_pending()
        dim = current.framework.dimension(dim_id)
        if dim is not None:
            self.detail.load(current, dim, self.editable)
        if pending is not None:
            self.notes_left.emit(pending)

    def _update(self) -> None:
        has = self.current is not None and self.editable
        self.rater_actions["add"].setEnabled(has)
        chosen = self.selected_rater() is not None
        self.rater_actions["edit"].setEnabled(has and chosen)
        self.rater_actions["remove"].setEnabled(has and chosen)

    def _edit_rater(self) -> None:
        rater = self.selected_rater()
        if rater is not None and self.rater_actions["edit"].isEnabled():
            self.edit_rater_requested.emit(rater)

    def _remove_rater(self) -> None:
        rater = self.selected_rater()
        if rater is not None and self.rater_actions["remove"].isEnabled():
            self.remove_rater_requested.emit(rater)
