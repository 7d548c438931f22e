"""The demo goals and resources: a few Leeds LCPs with Frailty and a local priority, measures
(one long enough for an XmR chart), milestones, and allocations from several sectors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select

from lcpdesk.domain import spc
from lcpdesk.domain.allocation_periods import financial_year
from lcpdesk.services.goals import GoalsService
from lcpdesk.services.membership import MembershipService
from lcpdesk.services.resources import ResourcesService
from lcpdesk.store.schema import allocation, goal, partner


def test_demo_lcps_have_frailty_and_a_local_priority(demo_store: Any) -> None:
    svc = GoalsService(demo_store)
    leeds = next(a for a in svc_areas(demo_store) if a.name == "Leeds")
    # Goals made from maturity gaps (the Maturity pane's demo) are not this module's.
    goals = [g for g in svc.goals(leeds.id, None) if not g.from_maturity_gap]
    by_lcp: dict[str, list[Any]] = {}
    for g in goals:
        by_lcp.setdefault(g.partnership_name, []).append(g)
    # Every one of the 18 Leeds LCPs (seed 000 asks each for Frailty plus a local priority).
    lcps = [
        p.name for p in MembershipService(demo_store).partnerships(leeds.id) if not p.is_subunit
    ]
    assert len(lcps) == 18
    assert set(by_lcp) == set(lcps)
    for lcp, found in by_lcp.items():
        kinds = {(g.priority_kind, g.priority_label) for g in found}
        assert ("city", "Frailty") in kinds, lcp
        assert any(k == "local" for k, _label in kinds), lcp
        frailty = next(g for g in found if g.priority_label == "Frailty")
        assert frailty.owner_name == "Leeds Community Healthcare NHS Trust"
        assert frailty.progress is not None
        xmr_ready = [m for m in frailty.measures if len(m.readings) >= spc.MIN_XMR_POINTS]
        assert xmr_ready, f"{lcp}: no measure with enough readings for an XmR chart"
        assert frailty.milestones
    assert all(g.is_demo for g in goals)
    no_measures = [g for g in goals if not g.measures]
    assert [g.title for g in no_measures] == ["Co-design a community health and wellbeing hub"]
    assert no_measures[0].progress is None
    today = dt.date.today()
    assert sum(len(g.overdue_milestones(today)) for g in goals) == 1  # Beeston's care homes


def svc_areas(store: Any) -> list[Any]:
    return MembershipService(store).areas()


def test_demo_allocations_come_from_statutory_and_third_sector_partners(demo_store: Any) -> None:
    with demo_store.read() as conn:
        sectors = {
            s
            for (s,) in conn.execute(
                select(partner.c.sector).join(allocation, allocation.c.partner_id == partner.c.id)
            )
        }
        assert {"statutory", "voluntary and community", "independent"} <= sectors
        assert conn.execute(select(func.count()).select_from(partner)).scalar() >= 10
        assert (
            conn.execute(
                select(func.count()).select_from(allocation).where(allocation.c.is_demo.is_(False))
            ).scalar()
            == 0
        )
        assert (
            conn.execute(
                select(func.count()).select_from(goal).where(goal.c.is_demo.is_(False))
            ).scalar()
            == 0
        )
    leeds = next(a for a in svc_areas(demo_store) if a.name == "Leeds")
    view = ResourcesService(demo_store).view(leeds.id, None, financial_year(dt.date.today()))
    kinds = {a.kind for a in view.allocations}
    assert kinds == {"funding", "staff_wte", "staff_hours_week", "estates", "in_kind"}
    codes = {w.code for w in view.warnings}
    # What the demo is there to show: each warning a programme office cares about.
    assert codes == {"goal done", "small funding", "no resources"}
    everything = ResourcesService(demo_store).view(leeds.id, None)
    assert "past period" in {w.code for w in everything.warnings}
