"""Driving the Maturity pane's real widgets the way a user does, and reading the store."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QTableView, QWidget
from sqlalchemy import select
from ui_helpers import LEFT, click, click_navigator, settle

from lcpdesk.store import schema
from lcpdesk.store.db import Store
from lcpdesk.ui.models import RECORD_ROLE
from lcpdesk.ui.panes.maturity import MaturityPane

# What the offscreen platform says when a combo box's list pops up; it means nothing here.
OFFSCREEN_NOTES = (
    "does not support propagateSizeHints",
    "does not support raise",
    "does not support grabbing the keyboard",
)

MATURITY_TABLES = (
    schema.framework,
    schema.framework_level,
    schema.framework_dimension,
    schema.framework_cell,
    schema.assessment,
    schema.assessment_item,
    schema.assessment_rater,
    schema.rater_score,
    schema.goal,
    schema.goal_dimension,
)


def maturity_pane(window: Any) -> MaturityPane:
    pane = next(p for p in window.panes if isinstance(p, MaturityPane))
    return pane


def open_maturity(qtbot: Any, window: Any, area_id: int, unit_id: int | None) -> MaturityPane:
    """Click the partnership in the navigator, then the Maturity tab."""
    pane = maturity_pane(window)
    click_navigator(qtbot, window, area_id, unit_id)
    bar = window.tabs.tabBar()
    index = window.tabs.indexOf(pane)
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(index).center())
    assert window.tabs.currentWidget() is pane
    settle(qtbot, window)
    return pane


def open_tab(qtbot: Any, pane: MaturityPane, text: str) -> None:
    """Click one of the pane's own tabs (Scoring, Radar, Gaps, Heat map, Trend)."""
    bar = pane.tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i).replace("&", "") == text)
    assert pane.tabs.isTabEnabled(index), f"{text} is disabled"
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(index).center())
    assert pane.tabs.currentIndex() == index
    settle(qtbot, pane.window())


def choose(qtbot: Any, combo: QComboBox, text: str) -> None:
    """Open the combo box's list and click ``text`` in it (one 'activated', as a user makes)."""
    assert combo.isEnabled(), f"{combo.accessibleName()} is disabled"
    row = combo.findText(text)
    assert row >= 0, f"{text!r} not offered: {[combo.itemText(i) for i in range(combo.count())]}"
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible, timeout=3000)
    rect = view.visualRect(view.model().index(row, combo.modelColumn()))
    qtbot.mouseClick(view.viewport(), LEFT, pos=rect.center())
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=3000)
    settle(qtbot)
    assert combo.currentText() == text


def by_name(parent: QWidget, kind: type, accessible_name: str) -> Any:
    settle(None)  # what is shown once the window's reads have landed
    for found in parent.findChildren(kind):
        if found.accessibleName() == accessible_name and found.isVisible():
            return found
    raise LookupError(accessible_name)


def click_row(qtbot: Any, table: QTableView, label: str) -> None:
    """Click the row whose first column reads ``label``."""
    model = table.model()
    for r in range(model.rowCount()):
        index = model.index(r, 0)
        if index.data() == label:
            table.scrollTo(index)
            qtbot.mouseClick(table.viewport(), LEFT, pos=table.visualRect(index).center())
            assert table.currentIndex().row() == r
            return
    raise LookupError(label)


def cell(table: QTableView, label: str, column: int) -> str:
    settle(None)  # what is shown once the window's reads have landed
    model = table.model()
    for r in range(model.rowCount()):
        if model.index(r, 0).data() == label:
            return str(model.index(r, column).data())
    raise LookupError(label)


def record(table: QTableView, label: str) -> Any:
    model = table.model()
    for r in range(model.rowCount()):
        if model.index(r, 0).data() == label:
            return model.index(r, 0).data(RECORD_ROLE)
    raise LookupError(label)


def press(qtbot: Any, widget: QWidget) -> None:
    click(qtbot, widget)


def type_text(qtbot: Any, edit: Any, text: str) -> None:
    """Replace what a text box holds by typing, as a user does (Return between lines)."""
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    for number, line in enumerate(text.split("\n")):
        if number:
            qtbot.keyClick(edit, Qt.Key.Key_Return)
        if line:
            qtbot.keyClicks(edit, line)


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    with store.read() as conn:
        return {
            t.name: sorted((tuple(r) for r in conn.execute(select(t))), key=repr)
            for t in MATURITY_TABLES
        }


def stored_item(store: Store, assessment_id: int, dimension_key: str) -> dict[str, Any]:
    t = schema
    with store.read() as conn:
        row = (
            conn.execute(
                select(t.assessment_item)
                .join(
                    t.framework_dimension,
                    t.framework_dimension.c.id == t.assessment_item.c.dimension_id,
                )
                .where(
                    t.assessment_item.c.assessment_id == assessment_id,
                    t.framework_dimension.c.key == dimension_key,
                )
            )
            .mappings()
            .first()
        )
    return dict(row) if row is not None else {}
