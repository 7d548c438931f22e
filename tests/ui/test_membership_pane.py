"""The Membership pane through its real widgets: what it shows, and every edit with undo/redo."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import APR_2019, OCT_2018, snapshot
from PySide6.QtCore import QPoint, Qt
from ui_helpers import (
    activate,
    button,
    choose_as_at,
    click,
    click_navigator,
    click_row,
    figures,
    members,
    membership_pane,
    settle,
    shown_codes,
    type_into,
)

from lcpdesk.ui import prompts
from lcpdesk.ui.dialogs.practice import ChoosePartnershipDialog, PracticeDialog
from lcpdesk.ui.models.area_table import INDENT
from lcpdesk.ui.models.members import Col

# The offscreen platform says this whenever a window's size limits change; it means nothing.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier

# Testford at the October 2018 extract: B20002 is split (Armley and Beeston), so not counted.
OCT_FIGURES = {
    "Armley": (14500, None),
    "Beeston": (12000, None),
    "Central": (16000, None),
    "Central North": (9000, None),
    "Central South": (7000, None),
    "Total": (42500, None),
}


def open_area(qtbot: Any, window: Any, ids: dict[str, int], unit: str | None = None) -> Any:
    pane = membership_pane(window)
    click_navigator(qtbot, window, ids["Testford"], ids[unit] if unit else None)
    choose_as_at(qtbot, pane, "1 Oct 2018")
    return pane


def undo(qtbot: Any, window: Any) -> None:
    activate(qtbot, window)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Z, CTRL)
    settle(qtbot, window, writes=True)


def redo(qtbot: Any, window: Any, *, shift_z: bool = False) -> None:
    activate(qtbot, window)
    target = window.focusWidget() or window
    if shift_z:
        qtbot.keyClick(target, Qt.Key.Key_Z, CTRL | SHIFT)
    else:
        qtbot.keyClick(target, Qt.Key.Key_Y, CTRL)
    settle(qtbot, window, writes=True)


# --------------------------------------------------------------------------- what it shows


def test_area_table_is_laid_out_as_the_published_table(qtbot: Any, window: Any, ids: Any) -> None:
    pane = open_area(qtbot, window, ids)
    assert figures(pane) == OCT_FIGURES
    model = pane.area_panel.model
    assert model.headerData(0, Qt.Orientation.Horizontal) == "LCP"
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert names[:4] == ["Armley", "Beeston", "Central", INDENT + "Central North"]
    assert model.index(model.total_row(), 1).data() == "42,500"
    assert model.index(model.total_row(), 2).data() == "—"  # no practice-by-LSOA data held
    notes = pane.area_panel.notes_text()
    assert "Population source: GP registrations, October 2018" in notes
    assert "B20002 Cottingley Surgery — Armley, Beeston" in notes
    assert "wholly within" in notes


def test_as_at_extract_drives_the_practice_table_and_area_table(
    qtbot: Any, window: Any, ids: Any
) -> None:
    pane = membership_pane(window)
    click_navigator(qtbot, window, ids["Testford"], ids["Central"])
    combo = pane.date_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["1 Apr 2019", "1 Oct 2018"]
    # Newest first and chosen by default; C30001 has no April list size.
    sizes = {
        pane.proxy.index(r, 0).data(): pane.proxy.index(r, Col.LIST_SIZE).data()
        for r in range(pane.proxy.rowCount())
    }
    assert sizes == {"C30001": "—", "C30002": "7,100"}
    assert figures(pane)["Central South"] == (7100, None)
    assert window.pane_status.text() == "As at extract: 1 Apr 2019"

    choose_as_at(qtbot, pane, "1 Oct 2018")
    sizes = {
        pane.proxy.index(r, 0).data(): pane.proxy.index(r, Col.LIST_SIZE).data()
        for r in range(pane.proxy.rowCount())
    }
    assert sizes == {"C30001": "9,000", "C30002": "7,000"}
    assert figures(pane)["Central"] == (16000, None)
    assert window.pane_status.text() == "As at extract: 1 Oct 2018"
    latest = pane.proxy.index(0, Col.LATEST)  # C30001: its newest list size is October's
    assert latest.data() == "9,000"
    assert latest.data(Qt.ItemDataRole.ToolTipRole) == "At the 1 Oct 2018 extract"


def test_columns_follow_the_selection(qtbot: Any, window: Any, ids: Any) -> None:
    pane = membership_pane(window)
    click_navigator(qtbot, window, ids["Testford"], None)
    table = pane.table
    assert not table.isColumnHidden(Col.PARTNERSHIP)  # the whole area: which LCP
    assert not table.isColumnHidden(Col.SUBUNIT)  # Testford has PCN sub-units
    assert pane.model.headerData(Col.SUBUNIT, Qt.Orientation.Horizontal) == "PCN"
    assert pane.heading.text() == "Testford"
    click_navigator(qtbot, window, ids["Testford"], ids["Armley"])
    assert table.isColumnHidden(Col.PARTNERSHIP)
    assert pane.heading.text() == "Armley"
    assert pane.subheading.text() == "LCP in Testford"
    assert shown_codes(pane) == ["A10001", "A10002", "B20002"]
    assert pane.count_label.text() == "3 practices · 1 split"
    split = pane.proxy.index(2, Col.SPLIT)
    assert split.data() == "Split with Beeston"
    assert not table.isColumnHidden(Col.PCN)
    click_navigator(qtbot, window, ids["Flatshire"], None)
    assert table.isColumnHidden(Col.SUBUNIT)  # no sub-units in Flatshire
    assert table.isColumnHidden(Col.PCN)  # and no PCN known for its practice
    assert pane.model.headerData(Col.PARTNERSHIP, Qt.Orientation.Horizontal) == "Locality"


def test_demo_rows_are_marked(qtbot: Any, window: Any, ids: Any) -> None:
    pane = open_area(qtbot, window, ids, "Central")
    assert pane.proxy.index(1, Col.PRACTICE).data() == "Park Square Surgery"
    size = pane.proxy.index(1, Col.LIST_SIZE)
    assert size.data(Qt.ItemDataRole.FontRole).italic()
    assert "Demo data" in size.data(Qt.ItemDataRole.ToolTipRole)
    real = pane.proxy.index(0, Col.LIST_SIZE)  # C30001: a real figure
    assert real.data(Qt.ItemDataRole.FontRole) is None
    assert "Demo data" not in (real.data(Qt.ItemDataRole.ToolTipRole) or "")


def test_filter_box_filters_as_you_type(qtbot: Any, window: Any, ids: Any) -> None:
    pane = open_area(qtbot, window, ids)
    qtbot.keyClicks(pane.filter_edit, "city")
    assert shown_codes(pane) == ["C30001", "C30002"]  # PCN "City PCN"
    assert pane.count_label.text() == "2 of 6 practices · 1 split"
    type_into(qtbot, pane.filter_edit, "b2000")
    assert sorted(shown_codes(pane)) == ["B20001", "B20002", "B20002"]  # split: once per LCP
    type_into(qtbot, pane.filter_edit, "moor surgery")
    assert shown_codes(pane) == ["A10001"]
    type_into(qtbot, pane.filter_edit, "")
    assert len(shown_codes(pane)) == 7


def test_clicking_a_column_header_sorts_list_sizes_numerically(
    qtbot: Any, window: Any, ids: Any
) -> None:
    pane = open_area(qtbot, window, ids)
    header = pane.table.horizontalHeader()
    x = header.sectionViewportPosition(Col.LIST_SIZE) + header.sectionSize(Col.LIST_SIZE) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )
    shown = [pane.proxy.index(r, Col.LIST_SIZE).data() for r in range(pane.proxy.rowCount())]
    values = [int(s.replace(",", "")) for s in shown]
    assert values in (sorted(values), sorted(values, reverse=True))
    assert "12,000" in shown and "5,000" in shown


# --------------------------------------------------------------------------- edits


def test_add_practice_then_undo_and_redo(
    qtbot: Any, window: Any, ids: Any, small_store: Any
) -> None:
    pane = open_area(qtbot, window, ids, "Armley")
    before = snapshot(small_store)
    click(qtbot, button(pane, "Add practice"))
    dialog = pane.edits.dialog
    assert isinstance(dialog, PracticeDialog) and dialog.isVisible()
    assert dialog.chosen_partnership() == ids["Armley"]  # the selected LCP
    assert dialog.chosen_date() == OCT_2018  # the "As at" date
    qtbot.keyClicks(dialog.code, "a10003")
    qtbot.keyClicks(dialog.name, "New Wortley Surgery")
    qtbot.keyClicks(dialog.pcn_name, "West Leeds PCN")
    qtbot.keyClicks(dialog.list_size, "4,321")
    click(qtbot, dialog.ok_button)

    assert not dialog.isVisible()
    settle(qtbot, window)
    assert members(small_store, ids["Testford"], ids["Armley"], OCT_2018)["A10003"] == 4321
    assert "A10003" in shown_codes(pane)
    assert pane.selected_row() is not None and pane.selected_row().code == "A10003"
    assert figures(pane)["Armley"] == (14500 + 4321, None)
    assert figures(pane)["Total"] == (42500 + 4321, None)
    after = snapshot(small_store)
    assert window.undo_action.text() == "&Undo Add A10003 to Armley"

    undo(qtbot, window)
    assert snapshot(small_store) == before
    assert "A10003" not in shown_codes(pane)
    assert figures(pane) == OCT_FIGURES
    redo(qtbot, window)
    assert snapshot(small_store) == after
    assert figures(pane)["Armley"] == (18821, None)


def test_refused_input_is_shown_in_the_dialog_which_stays_open(
    qtbot: Any, window: Any, ids: Any, small_store: Any
) -> None:
    pane = open_area(qtbot, window, ids, "Armley")
    before = snapshot(small_store)
    activate(qtbot, window)
    pane.table.setFocus()
    qtbot.keyClick(pane.table, Qt.Key.Key_Insert)
    dialog = pane.edits.dialog
    assert isinstance(dialog, PracticeDialog)
    qtbot.keyClicks(dialog.code, "XYZ")
    qtbot.keyClicks(dialog.name, "Nowhere Surgery")
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert "'XYZ' is not a GP practice code." in dialog.error_text()
    type_into(qtbot, dialog.code, "A10001")  # already a member of Armley
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert "already a member of Armley" in dialog.error_text()
    type_into(qtbot, dialog.code, "A10009")
    type_into(qtbot, dialog.list_size, "lots")
    click(qtbot, dialog.ok_button)
    assert "'lots' is not a number of patients." in dialog.error_text()
    click(qtbot, dialog.cancel_button)
    assert not dialog.isVisible()
    settle(qtbot, window)
    assert snapshot(small_store) == before
    assert not window.undo_action.isEnabled()


def test_edit_practice_with_f2(qtbot: Any, window: Any, ids: Any, small_store: Any) -> None:
    pane = open_area(qtbot, window, ids, "Armley")
    before = snapshot(small_store)
    click_row(qtbot, pane, "A10002")
    activate(qtbot, window)
    pane.table.setFocus()
    qtbot.keyClick(pane.table, Qt.Key.Key_F2)
    dialog = pane.edits.dialog
    assert isinstance(dialog, PracticeDialog)
    assert dialog.name.text() == "Town Street Practice"
    assert dialog.list_size.text() == "6,500"
    type_into(qtbot, dialog.name, "Town Street Medical Practice")
    type_into(qtbot, dialog.list_size, "7000")
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    settle(qtbot, window)

    rows = {r.code: r for r in pane.model.rows()}
    assert rows["A10002"].name == "Town Street Medical Practice"
    assert members(small_store, ids["Testford"], ids["Armley"], OCT_2018)["A10002"] == 7000
    assert members(small_store, ids["Testford"], ids["Armley"], APR_2019)["A10002"] == 6600
    assert figures(pane)["Armley"] == (15000, None)
    undo(qtbot, window)
    assert snapshot(small_store) == before
    assert {r.code: r.name for r in pane.model.rows()}["A10002"] == "Town Street Practice"


def test_move_practice_to_another_partnership(
    qtbot: Any, window: Any, ids: Any, small_store: Any
) -> None:
    pane = open_area(qtbot, window, ids, "Armley")
    before = snapshot(small_store)
    click_row(qtbot, pane, "A10001")
    click(qtbot, button(pane, "Move to"))
    dialog = pane.edits.dialog
    assert isinstance(dialog, ChoosePartnershipDialog)
    offered = [dialog.partnership.itemText(i).strip() for i in range(dialog.partnership.count())]
    assert "Armley" not in offered and "Beeston" in offered and "Central North" in offered
    dialog.partnership.setCurrentIndex(dialog.partnership.findData(ids["Beeston"]))
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    settle(qtbot, window)

    assert "A10001" not in members(small_store, ids["Testford"], ids["Armley"], OCT_2018)
    assert "A10001" in members(small_store, ids["Testford"], ids["Beeston"], OCT_2018)
    assert "A10001" not in shown_codes(pane)
    assert figures(pane)["Armley"] == (6500, None)
    assert figures(pane)["Beeston"] == (20000, None)
    assert figures(pane)["Total"] == (42500, None)
    assert window.undo_action.text() == "&Undo Move A10001 from Armley to Beeston"
    after = snapshot(small_store)

    undo(qtbot, window)
    assert snapshot(small_store) == before
    assert figures(pane) == OCT_FIGURES
    redo(qtbot, window, shift_z=True)
    assert snapshot(small_store) == after


def test_mark_practice_as_split(qtbot: Any, window: Any, ids: Any, small_store: Any) -> None:
    pane = open_area(qtbot, window, ids, "Armley")
    before = snapshot(small_store)
    click_row(qtbot, pane, "A10001")
    click(qtbot, button(pane, "Mark as split"))
    dialog = pane.edits.dialog
    assert isinstance(dialog, ChoosePartnershipDialog)
    offered = [dialog.partnership.itemText(i).strip() for i in range(dialog.partnership.count())]
    assert "Armley" not in offered
    dialog.partnership.setCurrentIndex(dialog.partnership.findData(ids["Central North"]))
    click(qtbot, dialog.ok_button)
    settle(qtbot, window)

    rows = {r.code: r for r in pane.model.rows()}
    assert rows["A10001"].is_split and rows["A10001"].split_with == ("Central North",)
    assert pane.count_label.text() == "3 practices · 2 split"
    # Split practices are not counted anywhere: Armley loses 8,000, Central gains nothing.
    assert figures(pane)["Armley"] == (6500, None)
    assert figures(pane)["Central"] == (16000, None)
    assert "A10001 Armley Moor Surgery — Armley, Central North" in pane.area_panel.notes_text()
    undo(qtbot, window)
    assert snapshot(small_store) == before
    assert pane.count_label.text() == "3 practices · 1 split"


def test_remove_practice_asks_first(
    qtbot: Any, window: Any, ids: Any, small_store: Any, scripted_prompts: Any
) -> None:
    pane = open_area(qtbot, window, ids, "Armley")
    before = snapshot(small_store)
    click_row(qtbot, pane, "A10002")
    activate(qtbot, window)
    pane.table.setFocus()

    scripted_prompts.answer(prompts.QUESTION, False)  # "Cancel"
    qtbot.keyClick(pane.table, Qt.Key.Key_Delete)
    question = scripted_prompts.of_kind(prompts.QUESTION)[-1]
    assert question.text == "Remove A10002 Town Street Practice from Armley from 1 Oct 2018?"
    assert snapshot(small_store) == before

    scripted_prompts.answer(prompts.QUESTION, True)  # "Remove"
    click(qtbot, button(pane, "Remove"))
    settle(qtbot, window)
    assert "A10002" not in members(small_store, ids["Testford"], ids["Armley"], OCT_2018)
    assert "A10002" not in shown_codes(pane)
    assert figures(pane)["Armley"] == (8000, None)
    assert figures(pane)["Total"] == (36000, None)
    undo(qtbot, window)
    assert snapshot(small_store) == before
    assert "A10002" in shown_codes(pane)


def test_undo_and_redo_walk_back_and_forth_through_every_edit(
    qtbot: Any, window: Any, ids: Any, small_store: Any, scripted_prompts: Any
) -> None:
    pane = open_area(qtbot, window, ids)  # the whole area
    states = [snapshot(small_store)]

    click(qtbot, button(pane, "Add practice"))
    dialog = pane.edits.dialog
    dialog.partnership.setCurrentIndex(dialog.partnership.findData(ids["Central South"]))
    qtbot.keyClicks(dialog.code, "C30003")
    qtbot.keyClicks(dialog.name, "Quarry Hill Practice")
    qtbot.keyClicks(dialog.list_size, "2500")
    click(qtbot, dialog.ok_button)
    settle(qtbot, window)
    states.append(snapshot(small_store))
    assert figures(pane)["Central South"] == (9500, None)

    click_row(qtbot, pane, "C30003")
    click(qtbot, button(pane, "Move to"))
    pane.edits.dialog.partnership.setCurrentIndex(
        pane.edits.dialog.partnership.findData(ids["Central North"])
    )
    click(qtbot, pane.edits.dialog.ok_button)
    settle(qtbot, window)
    states.append(snapshot(small_store))
    assert figures(pane)["Central North"] == (11500, None)

    click_row(qtbot, pane, "C30003")
    click(qtbot, button(pane, "Mark as split"))
    pane.edits.dialog.partnership.setCurrentIndex(
        pane.edits.dialog.partnership.findData(ids["Beeston"])
    )
    click(qtbot, pane.edits.dialog.ok_button)
    settle(qtbot, window)
    states.append(snapshot(small_store))
    assert figures(pane)["Central North"] == (9000, None)

    click_row(qtbot, pane, "C30003", ids["Beeston"])
    scripted_prompts.answer(prompts.QUESTION, True)
    click(qtbot, button(pane, "Remove"))
    settle(qtbot, window)
    states.append(snapshot(small_store))
    assert figures(pane)["Central North"] == (11500, None)  # whole again: counted

    # Removing the split branch on the day it was added leaves exactly the state before the split.
    assert states[4] == states[2]
    assert len({repr(s) for s in states[:4]}) == 4
    for expected in reversed(states[:-1]):
        undo(qtbot, window)
        assert snapshot(small_store) == expected
    assert not window.undo_action.isEnabled()
    assert figures(pane) == OCT_FIGURES
    for expected in states[1:]:
        redo(qtbot, window)
        assert snapshot(small_store) == expected
    assert not window.redo_action.isEnabled()
    assert figures(pane)["Central North"] == (11500, None)
