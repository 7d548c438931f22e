"""The flow matrix beside the area table: where each partnership's registered patients live."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from lcpdesk.services.populations import FlowTable
from lcpdesk.ui import formatting as fmt
from lcpdesk.ui.models.flow_matrix import FlowMatrixModel, Totals
from lcpdesk.ui.widgets import read_only_table


def explanation(table: FlowTable) -> str:
    """What the matrix shows, or how to get the data it needs."""
    label = table.area.partnership_label
    if table.extract_date is None:
        return (
            "No list sizes are held for this area yet, so there is no extract to show. Import "
            "NHS Digital's gp-reg-pat-prac-all.csv and gp-reg-pat-prac-lsoa-all.csv for the "
            f"same month, and the {label} footprint definitions, with File ▸ Import files…"
        )
    if not table.has_data:
        when = f" at {fmt.day(table.extract_date)}" if table.extract_date else ""
        return (
            f"No patients-by-practice-and-LSOA data is held{when}, so the matrix cannot be "
            "filled. To fill it, import NHS Digital's gp-reg-pat-prac-lsoa-all.csv for this "
            f"extract and the {label} footprint definitions (LSOA code, {label}) with "
            "File ▸ Import files…"
        )
    beside = sum(table.beside)
    return (
        f"Rows: patients registered at each {label}'s counted practices (split practices are "
        f"not counted). Columns: the {label} whose footprint they live in. Row totals are the "
        f"membership populations by registrations; the Total row gives the footprint "
        f"populations. {fmt.count(beside)} residents of the footprints are registered at "
        "practices outside the counted set (last row): reported beside the matrix, not in it."
    )


class FlowMatrixPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = FlowMatrixModel(self)
        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.view = read_only_table(self.model, "Flow matrix: registered-in by resident-in")
        self.view.setSelectionBehavior(self.view.SelectionBehavior.SelectItems)
        self.view.setSortingEnabled(False)  # the layout (diagonal, totals) is the point
        # Sizes come from the font and the names, never from measuring cells: a national
        # area's matrix has some 1.5 million of them.
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom)
        # The partnerships' names in the vertical header stay in view while the matrix
        # scrolls sideways (18 or more columns do not fit).
        rows = self.view.verticalHeader()
        rows.show()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.view.setCornerButtonEnabled(False)
        self.view.setToolTip(
            "Rows: where patients are registered. Columns: where they live. "
            "Bold on the diagonal: registered and living in the same partnership."
        )
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setAccessibleName("About the flow matrix")
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.note)

    def set_table(self, table: FlowTable | None, totals: Totals | None = None) -> None:
        self.model.set_table(table, totals)
        self._size_columns()
        if table is None:
            self.heading.setText("")
            self.note.setText("")
            return
        when = f", {fmt.month(table.extract_date)}" if table.extract_date else ""
        label = fmt.plural_of(table.area.partnership_label)
        self.heading.setText(
            f"{table.area.name}: where the patients of each {table.area.partnership_label} "
            f"live, registered-in × resident-in {label}{when}"
        )
        self.note.setText(explanation(table))

    def _size_columns(self) -> None:
        """One width for every column: the widest figure or header line, within 14 ems."""
        metrics = self.view.fontMetrics()
        em = metrics.horizontalAdvance("M")
        widest = metrics.horizontalAdvance("8,888,888")
        model = self.model
        for column in range(model.columnCount()):
            for line in str(model.headerData(column, Qt.Orientation.Horizontal)).split("\n"):
                widest = max(widest, metrics.horizontalAdvance(line))
        header = self.view.horizontalHeader()
        header.setDefaultSectionSize(min(widest, 14 * em) + em)

    def note_text(self) -> str:
        return self.note.text()
