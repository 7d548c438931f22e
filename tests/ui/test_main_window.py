"""The main window: its frame (menus, panes, status bar), navigation, geometry and demo data."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from conftest import make_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand
from ui_helpers import click_navigator, figures, membership_pane, settle

from lcpdesk import __version__
from lcpdesk.errors import Cancelled
from lcpdesk.ui import prompts
from lcpdesk.ui.navigator import AREA_ROLE

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

PRODUCT_ORDER = ("Membership", "Maturity", "Goals", "Resources", "Returns", "Overview")


def test_window_frame_menus_and_only_the_panes_that_exist(window: Any) -> None:
    assert window.windowTitle() == "lcpdesk"
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&View", "&Help"]
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    # The panes that are built, in the product's order; one not built yet is absent (no
    # placeholder).
    assert tabs[0] == "Membership"
    assert tabs == [p for p in PRODUCT_ORDER if p in tabs]
    assert {"Goals", "Resources"} <= set(tabs)
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions() if not a.isSeparator()]
    assert texts == [
        "&Import files…",
        "Export &table…",
        "&Reports…",
        "&Export return…",
        "Export into a &partner's template…",
        "New &blank return…",
        "Return &templates…",
        "&Describe template…",
        "Load &demo data",
        "&Open data folder",
        "&Backups…",
        "&Quit",
    ]
    assert window.import_action.shortcut().toString() == "Ctrl+I"
    shortcuts = {s.toString() for s in window.redo_action.shortcuts()}
    assert shortcuts == {"Ctrl+Y", "Ctrl+Shift+Z"}
    assert window.undo_action.shortcut().toString() == "Ctrl+Z"


def test_status_bar_shows_data_file_and_extract_date(window: Any, small_store: Any) -> None:
    assert window.path_label.text() == f"Data: {small_store.path}"
    assert window.pane_status.text() == "As at extract: 1 Oct 2018"  # Flatshire, first area


def test_navigator_lists_areas_partnerships_and_sub_units(
    qtbot: Any, window: Any, ids: Any
) -> None:
    model = window.navigator.tree_model
    areas = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert areas == ["Flatshire · 2 Localities", "Testford · 3 LCPs"]
    testford = model.index(1, 0)
    assert testford.data(AREA_ROLE) == ids["Testford"]
    lcps = [model.index(r, 0, testford).data() for r in range(model.rowCount(testford))]
    assert lcps == ["Armley", "Beeston", "Central"]
    central = model.index(2, 0, testford)
    pcns = [model.index(r, 0, central).data() for r in range(model.rowCount(central))]
    assert pcns == ["Central North", "Central South"]

    pane = membership_pane(window)
    click_navigator(qtbot, window, ids["Testford"], ids["Central South"])
    assert pane.heading.text() == "Central South"
    assert pane.subheading.text() == "PCN in Central, Testford"
    assert [r.code for r in pane.model.rows()] == ["C30002"]


def test_activating_an_area_table_row_selects_that_partnership(
    qtbot: Any, window: Any, ids: Any
) -> None:
    pane = membership_pane(window)
    click_navigator(qtbot, window, ids["Testford"], None)
    view = pane.area_panel.view
    index = view.model().index(1, 0)  # Beeston
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(view, Qt.Key.Key_Return)  # as a double-click would
    settle(qtbot, window)
    assert window.navigator.current() == (ids["Testford"], ids["Beeston"])
    assert pane.heading.text() == "Beeston"


def test_window_size_layout_and_selection_are_remembered(
    qtbot: Any, small_store: Any, data_dir: Any, settings: Any, ids: Any
) -> None:
    first = make_window(qtbot, small_store, data_dir, settings)
    click_navigator(qtbot, first, ids["Testford"], ids["Central North"])
    first.resize(700, 520)
    first.splitter.setSizes([150, 550])
    chosen = first.splitter.sizes()
    membership_pane(first).splitter.setSizes([300, 100])
    pane_chosen = membership_pane(first).splitter.sizes()
    qtbot.waitUntil(lambda: first.size().width() == 700)
    first.close()
    second = make_window(qtbot, small_store, data_dir, settings)
    assert (second.width(), second.height()) == (700, 520)
    assert second.splitter.sizes() == chosen
    assert membership_pane(second).splitter.sizes() == pane_chosen
    assert second.navigator.current() == (ids["Testford"], ids["Central North"])
    assert membership_pane(second).heading.text() == "Central North"


def test_about_names_version_and_data_folder(
    window: Any, data_dir: Any, scripted_prompts: Any
) -> None:
    help_menu = window.menuBar().actions()[3].menu()
    about = next(a for a in help_menu.actions() if a.text() == "&About lcpdesk")
    about.trigger()
    shown = scripted_prompts.of_kind(prompts.INFO)[-1]
    assert f"lcpdesk {__version__}" in shown.text
    assert str(data_dir) in shown.detail


def test_demo_data_loads_in_the_background_into_an_empty_store(
    qtbot: Any, store: Any, data_dir: Any, settings: Any
) -> None:
    window = make_window(qtbot, store, data_dir, settings)
    pane = membership_pane(window)
    assert pane.heading.text() == "No area selected"
    assert window.load_demo_action.isEnabled()
    window.load_demo_action.trigger()
    assert window.tasks.writing is not None  # running in a worker, the window stays live
    assert not window.load_demo_action.isEnabled()
    qtbot.waitUntil(lambda: window.tasks.writing is None, timeout=60000)
    settle(qtbot, window)

    model = window.navigator.tree_model
    areas = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert any(a.startswith("Leeds · 18 LCPs") for a in areas), areas
    assert not window.load_demo_action.isEnabled()  # the store is no longer empty
    leeds = next(r for r in range(model.rowCount()) if areas[r].startswith("Leeds"))
    click_navigator(qtbot, window, model.index(leeds, 0).data(AREA_ROLE), None)
    assert figures(pane)["Total"] == (861287, 861287)  # seed 000
    assert figures(pane)["Armley"] == (49416, 37607)


def test_start_with_demo_flag_loads_demo_once(
    qtbot: Any, store: Any, data_dir: Any, settings: Any
) -> None:
    from lcpdesk.ui.main_window import MainWindow

    window = MainWindow(store, data_dir=data_dir, load_demo=True, settings=settings)
    qtbot.addWidget(window, before_close_func=lambda w: w.tasks.wait(10000))
    window.show()
    qtbot.waitUntil(lambda: window.navigator.tree_model.rowCount() == 2, timeout=60000)
    qtbot.waitUntil(lambda: window.tasks.writing is None, timeout=60000)
    assert not window.load_demo_action.isEnabled()


def test_edits_and_undo_are_refused_while_a_task_writes(qtbot: Any, window: Any, ids: Any) -> None:
    pane = membership_pane(window)
    click_navigator(qtbot, window, ids["Testford"], ids["Armley"])
    pane.table.selectRow(0)
    window.undo_stack.push(QUndoCommand("Nothing"))
    assert window.undo_action.isEnabled() and pane.actions_by_name["edit"].isEnabled()

    release = threading.Event()

    def work(_progress: Any, cancelled: Any) -> None:
        while not release.wait(0.01):
            if cancelled():
                raise Cancelled()

    task = window.tasks.run("Importing", work)
    assert task is not None
    assert not window.undo_action.isEnabled()
    assert not any(a.isEnabled() for a in pane.actions_by_name.values())
    release.set()
    qtbot.waitUntil(lambda: window.tasks.writing is None, timeout=5000)
    assert window.undo_action.isEnabled()
    assert pane.actions_by_name["edit"].isEnabled() and pane.actions_by_name["add"].isEnabled()
