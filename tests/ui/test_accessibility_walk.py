"""An automated walk over the widget tree of every pane (every inner tab shown in turn) and of
the window's dialogs: no control a user can reach, and no table or list, lacks an accessible
name; every table shows where the focus is; File ▸ actions list their shortcuts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import make_window
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QDialog, QTabWidget, QWidget
from test_accessibility import interactive
from ui_helpers import click_navigator, settle

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def unnamed(root: QWidget) -> list[str]:
    """Reachable controls and item views whose name, as a screen reader gets it (the
    accessible name, else what Qt derives: a button's text, a label's buddy), is empty."""
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView

    views = [
        v
        for v in root.findChildren(QAbstractItemView)
        if v.isVisibleTo(root) and not isinstance(v, QHeaderView)
    ]
    missing = []
    for w in interactive(root) + views:
        face = QAccessible.queryAccessibleInterface(w)
        name = face.text(QAccessible.Text.Name) if face is not None else ""
        if not (w.accessibleName() or name.strip()):
            missing.append(f"{type(w).__name__} {w.objectName()!r} in {w.parentWidget()!r}")
    return missing


def every_tab(root: QWidget) -> list[tuple[QTabWidget, int]]:
    return [(t, i) for t in root.findChildren(QTabWidget) for i in range(t.count())]


def test_every_pane_and_every_inner_tab_names_its_controls(
    qtbot: Any, demo_store: Any, data_dir: Path, settings: Any
) -> None:
    window = make_window(qtbot, demo_store, data_dir, settings)
    leeds = window.membership.area_named("Leeds")
    armley = next(p for p in window.membership.partnerships(leeds.id) if p.name == "Armley")
    click_navigator(qtbot, window, leeds.id, armley.id)
    missing: dict[str, list[str]] = {}
    walked = 0
    for pane in window.panes:
        window.show_pane(pane)
        settle(qtbot, window)
        for tabs, i in every_tab(pane):
            tabs.setCurrentIndex(i)
            settle(qtbot, window)
            found = unnamed(pane)
            walked += len(interactive(pane))
            if found:
                missing[f"{pane.title} / {tabs.tabText(i)}"] = found
    assert missing == {}
    assert walked > 100  # the walk saw the panes' controls


def test_every_dialog_of_the_file_menu_names_its_controls(
    qtbot: Any, demo_store: Any, data_dir: Path, settings: Any
) -> None:
    window = make_window(qtbot, demo_store, data_dir, settings)
    leeds = window.membership.area_named("Leeds")
    armley = next(p for p in window.membership.partnerships(leeds.id) if p.name == "Armley")
    click_navigator(qtbot, window, leeds.id, armley.id)
    for opener in (
        window.show_reports,
        lambda: window.export_return(filled=True),
        lambda: window.export_return(filled=False),
        window.show_templates,
    ):
        dialog = opener()
        assert isinstance(dialog, QDialog)
        qtbot.waitExposed(dialog)
        assert unnamed(dialog) == [], dialog.windowTitle()
        dialog.reject()


def test_a_table_shows_when_it_has_the_focus(qtbot: Any, window: Any) -> None:
    from ui_helpers import activate, membership_pane

    table = membership_pane(window).table
    activate(qtbot, window)
    window.navigator.setFocus()
    qtbot.waitUntil(lambda: not table.hasFocus())
    before = table.grab().toImage()
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    after = table.grab().toImage()
    edge = [(0, y) for y in range(5, table.height() - 5, 7)]
    changed = sum(before.pixel(x, y) != after.pixel(x, y) for x, y in edge)
    assert changed > len(edge) // 2  # a frame appears along the table's edge


def test_the_file_menu_shows_the_new_actions_shortcuts(window: Any) -> None:
    menu = window.menuBar().actions()[0].menu()
    texts = {a.text(): a.shortcut().toString() for a in menu.actions()}
    assert texts["Export &table…"] == "Ctrl+Shift+E"
    assert texts["&Reports…"] == "Ctrl+Shift+P"
