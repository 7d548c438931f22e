"""Demo goals for all 18 Leeds LCPs, with resources for three (Armley, Seacroft, Beeston).

Each LCP has the Year 1 city-wide priority (Frailty) and a locally chosen one (seed 000), with
measures, readings, milestones, and allocations from statutory, voluntary and community and
independent partners. Everything here is made up, is marked ``is_demo``, and is dated relative
to the day it is loaded, so the demo always shows a current financial year, a previous one,
one overdue milestone, and a few things the programme office would want flagged.

Armley, Seacroft and Beeston are written out by hand; the other fifteen get the same two goals
with figures drawn from a fixed random seed and a local priority from :data:`LOCAL_CHOICES`.
One measure per LCP has monthly readings for the last 20 months, enough for an XmR chart.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from lcpdesk import clock
from lcpdesk.domain.allocation_periods import Period, add_months, financial_year
from lcpdesk.store import demo_rows, membership_repo

AREA = "Leeds"
MONTHLY_READINGS = 20

# name, sector, type
PARTNERS = (
    ("Leeds Community Healthcare NHS Trust", "statutory", "NHS trust"),
    ("Leeds City Council Adult Social Care", "statutory", "Council"),
    ("Leeds and York Partnership NHS Foundation Trust", "statutory", "NHS trust"),
    ("Leeds Teaching Hospitals NHS Trust", "statutory", "NHS trust"),
    ("Leeds Older People's Forum", "voluntary and community", "Voluntary organisation"),
    ("Leeds Care Association", "independent", "Independent provider"),
    ("Armley Neighbourhood Network", "voluntary and community", "Neighbourhood network"),
    ("Seacroft Neighbourhood Network", "voluntary and community", "Neighbourhood network"),
    ("Beeston Neighbourhood Network", "voluntary and community", "Neighbourhood network"),
    ("Armley PCN", "statutory", "PCN"),
    ("Seacroft PCN", "statutory", "PCN"),
    ("Beeston PCN", "statutory", "PCN"),
)
LCH, ASC, LYPFT, LTHT, LOPF, LCA = (p[0] for p in PARTNERS[:6])

FRAILTY_COHORT = "Frailty marker"

# Per LCP: the frailty goal's status, its admissions baseline (a month, per 1,000 aged 65+),
# how far the readings have come down, and the local priority.
LCPS: dict[str, dict[str, Any]] = {
    "Armley": {
        "frailty_status": "on track",
        "admissions": (32.0, 4.5),
        "care_plans": (41, 75, [44, 49, 55, 58, 63]),
        "local": {
            "title": "Reduce loneliness and social isolation among older people",
            "priority": "Social isolation",
            "status": "at risk",
            "owner": "Armley Neighbourhood Network",
            "cohorts": ("Adults with 5+ chronic conditions",),
            "inequalities": False,
            "measure": ("People aged 65+ referred to social prescribing", "people a quarter"),
            "values": (60, 150, [64, 71, 70, 84]),
        },
    },
    "Seacroft": {
        "frailty_status": "at risk",
        "admissions": (36.5, 1.5),
        "care_plans": (35, 70, [36, 39, 40, 44, 45]),
        "local": {
            "title": "Improve the mental wellbeing of working-age adults",
            "priority": "Mental wellbeing",
            "status": "on track",
            "owner": LYPFT,
            "cohorts": ("Predicted high cost",),
            "inequalities": True,
            "measure": ("Average wait for a first talking-therapies appointment", "days"),
            "values": (48, 28, [46, 41, 37, 33, 31]),
        },
    },
    "Beeston": {
        "frailty_status": "off track",
        "admissions": (30.0, -0.5),
        "care_plans": (52, 80, [51, 50, 53, 52, 54]),
        "local": {
            "title": "Raise NHS Health Check uptake in the most deprived neighbourhoods",
            "priority": "Health inequalities",
            "status": "done",
            "owner": "Beeston PCN",
            "cohorts": ("Adults with 5+ chronic conditions",),
            "inequalities": True,
            "measure": ("Eligible adults offered a Health Check who take it up", "%"),
            "values": (38, 50, [41, 45, 49, 52]),
        },
    },
}


# What the other fifteen LCPs chose locally: title, priority, owner, cohort, inequalities,
# measure (name, unit), (baseline, target) and the direction readings move in (+1 up, -1 down).
LOCAL_CHOICES: tuple[
    tuple[str, str, str, str, bool, tuple[str, str], tuple[int, int], int], ...
] = (
    (
        "Reduce loneliness and social isolation among older people",
        "Social isolation",
        LOPF,
        "Adults with 5+ chronic conditions",
        False,
        ("People aged 65+ referred to social prescribing", "people a quarter"),
        (55, 140),
        1,
    ),
    (
        "Improve the mental wellbeing of working-age adults",
        "Mental wellbeing",
        LYPFT,
        "Predicted high cost",
        True,
        ("Average wait for a first talking-therapies appointment", "days"),
        (50, 28),
        -1,
    ),
    (
        "Raise NHS Health Check uptake in the most deprived neighbourhoods",
        "Health inequalities",
        LCH,
        "Adults with 5+ chronic conditions",
        True,
        ("Eligible adults offered a Health Check who take it up", "%"),
        (36, 50),
        1,
    ),
    (
        "Help people with diabetes keep their condition under control",
        "Long-term conditions",
        LCH,
        "Adults with 5+ chronic conditions",
        False,
        ("People with diabetes having all eight care processes", "%"),
        (45, 65),
        1,
    ),
    (
        "Support children and families to start well",
        "Children and families",
        ASC,
        "Predicted high cost",
        True,
        ("Children ready for school at five", "%"),
        (62, 72),
        1,
    ),
)
STATUSES = ("on track", "at risk", "off track", "on track", "not started")


def generated_spec(lcp: str, n: int, rng: random.Random) -> dict[str, Any]:
    """The demo goals of an LCP not written out in :data:`LCPS` (the ``n``-th such)."""
    title, priority, owner, cohort, inequalities, measure, (base, target), way = LOCAL_CHOICES[
        n % len(LOCAL_CHOICES)
    ]
    step = max(1, abs(target - base) // 8)
    values = [base + way * step * k + rng.randint(-step, step) for k in range(4)]
    plans = rng.randint(30, 55)
    return {
        "frailty_status": STATUSES[n % len(STATUSES)],
        "admissions": (round(rng.uniform(28.0, 38.0), 1), round(rng.uniform(-0.5, 4.5), 1)),
        "care_plans": (plans, 75, [plans + 3 * k + rng.randint(-2, 2) for k in range(5)]),
        "local": {
            "title": title,
            "priority": priority,
            "status": STATUSES[(n + 1) % len(STATUSES)],
            "owner": owner,
            "cohorts": (cohort,),
            "inequalities": inequalities,
            "measure": measure,
            "values": (base, target, values),
        },
        "allocations": False,
    }


def load_demo_goals(conn: Connection, today: dt.date | None = None) -> None:
    """Add the demo goals, partners and allocations to the Leeds demo area (inside the demo's
    one transaction)."""
    today = today or clock.today()
    rng = random.Random(20190401)
    area_id = demo_rows.area_id_named(conn, AREA)
    assert area_id is not None
    units = {p.name: p.id for p in membership_repo.partnerships(conn, area_id)}
    ids: dict[str, int] = {}
    for name, sector, org_type in PARTNERS:
        ids[name] = demo_rows.add_partner(
            conn,
            area_id=area_id,
            name=name,
            sector=sector,
            org_type=org_type,
            is_demo=True,
        )
    this_year = financial_year(today)
    last_year = financial_year(this_year.start - dt.timedelta(days=1))
    ctx = _Context(conn, rng, ids, today, this_year, last_year)
    for lcp, spec in LCPS.items():
        _load_lcp(ctx, units[lcp], lcp, spec)
    others = [
        p
        for p in membership_repo.partnerships(conn, area_id)
        if not p.is_subunit and p.name not in LCPS
    ]
    for n, unit in enumerate(sorted(others, key=lambda p: p.name)):
        _load_lcp(ctx, unit.id, unit.name, generated_spec(unit.name, n, rng))


@dataclass(frozen=True)
class _Context:
    conn: Connection
    rng: random.Random
    partners: dict[str, int]
    today: dt.date
    this_year: Period
    last_year: Period


def _load_lcp(ctx: _Context, unit: int, lcp: str, spec: dict[str, Any]) -> None:
    conn, rng, partners, today = ctx.conn, ctx.rng, ctx.partners, ctx.today
    this_year, last_year = ctx.this_year, ctx.last_year
    start = last_year.start
    frailty = demo_rows.add_goal(
        conn,
        partnership_id=unit,
        title="Fewer emergency admissions of people living with frailty",
        description="Year 1 city-wide priority. Find people with moderate or severe frailty "
        "early, plan their care with them, and support them at home.",
        term="long",
        priority_kind="city",
        priority_label="Frailty",
        inequalities_focus=False,
        owner_partner_id=partners[LCH],
        status=spec["frailty_status"],
        start_date=start,
        due_date=add_months(this_year.end, 12),
        is_demo=True,
    )
    demo_rows.add_cohort(conn, frailty, FRAILTY_COHORT)
    baseline, fall = spec["admissions"]
    admissions = demo_rows.add_measure(
        conn,
        goal_id=frailty,
        name="Emergency admissions, 65+ with frailty",
        unit="per 1,000 a month",
        baseline_x100=round(baseline * 100),
        target_x100=round((baseline - 5) * 100),
    )
    first = add_months(dt.date(today.year, today.month, 1), -MONTHLY_READINGS)
    rows = []
    for k in range(MONTHLY_READINGS):
        drop = fall if k >= MONTHLY_READINGS - 8 else 0.0  # the last eight months improve
        value = baseline - drop + rng.uniform(-1.2, 1.2)
        rows.append(
            {
                "measure_id": admissions,
                "reading_date": add_months(first, k),
                "value_x100": round(value * 100),
            }
        )
    demo_rows.add_readings(conn, rows)
    base, target, values = spec["care_plans"]
    plans = demo_rows.add_measure(
        conn,
        goal_id=frailty,
        name="People with moderate or severe frailty who have a care plan",
        unit="%",
        baseline_x100=base * 100,
        target_x100=target * 100,
    )
    _quarterly(conn, plans, values, today)
    for title, due, done in (
        ("Weekly frailty MDT meeting in every PCN", start + dt.timedelta(days=90), True),
        ("Ward rounds in every care home", today - dt.timedelta(days=45), lcp != "Beeston"),
        ("Review progress with the Frailty Programme Board", today + dt.timedelta(days=60), False),
    ):
        demo_rows.add_milestone(
            conn,
            goal_id=frailty,
            title=title,
            due_date=due,
            done_date=due - dt.timedelta(days=7) if done else None,
        )

    local = spec["local"]
    local_goal = demo_rows.add_goal(
        conn,
        partnership_id=unit,
        title=local["title"],
        description=f"The priority {lcp} LCP chose for itself in Year 1.",
        term="short",
        priority_kind="local",
        priority_label=local["priority"],
        inequalities_focus=local["inequalities"],
        owner_partner_id=partners[local["owner"]],
        status=local["status"],
        start_date=this_year.start if local["status"] != "done" else last_year.start,
        due_date=this_year.end if local["status"] != "done" else last_year.end,
        is_demo=True,
    )
    for cohort in local["cohorts"]:
        demo_rows.add_cohort(conn, local_goal, cohort)
    name, unit_text = local["measure"]
    base, target, values = local["values"]
    local_measure = demo_rows.add_measure(
        conn,
        goal_id=local_goal,
        name=name,
        unit=unit_text,
        baseline_x100=base * 100,
        target_x100=target * 100,
    )
    _quarterly(conn, local_measure, values, today)
    demo_rows.add_milestone(
        conn,
        goal_id=local_goal,
        title="Agree the plan with local people and partners",
        due_date=this_year.start + dt.timedelta(days=60),
        done_date=this_year.start + dt.timedelta(days=55),
    )
    if lcp == "Armley":  # a long-term ambition with no measures yet and no resources
        demo_rows.add_goal(
            conn,
            partnership_id=unit,
            title="Co-design a community health and wellbeing hub",
            description="With local people, housing and the neighbourhood network.",
            term="long",
            priority_kind="local",
            priority_label="Community hub",
            inequalities_focus=True,
            status="not started",
            is_demo=True,
        )
    if spec.get("allocations", True):
        _allocations(ctx, unit, lcp, frailty, local_goal)


def _quarterly(conn: Connection, measure_id: int, values: list[int], today: dt.date) -> None:
    last = add_months(dt.date(today.year, today.month, 1), -1)
    rows = [
        {
            "measure_id": measure_id,
            "reading_date": add_months(last, -3 * (len(values) - 1 - k)),
            "value_x100": v * 100,
        }
        for k, v in enumerate(values)
    ]
    demo_rows.add_readings(conn, rows)


def _allocations(ctx: _Context, unit: int, lcp: str, frailty: int, local_goal: int) -> None:
    partners, this_year, last_year = ctx.partners, ctx.this_year, ctx.last_year
    network = partners[f"{lcp} Neighbourhood Network"]
    pcn = partners[f"{lcp} PCN"]
    # partner, goal, kind, amount (hundredths), period, status, notes
    plan: list[tuple[int, int | None, str, int, Period, str, str]] = [
        (partners[LCH], frailty, "staff_wte", 200, last_year, "actual", "Community matron"),
        (partners[LCH], frailty, "staff_wte", 200, this_year, "committed", "Community matron"),
        (partners[ASC], frailty, "funding", 4_500_000, last_year, "actual", "Reablement"),
        (partners[ASC], frailty, "funding", 5_000_000, this_year, "committed", "Reablement"),
        (pcn, frailty, "staff_hours_week", 750, this_year, "actual", "GP time for the MDT"),
        (partners[LCA], frailty, "in_kind", 300_000, this_year, "planned", "Care-home links"),
        (network, local_goal, "funding", 1_200_000, this_year, "planned", "Befriending"),
        (network, local_goal, "funding", 2_500_000, last_year, "actual", "Lunch clubs"),
        (partners[LOPF], local_goal, "in_kind", 250_000, this_year, "committed", "Volunteers"),
        (partners[LCH], None, "estates", 800_000, this_year, "committed", "Health centre room"),
    ]
    if lcp == "Seacroft":
        outreach = "Talking-therapies outreach"
        plan.append(
            (partners[LYPFT], local_goal, "staff_hours_week", 1500, this_year, "actual", outreach)
        )
    if lcp == "Beeston":  # still planned for last year: never confirmed
        plan.append(
            (partners[LTHT], frailty, "funding", 3_000_000, last_year, "planned", "Virtual ward")
        )
    demo_rows.add_allocations(
        ctx.conn,
        [
            {
                "partner_id": p,
                "partnership_id": unit,
                "goal_id": g,
                "kind": kind,
                "amount_x100": amount,
                "period_start": period.start,
                "period_end": period.end,
                "status": status,
                "notes": notes,
                "is_demo": True,
            }
            for p, g, kind, amount, period, status, notes in plan
        ],
    )
