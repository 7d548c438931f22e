"""Demo maturity assessments for the 18 Leeds LCPs (made up, marked ``is_demo``).

Two periods a year apart, 2019/20 Q2 and 2020/21 Q2: most LCPs start at "Basics in place" or
"Developing" and move up a level in some dimensions, a few reach "Well developed". Three to five
partner representatives (named by role, not invented people) score each assessment; their
levels sit around the agreed one. Two of the later assessments are still in progress, with
dimensions not yet assessed, so the views show that case too. Deterministic: the same every
time.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import Connection

from lcpdesk.domain.maturity import Framework
from lcpdesk.services.frameworks import builtin_definitions, store_definition
from lcpdesk.store import demo_rows
from lcpdesk.store import maturity_repo as mrepo
from lcpdesk.store.changes import Recorder

AREA = "Leeds"
FRAMEWORK_KEY = "leeds-lcp-maturity"
PERIODS = (
    ("2019/20 Q2", dt.datetime(2019, 9, 26, 15, 30)),
    ("2020/21 Q2", dt.datetime(2020, 9, 24, 16, 0)),
)
IN_PROGRESS_LATER = 2  # later assessments left in progress

ROLES = (
    ("PCN clinical director", "{lcp} PCN"),
    ("Neighbourhood team lead", "Leeds Community Healthcare"),
    ("Social work team manager", "Adult Social Care, Leeds City Council"),
    ("Neighbourhood network manager", "Third sector"),
    ("Ward councillor", "Leeds City Council (elected member)"),
    ("Community mental health lead", "Leeds and York Partnership NHS FT"),
)

# Evidence as a team might note it: (below the standard, at or above it), by dimension key.
EVIDENCE = {
    "leadership": (
        "A leadership group meets, mostly NHS partners so far; no named lead yet.",
        "Named LCP lead; the leadership team draws on statutory and third-sector partners and "
        "ward councillors attend.",
    ),
    "culture-single-team": (
        "Teams still work mainly through referrals between organisations.",
        "Weekly huddles across GP, community and social care teams; staff describe one team.",
    ),
    "culture-community-driven": (
        "Residents have been told about the LCP; little involvement in decisions yet.",
        "A residents' panel helps set priorities and reports back on what changed.",
    ),
    "culture-strength-based": (
        "Plans describe needs more than the community's assets.",
        "Plans start from local assets; neighbourhood networks lead two projects.",
    ),
    "culture-evidence-based": (
        "Some practice-level data shared; no population segmentation yet.",
        "Frailty cohort identified from linked data and reviewed monthly.",
    ),
    "culture-quality-improvement": (
        "A few staff have had QI training; no shared projects yet.",
        "Two QI projects running across partners, with measures tracked.",
    ),
    "structure": (
        "Multi-disciplinary meetings are forming around the PCN.",
        "Integrated neighbourhood team aligned to the PCN, social care included.",
    ),
    "lcp-goals": (
        "Frailty agreed as the city-wide priority; local priority still being chosen.",
        "Short- and long-term goals agreed with residents, including a local priority.",
    ),
    "resource-utilisation": (
        "Partners' resources are still managed separately.",
        "Partners pool some staff time and a small fund against the LCP's plan.",
    ),
}
NEXT_STEPS = {
    "leadership": "Agree a named lead and widen the leadership team beyond the NHS.",
    "culture-single-team": "Start a weekly cross-team huddle for people with complex needs.",
    "culture-community-driven": "Set up a residents' panel with the neighbourhood network.",
    "culture-strength-based": "Map community assets with the third sector.",
    "culture-evidence-based": "Use the population health data pack to pick a cohort.",
    "culture-quality-improvement": "Nominate QI champions in each partner organisation.",
    "structure": "Align community nursing and social work caseloads to the PCN.",
    "lcp-goals": "Agree a local priority and goals with residents.",
    "resource-utilisation": "Agree what each partner can commit against the frailty goal.",
}


def _first_rank(rng: random.Random, maturity: float) -> int:
    roll = rng.random() + maturity
    return 1 if roll < 0.55 else 2 if roll < 1.2 else 3


def _later_rank(rng: random.Random, rank: int) -> int:
    """A year on: often a level up; "Excellent" (improved outcomes) is rare so soon."""
    roll = rng.random()
    if roll < 0.05 and rank > 1:
        return rank - 1
    if rank >= 3:
        return 4 if roll < 0.12 else rank
    return rank + 1 if roll < 0.55 else rank


def _rater_rank(rng: random.Random, rank: int, top: int) -> int:
    roll = rng.random()
    if roll < 0.2:
        return max(1, rank - 1)
    if roll < 0.35:
        return min(top, rank + 1)
    return rank


def load_demo_maturity(conn: Connection) -> None:
    """Store the Leeds framework and the demo assessments (inside the caller's transaction)."""
    leeds = next(d for d in builtin_definitions() if d.key == FRAMEWORK_KEY)
    framework_id = store_definition(Recorder(conn, "demo framework"), leeds).framework_id
    demo_rows.lock_framework(conn, framework_id)
    fw = mrepo.framework_by_id(conn, framework_id)
    area_id = demo_rows.area_id_named(conn, AREA)
    if fw is None or area_id is None:
        return
    units = demo_rows.top_level_units(conn, area_id)
    rng = random.Random(20190926)
    later_open = set(rng.sample([u for u, _n in units], IN_PROGRESS_LATER))
    for unit_id, name in units:
        maturity = rng.uniform(-0.2, 0.5)
        first = {d.key: _first_rank(rng, maturity) for d in fw.scored}
        later = {k: _later_rank(rng, r) for k, r in first.items()}
        roles = rng.sample(ROLES, rng.randint(3, 5))
        for (period, when), ranks in zip(PERIODS, (first, later), strict=True):
            open_ = period == PERIODS[1][0] and unit_id in later_open
            _assessment(
                conn,
                fw,
                rng,
                unit_id=unit_id,
                name=name,
                period=period,
                when=when,
                ranks=ranks,
                roles=roles,
                in_progress=open_,
            )


def _assessment(
    conn: Connection,
    fw: Framework,
    rng: random.Random,
    *,
    unit_id: int,
    name: str,
    period: str,
    when: dt.datetime,
    ranks: dict[str, int],
    roles: list[tuple[str, str]],
    in_progress: bool,
) -> None:
    standard = fw.standard.rank
    assessment_id = demo_rows.add_assessment(
        conn,
        partnership_id=unit_id,
        framework_id=fw.id,
        period=period,
        status="in progress" if in_progress else "complete",
        updated_at=when,
        completed_at=None if in_progress else when,
        is_demo=True,
    )
    rater_ids = [
        demo_rows.add_rater(
            conn,
            assessment_id=assessment_id,
            name=role,
            organisation=org.format(lcp=name),
            sort_order=order,
        )
        for order, (role, org) in enumerate(roles, start=1)
    ]
    dims = list(fw.scored)
    not_yet = set(rng.sample([d.key for d in dims], 3)) if in_progress else set()
    items: list[dict[str, object]] = []
    scores: list[dict[str, object]] = []
    for d in dims:
        rank = ranks[d.key]
        agreed = None if d.key in not_yet else rank
        evidence = EVIDENCE.get(d.key, ("", ""))[0 if rank < standard else 1]
        items.append(
            {
                "assessment_id": assessment_id,
                "dimension_id": d.id,
                "consensus_rank": agreed,
                "target_rank": standard if rank < standard else fw.top_rank,
                "evidence": evidence if agreed is not None else "",
                "next_steps": NEXT_STEPS.get(d.key, "") if rank < standard else "",
            }
        )
        scores.extend(
            {"rater_id": rid, "dimension_id": d.id, "rank": _rater_rank(rng, rank, fw.top_rank)}
            for rid in rater_ids
            if agreed is not None or rng.random() < 0.5
        )
    demo_rows.add_items(conn, items)
    demo_rows.add_rater_scores(conn, scores)
