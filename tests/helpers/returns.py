"""Return contents for tests: a realistic partnership, and hypothesis strategies for any return.

``big_return()`` is the benchmark's partnership (30 practices, 9 dimensions, 5 raters, 10 goals,
100 readings, 40 allocations); ``returns()`` generates contents whose every field survives a
write and a read exactly (text without spaces around it: reading strips them).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from lcpdesk.domain import goals as goal_rules
from lcpdesk.domain import resources as resource_rules
from lcpdesk.domain import returns as r
from lcpdesk.io.return_writer import ReturnLists

LEVELS = ("Basics in place", "Developing", "Well developed", "Excellent")
TEMPLATE = r.TemplateId("lcp-quarterly-return", 1)
DIMENSIONS = (
    ("leadership", "Leadership"),
    ("culture-single-team", "Culture: Person centred single team"),
    ("culture-community-driven", "Culture: Community driven"),
    ("culture-strength-based", "Culture: Strength based"),
    ("culture-evidence-based", "Culture: Evidence based decision making"),
    ("culture-quality-improvement", "Culture: Quality improvement"),
    ("structure", "Structure"),
    ("lcp-goals", "LCP Goals"),
    ("resource-utilisation", "Resource Utilisation"),
)
SECTORS = tuple(resource_rules.SECTORS)
KINDS = tuple(resource_rules.KINDS)


def lists_for(content: r.ReturnContent) -> ReturnLists:
    return ReturnLists(levels=LEVELS)


def big_return(*, filled: bool = True) -> r.ReturnContent:
    """A realistic big-ish partnership's return, every required field filled (or only the
    reference data, for ``filled=False``)."""
    day = dt.date(2026, 10, 1)
    cover = r.Cover("Leeds", "Armley", "2026/27 Q3")
    if filled:
        cover = r.Cover(
            "Leeds", "Armley", "2026/27 Q3", "Sam Jones", "LCP lead", "sam.jones@nhs.net",
            dt.date(2026, 12, 20), "Dr A Patel", "Chair", dt.date(2026, 12, 22),
        )  # fmt: skip
    practices = tuple(
        r.PracticeLine(
            f"B86{i:03d}",
            f"Practice {i}",
            f"PCN {i % 4}",
            5000 + 97 * i,
            ("confirmed" if i % 7 else "leaving") if filled else "",
            f"comment {i}" if filled and i % 5 == 0 else "",
        )  # fmt: skip
        for i in range(30)
    )
    dims = tuple(
        r.DimensionLine(
            key,
            name,
            LEVELS[i % 4] if filled else None,
            f"Evidence for {name}" if filled else "",
            "Keep going" if filled else "",
            LEVELS[min(3, i % 4 + 1)] if filled else None,
        )  # fmt: skip
        for i, (key, name) in enumerate(DIMENSIONS)
    )
    raters = (
        tuple(
            r.RaterLine(
                f"Rater {i}",
                f"Org {i}",
                tuple((k, LEVELS[(i + j) % 4]) for j, (k, _n) in enumerate(DIMENSIONS)),
            )
            for i in range(5)
        )
        if filled
        else ()
    )
    goals = tuple(
        r.GoalLine(
            f"G{i + 1}",
            f"Goal {i + 1}",
            goal_rules.STATUSES[i % 5] if filled else "",
            "On plan" if filled else "",
            "short" if i % 2 else "long",
            "city" if i == 0 else "local",
            "Frailty" if i == 0 else f"Local {i}",
            dt.date(2027, 3, 31),
        )  # fmt: skip
        for i in range(10)
    )
    readings = tuple(
        r.ReadingLine(
            f"G{i % 10 + 1}",
            f"Measure {i % 10 + 1}",
            day + dt.timedelta(days=7 * (i // 10)),
            Decimal(i * 3) / 4,
        )
        for i in range(100)
    )
    milestones = tuple(
        r.MilestoneLine(
            f"G{i + 1}",
            f"Milestone {i + 1}",
            dt.date(2026, 11, 30),
            dt.date(2026, 11, 20) if filled and i % 2 else None,
        )
        for i in range(10)
    )
    allocations = tuple(
        r.AllocationLine(
            f"A{i + 1}",
            f"Partner {i % 8}",
            SECTORS[i % 4],
            KINDS[i % 5],
            Decimal(20000 + 250 * i)
            if KINDS[i % 5] not in ("staff_wte", "staff_hours_week")
            else Decimal("1.5"),
            dt.date(2026, 4, 1),
            dt.date(2027, 3, 31),
            resource_rules.ALLOCATION_STATUSES[i % 3],
            f"G{i % 10 + 1}" if i % 3 else "",
            "notes" if i % 4 == 0 else "",
        )  # fmt: skip
        for i in range(40)
    )
    return r.ReturnContent(
        TEMPLATE, cover, "leeds-lcp-maturity", 1, practices, dims, raters, goals,
        readings if filled else (), milestones, allocations,
    )  # fmt: skip
