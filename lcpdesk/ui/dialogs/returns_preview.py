"""The Return preview dialog: what a return would add, change and remove in each section, and
every problem with its sheet and cell. Accept writes it (one undo step); Reject writes nothing
but the return's record."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lcpdesk.domain.returns import ReturnProblem
from lcpdesk.services.returns import ReturnPreview, Section
from lcpdesk.services.returns_plan import ADD, CHANGE, NOTE, REMOVE, Change
from lcpdesk.ui import table_tools
from lcpdesk.ui.models.records import Column, RecordFilterProxy, RecordTableModel

_ACTION = {ADD: "Add", CHANGE: "Change", REMOVE: "Remove", NOTE: "Note"}
_COLOURS = {
    ADD: ("#e6f4ea", "#0b5a1e"),
    CHANGE: ("#fff4ce", "#5c4400"),
    REMOVE: ("#fde7e9", "#8a1020"),
}


def _where(p: ReturnProblem) -> str:
    sheet, cell = p.where.sheet or "", p.where.cell or ""
    if sheet and cell:
        return f"{sheet}!{cell}"
    if sheet and p.where.line is not None:
        return f"{sheet}, row {p.where.line}"
    return sheet or (p.where.file or "")


def _count(action: str) -> Column:
    return Column(
        _ACTION[action],
        lambda s: str(s.count(action)),
        sort=lambda s: s.count(action),
        numeric=True,
    )


SECTION_COLUMNS = (
    Column("Section", lambda s: s.name),
    _count(ADD),
    _count(CHANGE),
    _count(REMOVE),
    _count(NOTE),
)
ROW_COLUMNS = (
    Column("Section", lambda r: r.section),
    Column("What", lambda r: _ACTION[r.action], colours=lambda r: _COLOURS.get(r.action)),
    Column("Detail", lambda r: r.text),
)
PROBLEM_COLUMNS = (
    Column("Where", _where),
    Column("Problem", lambda p: p.message, tooltip=lambda p: p.hint or None),
    Column("What to do", lambda p: p.hint),
)


def _table(model: RecordTableModel | RecordFilterProxy, name: str) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setSortingEnabled(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    table_tools.install(view)
    return view


class ReturnPreviewDialog(QDialog):
    """Shows one preview; says what the user chose through ``accepted_return`` or
    ``rejected_return`` and leaves the writing to its owner."""

    accepted_return = Signal(object)  # the ReturnPreview
    rejected_return = Signal(object)

    def __init__(self, preview: ReturnPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle("Return preview")
        self.setModal(False)
        self.resize(900, 620)
        c = preview.content
        who = f"{c.cover.partnership}, {c.cover.period}" if c is not None else "not readable"
        self.heading = QLabel(f"<b>{preview.file_name or 'Return'}</b> — {who}")
        self.summary = QLabel(self._summary_text())
        self.summary.setWordWrap(True)
        if preview.refused:
            self.summary.setStyleSheet("color: #8a1020; font-weight: bold")

        self.sections = RecordTableModel(SECTION_COLUMNS, self)
        self.sections.set_records(preview.sections)
        self.rows = RecordTableModel(ROW_COLUMNS, self)
        self.rows.set_records([r for s in preview.sections for r in s.rows])
        self.rows_proxy = RecordFilterProxy(self)
        self.rows_proxy.setSourceModel(self.rows)
        self.problems = RecordTableModel(PROBLEM_COLUMNS, self)
        self.problems.set_records(preview.problems)

        self.section_view = _table(self.sections, "Sections of the return")
        self.section_view.horizontalHeader().setStretchLastSection(False)
        rows = len(preview.sections) + 1
        self.section_view.setFixedHeight(
            rows * self.section_view.verticalHeader().defaultSectionSize() + 6
        )
        self.row_view = _table(self.rows_proxy, "What the return would change")
        self.problem_view = _table(self.problems, "Problems in the return")
        self.section_view.selectionModel().currentRowChanged.connect(self._section_chosen)
        for view in (self.section_view, self.row_view, self.problem_view):
            view.resizeColumnsToContents()

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.section_view)
        split.addWidget(self.row_view)
        split.addWidget(self.problem_view)
        self.problem_view.setVisible(preview.refused)
        self.row_view.setVisible(self.rows.rowCount() > 0 or not preview.refused)

        buttons = QDialogButtonBox()
        self.accept_button = QPushButton("Accept")
        self.accept_button.setEnabled(not preview.refused and not preview.is_empty)
        self.accept_button.setToolTip(
            "Write the return to the store as one step (Undo takes it back)"
        )
        self.reject_button = QPushButton("Refuse" if preview.refused else "Reject")
        self.reject_button.setToolTip("Write nothing but a record that the return was refused")
        buttons.addButton(self.accept_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.reject_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.accept_button.clicked.connect(self._accept)
        self.reject_button.clicked.connect(self._reject)
        self.close_button.clicked.connect(self.close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)

    def _summary_text(self) -> str:
        p = self.preview
        if p.refused:
            return (
                f"This return cannot be accepted: {len(p.problems)} problem(s), listed below with "
                "their sheet and cell. Correct the workbook and import it again, or refuse it."
            )
        if p.is_empty:
            return "Nothing would change: the store already holds everything this return says."
        total = {a: sum(s.count(a) for s in p.sections) for a in (ADD, CHANGE, REMOVE)}
        return (
            f"Accepting would add {total[ADD]}, change {total[CHANGE]} and remove "
            f"{total[REMOVE]} item(s), as one step that Undo takes back."
        )

    def _section_chosen(self, current: object, _previous: object) -> None:
        row = self.section_view.currentIndex().row()
        chosen: Section | None = self.sections.record(row) if row >= 0 else None
        name = chosen.name if chosen is not None else None
        self.rows_proxy.set_predicate(None if name is None else lambda r: r.section == name)

    def changes(self) -> list[Change]:
        return self.rows_proxy.records()

    def _accept(self) -> None:
        self.accept_button.setEnabled(False)
        self.reject_button.setEnabled(False)
        self.accepted_return.emit(self.preview)

    def _reject(self) -> None:
        self.accept_button.setEnabled(False)
        self.reject_button.setEnabled(False)
        self.rejected_return.emit(self.preview)
