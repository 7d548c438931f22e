"""The Goals and Resources panes for keyboard and screen-reader users, and with text at 200%:
every control and form field has a name, and nothing is clipped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import make_window
from helpers.plans import FY24, build_plan_store
from plan_helpers import open_pane
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from lcpdesk.domain.goals import GoalInput, MeasureInput, MilestoneInput
from lcpdesk.domain.resources import AllocationInput
from lcpdesk.services.goals import GoalsService
from lcpdesk.services.resources import ResourcesService
from lcpdesk.store.db import Store

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def unnamed(root: QWidget) -> list[str]:
    """Focusable widgets and item views shown in ``root`` that have no accessible name."""
    found = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or isinstance(w, QHeaderView):
            continue
        if isinstance(w, QLineEdit) and isinstance(w.parentWidget(), QAbstractSpinBox | QComboBox):
            continue
        focusable = bool(w.focusPolicy() & Qt.FocusPolicy.TabFocus)
        if (focusable or isinstance(w, QAbstractItemView)) and not w.accessibleName():
            found.append(f"{type(w).__name__} {w.objectName()!r}")
    return found


def clipped(root: QWidget) -> list[str]:
    found = []
    for w in root.findChildren(QLabel) + root.findChildren(QPushButton):
        if not w.isVisibleTo(root) or not w.text() or (isinstance(w, QLabel) and w.wordWrap()):
            continue
        hint = w.minimumSizeHint()
        if w.width() < hint.width() or w.height() < hint.height():
            found.append(f"{w.text()!r} {w.size().toTuple()} < {hint.toTuple()}")
    return found


@pytest.fixture
def ids(store: Store) -> dict[str, int]:
    made = build_plan_store(store)
    goals = GoalsService(store)
    _c, gid = goals.add_goal(made["Armley"], GoalInput("Frailty", owner_partner_id=made["LCH"]))
    goals.add_measure(gid, MeasureInput("Admissions", "%"))
    goals.add_milestone(gid, MilestoneInput("MDT"))
    ResourcesService(store).add_allocation(
        AllocationInput(made["LCH"], made["Armley"], "funding", 100, *FY24, goal_id=gid)
    )
    return made


@pytest.fixture
def window(qtbot: Any, store: Store, ids: dict[str, int], data_dir: Path, settings: Any) -> Any:
    return make_window(qtbot, store, data_dir, settings)


def test_every_control_of_the_goals_pane_and_its_forms_has_a_name(
    qtbot: Any, window: Any, ids: dict[str, int]
) -> None:
    pane = open_pane(qtbot, window, "Goals", ids["Testford"], ids["Armley"])
    pane.detail.milestone_view.selectRow(0)
    assert len([w for w in pane.findChildren(QPushButton) if w.isVisible()]) >= 10
    assert unnamed(pane) == []
    for opener in (
        pane.edits.add_goal,
        pane.edits.edit_goal,
        pane.edits.add_measure,
        pane.edits.edit_measure,
        pane.edits.add_milestone,
        pane.edits.edit_milestone,
    ):
        opener()
        dialog = pane.edits.dialog
        assert dialog is not None and dialog.isVisible()
        assert unnamed(dialog) == [], dialog.windowTitle()
        dialog.reject()
        assert pane.edits.dialog is None


def test_every_control_of_the_resources_pane_and_its_forms_has_a_name(
    qtbot: Any, window: Any, ids: dict[str, int]
) -> None:
    pane = open_pane(qtbot, window, "Resources", ids["Testford"], ids["Armley"])
    for index in range(pane.tabs.count()):
        pane.tabs.setCurrentIndex(index)
        assert unnamed(pane) == [], pane.tabs.tabText(index)
    pane.tabs.setCurrentIndex(0)
    pane.table.selectRow(0)
    pane.tabs.setCurrentIndex(3)
    pane.partners_panel.table.selectRow(0)
    for opener in (
        pane.edits.add_allocation,
        pane.edits.edit_allocation,
        pane.edits.roll_forward,
        pane.edits.add_partner,
        pane.edits.edit_partner,
    ):
        opener()
        dialog = pane.edits.dialog
        assert dialog is not None and dialog.isVisible()
        assert unnamed(dialog) == [], dialog.windowTitle()
        dialog.reject()


@pytest.fixture
def doubled_font(qapp: Any) -> Iterator[None]:
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
    qtbot: Any, store: Store, ids: dict[str, int], data_dir: Path, settings: Any
) -> None:
    window = make_window(qtbot, store, data_dir, settings)
    window.resize(1600, 1000)
    for title in ("Goals", "Resources"):
        pane = open_pane(qtbot, window, title, ids["Testford"], ids["Armley"])
        qtbot.wait(50)
        assert clipped(pane) == [], title
        table = pane.table
        assert table.verticalHeader().defaultSectionSize() >= table.fontMetrics().height()
