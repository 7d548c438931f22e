"""Driving the real widgets of the main window the way a user does."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from PySide6.QtCore import QEventLoop, QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from lcpdesk.services.membership import MembershipService
from lcpdesk.ui.models import RECORD_ROLE
from lcpdesk.ui.navigator import AREA_ROLE, PARTNERSHIP_ROLE
from lcpdesk.ui.panes.membership import MembershipPane

LEFT = Qt.MouseButton.LeftButton


def membership_pane(window: Any) -> MembershipPane:
    pane = window.panes[0]
    assert isinstance(pane, MembershipPane)
    return pane


def activate(qtbot: Any, window: Any) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)


def navigator_index(window: Any, area_id: int, partnership_id: int | None) -> QModelIndex:
    model = window.navigator.tree_model
    stack = [model.index(r, 0) for r in range(model.rowCount())]
    while stack:
        index = stack.pop()
        if index.data(AREA_ROLE) == area_id and index.data(PARTNERSHIP_ROLE) == partnership_id:
            return index
        stack.extend(model.index(r, 0, index) for r in range(model.rowCount(index)))
    raise LookupError((area_id, partnership_id))


def reading(window: Any, writes: bool = False) -> bool:
    return any(writes or not task.writes for task in window.tasks.tasks)


def settle(
    qtbot: Any, window: Any | None = None, *, writes: bool = False, timeout: int = 20000
) -> None:
    """Wait until the window (every main window when None) has read what it shows: reads run
    off the UI thread. Writing tasks are waited for only with ``writes``. Events are processed
    as they come, but widgets closed by the test are not deleted meanwhile (unlike qWait)."""
    del qtbot  # the signature of the other waits; this one needs none of qtbot's
    windows = [window] if window is not None else main_windows()
    deadline = time.monotonic() + timeout / 1000
    waited = False
    while any(reading(w, writes) for w in windows):
        assert time.monotonic() < deadline, "the window is still reading"
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        time.sleep(0.002)
        waited = True
    if waited:  # what the last answer queued (a widget shown); nothing, if nothing was read
        QApplication.processEvents()


def main_windows() -> list[Any]:
    from lcpdesk.ui.main_window import MainWindow

    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]


def click_navigator(qtbot: Any, window: Any, area_id: int, partnership_id: int | None) -> None:
    """Click the area's or partnership's row in the navigator."""
    tree = window.navigator
    index = navigator_index(window, area_id, partnership_id)
    tree.scrollTo(index)
    rect = tree.visualRect(index)
    assert rect.isValid(), "navigator row not visible"
    qtbot.mouseClick(tree.viewport(), LEFT, pos=rect.center())
    assert tree.currentIndex() == index
    settle(qtbot, window)


def button(widget: QWidget, accessible_name: str) -> QPushButton:
    settle(None)  # the buttons shown once the window's reads have landed
    for found in widget.findChildren(QPushButton):
        if found.accessibleName() == accessible_name and found.isVisible():
            return found
    raise LookupError(accessible_name)


def click(qtbot: Any, widget: QWidget) -> None:
    assert widget.isEnabled(), f"{widget.accessibleName() or widget} is disabled"
    qtbot.mouseClick(widget, LEFT)
    settle(qtbot)  # the window reads again after an edit: let what it read land


def row_of(pane: MembershipPane, code: str, partnership_id: int | None = None) -> int:
    for r in range(pane.proxy.rowCount()):
        rec = pane.proxy.index(r, 0).data(RECORD_ROLE)
        if rec.code == code and partnership_id in (None, rec.partnership_id):
            return r
    raise LookupError(code)


def click_row(
    qtbot: Any, pane: MembershipPane, code: str, partnership_id: int | None = None
) -> None:
    """Click the practice's row in the practice table."""
    r = row_of(pane, code, partnership_id)
    index = pane.proxy.index(r, 0)
    pane.table.scrollTo(index)
    rect = pane.table.visualRect(index)
    qtbot.mouseClick(pane.table.viewport(), LEFT, pos=rect.center())
    selected = pane.selected_row()
    assert selected is not None and selected.code == code


def choose_as_at(qtbot: Any, pane: MembershipPane, label: str) -> None:
    """Pick an extract date in the "As at extract" combo with the arrow keys."""
    combo = pane.date_combo
    combo.setFocus()
    target = combo.findText(label)
    assert target >= 0, f"{label} not offered: {[combo.itemText(i) for i in range(combo.count())]}"
    key = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, key)
    qtbot.waitUntil(lambda: not pane.loading, timeout=20000)
    assert pane.date_combo.currentText() == label


def type_into(qtbot: Any, edit: Any, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    QTest.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def figures(pane: MembershipPane) -> dict[str, tuple[int | None, int | None]]:
    """What the area table shows: name -> (membership, footprint)."""
    return {name: (m, f) for name, m, f in pane.area_panel.model.figures()}


def shown_codes(pane: MembershipPane) -> list[str]:
    return [pane.proxy.index(r, 0).data() for r in range(pane.proxy.rowCount())]


def members(
    store: Any, area_id: int, partnership_id: int | None, when: dt.date
) -> dict[str, int | None]:
    """What the store holds: code -> list size, for the partnership's members on ``when``."""
    rows = MembershipService(store).members(area_id, partnership_id, when)
    return {r.code: r.list_size for r in rows}
