"""Return contents for tests: a realistic partnership, and hypothesis strategies for any return.

``big_return()`` is the benchmark's partnership (30 practices, 9 dimensions, 5 raters, 10 goals,
100 readings, 40 allocations); ``returns()`` generates contents whose every field survives a
write and a read exactly (text without spaces around it: reading strips them).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

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
            "Leeds",
            "Armley",
            "2026/27 Q3",
            "Sam Jones",
            "LCP lead",
            "sam.jones@nhs.net",
            dt.date(2026, 12, 20),
            "Dr A Patel",
            "Chair",
            dt.date(2026, 12, 22),
        )
    practices = tuple(
        r.PracticeLine(
            f"B86{i:03d}",
            f"Practice {i}",
            f"PCN {i % 4}",
            5000 + 97 * i,
            ("confirmed" if i % 7 else "leaving") if filled else "",
            f"comment {i}" if filled and i % 5 == 0 else "",
        )
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
        )
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
        )
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
        )
        for i in range(40)
    )
    return r.ReturnContent(
        TEMPLATE,
        cover,
        "leeds-lcp-maturity",
        1,
        practices,
        dims,
        raters,
        goals,
        readings if filled else (),
        milestones,
        allocations,
    )


# --------------------------------------------------------------------------- hypothesis strategies

_AWKWARD = (
    "=1+1",
    "+44 113 000",
    "-5",
    "@SUM(A1:A2)",
    '＝HYPERLINK("x")',
    "#N/A",
    "#DIV/0!",
    "a\ttab",
    "two\nlines",
    "TRUE",
    "00123",
    "1.50",
    "2026-04-01",
    "Zoë’s café — 💙",
)
_TOTAL_LIKE = __import__("re").compile(r"(grand\s+|sub-?\s*)?totals?\s*:?", 2)


def _clean(text: str) -> bool:
    return text == text.strip() and not _TOTAL_LIKE.fullmatch(text)


_CHARS = st.characters(exclude_categories=("Cc", "Cs", "Co", "Cn"))
plain_text = st.text(_CHARS, min_size=1, max_size=30).filter(_clean)
any_text = st.one_of(st.sampled_from(_AWKWARD), plain_text)
long_text = st.one_of(any_text, st.integers(200, 6000).map(lambda n: ("long " * n)[:n].strip()))
maybe_text = st.one_of(st.just(""), any_text)
days = st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31))


def _unique(strategy: st.SearchStrategy, key, max_size: int) -> st.SearchStrategy:
    return st.lists(strategy, max_size=max_size, unique_by=key).map(tuple)


@st.composite
def returns(draw: st.DrawFn) -> r.ReturnContent:
    """Any return lcpdesk could write: every required field filled, identities unique."""
    year = draw(st.integers(2019, 2040))
    cover = r.Cover(
        draw(any_text),
        draw(any_text),
        f"{year}/{(year + 1) % 100:02d} Q{draw(st.integers(1, 4))}",
        draw(any_text),
        draw(any_text),
        "someone.name@nhs.net",
        draw(days),
        draw(any_text),
        draw(any_text),
        draw(days),
    )
    practices = draw(
        _unique(
            st.builds(
                r.PracticeLine,
                st.from_regex(r"[A-Z][0-9]{5}", fullmatch=True),
                maybe_text,
                maybe_text,
                st.one_of(st.none(), st.integers(0, 1_000_000)),
                st.sampled_from(r.PRACTICE_STATUSES),
                maybe_text,
            ),
            lambda p: p.code,
            8,
        )
    )
    picked = draw(st.lists(st.sampled_from(DIMENSIONS), min_size=1, max_size=9, unique=True))
    level = st.sampled_from(LEVELS)
    dims = tuple(
        r.DimensionLine(
            k, n, draw(level), draw(long_text), draw(maybe_text), draw(st.one_of(st.none(), level))
        )
        for k, n in picked
    )
    raters = draw(
        _unique(
            st.builds(
                r.RaterLine,
                plain_text,
                maybe_text,
                st.just(tuple((k, draw(level)) for k, _n in picked)),
            ),
            lambda x: x.name.casefold(),
            4,
        )
    )
    goals = draw(
        _unique(
            st.builds(
                r.GoalLine,
                st.from_regex(r"G[0-9]{1,3}", fullmatch=True),
                any_text,
                st.sampled_from(goal_rules.STATUSES),
                maybe_text,
                st.sampled_from(("short", "long")),
                st.sampled_from(("city", "local")),
                maybe_text,
                st.one_of(st.none(), days),
            ),
            lambda g: g.ref,
            5,
        )
    )
    refs = st.sampled_from([g.ref for g in goals] or ["G1"])
    value = st.decimals(-(10**9), 10**9, places=4, allow_nan=False, allow_infinity=False)
    readings = draw(
        _unique(
            st.builds(r.ReadingLine, refs, any_text, days, value),
            lambda x: (x.goal_ref, x.measure, x.when),
            12,
        )
    )
    measures = draw(_unique(st.builds(r.MeasureLine, refs, any_text), lambda m: m, 3))
    milestones = draw(
        _unique(
            st.builds(
                r.MilestoneLine,
                refs,
                any_text,
                st.one_of(st.none(), days),
                st.one_of(st.none(), days),
            ),
            lambda m: (m.goal_ref, m.title),
            5,
        )
    )
    amount = st.decimals(0, 10**8, places=2, allow_nan=False, allow_infinity=False)
    allocations = draw(
        _unique(
            st.builds(
                r.AllocationLine,
                st.from_regex(r"A[0-9]{1,3}", fullmatch=True),
                any_text,
                st.sampled_from(SECTORS),
                st.sampled_from(KINDS),
                amount,
                days,
                days,
                st.sampled_from(resource_rules.ALLOCATION_STATUSES),
                st.one_of(st.just(""), refs),
                maybe_text,
            ),
            lambda a: a.ref,
            6,
        )
    )
    return r.ReturnContent(
        TEMPLATE,
        cover,
        "leeds-lcp-maturity",
        draw(st.integers(1, 9)),
        practices,
        dims,
        raters,
        goals,
        readings,
        milestones,
        allocations,
        measures,
    )
