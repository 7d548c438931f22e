"""Panes are built when their tab is first shown, and then show what the navigator chose."""

from __future__ import annotations

from typing import Any

import pytest
from ui_helpers import LEFT, click_navigator, settle

from lcpdesk.ui.panes import PANES, Pane, pane_classes

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_the_registry_titles_agree_with_the_pane_classes() -> None:
    assert [title for title, _path in PANES] == [cls.title for cls in pane_classes()]


def test_only_the_first_pane_is_built_at_start_and_a_tab_builds_its_pane(
    qtbot: Any, window: Any
) -> None:
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == [title for title, _path in PANES]
    assert [p.title for p in window.built_panes()] == ["Membership"]
    assert isinstance(window.tabs.widget(0), Pane)
    assert not isinstance(window.tabs.widget(2), Pane)  # a placeholder until shown

    area = window.membership.areas()[0]
    click_navigator(qtbot, window, area.id, None)
    bar = window.tabs.tabBar()
    goals = titles.index("Goals")
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(goals).center())
    settle(qtbot, window)
    pane = window.tabs.currentWidget()
    assert isinstance(pane, Pane) and pane.title == "Goals" and pane.isVisible()
    assert window.current_pane() is pane
    assert pane.area_id == area.id  # told the navigator's choice when built
    assert [p.title for p in window.built_panes()] == ["Membership", "Goals"]
    assert window.tabs.tabText(goals) == "Goals" and window.tabs.count() == len(PANES)

    # The View menu's shortcuts reach a pane that is not built yet.
    view = window.menuBar().actions()[2].menu()
    resources = next(a for a in view.actions() if a.text().endswith("Resources"))
    resources.trigger()
    settle(qtbot, window)
    assert window.current_pane().title == "Resources"
    assert window.current_pane().area_id == area.id
