"""The area table with its footnote and the split practices, beneath the practice list."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from lcpdesk.domain.model import AreaTable, AreaTableRow
from lcpdesk.ui import formatting as fmt
from lcpdesk.ui.models import RECORD_ROLE
from lcpdesk.ui.models.area_table import AreaCol, AreaTableModel
from lcpdesk.ui.widgets import read_only_table


def footnote(table: AreaTable) -> str:
    """The counting convention and the source, as the published table states them."""
    label = table.area.partnership_label
    source = (
        f"Population source: GP registrations, {fmt.month(table.extract_date)}."
        if table.extract_date is not None
        else "No list sizes are held for this area yet."
    )
    return (
        f"{source} Only practices wholly within one {label} are counted; practices with "
        f"branches in more than one {label} are split and listed separately below, not "
        f"counted. Footprint: registered patients of the counted practices who live in the "
        f"{label}'s LSOAs."
    )


def split_list_html(table: AreaTable) -> str:
    label = html.escape(table.area.partnership_label)
    if not table.split_practices:
        return f"<p><b>Split practices:</b> none — every practice is within one {label}.</p>"
    items = "".join(
        f"<li>{html.escape(s.code)} {html.escape(s.name)} — "
        f"{html.escape(', '.join(s.partnerships))}"
        f"{'' if s.list_size is None else f' ({s.list_size:,} patients)'}</li>"
        for s in table.split_practices
    )
    return f"<p><b>Split practices (not counted):</b></p><ul>{items}</ul>"


class AreaTablePanel(QWidget):
    """``partnership_activated(id)`` when a row is double-clicked or Enter is pressed on it."""

    partnership_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = AreaTableModel(self)
        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.view = read_only_table(self.model, "Area table: membership and footprint populations")
        self.view.setSortingEnabled(False)  # the published layout is the point
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(AreaCol.NAME, QHeaderView.ResizeMode.Stretch)
        # Fixed widths from the font (not ResizeToContents: that measures every row, 1,250
        # of them for a national area, at every layout).
        for col in (AreaCol.MEMBERSHIP, AreaCol.FOOTPRINT):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
        self.view.activated.connect(self._on_activated)

        self.notes = QTextBrowser()
        self.notes.setAccessibleName("Notes to the area table and split practices")
        self.notes.setOpenLinks(False)
        self.notes.setTabChangesFocus(True)
        self.notes.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.notes.viewport().setAutoFillBackground(False)

        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.heading)
        left.addWidget(self.view, 1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(left, 1)
        row.addWidget(self.notes, 1)

    def set_table(self, table: AreaTable | None, selected_partnership: int | None) -> None:
        self.model.set_table(table)
        self._size_figure_columns()
        if table is None:
            self.heading.setText("")
            self.notes.setHtml("")
            return
        when = f", {fmt.month(table.extract_date)}" if table.extract_date else ""
        self.heading.setText(
            f"{table.area.name}: populations by {table.area.partnership_label}{when}"
        )
        self.notes.setHtml(f"<p>{html.escape(footnote(table))}</p>{split_list_html(table)}")
        row = self.model.row_of(selected_partnership) if selected_partnership else None
        if row is not None:
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))
        else:
            self.view.clearSelection()

    def _size_figure_columns(self) -> None:
        """Wide enough for the column's title and for the widest figure (the Total's)."""
        header = self.view.horizontalHeader()
        metrics = self.view.fontMetrics()
        bold = header.fontMetrics()
        em = metrics.horizontalAdvance("M")
        last = self.model.rowCount() - 1
        for col in (AreaCol.MEMBERSHIP, AreaCol.FOOTPRINT):
            title = str(self.model.headerData(col, Qt.Orientation.Horizontal) or "")
            figure = str(self.model.index(last, col).data() or "") if last >= 0 else ""
            wide = max(
                max((bold.horizontalAdvance(t) for t in title.split("\n")), default=0),
                metrics.horizontalAdvance(figure) * 11 // 10,
                metrics.horizontalAdvance("8,888,888"),
            )
            header.resizeSection(col, wide + 2 * em)

    def _on_activated(self, index: QModelIndex) -> None:
        record = index.data(RECORD_ROLE)
        if isinstance(record, AreaTableRow):
            self.partnership_activated.emit(record.partnership_id)

    def notes_text(self) -> str:
        return self.notes.toPlainText()
