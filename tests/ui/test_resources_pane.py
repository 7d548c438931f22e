"""The Resources pane through its real widgets: partners and allocations added, edited and
deleted, totals per kind (never £ plus WTE), warnings and the funding floor, the period filter,
and rolling a period forward with an uplift, to the penny, as one undo step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import make_window
from helpers.plans import FY23, FY24, build_plan_store, snapshot
from plan_helpers import cell, choose, click_row, open_pane, press, redo, shown, undo
from PySide6.QtCore import Qt
from sqlalchemy import select
from ui_helpers import button, click, settle, type_into

from lcpdesk import clock
from lcpdesk.domain.goals import GoalInput
from lcpdesk.domain.resources import AllocationInput
from lcpdesk.services.goals import GoalsService
from lcpdesk.services.resources import ResourcesService
from lcpdesk.store.db import Store
from lcpdesk.store.schema import allocation, partner
from lcpdesk.ui import prompts
from lcpdesk.ui.dialogs.allocation import AllocationDialog, PartnerDialog, RollForwardDialog
from lcpdesk.ui.models.resources import AllocCol

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

TODAY = dt.date(2024, 10, 1)  # in 2024/25


@pytest.fixture(autouse=True)
def fixed_today() -> Iterator[None]:
    with clock.frozen(TODAY):  # every layer reads the day from the one clock
        yield


@pytest.fixture
def ids(store: Store) -> dict[str, int]:
    return build_plan_store(store)


@pytest.fixture
def window(qtbot: Any, store: Store, ids: dict[str, int], data_dir: Path, settings: Any) -> Any:
    return make_window(qtbot, store, data_dir, settings)


def give(
    store: Store,
    ids: dict[str, int],
    who: str,
    kind: str,
    amount: int,
    *,
    to: str = "Armley",
    period: tuple[dt.date, dt.date] = FY24,
    status: str = "committed",
    goal_id: int | None = None,
) -> int:
    _c, aid = ResourcesService(store).add_allocation(
        AllocationInput(ids[who], ids[to], kind, amount, *period, status, goal_id, "")
    )
    return aid


def tab(qtbot: Any, pane: Any, name: str) -> None:
    bar = pane.tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i).replace("&", "").startswith(name))
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert pane.tabs.currentIndex() == index


def totals(pane: Any) -> dict[str, tuple[str, str, str, str]]:
    """What the totals table shows: name -> (planned, committed, actual, all)."""
    model = pane.totals.model
    return {
        model.index(r, 0).data(): tuple(model.index(r, c).data() for c in range(1, 5))
        for r in range(model.rowCount())
    }


# --------------------------------------------------------------------------- partners


def test_add_edit_and_delete_a_partner_with_undo(
    qtbot: Any, window: Any, store: Store, ids: dict[str, int], scripted_prompts: Any
) -> None:
    give(store, ids, "Network", "funding", 2_500_000)
    pane = open_pane(qtbot, window, "Resources", ids["Testford"], None)
    tab(qtbot, pane, "Partners")
    view = pane.partners_panel.table
    assert pane.tabs.tabText(3) == "Pa&rtners (3)"
    before = snapshot(store)

    click(qtbot, button(pane, "Add partner"))
    dialog = pane.edits.dialog
    assert isinstance(dialog, PartnerDialog)
    qtbot.keyClicks(dialog.name, "Leeds Older People's Forum")
    choose(qtbot, dialog.sector, "Voluntary and community")
    dialog.org_type.setFocus()
    qtbot.keyClicks(dialog.org_type, "Forum")
    click(qtbot, dialog.ok_button)
    assert cell(view, "Leeds Older People's Forum", "Sector") == "Voluntary and community"
    assert cell(view, "Leeds Older People's Forum", "Type") == "Forum"
    assert pane.selected_partner().name == "Leeds Older People's Forum"
    assert pane.tabs.tabText(3) == "Pa&rtners (4)"

    # A second partner of the same name is refused in the form.
    click(qtbot, button(pane, "Add partner"))
    dialog = pane.edits.dialog
    qtbot.keyClicks(dialog.name, "adult social care")
    click(qtbot, dialog.ok_button)
    assert "already a partner called Adult Social Care" in dialog.error_text()
    click(qtbot, dialog.cancel_button)

    click_row(qtbot, view, shown(view).index("Leeds Older People's Forum"))
    press(qtbot, window, view, Qt.Key.Key_F2)
    dialog = pane.edits.dialog
    assert isinstance(dialog, PartnerDialog)
    type_into(qtbot, dialog.name, "LOPF")
    click(qtbot, dialog.ok_button)
    assert "LOPF" in shown(view)

    # Deleting a partner that gives resources says what goes with it.
    scripted_prompts.answer(prompts.QUESTION, True)
    click_row(qtbot, view, shown(view).index("Armley Helping Hands"))
    press(qtbot, window, view, Qt.Key.Key_Delete)
    asked = scripted_prompts.of_kind(prompts.QUESTION)[-1]
    assert asked.text == "Delete the partner Armley Helping Hands?"
    assert asked.detail == "Its 1 allocation is deleted with it. Edit ▸ Undo puts it all back."
    assert "Armley Helping Hands" not in shown(view)
    with store.read() as conn:
        assert conn.execute(select(allocation)).all() == []
    for _ in range(3):
        undo(qtbot, window)
    assert snapshot(store) == before
    assert "Armley Helping Hands" in shown(view)


# --------------------------------------------------------------------------- allocations


def test_add_allocations_and_totals_per_kind(
    qtbot: Any, window: Any, store: Store, ids: dict[str, int]
) -> None:
    GoalsService(store).add_goal(ids["Armley"], GoalInput("Fewer falls"))
    pane = open_pane(qtbot, window, "Resources", ids["Testford"], ids["Armley"])
    assert pane.period_combo.currentText() == "All periods"  # nothing allocated yet
    before = snapshot(store)

    click(qtbot, button(pane, "Add allocation"))
    dialog = pane.edits.dialog
    assert isinstance(dialog, AllocationDialog)
    assert dialog.partnership.currentText() == "Armley"
    choose(qtbot, dialog.partner, "Armley Helping Hands (Voluntary and community)")
    choose(qtbot, dialog.goal, "Fewer falls")
    qtbot.keyClicks(dialog.amount, "£25,000.50")
    choose(qtbot, dialog.status, "Committed")
    dialog.set_period(dt.date(2024, 4, 1), dt.date(2025, 3, 31))
    assert dialog.period_note.text() == "2024/25"
    qtbot.keyClicks(dialog.notes, "Befriending")
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    settle(qtbot, window)
    with store.read() as conn:
        row = conn.execute(select(allocation)).mappings().one()
    assert (row["amount_x100"], row["kind"], row["status"], row["notes"]) == (
        2_500_050,
        "funding",
        "committed",
        "Befriending",
    )
    assert pane.selected_allocation().id == row["id"]
    assert cell(pane.table, "Armley Helping Hands", "Amount") == "£25,000.50"
    assert cell(pane.table, "Armley Helping Hands", "Goal") == "Fewer falls"

    click(qtbot, button(pane, "Add allocation"))
    dialog = pane.edits.dialog
    choose(qtbot, dialog.partner, "Leeds Community Healthcare (Statutory)")
    choose(qtbot, dialog.kind, "Staff (WTE)")
    qtbot.keyClicks(dialog.amount, "1.5")
    choose(qtbot, dialog.status, "Actual")
    click(qtbot, dialog.ok_button)
    assert cell(pane.table, "Leeds Community Healthcare", "Amount") == "1.5 WTE"

    summary = pane.summary.plain_text()
    assert "Funding £25,000.50 (committed £25,000.50)" in summary
    assert "Staff 1.5 WTE (actual 1.5 WTE)" in summary
    tab(qtbot, pane, "Totals")
    assert pane.totals.current_kind() == "funding"
    assert totals(pane) == {
        "Statutory": ("£0", "£0", "£0", "£0"),
        "Voluntary and community": ("£0", "£25,000.50", "£0", "£25,000.50"),
        "Total": ("£0", "£25,000.50", "£0", "£25,000.50"),
    }
    choose(qtbot, pane.totals.kind, "Staff (WTE)")
    assert totals(pane)["Total"] == ("0 WTE", "0 WTE", "1.5 WTE", "1.5 WTE")  # WTE apart from £
    choose(qtbot, pane.totals.grouping, "Goal")
    assert set(totals(pane)) == {"Fewer falls", "(not for a particular goal)", "Total"}
    assert totals(pane)["(not for a particular goal)"][3] == "1.5 WTE"
    # The chart follows the table's grouping (it said "by sector" whatever the grouping).
    qtbot.waitUntil(
        lambda: (
            pane.totals.chart.figure is not None
            and "Staff (WTE) by goal" in pane.totals.chart.figure.texts[0].get_text()
        ),
        timeout=20000,
    )

    undo(qtbot, window)
    undo(qtbot, window)
    assert snapshot(store) == before
    assert pane.model.rowCount() == 0
    redo(qtbot, window)
    assert [r.amount_x100 for r in pane.model.records()] == [2_500_050]


def test_edit_and_delete_an_allocation(
    qtbot: Any, window: Any, store: Store, ids: dict[str, int], scripted_prompts: Any
) -> None:
    aid = give(store, ids, "ASC", "funding", 5_000_000)
    pane = open_pane(qtbot, window, "Resources", ids["Testford"], ids["Armley"])
    assert pane.period_combo.currentText() == "2024/25 (1 Apr – 31 Mar)"  # this year
    before = snapshot(store)
    click_row(qtbot, pane.table, 0)
    press(qtbot, window, pane.table, Qt.Key.Key_Return)
    dialog = pane.edits.dialog
    assert isinstance(dialog, AllocationDialog)
    assert dialog.amount.text() == "50,000"
    type_into(qtbot, dialog.amount, "lots")
    click(qtbot, dialog.ok_button)
    assert "'lots' is not a number." in dialog.error_text()
    type_into(qtbot, dialog.amount, "55,000.001")
    click(qtbot, dialog.ok_button)
    assert "more than two decimal places" in dialog.error_text()
    type_into(qtbot, dialog.amount, "55k")
    choose(qtbot, dialog.status, "Actual")
    click(qtbot, dialog.ok_button)
    assert cell(pane.table, "Adult Social Care", "Amount") == "£55,000"
    assert cell(pane.table, "Adult Social Care", "Status") == "Actual"
    edited = snapshot(store)

    scripted_prompts.answer(prompts.QUESTION, True)
    click(qtbot, button(pane, "Delete allocation"))
    settle(qtbot, window)
    asked = scripted_prompts.of_kind(prompts.QUESTION)[-1]
    assert asked.text == "Delete £55,000 from Adult Social Care to Armley for 2024/25?"
    assert pane.model.rowCount() == 0
    undo(qtbot, window)
    assert snapshot(store) == edited
    assert pane.selected_allocation() is None or pane.selected_allocation().id == aid
    undo(qtbot, window)
    assert snapshot(store) == before


def test_period_filter_and_text_filter(
    qtbot: Any, window: Any, store: Store, ids: dict[str, int]
) -> None:
    give(store, ids, "LCH", "funding", 3_000_000, period=FY23, status="actual")
    give(store, ids, "ASC", "funding", 4_000_000, period=FY24)
    give(store, ids, "Network", "funding", 5_000_000, period=FY24, to="Beeston")
    pane = open_pane(qtbot, window, "Resources", ids["Testford"], None)
    offered = [pane.period_combo.itemText(i) for i in range(pane.period_combo.count())]
    assert offered == ["All periods", "2024/25 (1 Apr – 31 Mar)", "2023/24 (1 Apr – 31 Mar)"]
    assert shown(pane.table, AllocCol.PARTNER) == ["Adult Social Care", "Armley Helping Hands"]
    choose(qtbot, pane.period_combo, "All periods")
    settle(qtbot, window)
    assert pane.model.rowCount() == 3
    assert "Funding £120,000" in pane.summary.plain_text()
    choose(qtbot, pane.period_combo, "2023/24 (1 Apr – 31 Mar)")
    settle(qtbot, window)
    assert shown(pane.table) == ["Leeds Community Healthcare"]
    assert window.pane_status.text() == "Resources for 2023/24 · 0 warnings"
    choose(qtbot, pane.period_combo, "All periods")
    settle(qtbot, window)
    type_into(qtbot, pane.filter_edit, "helping")
    assert shown(pane.table) == ["Armley Helping Hands"]
    assert pane.count_label.text() == "1 of 3 allocations"


def test_warnings_and_setting_the_funding_floor(
    qtbot: Any, window: Any, store: Store, ids: dict[str, int]
) -> None:
    goals = GoalsService(store)
    _c, done = goals.add_goal(ids["Armley"], GoalInput("Finished work", status="done"))
    goals.add_goal(ids["Armley"], GoalInput("Nobody pays for this"))
    give(store, ids, "Network", "funding", 1_500_000, goal_id=done)
    give(store, ids, "ASC", "funding", 3_000_000, period=FY23, status="planned")
    pane = open_pane(qtbot, window, "Resources", ids["Testford"], None)
    choose(qtbot, pane.period_combo, "All periods")
    settle(qtbot, window)
    tab(qtbot, pane, "Warnings")
    kinds = shown(pane.warnings_panel.table)
    assert kinds == [
        "Goal is done",
        "Period has ended",
        "Small funding piece",
        "Goal without resources",
    ]
    assert pane.tabs.tabText(2) == "&Warnings (4)"
    assert "⚠ 4 warnings" in pane.summary.plain_text()
    floor = pane.warnings_panel.floor
    assert floor.text() == "£20,000"
    before = snapshot(store)
    type_into(qtbot, floor, "£10,000")
    click(qtbot, pane.warnings_panel.floor_button)
    assert "Small funding piece" not in shown(pane.warnings_panel.table)
    assert floor.text() == "£10,000"
    assert window.undo_action.text() == "&Undo Set the smallest funding piece to £10,000"
    undo(qtbot, window)
    assert snapshot(store) == before
    assert "Small funding piece" in shown(pane.warnings_panel.table)
    # Opening an allocation's warning shows that allocation.
    row = shown(pane.warnings_panel.table).index("Period has ended")
    click_row(qtbot, pane.warnings_panel.table, row)
    press(qtbot, window, pane.warnings_panel.table, Qt.Key.Key_Return)
    assert pane.tabs.currentIndex() == 0
    assert pane.selected_allocation().partner_name == "Adult Social Care"


# --------------------------------------------------------------------------- roll forward


def test_roll_forward_with_uplift_to_the_penny_is_one_undo_step(
    qtbot: Any, window: Any, store: Store, ids: dict[str, int]
) -> None:
    give(store, ids, "LCH", "funding", 1_000_005, status="actual")  # £10,000.05
    give(store, ids, "ASC", "funding", 3_333_333)  # £33,333.33
    give(store, ids, "Network", "in_kind", 10, status="planned")  # 10p
    give(store, ids, "LCH", "staff_wte", 150)  # 1.5 WTE: not uplifted
    give(store, ids, "ASC", "funding", 777, period=FY23)  # another period: not copied
    pane = open_pane(qtbot, window, "Resources", ids["Testford"], ids["Armley"])
    before = snapshot(store)
    press(qtbot, window, pane.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialog = pane.edits.dialog
    assert isinstance(dialog, RollForwardDialog)
    assert dialog.period.currentText() == "2024/25 (4 allocations)"
    type_into(qtbot, dialog.uplift, "2.5")
    preview = dialog.preview.text()
    assert preview.startswith(
        "4 allocations will be copied into 2025/26 (1 Apr 2025 – 31 Mar 2026) as planned."
    )
    # £10,000.05 + 2.5% = £10,250.05125 -> £10,250.05; £33,333.33 -> £34,166.66325 -> .66
    assert "Funding: £43,333.38 → £44,416.71." in preview
    assert "In-kind support: £0.10 → £0.10." in preview  # 10.25p rounds to 10p
    assert "Staff: 1.5 WTE." in preview
    type_into(qtbot, dialog.uplift, "a lot")
    assert "'a lot' is not a number." in dialog.preview.text()
    type_into(qtbot, dialog.uplift, "2.5%")
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    settle(qtbot, window)

    assert pane.period_combo.currentText() == "2025/26 (1 Apr – 31 Mar)"
    with store.read() as conn:
        new = conn.execute(
            select(partner.c.name, allocation.c.kind, allocation.c.amount_x100, allocation.c.status)
            .join(partner, partner.c.id == allocation.c.partner_id)
            .where(allocation.c.period_start == dt.date(2025, 4, 1))
            .where(allocation.c.period_end == dt.date(2026, 3, 31))
        ).all()
    assert sorted(new) == [
        ("Adult Social Care", "funding", 3_416_666, "planned"),
        ("Armley Helping Hands", "in_kind", 10, "planned"),
        ("Leeds Community Healthcare", "funding", 1_025_005, "planned"),
        ("Leeds Community Healthcare", "staff_wte", 150, "planned"),
    ]
    assert "Funding £44,416.71 (planned £44,416.71)" in pane.summary.plain_text()
    assert window.undo_action.text() == "&Undo Roll 2024/25 forward to 2025/26 (+2.5%)"
    after = snapshot(store)

    undo(qtbot, window)  # one step takes all four copies back
    assert snapshot(store) == before
    redo(qtbot, window)
    assert snapshot(store) == after


def test_every_model_of_the_pane_passes_qtmodeltester(
    qtbot: Any, qtmodeltester: Any, window: Any, store: Store, ids: dict[str, int]
) -> None:
    GoalsService(store).add_goal(ids["Armley"], GoalInput("Unfunded"))
    give(store, ids, "Network", "funding", 100)
    give(store, ids, "LCH", "staff_wte", 100)
    pane = open_pane(qtbot, window, "Resources", ids["Testford"], None)
    for model in (
        pane.model,
        pane.proxy,
        pane.totals.model,
        pane.warnings_panel.model,
        pane.warnings_panel.proxy,
        pane.partners_panel.model,
        pane.partners_panel.proxy,
    ):
        assert model.rowCount() > 0
        qtmodeltester.check(model, force_py=True)
