"""Keyboard and screen-reader use, and large text: what users of assistive tech would notice."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from conftest import make_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)
from ui_helpers import activate, click_navigator, click_row, membership_pane

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def interactive(root: QWidget) -> list[QWidget]:
    """Widgets a user can reach with Tab, except the line edit inside a spin box or combo."""
    found = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or not (w.focusPolicy() & Qt.FocusPolicy.TabFocus):
            continue
        if isinstance(w, QLineEdit) and isinstance(w.parentWidget(), QAbstractSpinBox | QComboBox):
            continue
        found.append(w)
    return found


def unnamed(root: QWidget) -> list[str]:
    """Focusable widgets and item views without a name (a header is read with its table)."""
    views = [
        v
        for v in root.findChildren(QAbstractItemView)
        if v.isVisibleTo(root) and not isinstance(v, QHeaderView)
    ]
    return [
        f"{type(w).__name__} {w.objectName()!r}"
        for w in interactive(root) + views
        if not w.accessibleName()
    ]


def test_every_control_and_view_of_the_window_has_an_accessible_name(
    qtbot: Any, window: Any, ids: Any
) -> None:
    click_navigator(qtbot, window, ids["Testford"], None)
    assert len(interactive(window)) >= 12
    assert unnamed(window) == []


def test_every_control_of_each_form_has_an_accessible_name(
    qtbot: Any, window: Any, ids: Any
) -> None:
    pane = membership_pane(window)
    click_navigator(qtbot, window, ids["Testford"], ids["Armley"])
    click_row(qtbot, pane, "A10001")
    for opener in ("add", "edit", "move", "split"):
        pane.actions_by_name[opener].trigger()
        dialog = pane.edits.dialog
        assert dialog is not None and dialog.isVisible()
        assert unnamed(dialog) == [], opener
        dialog.reject()
        assert pane.edits.dialog is None


def test_tab_reaches_every_control_of_the_membership_pane(
    qtbot: Any, window: Any, ids: Any
) -> None:
    pane = membership_pane(window)
    click_navigator(qtbot, window, ids["Testford"], ids["Armley"])
    click_row(qtbot, pane, "A10001")  # so that Edit, Move… are enabled
    activate(qtbot, window)
    window.navigator.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.navigator)
    reached: list[QWidget] = []
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        if focus is window.navigator:
            break
        reached.append(focus)
    names = [w.accessibleName() for w in reached]
    for expected in (
        "Filter practices",
        "As at extract",
        "Practices",
        "Add practice",
        "Edit",
        "Move to",
        "Mark as split",
        "Remove",
        "Area table: membership and footprint populations",
    ):
        assert expected in names, f"Tab never reaches {expected!r}: {names}"


def test_keyboard_shortcuts_open_the_forms(qtbot: Any, window: Any, ids: Any) -> None:
    pane = membership_pane(window)
    click_navigator(qtbot, window, ids["Testford"], ids["Armley"])
    click_row(qtbot, pane, "A10002")
    activate(qtbot, window)
    for key, modifier, title in (
        (Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier, "Add practice"),
        (Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "Edit A10002"),
        (Qt.Key.Key_F2, Qt.KeyboardModifier.NoModifier, "Edit A10002"),
    ):
        pane.table.setFocus()
        qtbot.keyClick(pane.table, key, modifier)
        dialog = pane.edits.dialog
        assert dialog is not None and dialog.windowTitle() == title
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert pane.edits.dialog is None


@pytest.fixture
def doubled_font(qapp: Any) -> Iterator[None]:
    """Text at 200%, as Windows' "make text bigger" gives it."""
    original = qapp.font()
    bigger = qapp.font()
    bigger.setPointSizeF(original.pointSizeF() * 2)
    qapp.setFont(bigger)
    try:
        yield
    finally:
        qapp.setFont(original)


@pytest.mark.usefixtures("doubled_font")
def test_nothing_is_clipped_with_text_at_200_percent(
    qtbot: Any, small_store: Any, data_dir: Any, settings: Any, ids: Any
) -> None:
    window = make_window(qtbot, small_store, data_dir, settings)
    window.resize(1600, 1000)  # the screen a 200% user has (offscreen: as large as asked)
    pane = membership_pane(window)
    click_navigator(qtbot, window, ids["Testford"], ids["Armley"])

    def clipped() -> list[str]:
        found = []
        for w in window.findChildren(QLabel) + window.findChildren(QPushButton):
            if not w.isVisibleTo(window) or not w.text():
                continue
            hint = w.minimumSizeHint()
            if w.width() < hint.width() or w.height() < hint.height():
                found.append(f"{w.text()!r} {w.size().toTuple()} < {hint.toTuple()}")
        return found

    qtbot.wait(50)  # let the layouts settle after the new texts
    assert clipped() == []

    row_height = pane.table.verticalHeader().defaultSectionSize()
    assert row_height >= pane.table.fontMetrics().height()
    assert pane.date_combo.width() >= pane.date_combo.fontMetrics().horizontalAdvance("1 Apr 2019")
