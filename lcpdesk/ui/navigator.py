"""The navigator: areas, their partnerships and the partnerships' sub-units, as a tree."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from lcpdesk.domain.model import Area, Partnership
from lcpdesk.ui import formatting as fmt

AREA_ROLE = int(Qt.ItemDataRole.UserRole) + 10
PARTNERSHIP_ROLE = int(Qt.ItemDataRole.UserRole) + 11


def build_model(
    model: QStandardItemModel, areas: Sequence[tuple[Area, Sequence[Partnership]]]
) -> None:
    """Fill ``model``: one top item per area, its partnerships (tree order) beneath."""
    model.clear()
    model.setHorizontalHeaderLabels(["Areas"])
    root = model.invisibleRootItem()
    for area, units in areas:
        tops = sum(1 for p in units if not p.is_subunit)
        area_item = QStandardItem(f"{area.name} · {fmt.plural(tops, area.partnership_label)}")
        area_item.setData(area.id, AREA_ROLE)
        area_item.setData(None, PARTNERSHIP_ROLE)
        area_item.setToolTip(f"{area.name}: the whole area, every {area.partnership_label}")
        font = area_item.font()
        font.setBold(True)
        area_item.setFont(font)
        area_item.setEditable(False)
        items: dict[int, QStandardItem] = {}
        for p in units:  # tree order: a parent always comes before its sub-units
            item = QStandardItem(p.name)
            item.setData(area.id, AREA_ROLE)
            item.setData(p.id, PARTNERSHIP_ROLE)
            item.setEditable(False)
            kind = area.subunit_label if p.is_subunit else area.partnership_label
            item.setToolTip(f"{p.name} ({kind})")
            parent = items.get(p.parent_id) if p.parent_id is not None else None
            (parent or area_item).appendRow(item)
            items[p.id] = item
        root.appendRow(area_item)


class Navigator(QTreeView):
    """``selection_changed(area_id, partnership_id)``; ``partnership_id`` is -1 for a whole
    area (signals cannot carry ``None`` as an int)."""

    selection_changed = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree_model = QStandardItemModel(self)
        self.setModel(self.tree_model)
        self.setAccessibleName("Areas and partnerships")
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 14)
        self._rebuilding = False
        self.selectionModel().currentChanged.connect(self._on_current)

    def set_areas(self, areas: Sequence[tuple[Area, Sequence[Partnership]]]) -> None:
        """Rebuild the tree, keeping the current selection when it still exists."""
        keep = self.current()
        self._rebuilding = True
        try:
            build_model(self.tree_model, areas)
        finally:
            self._rebuilding = False
        self.expandAll()
        if keep is not None and self.select(*keep):
            return
        if self.tree_model.rowCount() > 0:
            self.setCurrentIndex(self.tree_model.index(0, 0))
        else:
            self.selection_changed.emit(-1, -1)

    def current(self) -> tuple[int, int | None] | None:
        return self._key(self.currentIndex())

    @staticmethod
    def _key(index: QModelIndex) -> tuple[int, int | None] | None:
        if not index.isValid():
            return None
        area_id = index.data(AREA_ROLE)
        if area_id is None:
            return None
        pid = index.data(PARTNERSHIP_ROLE)
        return int(area_id), (int(pid) if pid is not None else None)

    def select(self, area_id: int, partnership_id: int | None) -> bool:
        index = self._find(area_id, partnership_id)
        if index is None:
            return False
        self.setCurrentIndex(index)
        self.scrollTo(index)
        return True

    def _find(self, area_id: int, partnership_id: int | None) -> QModelIndex | None:
        stack = [self.tree_model.index(r, 0) for r in range(self.tree_model.rowCount())]
        while stack:
            index = stack.pop()
            if index.data(AREA_ROLE) == area_id and index.data(PARTNERSHIP_ROLE) == partnership_id:
                return index
            stack.extend(
                self.tree_model.index(r, 0, index) for r in range(self.tree_model.rowCount(index))
            )
        return None

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        chosen = self._key(current)
        if chosen is None or self._rebuilding:
            return
        area_id, pid = chosen
        self.selection_changed.emit(area_id, -1 if pid is None else pid)
