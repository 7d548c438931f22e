"""The resources service on a real store: partners, allocations, totals, warnings, the funding
floor, and rolling a period forward with an uplift, to the penny, as one undo step."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from helpers.plans import FY23, FY24, build_plan_store, snapshot
from sqlalchemy import select

from lcpdesk.domain.allocation_periods import Period, parse_period
from lcpdesk.domain.goals import GoalInput
from lcpdesk.domain.resources import AllocationInput, PartnerInput
from lcpdesk.errors import InputError
from lcpdesk.services import history
from lcpdesk.services.goals import GoalsService
from lcpdesk.services.resources import ResourcesService
from lcpdesk.store.db import Store
from lcpdesk.store.schema import allocation, goal

TODAY = dt.date(2024, 10, 1)


@pytest.fixture
def ids(store: Store) -> dict[str, int]:
    return build_plan_store(store)


@pytest.fixture
def svc(store: Store) -> ResourcesService:
    return ResourcesService(store)


def give(
    svc: ResourcesService,
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
    _c, aid = svc.add_allocation(
        AllocationInput(ids[who], ids[to], kind, amount, *period, status, goal_id, "")
    )
    return aid


def test_partners_add_edit_delete_with_exact_undo(
    store: Store, svc: ResourcesService, ids: dict[str, int]
) -> None:
    before = snapshot(store)
    added, pid = svc.add_partner(
        ids["Testford"], PartnerInput(" Leeds  Older People's Forum ", "voluntary and community")
    )
    names = [p.name for p in svc.partners(ids["Testford"])]
    assert "Leeds Older People's Forum" in names
    with pytest.raises(InputError, match="already a partner called Leeds Community Healthcare"):
        svc.add_partner(ids["Testford"], PartnerInput("leeds community healthcare", "statutory"))
    edited = svc.edit_partner(pid, PartnerInput("LOPF", "voluntary and community", "Forum"))
    (lopf,) = [p for p in svc.partners(ids["Testford"]) if p.id == pid]
    assert (lopf.name, lopf.org_type) == ("LOPF", "Forum")
    history.undo(svc.store, edited)
    history.undo(svc.store, added)
    assert snapshot(store) == before


def test_deleting_a_partner_takes_its_allocations_and_undo_brings_them_back(
    store: Store, svc: ResourcesService, ids: dict[str, int]
) -> None:
    _c, goal_id = GoalsService(store).add_goal(
        ids["Armley"], GoalInput("Frailty", owner_partner_id=ids["Network"])
    )
    give(svc, ids, "Network", "funding", 1_200_000, goal_id=goal_id)
    give(svc, ids, "Network", "in_kind", 50_000)
    give(svc, ids, "LCH", "staff_wte", 200)
    (network,) = [p for p in svc.partners(ids["Testford"]) if p.id == ids["Network"]]
    assert (network.allocations, network.goals_owned) == (2, 1)
    before = snapshot(store)
    changes = svc.delete_partner(ids["Network"])
    after = snapshot(store)
    assert len(after["allocation"]) == 1
    with store.read() as conn:
        assert conn.execute(select(goal.c.owner_partner_id)).scalar() is None
    history.undo(svc.store, changes)
    assert snapshot(store) == before
    history.redo(svc.store, changes)
    assert snapshot(store) == after


def test_allocations_edit_and_delete(
    store: Store, svc: ResourcesService, ids: dict[str, int]
) -> None:
    aid = give(svc, ids, "LCH", "funding", 5_000_000)
    before = snapshot(store)
    edit = svc.edit_allocation(
        aid,
        AllocationInput(ids["LCH"], ids["Armley"], "funding", 5_500_000, *FY24, "actual"),
    )
    view = svc.view(ids["Testford"], ids["Armley"], on=TODAY)
    assert [(a.amount_x100, a.status) for a in view.allocations] == [(5_500_000, "actual")]
    history.undo(svc.store, edit)
    assert snapshot(store) == before
    gone = svc.delete_allocation(aid)
    assert svc.view(ids["Testford"], None, on=TODAY).allocations == []
    history.undo(svc.store, gone)
    assert snapshot(store) == before


def test_allocation_refusals(store: Store, svc: ResourcesService, ids: dict[str, int]) -> None:
    _c, beeston_goal = GoalsService(store).add_goal(ids["Beeston"], GoalInput("Beeston goal"))
    before = snapshot(store)
    with pytest.raises(InputError, match="one of the area's partner organisations"):
        give(svc, ids, "Flat partner", "funding", 100)
    with pytest.raises(InputError, match="not one of Armley's goals"):
        give(svc, ids, "LCH", "funding", 100, goal_id=beeston_goal)
    with pytest.raises(InputError, match="more than nothing"):
        give(svc, ids, "LCH", "funding", 0)
    assert snapshot(store) == before


def test_totals_by_sector_partner_goal_and_partnership(
    store: Store, svc: ResourcesService, ids: dict[str, int]
) -> None:
    _c, frailty = GoalsService(store).add_goal(ids["Armley"], GoalInput("Frailty"))
    give(svc, ids, "LCH", "funding", 5_000_000, status="actual", goal_id=frailty)
    give(svc, ids, "ASC", "funding", 2_500_050, status="planned")
    give(svc, ids, "Network", "funding", 1_000_000, to="Beeston")
    give(svc, ids, "LCH", "staff_wte", 150, goal_id=frailty)
    give(svc, ids, "LCH", "staff_wte", 50, to="Central North")
    view = svc.view(ids["Testford"], None, on=TODAY)
    by_sector = {r.label: r for r in view.totals("sector")}
    assert by_sector["Statutory"].amount("funding") == 7_500_050
    assert by_sector["Statutory"].amount("staff_wte") == 200
    assert by_sector["Voluntary and community"].amount("funding") == 1_000_000
    assert view.grand["funding"] == {
        "planned": 2_500_050,
        "committed": 1_000_000,
        "actual": 5_000_000,
    }
    by_partnership = {r.label: r.amount("staff_wte") for r in view.totals("partnership")}
    assert by_partnership == {"Armley": 150, "Beeston": 0, "Central North": 50}
    by_goal = {r.label: r.amount("funding") for r in view.totals("goal")}
    assert by_goal == {"Frailty": 5_000_000, "(not for a particular goal)": 3_500_050}
    by_partner = {r.label: r.amount("funding", "planned") for r in view.totals("partner")}
    assert by_partner["Adult Social Care"] == 2_500_050
    # A partnership's view includes its sub-units.
    central = svc.view(ids["Testford"], ids["Central"], on=TODAY)
    assert [a.partnership_name for a in central.allocations] == ["Central North"]


def test_warnings_and_the_funding_floor(
    store: Store, svc: ResourcesService, ids: dict[str, int]
) -> None:
    goals = GoalsService(store)
    _c, done = goals.add_goal(ids["Armley"], GoalInput("Done goal", status="done"))
    goals.add_goal(ids["Armley"], GoalInput("Unresourced goal"))
    give(svc, ids, "Network", "funding", 1_500_000, goal_id=done)
    give(svc, ids, "ASC", "funding", 3_000_000, period=FY23, status="planned")
    codes = [w.code for w in svc.view(ids["Testford"], None, on=TODAY).warnings]
    assert codes == ["goal done", "past period", "small funding", "no resources"]

    before = snapshot(store)
    changes = svc.set_funding_floor(ids["Testford"], 1_000_000)
    view = svc.view(ids["Testford"], None, on=TODAY)
    assert view.funding_floor_x100 == 1_000_000
    assert "small funding" not in [w.code for w in view.warnings]
    history.undo(svc.store, changes)
    assert snapshot(store) == before
    assert svc.view(ids["Testford"], None, on=TODAY).funding_floor_x100 == 2_000_000


def test_period_filter_and_financial_years(svc: ResourcesService, ids: dict[str, int]) -> None:
    give(svc, ids, "LCH", "funding", 100, period=FY23)
    give(svc, ids, "LCH", "funding", 200, period=FY24)
    give(svc, ids, "LCH", "funding", 300, period=(dt.date(2024, 1, 1), dt.date(2024, 6, 30)))
    fy24 = svc.view(ids["Testford"], None, parse_period("2024/25"), on=TODAY)
    assert sorted(a.amount_x100 for a in fy24.allocations) == [200, 300]  # overlapping
    assert [p.label for p in svc.financial_years(ids["Testford"], None)] == ["2024/25", "2023/24"]
    assert [(p.label, n) for p, n in svc.periods(ids["Testford"], None)] == [
        ("2023/24", 1),
        ("1 Jan 2024 – 30 Jun 2024", 1),
        ("2024/25", 1),
    ]


def test_roll_forward_with_uplift_to_the_penny_is_one_undo_step(
    store: Store, svc: ResourcesService, ids: dict[str, int]
) -> None:
    _c, frailty = GoalsService(store).add_goal(ids["Armley"], GoalInput("Frailty"))
    give(svc, ids, "LCH", "funding", 1_000_005, goal_id=frailty, status="actual")  # £10,000.05
    give(svc, ids, "ASC", "funding", 3_333_333)  # £33,333.33
    give(svc, ids, "Network", "in_kind", 10, status="planned")  # 10p
    give(svc, ids, "LCH", "staff_wte", 150)  # staff time is not uplifted
    give(svc, ids, "LCH", "funding", 777, to="Beeston")
    give(svc, ids, "LCH", "funding", 999, period=FY23)  # another period: not copied
    before = snapshot(store)
    source = Period(*FY24)
    changes, plan = svc.roll_forward(ids["Testford"], ids["Armley"], source, D("2.5"))
    assert plan.target == Period(dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    copied = svc.view(ids["Testford"], ids["Armley"], plan.target, on=TODAY).allocations
    assert sorted((a.partner_name, a.kind, a.amount_x100, a.status) for a in copied) == [
        ("Adult Social Care", "funding", 3_416_666, "planned"),  # 34,166.66325 -> .66
        ("Armley Helping Hands", "in_kind", 10, "planned"),  # 10.25p -> 10p
        ("Leeds Community Healthcare", "funding", 1_025_005, "planned"),  # 10,250.05125
        ("Leeds Community Healthcare", "staff_wte", 150, "planned"),
    ]
    assert {a.goal_id for a in copied if a.kind == "funding"} == {frailty, None}
    assert plan.before["funding"]["committed"] == 3_333_333
    assert sum(plan.after["funding"].values()) == 3_416_666 + 1_025_005
    assert changes.description == "Roll 2024/25 forward to 2025/26 (+2.5%)"
    assert len(changes.changes) == 4

    history.undo(svc.store, changes)
    assert snapshot(store) == before
    history.redo(svc.store, changes)

    # Rolling again copies nothing twice.
    with pytest.raises(InputError, match="nothing to roll forward"):
        svc.roll_forward(ids["Testford"], ids["Armley"], source, D(0))
    # The whole area: only Beeston's allocation is new.
    more, plan = svc.roll_forward(ids["Testford"], None, source, D(0))
    assert (len(plan.copies), plan.skipped) == (1, 4)
    assert len(more.changes) == 1


def test_roll_forward_of_half_pennies_rounds_half_up(
    store: Store, svc: ResourcesService, ids: dict[str, int]
) -> None:
    give(svc, ids, "LCH", "funding", 10)  # 10p + 5% = 10.5p -> 11p
    give(svc, ids, "ASC", "funding", 30)  # 30p + 5% = 31.5p -> 32p
    _c, plan = svc.roll_forward(ids["Testford"], None, Period(*FY24), D(5))
    with store.read() as conn:
        amounts = sorted(
            a
            for (a,) in conn.execute(
                select(allocation.c.amount_x100).where(
                    allocation.c.period_start == plan.target.start
                )
            )
        )
    assert amounts == [11, 32]
    with pytest.raises(InputError, match="not possible"):
        svc.plan_roll_forward(ids["Testford"], None, Period(*FY24), D(-100))
