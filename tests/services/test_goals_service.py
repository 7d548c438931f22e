"""The goals service on a real store: every edit, its refusals, and exact undo and redo."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest
from helpers.plans import build_plan_store, snapshot
from sqlalchemy import insert, select

from lcpdesk.domain.goals import GoalInput, MeasureInput, MilestoneInput, Reading
from lcpdesk.errors import InputError
from lcpdesk.services import history
from lcpdesk.services.goals import GoalsService
from lcpdesk.store.db import Store
from lcpdesk.store.schema import allocation, goal_dimension

JAN, FEB, MAR = dt.date(2024, 1, 31), dt.date(2024, 2, 29), dt.date(2024, 3, 31)


@pytest.fixture
def ids(store: Store) -> dict[str, int]:
    return build_plan_store(store)


@pytest.fixture
def svc(store: Store) -> GoalsService:
    return GoalsService(store)


def frailty(ids: dict[str, int], **changes: Any) -> GoalInput:
    values: dict[str, Any] = {
        "title": "Fewer emergency admissions of frail people",
        "description": "Year 1 city-wide priority",
        "term": "long",
        "priority_kind": "city",
        "priority_label": "Frailty",
        "inequalities_focus": True,
        "owner_partner_id": ids["LCH"],
        "status": "on track",
        "start_date": dt.date(2024, 4, 1),
        "due_date": dt.date(2026, 3, 31),
        "cohorts": ("Frailty marker", "Predicted high cost"),
        "dimension_ids": (ids["Structure"],),
    }
    values.update(changes)
    return GoalInput(**values)


def test_add_goal_reads_back_whole(svc: GoalsService, ids: dict[str, int]) -> None:
    changes, goal_id = svc.add_goal(ids["Armley"], frailty(ids))
    assert changes.description == "Add goal ‘Fewer emergency admissions of frail people’"
    (found,) = svc.goals(ids["Testford"], ids["Armley"])
    assert found.id == goal_id
    assert found.partnership_name == "Armley"
    assert found.owner_name == "Leeds Community Healthcare"
    assert found.cohorts == ("Frailty marker", "Predicted high cost")
    assert [d.name for d in found.dimensions] == ["Structure"]
    assert not found.from_maturity_gap
    assert found.progress is None  # no measures yet
    assert found.priority_text == "City-wide: Frailty"


def test_goals_of_a_partnership_include_its_sub_units(
    svc: GoalsService, ids: dict[str, int]
) -> None:
    svc.add_goal(ids["Central North"], frailty(ids, title="PCN goal", dimension_ids=()))
    svc.add_goal(ids["Armley"], frailty(ids, title="Armley goal", dimension_ids=()))
    assert [g.title for g in svc.goals(ids["Testford"], ids["Central"])] == ["PCN goal"]
    assert len(svc.goals(ids["Testford"], None)) == 2
    assert svc.goals(ids["Testford"], ids["Beeston"]) == []


def test_edit_goal_then_undo_and_redo_exactly(
    store: Store, svc: GoalsService, ids: dict[str, int]
) -> None:
    _c, goal_id = svc.add_goal(ids["Armley"], frailty(ids))
    before = snapshot(store)
    changes = svc.edit_goal(
        goal_id,
        frailty(
            ids,
            title="Frailty: fewer admissions",
            status="at risk",
            owner_partner_id=None,
            cohorts=("Frailty marker", "Carers"),
            dimension_ids=(ids["Strength Based"], ids["Structure"]),
        ),
    )
    after = snapshot(store)
    g = svc.goal(goal_id)
    assert g is not None and g.status == "at risk" and g.owner_name == ""
    assert g.cohorts == ("Carers", "Frailty marker")
    assert [d.name for d in g.dimensions] == ["Culture – Strength Based", "Structure"]
    history.undo(svc.store, changes)
    assert snapshot(store) == before
    history.redo(svc.store, changes)
    assert snapshot(store) == after


def test_a_link_made_from_a_maturity_gap_is_kept_on_edit(
    store: Store, svc: GoalsService, ids: dict[str, int]
) -> None:
    # As the Maturity pane stores an action: a goal plus a link with its assessment.
    _c, goal_id = svc.add_goal(
        ids["Armley"],
        GoalInput("Reach Well developed in Structure", status="not started"),
    )
    with store.write() as conn:
        conn.execute(
            insert(goal_dimension).values(
                goal_id=goal_id,
                dimension_id=ids["Structure"],
                from_assessment_id=ids["assessment"],
            )
        )
    g = svc.goal(goal_id)
    assert g is not None and g.from_maturity_gap
    assert g.dimensions[0].assessment_period == "2019/20 Q2"
    svc.edit_goal(
        goal_id,
        GoalInput(
            "Reach Well developed in Structure",
            status="on track",
            dimension_ids=(ids["Structure"], ids["Leadership"]),
        ),
    )
    g = svc.goal(goal_id)
    assert g is not None and g.from_maturity_gap and len(g.dimensions) == 2


def test_refusals_write_nothing(store: Store, svc: GoalsService, ids: dict[str, int]) -> None:
    before = snapshot(store)
    with pytest.raises(InputError, match="not one of this area's partners"):
        svc.add_goal(ids["Armley"], frailty(ids, owner_partner_id=ids["Flat partner"]))
    with pytest.raises(InputError, match="no longer exists"):
        svc.add_goal(ids["Armley"], frailty(ids, dimension_ids=(99999,)))
    with pytest.raises(InputError, match="needs a title"):
        svc.add_goal(ids["Armley"], frailty(ids, title=" "))
    with pytest.raises(InputError, match="no longer exists"):
        svc.edit_goal(424242, frailty(ids))
    assert snapshot(store) == before


def test_measures_with_readings_and_progress(
    store: Store, svc: GoalsService, ids: dict[str, int]
) -> None:
    _c, goal_id = svc.add_goal(ids["Armley"], frailty(ids))
    readings = (Reading(JAN, D("31.5")), Reading(FEB, D("30")), Reading(MAR, D("29.5")))
    before = snapshot(store)
    changes, measure_id = svc.add_measure(
        goal_id, MeasureInput("Admissions", "per 1,000", D("32"), D("27"), readings)
    )
    g = svc.goal(goal_id)
    assert g is not None
    (m,) = g.measures
    assert m.current == Reading(MAR, D("29.5"))
    assert g.progress == pytest.approx(0.5)  # (29.5 − 32) / (27 − 32)
    history.undo(svc.store, changes)
    assert snapshot(store) == before
    history.redo(svc.store, changes)

    # Edit: change one reading, drop one, add one; move the target.
    mid = snapshot(store)
    edit = svc.edit_measure(
        measure_id,
        MeasureInput(
            "Admissions",
            "per 1,000",
            D("32"),
            D("22"),
            (
                Reading(JAN, D("31.5")),
                Reading(MAR, D("28")),
                Reading(dt.date(2024, 4, 30), D("27")),
            ),
        ),
    )
    g = svc.goal(goal_id)
    assert g is not None and g.progress == pytest.approx(0.5)  # (27 − 32) / (22 − 32)
    assert [r.when for r in g.measures[0].readings] == [JAN, MAR, dt.date(2024, 4, 30)]
    history.undo(svc.store, edit)
    assert snapshot(store) == mid

    with pytest.raises(InputError, match="more than two decimal places"):
        svc.add_measure(goal_id, MeasureInput("x", baseline=D("1.005")))
    assert snapshot(store) == mid


def test_milestones(store: Store, svc: GoalsService, ids: dict[str, int]) -> None:
    _c, goal_id = svc.add_goal(ids["Armley"], frailty(ids))
    _c, sid = svc.add_milestone(goal_id, MilestoneInput("MDT weekly", JAN))
    g = svc.goal(goal_id)
    assert g is not None and len(g.overdue_milestones(FEB)) == 1
    before = snapshot(store)
    done = svc.edit_milestone(sid, MilestoneInput("MDT weekly", JAN, FEB))
    g = svc.goal(goal_id)
    assert g is not None and g.overdue_milestones(MAR) == []
    history.undo(svc.store, done)
    assert snapshot(store) == before
    gone = svc.delete_milestone(sid)
    history.undo(svc.store, gone)
    assert snapshot(store) == before


def test_delete_goal_takes_its_children_and_unlinks_allocations(
    store: Store, svc: GoalsService, ids: dict[str, int]
) -> None:
    _c, goal_id = svc.add_goal(ids["Armley"], frailty(ids))
    svc.add_measure(goal_id, MeasureInput("m", "", D(1), D(2), (Reading(JAN, D("1.5")),)))
    svc.add_milestone(goal_id, MilestoneInput("s", JAN))
    with store.write() as conn:
        conn.execute(
            insert(allocation).values(
                partner_id=ids["LCH"],
                partnership_id=ids["Armley"],
                goal_id=goal_id,
                kind="funding",
                amount_x100=5_000_000,
                period_start=dt.date(2024, 4, 1),
                period_end=dt.date(2025, 3, 31),
            )
        )
    before = snapshot(store)
    changes = svc.delete_goal(goal_id)
    after = snapshot(store)
    assert svc.goals(ids["Testford"], None) == []
    for table in ("goal", "goal_cohort", "goal_dimension", "measure", "measure_reading"):
        assert after[table] == [], table
    with store.read() as conn:
        assert conn.execute(select(allocation.c.goal_id)).scalar() is None  # kept, unlinked
    history.undo(svc.store, changes)
    assert snapshot(store) == before
    history.redo(svc.store, changes)
    assert snapshot(store) == after


def test_dimensions_offered_are_the_newest_framework_version(
    svc: GoalsService, ids: dict[str, int]
) -> None:
    names = [d.name for d in svc.dimensions()]
    assert names == ["Leadership", "Culture", "Culture – Strength Based", "Structure"]
    assert ids["old Leadership"] not in {d.id for d in svc.dimensions()}


def test_no_framework_yet_means_no_dimensions(store: Store) -> None:
    assert GoalsService(store).dimensions() == []


def test_find_partnership_for_the_cli(svc: GoalsService, ids: dict[str, int]) -> None:
    area, unit = svc.find_partnership("  armley ")
    assert (area.name, unit.id) == ("Testford", ids["Armley"])
    with pytest.raises(InputError, match="no partnership called 'Nowhere'"):
        svc.find_partnership("Nowhere")
    with pytest.raises(InputError, match="no area called 'Mars'"):
        svc.find_partnership("Armley", "Mars")
