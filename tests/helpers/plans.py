"""A small hand-made store for goals and resources tests, and an exact snapshot of its rows.

Testford (LCPs Armley and Beeston; Central with the PCN sub-unit Central North) and
Flatshire (a second area, so that cross-area links can be refused). Two versions of a maturity
framework (the newest has a sub-dimension), and one assessment of Armley to make goals from.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import insert, select

from lcpdesk.store.db import Store
from lcpdesk.store.schema import (
    allocation,
    area,
    assessment,
    framework,
    framework_dimension,
    framework_level,
    goal,
    goal_cohort,
    goal_dimension,
    measure,
    measure_reading,
    milestone,
    partner,
    partnership,
)

PLAN_TABLES = (
    area,
    partner,
    goal,
    goal_cohort,
    goal_dimension,
    measure,
    measure_reading,
    milestone,
    allocation,
)

FY24 = (dt.date(2024, 4, 1), dt.date(2025, 3, 31))
FY23 = (dt.date(2023, 4, 1), dt.date(2024, 3, 31))


def build_plan_store(store: Store) -> dict[str, int]:
    ids: dict[str, int] = {}

    with store.write() as conn:

        def add(table: Any, label: str, /, **values: Any) -> int:
            ids[label] = int(conn.execute(insert(table).values(**values)).inserted_primary_key[0])
            return ids[label]

        testford = add(area, "Testford", name="Testford", partnership_label="LCP")
        flatshire = add(area, "Flatshire", name="Flatshire", partnership_label="Locality")
        add(partnership, "Armley", area_id=testford, name="Armley", sort_order=1)
        add(partnership, "Beeston", area_id=testford, name="Beeston", sort_order=2)
        add(partnership, "Central", area_id=testford, name="Central", sort_order=3)
        add(
            partnership,
            "Central North",
            area_id=testford,
            name="Central North",
            parent_id=ids["Central"],
        )
        add(partnership, "North", area_id=flatshire, name="North")
        for key, name, sector, kind in (
            ("LCH", "Leeds Community Healthcare", "statutory", "NHS trust"),
            ("ASC", "Adult Social Care", "statutory", "Council"),
            ("Network", "Armley Helping Hands", "voluntary and community", "Neighbourhood network"),
        ):
            add(partner, key, area_id=testford, name=name, sector=sector, org_type=kind)
        add(partner, "Flat partner", area_id=flatshire, name="Flat Trust", sector="statutory")

        old = add(framework, "framework v1", key="lcp", version=1, name="LCP maturity")
        add(framework_dimension, "old Leadership", framework_id=old, key="lead", name="Leadership")
        new = add(framework, "framework v2", key="lcp", version=2, name="LCP maturity")
        for fid in (old, new):
            for rank, name in enumerate(
                ["Basics in place", "Developing", "Well developed", "Excellent"], start=1
            ):
                conn.execute(
                    insert(framework_level).values(
                        framework_id=fid, rank=rank, name=name, is_standard=rank == 3
                    )
                )
        for order, (key, name) in enumerate(
            [("lead", "Leadership"), ("culture", "Culture"), ("structure", "Structure")]
        ):
            add(
                framework_dimension,
                name,
                framework_id=new,
                key=key,
                name=name,
                sort_order=order,
            )
        add(
            framework_dimension,
            "Strength Based",
            framework_id=new,
            parent_id=ids["Culture"],
            key="strength",
            name="Strength Based",
            sort_order=1,
        )
        add(
            assessment,
            "assessment",
            partnership_id=ids["Armley"],
            framework_id=new,
            period="2019/20 Q2",
        )
    return ids


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables the Goals and Resources panes edit."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with store.read() as conn:
        for table in PLAN_TABLES:
            rows = conn.execute(select(table)).all()
            out[table.name] = sorted(tuple(r) for r in rows)
    return out
