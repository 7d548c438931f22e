"""The Overview pane, walked by keyboard only: the area's populations, maturity by dimension
(Culture's parts as one), goals per partnership, the returns, and "Needs attention", whose
entries open the place to act."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import make_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_helpers import activate, click_navigator, settle

from lcpdesk.ui.panes.overview import OverviewPane

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def shown(view: Any) -> list[list[str]]:
    m = view.model()
    return [[m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())]


@pytest.fixture
def demo_window(qtbot: Any, demo_store: Any, data_dir: Path, settings: Any) -> Any:
    window = make_window(qtbot, demo_store, data_dir, settings)
    leeds = window.membership.area_named("Leeds")
    click_navigator(qtbot, window, leeds.id, None)
    return window


def overview(window: Any) -> OverviewPane:
    return next(p for p in window.panes if isinstance(p, OverviewPane))


def test_the_overview_walked_by_keyboard(qtbot: Any, demo_window: Any) -> None:
    window = demo_window
    pane = overview(window)
    activate(qtbot, window)
    number = window.panes.index(pane) + 1
    qtbot.keyClick(window.focusWidget() or window, Qt.Key(Qt.Key.Key_0 + number), CTRL)
    settle(qtbot, window)
    assert window.tabs.currentWidget() is pane
    assert pane.heading.text() == "Leeds at a glance · 2020/21 Q2"
    populations = shown(pane.tables["population"])
    assert len(populations) == 18
    armley = next(r for r in populations if r[0] == "Armley")
    assert armley[1] == "49,416"
    dims = [r[0] for r in shown(pane.tables["dimensions"])]
    assert dims.count("Culture") == 1 and "Leadership" in dims
    goals = {r[0]: r for r in shown(pane.tables["goals"])}
    assert goals["Armley"][6] == "Yes"  # Frailty in place
    # to Needs attention by its mnemonic, into the table, then Enter on the first entry
    pane.tabs.setFocus()
    qtbot.keyClick(pane.tabs, Qt.Key.Key_N, ALT)
    assert pane.tabs.currentIndex() == 5
    table = pane.tables["attention"]
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Home, CTRL)
    entry = pane.proxies["attention"].record_at(table.currentIndex().row())
    qtbot.keyClick(table, Qt.Key.Key_Return)
    settle(qtbot, window)
    target = window.current_pane()
    assert target is not None and target.key == entry.pane
    assert window.navigator.current() == (
        window.membership.area_named("Leeds").id,
        entry.partnership_id,
    )
    assert QApplication.focusWidget() is not None


def test_every_overview_chart_has_a_table_of_the_same_numbers(qtbot: Any, demo_window: Any) -> None:
    pane = overview(demo_window)
    demo_window.show_pane(pane)
    settle(qtbot, demo_window)
    d = pane.data
    assert d is not None
    assert [r[0] for r in shown(pane.tables["population"])] == [r.name for r in d.populations]
    assert len(shown(pane.tables["sector"])) == len(d.by_sector)
    assert len(shown(pane.tables["dimensions"])) == len(d.dimensions) > 0
    assert d.heat is not None
    levels = {r[0]: r for r in shown(pane.tables["levels"])}
    first = d.heat.rows[0]
    assert levels[first.name][2] == (d.heat.level_name(first.ranks[0]) or "not assessed")
