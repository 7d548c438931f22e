"""The maturity views on the demo data: heat map, radar, trend and gaps agree with the store;
a gap becomes a goal linked to its dimension; the demo data is plausible."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from maturity_helpers import snapshot
from sqlalchemy import select

from lcpdesk.services import history
from lcpdesk.services.maturity import MaturityService
from lcpdesk.services.maturity_views import MaturityViews, consensus_table, to_csv, to_json
from lcpdesk.services.membership import MembershipService
from lcpdesk.store import schema
from lcpdesk.store.db import Store

EARLY, LATE = "2019/20 Q2", "2020/21 Q2"


@pytest.fixture
def views(demo_store: Store) -> MaturityViews:
    return MaturityViews(MaturityService(demo_store))


@pytest.fixture
def leeds(demo_store: Store) -> Any:
    return MembershipService(demo_store).area_named("Leeds")


def stored_levels(store: Store, period: str) -> dict[tuple[str, str], int | None]:
    """(partnership, dimension key) -> consensus rank, straight from the tables."""
    t = schema
    q = (
        select(
            t.partnership.c.name, t.framework_dimension.c.key, t.assessment_item.c.consensus_rank
        )
        .select_from(t.assessment_item)
        .join(t.assessment, t.assessment.c.id == t.assessment_item.c.assessment_id)
        .join(t.partnership, t.partnership.c.id == t.assessment.c.partnership_id)
        .join(t.framework_dimension, t.framework_dimension.c.id == t.assessment_item.c.dimension_id)
        .where(t.assessment.c.period == period)
    )
    with store.read() as conn:
        return {(name, key): rank for name, key, rank in conn.execute(q)}


def test_the_heat_map_is_the_store_partnerships_by_dimensions(
    views: MaturityViews, leeds: Any, demo_store: Store
) -> None:
    heat = views.heat_map(leeds.id, LATE)
    assert heat is not None
    assert len(heat.rows) == 18 and len(heat.columns) == 9
    assert heat.rows[0].name == "Aire Valley" and heat.rows[-1].name == "Woodsley"
    assert heat.columns[1] == "Culture: Person centred single team"
    stored = stored_levels(demo_store, LATE)
    shown = {
        (row.name, key): rank
        for row in heat.rows
        for key, rank in zip(heat.column_keys, row.ranks, strict=True)
    }
    assert shown == stored
    assert None in shown.values()  # the in-progress assessments leave some not assessed
    assert Counter(r.status for r in heat.rows) == {"complete": 16, "in progress": 2}


def test_radar_now_previous_and_target_come_from_the_two_assessments(
    views: MaturityViews, leeds: Any, demo_store: Store
) -> None:
    service = views.service
    armley = next(
        p for p in MembershipService(demo_store).partnerships(leeds.id) if p.name == "Armley"
    )
    now = service.assessment_for(armley.id, LATE)
    before = service.assessment_for(armley.id, EARLY)
    assert now is not None and before is not None
    radar = views.radar(now.id)
    assert radar is not None
    dims = now.framework.scored
    assert radar.title == "Armley"
    assert radar.axes[:2] == ("Leadership", "Single team")
    assert radar.now == tuple(now.item(d.id).consensus for d in dims)
    assert radar.previous == tuple(before.item(d.id).consensus for d in dims)
    assert radar.target == tuple(now.item(d.id).target for d in dims)
    assert radar.previous_label == f"{EARLY} (previous)"
    assert radar.standard_rank == 3
    first = views.radar(before.id)
    assert first is not None and first.previous is None  # nothing before the first


def test_trend_is_each_partnerships_mean_level_per_period(
    views: MaturityViews, leeds: Any, demo_store: Store
) -> None:
    trend = views.trend(leeds.id)
    assert trend is not None
    assert trend.periods == (EARLY, LATE)
    assert len(trend.series) == 18
    early = stored_levels(demo_store, EARLY)
    aire = {k: r for (name, k), r in early.items() if name == "Aire Valley" and r is not None}
    assert trend.series[0].name == "Aire Valley"
    # Culture's five parts count as one dimension: the mean of five, not of nine items.
    culture = [r for k, r in aire.items() if k.startswith("culture")]
    others = [r for k, r in aire.items() if not k.startswith("culture")]
    assert len(culture) == 5 and len(others) == 4
    by_dimension = (sum(others) + sum(culture) / len(culture)) / 5
    assert trend.series[0].values[0] == pytest.approx(by_dimension)
    assert any(
        s.values[0] != pytest.approx(sum(x for (n, _k), x in early.items() if n == s.name) / 9)
        for s in trend.series
    ), "still the mean of nine items"
    for i in range(2):
        means = [s.values[i] for s in trend.series]
        assert trend.area_mean[i] == pytest.approx(sum(means) / len(means))  # type: ignore[arg-type]
    assert trend.area_mean[1] > trend.area_mean[0]  # the demo shows progress


def test_a_gap_becomes_a_goal_linked_to_its_dimension_and_back_on_undo(
    views: MaturityViews, leeds: Any, demo_store: Store
) -> None:
    service = views.service
    armley = next(
        p for p in MembershipService(demo_store).partnerships(leeds.id) if p.name == "Armley"
    )
    current = service.assessment_for(armley.id, LATE)
    assert current is not None
    gaps = views.gaps(current.id)
    below = [g for g in gaps if g.gap]
    assert below, "Armley is below the standard somewhere"
    gap = below[0]
    assert gap.consensus is not None and gap.gap == 3 - gap.consensus
    title = views.goal_title(current.id, gap.dimension_id)
    assert title == f"Reach Well developed in {gap.label}"
    before = snapshot(demo_store)
    made = views.make_goal(current.id, gap.dimension_id, title, description="From the gap")
    with demo_store.read() as conn:
        goal = (
            conn.execute(select(schema.goal).where(schema.goal.c.title == title)).mappings().one()
        )
        link = (
            conn.execute(
                select(schema.goal_dimension).where(schema.goal_dimension.c.goal_id == goal["id"])
            )
            .mappings()
            .one()
        )
    assert (goal["partnership_id"], goal["term"], goal["priority_kind"], goal["status"]) == (
        armley.id,
        "short",
        "local",
        "not started",
    )
    assert (link["dimension_id"], link["from_assessment_id"]) == (gap.dimension_id, current.id)
    shown = {g.dimension_id: g.goals for g in views.gaps(current.id)}
    assert shown[gap.dimension_id] == (f"{title} (not started)",)
    history.undo(service.store, made)
    assert snapshot(demo_store) == before


def test_the_cli_table_matches_the_heat_map(views: MaturityViews, leeds: Any) -> None:
    heat = consensus_table(views.service, leeds, "19/20 Q2")
    lines = to_csv(heat).splitlines()
    assert lines[0].startswith("LCP,Status,Leadership,Culture: Person centred single team")
    assert len(lines) == 19
    assert '"levels": {' in to_json(heat)


def test_the_demo_assessments_are_plausible(demo_store: Store, leeds: Any) -> None:
    t = schema
    with demo_store.read() as conn:
        rows = conn.execute(
            select(t.assessment.c.id, t.assessment.c.period, t.assessment.c.is_demo)
            .join(t.partnership, t.partnership.c.id == t.assessment.c.partnership_id)
            .where(t.partnership.c.area_id == leeds.id)
        ).all()
        raters = Counter(aid for (aid,) in conn.execute(select(t.assessment_rater.c.assessment_id)))
    assert Counter(p for _i, p, _d in rows) == {EARLY: 18, LATE: 18}
    assert all(demo for _i, _p, demo in rows)
    assert all(3 <= raters[i] <= 5 for i, _p, _d in rows)
    early = Counter(stored_levels(demo_store, EARLY).values())
    assert early[1] + early[2] > 0.8 * sum(early.values())  # mostly Basics in place/Developing
