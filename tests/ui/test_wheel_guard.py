"""The mouse wheel over the maturity detail scrolls the panel and never re-scores a dimension."""

from __future__ import annotations

from typing import Any

import pytest
from maturity_ui import OFFSCREEN_NOTES, by_name, choose, click_row, open_maturity
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QScrollArea
from test_maturity_scoring import start_assessment
from ui_helpers import settle

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOTES)


def wheel(widget: Any, notches: int = -1) -> None:
    """One wheel turn over ``widget`` (down when negative), as a mouse sends it."""
    from PySide6.QtGui import QWheelEvent

    local = QPointF(5, 5)
    event = QWheelEvent(
        local,
        QPointF(widget.mapToGlobal(QPoint(5, 5))),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_the_wheel_over_an_unfocused_level_scrolls_and_changes_nothing(
    qtbot: Any, window: Any, ids: dict[str, int], scripted_prompts: Any
) -> None:
    window.resize(1000, 420)  # short, so the detail panel scrolls
    pane = open_maturity(qtbot, window, ids["Testford"], ids["Armley"])
    start_assessment(qtbot, pane, "2019/20 Q2")
    click_row(qtbot, pane.scoring.table, "Leadership")
    detail = pane.scoring.detail
    agreed = by_name(detail, QComboBox, "Agreed level")
    target = by_name(detail, QComboBox, "Target")
    before = (agreed.currentText(), target.currentText())
    steps = window.undo_stack.count()
    scroll = next(a for a in pane.findChildren(QScrollArea) if a.isAncestorOf(agreed))
    bar = scroll.verticalScrollBar()
    bar.setValue(0)
    window.tabs.setFocus()
    for combo in (agreed, target):
        assert not combo.hasFocus()
        for _ in range(3):
            wheel(combo)
    settle(qtbot, window, writes=True)
    assert (agreed.currentText(), target.currentText()) == before
    assert window.undo_stack.count() == steps, "the wheel saved a change"
    assert bar.maximum() > 0
    assert bar.value() > 0, "the wheel did not scroll the panel"

    # Opened and chosen, the level changes as before (one undo step).
    choose(qtbot, agreed, "Developing")
    settle(qtbot, window, writes=True)
    assert agreed.currentText() == "Developing"
    assert window.undo_stack.count() == steps + 1
