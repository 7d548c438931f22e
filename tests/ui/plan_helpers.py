"""Driving the Goals and Resources panes' real widgets the way a user does."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QListWidget, QTableView, QWidget
from ui_helpers import LEFT, activate, click_navigator, settle

from lcpdesk.ui.dialogs.optional_date import OptionalDate

CTRL = Qt.KeyboardModifier.ControlModifier


def open_pane(qtbot: Any, window: Any, title: str, area_id: int, unit_id: int | None) -> Any:
    """Choose the area or partnership in the navigator, then click the pane's tab."""
    click_navigator(qtbot, window, area_id, unit_id)
    bar = window.tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i) == title)
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(index).center())
    settle(qtbot, window)  # a pane is built, and reads its data, when first shown
    pane = window.tabs.currentWidget()
    assert pane.title == title and pane.isVisible()
    return pane


def choose(qtbot: Any, combo: QComboBox, text: str) -> None:
    """Pick an item of a combo box with the arrow keys, as a keyboard user does."""
    combo.setFocus()
    target = combo.findText(text)
    offered = [combo.itemText(i) for i in range(combo.count())]
    assert target >= 0, f"{text!r} not offered: {offered}"
    key = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
    for _ in range(combo.count() + 1):
        if combo.currentIndex() == target:
            break
        qtbot.keyClick(combo, key)
    assert combo.currentText() == text


def tick(qtbot: Any, checklist: QListWidget, text: str) -> None:
    """Tick an item of a check list: select it and press Space."""
    items = checklist.findItems(text, Qt.MatchFlag.MatchExactly)
    assert items, f"{text!r} not in {[checklist.item(i).text() for i in range(checklist.count())]}"
    checklist.setFocus()
    checklist.setCurrentItem(items[0])
    before = items[0].checkState()
    qtbot.keyClick(checklist.viewport(), Qt.Key.Key_Space)
    if items[0].checkState() == before:  # some styles toggle on the list itself
        qtbot.keyClick(checklist, Qt.Key.Key_Space)
    assert items[0].checkState() != before


def set_date(qtbot: Any, field: OptionalDate, when: dt.date | None) -> None:
    """Tick (or untick) an optional date and set it."""
    if (when is not None) != field.check.isChecked():
        qtbot.mouseClick(field.check, LEFT, pos=field.check.rect().center())
    if when is not None:
        field.edit.setDate(QDate(when.year, when.month, when.day))
    assert field.value() == when


def click_row(qtbot: Any, view: QTableView, row: int) -> None:
    index = view.model().index(row, 0)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), LEFT, pos=view.visualRect(index).center())
    assert view.selectionModel().isRowSelected(row)


def shown(view: QTableView, column: int = 0) -> list[str]:
    """The column's texts, top to bottom, once the window has read what it shows."""
    wait_for_reads()
    model = view.model()
    return [model.index(r, column).data() for r in range(model.rowCount())]


def cell(view: QTableView, row_text: str, header: str) -> str:
    """The text under ``header`` in the row whose first column reads ``row_text``."""
    model = view.model()
    col = next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == header
    )
    row = shown(view).index(row_text)
    return str(model.index(row, col).data())


def wait_for_reads(timeout_ms: int = 20000) -> None:
    """Let every main window's reads land (they run off the UI thread)."""
    settle(None, timeout=timeout_ms)


def press(qtbot: Any, window: Any, widget: QWidget, key: Any, modifier: Any = None) -> None:
    activate(qtbot, window)
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)
    if modifier is None:
        qtbot.keyClick(widget, key)
    else:
        qtbot.keyClick(widget, key, modifier)
    settle(qtbot, window)


def undo(qtbot: Any, window: Any) -> None:
    activate(qtbot, window)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Z, CTRL)
    settle(qtbot, window, writes=True)


def redo(qtbot: Any, window: Any) -> None:
    activate(qtbot, window)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Y, CTRL)
    settle(qtbot, window, writes=True)
