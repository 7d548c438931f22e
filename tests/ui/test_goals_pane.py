"""The Goals pane through its real widgets: what it shows (RAG, progress, summaries), every
edit of goals, measures and milestones with exact undo and redo, filters and the charts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from conftest import make_window
from helpers.plans import build_plan_store, snapshot
from plan_helpers import (
    cell,
    choose,
    click_row,
    open_pane,
    press,
    redo,
    set_date,
    shown,
    tick,
    undo,
)
from PySide6.QtCore import QPoint, Qt
from sqlalchemy import insert, select
from ui_helpers import button, click, settle, type_into

from lcpdesk import clock
from lcpdesk.domain.goals import GoalInput, MeasureInput, MilestoneInput, Reading
from lcpdesk.services.goals import GoalsService
from lcpdesk.store.db import Store
from lcpdesk.store.schema import allocation, goal, goal_dimension, measure_reading
from lcpdesk.ui import prompts
from lcpdesk.ui.dialogs.goal import GoalDialog
from lcpdesk.ui.dialogs.measure import MeasureDialog, MilestoneDialog
from lcpdesk.ui.models.goals import GoalCol

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

TODAY = dt.date(2024, 10, 1)


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


def month(k: int) -> dt.date:
    return dt.date(2023 + (k // 12), k % 12 + 1, 28)


def seed_goals(store: Store, ids: dict[str, int]) -> dict[str, int]:
    """Three Armley goals: one with two measures (one clamped), one with none, one done."""
    svc = GoalsService(store)
    _c, frailty = svc.add_goal(
        ids["Armley"],
        GoalInput(
            "Fewer frail admissions",
            priority_kind="city",
            priority_label="Frailty",
            owner_partner_id=ids["LCH"],
            status="at risk",
            cohorts=("Frailty marker",),
        ),
    )
    # Half way (60 between 40 and 80) and beyond the target (clamped to 100%): mean 75%.
    svc.add_measure(frailty, MeasureInput("Care plans", "%", D(40), D(80), (Reading(JAN, D(60)),)))
    svc.add_measure(frailty, MeasureInput("Admissions", "", D(32), D(27), (Reading(JAN, D(20)),)))
    svc.add_milestone(frailty, MilestoneInput("Weekly MDT", dt.date(2024, 9, 1)))  # overdue
    _c, hub = svc.add_goal(
        ids["Armley"],
        GoalInput("Community hub", priority_label="Hub", owner_partner_id=ids["Network"]),
    )
    _c, done = svc.add_goal(
        ids["Armley"],
        GoalInput("Health checks", priority_label="Checks", status="done", cohorts=("Carers",)),
    )
    return {"frailty": frailty, "hub": hub, "done": done}


JAN = dt.date(2024, 1, 31)


# --------------------------------------------------------------------------- what it shows


def test_progress_status_and_summary_strip(
    qtbot: Any, window: Any, store: Store, ids: dict[str, int]
) -> None:
    seed_goals(store, ids)
    pane = open_pane(qtbot, window, "Goals", ids["Testford"], ids["Armley"])
    assert pane.heading.text() == "Armley: goals"
    # Worst status first: at risk, not started, done.
    assert shown(pane.table) == ["Fewer frail admissions", "Community hub", "Health checks"]
    assert cell(pane.table, "Fewer frail admissions", "Progress") == "75%"
    assert cell(pane.table, "Community hub", "Progress") == "—"  # no measures: not 0%
    assert cell(pane.table, "Fewer frail admissions", "Status") == "Amber: at risk"
    assert cell(pane.table, "Health checks", "Status") == "Blue: done"
    assert cell(pane.table, "Fewer frail admissions", "Milestones") == "⚠ 1 overdue · 0 of 1 done"
    status = pane.proxy.index(0, GoalCol.STATUS)
    assert status.data(Qt.ItemDataRole.BackgroundRole).color().name() == "#fde8c2"  # amber tint
    summary = pane.summary.plain_text()
    assert "Red: off track 0 · Amber: at risk 1 · Green: on track 0" in summary
    assert "Grey: not started 1 · Blue: done 1" in summary
    assert "City-wide 1 · Local 2" in summary
    assert "⚠ 1 overdue milestone" in summary
    assert window.pane_status.text() == "3 goals · 1 overdue milestone"
    # The selected goal's measures: each measure's progress, clamped.
    detail = pane.detail
    assert detail.heading.text() == "Fewer frail admissions"
    assert shown(detail.measure_view) == ["Care plans", "Admissions"]
    assert cell(detail.measure_view, "Care plans", "Progress") == "50%"
    assert cell(detail.measure_view, "Admissions", "Progress") == "100%"
    assert cell(detail.milestone_view, "Weekly MDT", "State") == "⚠ Overdue"
    assert not pane.table.isColumnHidden(GoalCol.COHORTS)
    assert pane.table.isColumnHidden(GoalCol.MATURITY)  # no goal is linked to a dimension
    assert pane.table.isColumnHidden(GoalCol.PARTNERSHIP)  # one LCP, no sub-units


def test_filters_by_priority_status_owner_cohort_and_text(
    qtbot: Any, window: Any, store: Store, ids: dict[str, int]
) -> None:
    seed_goals(store, ids)
    pane = open_pane(qtbot, window, "Goals", ids["Testford"], ids["Armley"])
    choose(qtbot, pane.priority_filter, "City-wide")
    assert shown(pane.table) == ["Fewer frail admissions"]
    assert pane.count_label.text() == "1 of 3 goals"
    choose(qtbot, pane.priority_filter, "Local")
    assert shown(pane.table) == ["Community hub", "Health checks"]
    choose(qtbot, pane.status_filter, "Blue: done")
    assert shown(pane.table) == ["Health checks"]
    choose(qtbot, pane.status_filter, "All statuses")
    choose(qtbot, pane.owner_filter, "Armley Helping Hands")
    assert shown(pane.table) == ["Community hub"]
    choose(qtbot, pane.owner_filter, "No owner yet")
    assert shown(pane.table) == ["Health checks"]
    choose(qtbot, pane.owner_filter, "All owners")
    choose(qtbot, pane.priority_filter, "All priorities")
    choose(qtbot, pane.cohort_filter, "Carers")  # a user-defined cohort is offered too
    assert shown(pane.table) == ["Health checks"]
    choose(qtbot, pane.cohort_filter, "All cohorts")
    type_into(qtbot, pane.filter_edit, "hub")
    assert shown(pane.table) == ["Community hub"]
    assert pane.detail.heading.text() == "Community hub"
    type_into(qtbot, pane.filter_edit, "nothing like it")
    assert shown(pane.table) == []
    assert pane.detail.heading.text() == "No goal matches"
    type_into(qtbot, pane.filter_edit, "")
    # Clicking a header sorts by its raw values: progress as a number, "—" (none) lowest.
    header = pane.table.horizontalHeader()
    x = header.sectionViewportPosition(GoalCol.PROGRESS) + header.sectionSize(GoalCol.PROGRESS) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    progress = shown(pane.table, GoalCol.PROGRESS)
    if progress[0] != "75%":
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
        progress = shown(pane.table, GoalCol.PROGRESS)
    assert progress == ["75%", "—", "—"]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert shown(pane.table, GoalCol.PROGRESS) == ["—", "—", "75%"]


def test_a_goal_made_from_a_maturity_gap_is_marked(
    qtbot: Any, window: Any, store: Store, ids: dict[str, int]
) -> None:
    # As the Maturity pane saves an action for a gap: a goal and a link to its assessment.
    _c, gid = GoalsService(store).add_goal(
        ids["Armley"], GoalInput("Reach Well developed in Structure", term="short")
    )
    with store.write() as conn:
        conn.execute(
            insert(goal_dimension).values(
                goal_id=gid, dimension_id=ids["Structure"], from_assessment_id=ids["assessment"]
            )
        )
    pane = open_pane(qtbot, window, "Goals", ids["Testford"], ids["Armley"])
    assert not pane.table.isColumnHidden(GoalCol.MATURITY)
    assert cell(pane.table, "Reach Well developed in Structure", "Maturity") == (
        "Structure (maturity gap)"
    )
    tip = pane.proxy.index(0, GoalCol.MATURITY).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "Made from the maturity gap in Structure found by the 2019/20 Q2 assessment"
    assert "made from the maturity gap found in 2019/20 Q2" in pane.detail.facts.text()


# --------------------------------------------------------------------------- goals


def test_add_goal_through_the_form_then_undo_and_redo(
    qtbot: Any, window: Any, store: Store, ids: dict[str, int]
) -> None:
    pane = open_pane(qtbot, window, "Goals", ids["Testford"], ids["Armley"])
    assert shown(pane.table) == []
    assert pane.detail.heading.text() == "No goals yet: add one with Add goal…"
    before = snapshot(store)
    click(qtbot, button(pane, "Add goal"))
    dialog = pane.edits.dialog
    assert isinstance(dialog, GoalDialog) and dialog.isVisible()
    assert dialog.chosen_partnership() == ids["Armley"]
    qtbot.keyClicks(dialog.title_edit, "Reduce loneliness")
    choose(qtbot, dialog.term, "Long term")
    choose(qtbot, dialog.priority_kind, "Local")
    dialog.priority_label.setFocus()
    dialog.priority_label.lineEdit().selectAll()
    qtbot.keyClicks(dialog.priority_label, "Social isolation")
    click(qtbot, dialog.inequalities)
    tick(qtbot, dialog.cohorts, "Adults with 5+ chronic conditions")
    qtbot.keyClicks(dialog.other_cohorts, "Carers; Older people living alone")
    choose(qtbot, dialog.owner, "Armley Helping Hands")
    choose(qtbot, dialog.status, "Amber: at risk")
    set_date(qtbot, dialog.due, dt.date(2025, 3, 31))
    tick(qtbot, dialog.dimensions, "Culture – Strength Based")
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    settle(qtbot, window)

    with store.read() as conn:
        row = conn.execute(select(goal)).mappings().one()
    assert (row["title"], row["term"], row["priority_kind"], row["priority_label"]) == (
        "Reduce loneliness",
        "long",
        "local",
        "Social isolation",
    )
    assert (row["status"], row["owner_partner_id"], row["due_date"]) == (
        "at risk",
        ids["Network"],
        dt.date(2025, 3, 31),
    )
    assert row["inequalities_focus"] and row["start_date"] is None
    (g,) = GoalsService(store).goals(ids["Testford"], ids["Armley"])
    assert set(g.cohorts) == {
        "Adults with 5+ chronic conditions",
        "Carers",
        "Older people living alone",
    }
    assert [d.name for d in g.dimensions] == ["Culture – Strength Based"]
    assert shown(pane.table) == ["Reduce loneliness"]
    assert pane.selected_goal() is not None and pane.selected_goal().id == g.id
    assert cell(pane.table, "Reduce loneliness", "Progress") == "—"
    assert "Amber: at risk 1" in pane.summary.plain_text()
    assert window.undo_action.text() == "&Undo Add goal ‘Reduce loneliness’"
    after = snapshot(store)

    undo(qtbot, window)
    assert snapshot(store) == before
    assert shown(pane.table) == []
    redo(qtbot, window)
    assert snapshot(store) == after
    assert shown(pane.table) == ["Reduce loneliness"]


def test_edit_goal_refuses_an_empty_title_and_keeps_the_form_open(
    qtbot: Any, window: Any, store: Store, ids: dict[str, int]
) -> None:
    made = seed_goals(store, ids)
    pane = open_pane(qtbot, window, "Goals", ids["Testford"], ids["Armley"])
    click_row(qtbot, pane.table, shown(pane.table).index("Community hub"))
    press(qtbot, window, pane.table, Qt.Key.Key_F2)
    dialog = pane.edits.dialog
    assert isinstance(dialog, GoalDialog)
    assert dialog.windowTitle() == "Edit goal: Community hub"
    assert dialog.owner.currentText() == "Armley Helping Hands"
    type_into(qtbot, dialog.title_edit, "")
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert "The goal needs a title." in dialog.error_text()
    type_into(qtbot, dialog.title_edit, "Community health hub")
    choose(qtbot, dialog.status, "Green: on track")
    choose(qtbot, dialog.owner, "No owner yet")
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    settle(qtbot, window)
    g = GoalsService(store).goal(made["hub"])
    assert g is not None
    assert (g.title, g.status, g.owner_partner_id) == ("Community health hub", "on track", None)
    assert pane.selected_goal().id == made["hub"]
    assert cell(pane.table, "Community health hub", "Status") == "Green: on track"
    assert cell(pane.table, "Community health hub", "Owner") == "—"


def test_delete_goal_asks_unlinks_allocations_and_undo_restores(
    qtbot: Any,
    window: Any,
    store: Store,
    ids: dict[str, int],
    scripted_prompts: Any,
) -> None:
    made = seed_goals(store, ids)
    with store.write() as conn:
        conn.execute(
            insert(allocation).values(
                partner_id=ids["LCH"],
                partnership_id=ids["Armley"],
                goal_id=made["frailty"],
                kind="funding",
                amount_x100=2_500_000,
                period_start=dt.date(2024, 4, 1),
                period_end=dt.date(2025, 3, 31),
            )
        )
    pane = open_pane(qtbot, window, "Goals", ids["Testford"], ids["Armley"])
    before = snapshot(store)
    click_row(qtbot, pane.table, 0)
    scripted_prompts.answer(prompts.QUESTION, False)
    click(qtbot, button(pane, "Delete goal"))
    settle(qtbot, window)
    assert snapshot(store) == before  # said no
    scripted_prompts.answer(prompts.QUESTION, True)
    press(qtbot, window, pane.table, Qt.Key.Key_Delete)
    asked = scripted_prompts.of_kind(prompts.QUESTION)[-1]
    assert asked.text == (
        "Delete the goal ‘Fewer frail admissions’ of Armley, with its 2 measures "
        "(2 readings) and 1 milestone?"
    )
    assert "stay, no longer for a goal" in asked.detail
    assert "Fewer frail admissions" not in shown(pane.table)
    with store.read() as conn:
        assert conn.execute(select(allocation.c.goal_id)).scalar() is None
        assert conn.execute(select(measure_reading)).all() == []
    undo(qtbot, window)
    assert snapshot(store) == before
    assert "Fewer frail admissions" in shown(pane.table)


def test_editing_a_goal_keeps_its_link_to_an_earlier_framework_version(
    qtbot: Any, window: Any, store: Store, ids: dict[str, int]
) -> None:
    _c, gid = GoalsService(store).add_goal(
        ids["Armley"], GoalInput("Leadership development", dimension_ids=(ids["old Leadership"],))
    )
    pane = open_pane(qtbot, window, "Goals", ids["Testford"], ids["Armley"])
    press(qtbot, window, pane.table, Qt.Key.Key_F2)
    dialog = pane.edits.dialog
    assert isinstance(dialog, GoalDialog)
    offered = [dialog.dimensions.item(i).text() for i in range(dialog.dimensions.count())]
    assert offered[-1] == "Leadership (earlier framework version)"
    choose(qtbot, dialog.status, "Green: on track")
    click(qtbot, dialog.ok_button)
    g = GoalsService(store).goal(gid)
    assert g is not None and g.status == "on track"
    assert [d.dimension_id for d in g.dimensions] == [ids["old Leadership"]]


def test_adding_a_goal_for_the_whole_area_asks_which_partnership(
    qtbot: Any, window: Any, store: Store, ids: dict[str, int]
) -> None:
    seed_goals(store, ids)
    pane = open_pane(qtbot, window, "Goals", ids["Testford"], None)
    assert not pane.table.isColumnHidden(GoalCol.PARTNERSHIP)
    assert pane.model.headerData(GoalCol.PARTNERSHIP, Qt.Orientation.Horizontal) == "LCP"
    press(qtbot, window, pane.table, Qt.Key.Key_Insert)
    dialog = pane.edits.dialog
    assert isinstance(dialog, GoalDialog) and dialog.partnership is not None
    choose(qtbot, dialog.partnership, "\u2003Central North")
    qtbot.keyClicks(dialog.title_edit, "PCN goal")
    click(qtbot, dialog.ok_button)
    assert cell(pane.table, "PCN goal", "LCP") == "Central North"
    assert pane.heading.text() == "Testford: goals"


def test_without_a_maturity_framework_the_form_says_so(
    qtbot: Any, store: Store, data_dir: Path, settings: Any
) -> None:
    from conftest import build_small_store

    small = build_small_store(store)
    window = make_window(qtbot, store, data_dir, settings)
    pane = open_pane(qtbot, window, "Goals", small["Testford"], small["Armley"])
    click(qtbot, button(pane, "Add goal"))
    dialog = pane.edits.dialog
    assert isinstance(dialog, GoalDialog)
    notes = [w.text() for w in dialog.findChildren(type(pane.heading)) if w.isVisible()]
    assert any("No maturity framework is loaded yet" in n for n in notes)
    assert not dialog.dimensions.isVisible()
    qtbot.keyClicks(dialog.title_edit, "Fewer falls")
    click(qtbot, dialog.ok_button)
    assert shown(pane.table) == ["Fewer falls"]


# --------------------------------------------------------------------------- measures


def test_measure_with_readings_progress_clamped_then_edited_and_undone(
    qtbot: Any, window: Any, store: Store, ids: dict[str, int], qtmodeltester: Any
) -> None:
    made = seed_goals(store, ids)
    pane = open_pane(qtbot, window, "Goals", ids["Testford"], ids["Armley"])
    click_row(qtbot, pane.table, shown(pane.table).index("Community hub"))
    before = snapshot(store)
    click(qtbot, button(pane, "Add measure"))
    dialog = pane.edits.dialog
    assert isinstance(dialog, MeasureDialog)
    qtbot.keyClicks(dialog.name, "Residents involved")
    qtbot.keyClicks(dialog.unit, "people")
    qtbot.keyClicks(dialog.baseline, "40")
    qtbot.keyClicks(dialog.target, "80")
    for when, value in ((dt.date(2024, 6, 30), "60"), (dt.date(2024, 9, 30), "1,000")):
        dialog.reading_date.setDate(when)
        type_into(qtbot, dialog.reading_value, value)
        click(qtbot, dialog.add_reading_button)
    assert shown(dialog.reading_view) == ["30 Jun 2024", "30 Sep 2024"]
    qtmodeltester.check(dialog.reading_model, force_py=True)
    # The tester watches the model to the end of the test: keep it when the dialog goes.
    dialog.reading_model.setParent(window)
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    settle(qtbot, window)
    # The latest reading (1,000) is far beyond the target: progress is clamped to 100%.
    assert cell(pane.detail.measure_view, "Residents involved", "Progress") == "100%"
    assert cell(pane.table, "Community hub", "Progress") == "100%"
    with store.read() as conn:
        values = conn.execute(
            select(measure_reading.c.reading_date, measure_reading.c.value_x100).order_by(
                measure_reading.c.reading_date
            )
        ).all()
    assert (dt.date(2024, 6, 30), 6000) in values and (dt.date(2024, 9, 30), 100_000) in values
    added = snapshot(store)

    # Edit: remove the latest reading; the current value is 60 again, half way.
    press(qtbot, window, pane.detail.measure_view, Qt.Key.Key_F2)
    dialog = pane.edits.dialog
    assert isinstance(dialog, MeasureDialog)
    click_row(qtbot, dialog.reading_view, 1)
    click(qtbot, dialog.remove_reading_button)
    assert shown(dialog.reading_view) == ["30 Jun 2024"]
    click(qtbot, dialog.ok_button)
    assert cell(pane.detail.measure_view, "Residents involved", "Progress") == "50%"
    assert cell(pane.table, "Community hub", "Progress") == "50%"
    assert pane.selected_goal().id == made["hub"]

    undo(qtbot, window)
    assert snapshot(store) == added
    assert cell(pane.table, "Community hub", "Progress") == "100%"
    undo(qtbot, window)
    assert snapshot(store) == before
    assert cell(pane.table, "Community hub", "Progress") == "—"


def test_delete_a_measure_with_its_readings_then_undo(
    qtbot: Any, window: Any, store: Store, ids: dict[str, int], scripted_prompts: Any
) -> None:
    seed_goals(store, ids)
    pane = open_pane(qtbot, window, "Goals", ids["Testford"], ids["Armley"])
    detail = pane.detail
    assert cell(pane.table, "Fewer frail admissions", "Progress") == "75%"
    before = snapshot(store)
    click_row(qtbot, detail.measure_view, shown(detail.measure_view).index("Admissions"))
    scripted_prompts.answer(prompts.QUESTION, True)
    click(qtbot, button(pane, "Delete measure"))
    settle(qtbot, window)
    asked = scripted_prompts.of_kind(prompts.QUESTION)[-1]
    assert asked.text == "Delete the measure ‘Admissions’ with its 1 reading?"
    assert shown(detail.measure_view) == ["Care plans"]
    # The goal's progress is now the mean of the one measure left: 50%, not 75%.
    assert cell(pane.table, "Fewer frail admissions", "Progress") == "50%"
    with store.read() as conn:
        assert len(conn.execute(select(measure_reading)).all()) == 1
    undo(qtbot, window)
    assert snapshot(store) == before
    assert cell(pane.table, "Fewer frail admissions", "Progress") == "75%"


def test_measure_form_refuses_what_is_not_a_number(
    qtbot: Any, window: Any, store: Store, ids: dict[str, int]
) -> None:
    seed_goals(store, ids)
    pane = open_pane(qtbot, window, "Goals", ids["Testford"], ids["Armley"])
    before = snapshot(store)
    press(qtbot, window, pane.table, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    dialog = pane.edits.dialog
    assert isinstance(dialog, MeasureDialog)
    qtbot.keyClicks(dialog.name, "Waits")
    qtbot.keyClicks(dialog.baseline, "lots")
    click(qtbot, dialog.ok_button)
    assert "'lots' is not a number." in dialog.error_text()
    type_into(qtbot, dialog.baseline, "12.345")
    click(qtbot, dialog.ok_button)
    assert "more than two decimal places" in dialog.error_text()
    dialog.paste_readings("date\tvalue\n2024-01-31\t10\n29/02/2024\t12.5\n")
    assert shown(dialog.reading_view) == ["31 Jan 2024", "29 Feb 2024"]
    dialog.paste_readings("2024-03-31\tmany\n")
    assert "The readings could not be pasted" in dialog.error_text()
    click(qtbot, dialog.cancel_button)
    assert snapshot(store) == before


def test_run_chart_then_xmr_chart_and_saving_it(
    qtbot: Any,
    window: Any,
    store: Store,
    ids: dict[str, int],
    scripted_prompts: Any,
) -> None:
    made = seed_goals(store, ids)
    svc = GoalsService(store)
    few = tuple(Reading(month(k), D(30 + k % 3)) for k in range(5))
    many = tuple(Reading(month(k), D(30 + (k * 7) % 5)) for k in range(16))
    svc.add_measure(made["hub"], MeasureInput("Few readings", "", D(30), D(20), few))
    svc.add_measure(made["hub"], MeasureInput("Many readings", "", D(30), D(20), many))
    pane = open_pane(qtbot, window, "Goals", ids["Testford"], ids["Armley"])
    click_row(qtbot, pane.table, shown(pane.table).index("Community hub"))
    detail = pane.detail
    chart = detail.chart

    click_row(qtbot, detail.measure_view, shown(detail.measure_view).index("Few readings"))
    qtbot.waitUntil(lambda: chart.figure is not None, timeout=20000)
    assert detail.chart_kind.currentText() == "Run chart"
    assert not detail.chart_kind.model().item(1).isEnabled()  # XmR needs 15 readings
    assert len(chart.figure.axes) == 1
    assert "Run chart, 5 readings" in chart.figure.axes[0].get_title(loc="left")

    first = chart.figure
    click_row(qtbot, detail.measure_view, shown(detail.measure_view).index("Many readings"))
    qtbot.waitUntil(lambda: chart.figure is not None and chart.figure is not first, timeout=20000)
    assert detail.chart_kind.currentText() == "XmR chart"
    assert len(chart.figure.axes) == 2  # individuals and moving ranges
    assert chart.canvas is not None and chart.canvas.isVisible()

    target = window.data_dir / "chart.svg"
    scripted_prompts.answer(prompts.SAVE_FILE, str(target))
    with qtbot.waitSignal(chart.saved, timeout=20000):
        click(qtbot, chart.save_button)
    assert target.read_bytes().lstrip().startswith(b"<?xml")
    asked = scripted_prompts.of_kind(prompts.SAVE_FILE)[-1]
    assert asked.text == "Many readings xmr.png"
    assert "SVG" in asked.options["filters"]

    shown_before = chart.figure
    choose(qtbot, detail.chart_kind, "Run chart")
    qtbot.waitUntil(lambda: chart.figure is not shown_before, timeout=20000)
    assert len(chart.figure.axes) == 1


# --------------------------------------------------------------------------- milestones


def test_milestone_overdue_mark_done_delete_with_undo(
    qtbot: Any, window: Any, store: Store, ids: dict[str, int], scripted_prompts: Any
) -> None:
    made = seed_goals(store, ids)
    pane = open_pane(qtbot, window, "Goals", ids["Testford"], ids["Armley"])
    click_row(qtbot, pane.table, shown(pane.table).index("Community hub"))
    before = snapshot(store)
    click(qtbot, button(pane, "Add milestone"))
    dialog = pane.edits.dialog
    assert isinstance(dialog, MilestoneDialog)
    qtbot.keyClicks(dialog.title_edit, "Agree the plan with residents")
    set_date(qtbot, dialog.due, dt.date(2024, 9, 15))  # before TODAY: overdue
    click(qtbot, dialog.ok_button)
    view = pane.detail.milestone_view
    assert cell(view, "Agree the plan with residents", "State") == "⚠ Overdue"
    assert cell(pane.table, "Community hub", "Milestones") == "⚠ 1 overdue · 0 of 1 done"
    assert "⚠ 2 overdue milestones" in pane.summary.plain_text()

    click_row(qtbot, view, 0)
    click(qtbot, button(pane, "Mark done"))
    assert cell(view, "Agree the plan with residents", "State") == "✓ Done"
    assert cell(view, "Agree the plan with residents", "Done") == "1 Oct 2024"
    assert cell(pane.table, "Community hub", "Milestones") == "1 of 1 done"
    undo(qtbot, window)
    assert cell(view, "Agree the plan with residents", "State") == "⚠ Overdue"

    scripted_prompts.answer(prompts.QUESTION, True)
    click_row(qtbot, view, 0)
    press(qtbot, window, view, Qt.Key.Key_Delete)
    assert shown(view) == []
    assert pane.selected_goal().id == made["hub"]
    undo(qtbot, window)
    undo(qtbot, window)
    assert snapshot(store) == before


def test_every_model_of_the_pane_passes_qtmodeltester(
    qtbot: Any, qtmodeltester: Any, window: Any, store: Store, ids: dict[str, int]
) -> None:
    seed_goals(store, ids)
    pane = open_pane(qtbot, window, "Goals", ids["Testford"], ids["Armley"])
    for model in (
        pane.model,
        pane.proxy,
        pane.detail.measures,
        pane.detail.measure_proxy,
        pane.detail.milestones,
        pane.detail.milestone_proxy,
    ):
        assert model.rowCount() > 0  # checked with rows in it, not empty
        qtmodeltester.check(model, force_py=True)
