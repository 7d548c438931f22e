"""Describe template…: tell lcpdesk where a partner's own workbook keeps each field, without
writing a description by hand.

Open the workbook (blank or filled): its sheets show as grids. Click a cell and choose the field
it holds from lcpdesk's fields (a searchable list of plain names), then Use for this cell. A
table column is given by clicking its header cell and choosing a table field ("Goals table:
Status"). The type and limits are proposed from the cell's own data validation or number
format. A datamap (the ``datamaps`` tool's CSV) can be loaded to start from. Save puts the
description into the data folder, where it recognises the workbook (and filled copies of it)
by its sheets, labels and headers; Share… copies it out for a colleague.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lcpdesk.errors import InputError, UserFacingError
from lcpdesk.io import datamaps
from lcpdesk.io import partner_fill_describe as describe
from lcpdesk.io import templates_vocab as vocab
from lcpdesk.io.templates import column_letters
from lcpdesk.services import returns_templates
from lcpdesk.services.returns_templates import KnownTemplate
from lcpdesk.ui import prompts
from lcpdesk.ui.dialogs.describe_template_model import KEY_ROLE, GridModel, fields_model
from lcpdesk.ui.models.records import Column, RecordTableModel

TITLE = "Describe a partner's template"
WORKBOOKS = "Workbooks (*.xlsx *.xlsm *.xls *.ods)"
NAMES = dict(datamaps.field_names())
CHOICES = (
    Column("Field", lambda c: NAMES.get(c.key, c.key), tooltip=lambda c: c.key),
    Column("Sheet", lambda c: c.sheet),
    Column("Cell", lambda c: c.cell),
    Column("Label or header", lambda c: c.label),
    Column("Type", lambda c: c.type or ""),
)


class DescribeTemplateDialog(QDialog):
    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.path: Path | None = None
        self.sheets: list[str] = []
        self.choices: list[describe.Choice] = []
        self.saved: KnownTemplate | None = None
        self.setWindowTitle(TITLE)
        self._build()
        self._connect()
        self.resize(1100, 640)

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.open_button = QPushButton("Open workbook…")
        self.datamap_button = QPushButton("Load datamap…")
        self.sheet = QComboBox()
        self.sheet.setAccessibleName("Sheet")
        top = QHBoxLayout()
        for widget in (self.open_button, self.datamap_button, QLabel("Sheet:"), self.sheet):
            top.addWidget(widget)
        top.addStretch(1)
        self.grid = GridModel(self)
        self.grid_view = QTableView()
        self.grid_view.setModel(self.grid)
        self.grid_view.setAccessibleName("The sheet's cells")
        self.grid_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search lcpdesk's fields")
        self.search.setAccessibleName("Search fields")
        self.fields = QSortFilterProxyModel(self)
        self.fields.setSourceModel(fields_model(self))
        self.fields.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.field_list = QListView()
        self.field_list.setModel(self.fields)
        self.field_list.setAccessibleName("lcpdesk's fields")
        self.type = QComboBox()
        self.type.addItems(["(the field's own)", *vocab.TYPES])
        self.type.setAccessibleName("Type")
        self.cell_label = QLabel("Click a cell in the sheet.")
        self.cell_label.setWordWrap(True)
        self.use_button = QPushButton("Use for this cell")
        self.remove_button = QPushButton("Remove")
        self.chosen = RecordTableModel(CHOICES, self)
        self.chosen_view = QTableView()
        self.chosen_view.setModel(self.chosen)
        self.chosen_view.setAccessibleName("Cells described")
        self.chosen_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.chosen_view.verticalHeader().hide()
        self.chosen_view.horizontalHeader().setStretchLastSection(True)
        right = QWidget()
        side = QVBoxLayout(right)
        for part in (self.cell_label, self.search, self.field_list):
            side.addWidget(part)
        form = QFormLayout()
        form.addRow("&Type:", self.type)
        side.addLayout(form)
        side.addWidget(self.use_button)
        side.addWidget(self.chosen_view, 1)
        side.addWidget(self.remove_button)
        split = QSplitter()
        split.addWidget(self.grid_view)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.key = QLineEdit()
        self.key.setPlaceholderText("e.g. council-monitoring")
        self.name = QLineEdit()
        self.version = QSpinBox()
        self.version.setRange(1, 999)
        names = QHBoxLayout()
        names.addWidget(QLabel("Key:"))
        names.addWidget(self.key, 1)
        names.addWidget(QLabel("Name:"))
        names.addWidget(self.name, 1)
        names.addWidget(QLabel("Version:"))
        names.addWidget(self.version)
        self.buttons = QDialogButtonBox()
        self.save_button = QPushButton("Save")
        self.share_button = QPushButton("Share…")
        self.share_button.setToolTip("Copy the saved description to send to a colleague")
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.share_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(names)
        layout.addWidget(self.buttons)
        self._enable()

    def _connect(self) -> None:
        self.open_button.clicked.connect(self.choose_workbook)
        self.datamap_button.clicked.connect(self.choose_datamap)
        self.sheet.currentTextChanged.connect(self.show_sheet)
        self.search.textChanged.connect(self.fields.setFilterFixedString)
        self.grid_view.selectionModel().currentChanged.connect(self._cell_changed)
        self.field_list.selectionModel().currentChanged.connect(self._enable)
        self.use_button.clicked.connect(self.use)
        self.remove_button.clicked.connect(self.remove)
        self.save_button.clicked.connect(self.save)
        self.share_button.clicked.connect(self.share)
        self.buttons.rejected.connect(self.reject)

    def _enable(self) -> None:
        cell = self.current_cell()
        self.use_button.setEnabled(cell is not None and self.field_list.currentIndex().isValid())
        self.datamap_button.setEnabled(self.path is not None)
        self.save_button.setEnabled(bool(self.choices))
        self.share_button.setEnabled(self.saved is not None)

    # ------------------------------------------------------------------ the workbook

    def choose_workbook(self) -> None:
        chosen = prompts.open_files(self, "Open a partner's workbook", WORKBOOKS)
        if chosen:
            self.open_workbook(chosen[0])

    def open_workbook(self, path: Path) -> bool:
        try:
            sheets = describe.sheet_names(path)
        except UserFacingError as exc:
            prompts.show_error(exc, self, TITLE)
            return False
        self.path, self.sheets, self.choices = path, sheets, []
        if not self.key.text():
            stem = re.sub(r"[^a-z0-9]+", "-", path.stem.casefold()).strip("-") or "partner"
            self.key.setText(stem)
            self.name.setText(path.stem)
        self.sheet.blockSignals(True)
        self.sheet.clear()
        self.sheet.addItems(sheets)
        self.sheet.blockSignals(False)
        self.show_sheet(sheets[0] if sheets else "")
        self._refresh_choices()
        return True

    def show_sheet(self, name: str) -> None:
        if self.path is None or not name:
            return
        try:
            grid = describe.sheet_grid(self.path, name)
        except UserFacingError as exc:
            prompts.show_error(exc, self, TITLE)
            grid = []
        except Exception as exc:  # a sheet calamine cannot read
            prompts.show_error(InputError(f"the sheet cannot be read ({exc})"), self, TITLE)
            grid = []
        self.grid.set_grid(grid, self._marks(name))
        self.grid_view.resizeColumnsToContents()
        narrow = self.grid_view.fontMetrics().horizontalAdvance("0") * 10
        for column in range(self.grid.columnCount()):
            if self.grid_view.columnWidth(column) < narrow:
                self.grid_view.setColumnWidth(column, narrow)
        self._cell_changed()

    def _marks(self, sheet: str) -> dict[tuple[int, int], str]:
        marks = {}
        for choice in self.choices:
            if choice.sheet == sheet:
                row, col = describe.row_col(choice.cell)
                marks[(row - 1, col - 1)] = NAMES.get(choice.key, choice.key)
        return marks

    def current_cell(self) -> str | None:
        index = self.grid_view.currentIndex()
        if self.path is None or not index.isValid():
            return None
        return f"{column_letters(index.column() + 1)}{index.row() + 1}"

    def _cell_changed(self) -> None:
        cell = self.current_cell()
        if cell is None:
            self.cell_label.setText("Click a cell in the sheet.")
        else:
            held = next((c for c in self.choices if (c.sheet, c.cell) == self._here()), None)
            words = f" — {NAMES.get(held.key, held.key)}" if held else ""
            self.cell_label.setText(f"<b>{self.sheet.currentText()}!{cell}</b>{words}")
        self._enable()

    def _here(self) -> tuple[str, str]:
        return self.sheet.currentText(), self.current_cell() or ""

    # ------------------------------------------------------------------ choosing

    def choose_field(self, key: str) -> None:
        """Select the field ``key`` in the list (clearing the search when it hides it)."""
        for attempt in range(2):
            for row in range(self.fields.rowCount()):
                index = self.fields.index(row, 0)
                if index.data(KEY_ROLE) == key:
                    self.field_list.setCurrentIndex(index)
                    return
            if attempt == 0:
                self.search.clear()

    def use(self) -> describe.Choice | None:
        """Give the chosen cell the chosen field (a table field: the cell is its header)."""
        cell, index = self.current_cell(), self.field_list.currentIndex()
        if self.path is None or cell is None or not index.isValid():
            return None
        key = str(index.data(KEY_ROLE))
        info = vocab.parse_key(key)
        assert info is not None
        sheet = self.sheet.currentText()
        row, col = describe.row_col(cell)
        if info.table:
            label = describe.shown_text(self.grid.value(row - 1, col - 1))
            if not label:
                prompts.info(self, TITLE, "A table column is given by its header cell: "
                             "click the cell holding the column's header text.")  # fmt: skip
                return None
        else:
            label = describe.label_near(self.grid.grid, cell)
        kind, low, high = self._type_for(info, sheet, cell)
        choice = describe.Choice(key, sheet, cell, label, kind, low, high)
        self.choices = [
            c for c in self.choices if c.key != key and (c.sheet, c.cell) != (sheet, cell)
        ]
        self.choices.append(choice)
        self._refresh_choices()
        return choice

    def _type_for(
        self, info: vocab.KeyInfo, sheet: str, cell: str
    ) -> tuple[str | None, describe.Limit, describe.Limit]:
        allowed = vocab.COMPATIBLE.get(info.attr.type, {info.attr.type})
        if self.type.currentIndex() > 0:
            picked = self.type.currentText()
            return (picked if picked in allowed else None), None, None
        assert self.path is not None
        try:
            found = describe.propose(self.path, sheet, cell) if not info.table else None
        except UserFacingError:
            found = None
        if found is None or found.type not in allowed:
            return None, None, None
        return found.type, found.min, found.max

    def remove(self) -> None:
        row = self.chosen_view.currentIndex().row()
        if 0 <= row < len(self.choices):
            del self.choices[row]
            self._refresh_choices()

    def _refresh_choices(self) -> None:
        self.chosen.set_records(list(self.choices))
        self.grid.set_marks(self._marks(self.sheet.currentText()))
        self._cell_changed()

    # ------------------------------------------------------------------ datamaps

    def choose_datamap(self) -> None:
        chosen = prompts.open_files(self, "Load a datamap", "Datamaps (*.csv)")
        if not chosen:
            return
        mapping_file = prompts.open_files(
            self, "A file mapping its keys to lcpdesk's fields (Cancel: match by name)",
            "Mapping (*.csv)",
        )  # fmt: skip
        self.load_datamap(chosen[0], mapping_file[0] if mapping_file else None)

    def load_datamap(self, path: Path, mapping_file: Path | None = None) -> list[str]:
        """Take the datamap's cells, each key mapped by the file or matched by name; returns
        the keys left to map (click their cells and choose)."""
        try:
            lines = datamaps.read_datamap(path)
            mapping = datamaps.read_mapping(mapping_file) if mapping_file else {}
        except UserFacingError as exc:
            prompts.show_error(exc, self, TITLE)
            return []
        for line in lines:
            if line.cell_key not in mapping and (found := datamaps.suggest(line.cell_key)):
                mapping[line.cell_key] = found
        taken = datamaps.choices_from(lines, mapping)
        left = [ln.cell_key for ln in lines if ln.cell_key not in {c.label for c in taken}]
        taken = [self._labelled(c) for c in taken]
        keys = {c.key for c in taken}
        self.choices = [c for c in self.choices if c.key not in keys] + taken
        self._refresh_choices()
        if left:
            prompts.info(self, TITLE, "These datamap keys have no field yet: click their cells "
                         "and choose one.", "\n".join(left))  # fmt: skip
        return left

    def _labelled(self, choice: describe.Choice) -> describe.Choice:
        """A datamap's cell with the label beside it in the workbook (its fingerprint)."""
        if self.path is None or choice.sheet not in self.sheets:
            return choice
        try:
            grid = describe.sheet_grid(self.path, choice.sheet)
        except Exception:  # a sheet that cannot be read keeps the datamap's key as label
            return choice
        label = describe.label_near(grid, choice.cell)
        return dataclasses.replace(choice, label=label) if label else choice

    # ------------------------------------------------------------------ saving

    def save(self) -> KnownTemplate | None:
        try:
            text = describe.description_text(
                self.key.text().strip(), self.version.value(), self.name.text().strip(),
                self.sheets, self.choices,
            )  # fmt: skip
            self.saved = returns_templates.save_text(text, self.data_dir)
        except UserFacingError as exc:
            prompts.show_error(exc, self, TITLE)
            return None
        prompts.info(
            self, TITLE, f"Saved {self.saved.description}. Filled copies of this workbook are "
            "now recognised when imported, and it can be filled from lcpdesk.",
        )  # fmt: skip
        self._enable()
        return self.saved

    def share(self) -> None:
        if self.saved is None:
            return
        target = prompts.save_file(
            self, "Share the description", "Descriptions (*.toml)", Path(self.saved.path.name)
        )
        if target is None:
            return
        try:
            returns_templates.share(self.saved, target)
        except UserFacingError as exc:
            prompts.show_error(exc, self, TITLE)
