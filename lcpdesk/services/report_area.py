"""The two PDF reports, for the CLI and the window alike: a partnership's profile, and an
area report (a summary across the area, then each partnership's profile).

Both take ``progress`` and ``cancelled`` callbacks, and write the file whole or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from lcpdesk import clock
from lcpdesk.domain.allocation_periods import parse_period
from lcpdesk.domain.goals import CITY, CITY_PRIORITIES, LOCAL
from lcpdesk.domain.model import Area, AreaTable, Partnership
from lcpdesk.errors import Cancelled, InputError
from lcpdesk.io.report_pdf import Block, Heading, PageBreak, Report, Table, Text, write_report
from lcpdesk.services.report_profile import Sources, chart, count, profile_blocks, resource_tables
from lcpdesk.store.db import Store

ProgressFn = Callable[[float, str], None]


def _none(_f: float, _t: str) -> None:
    pass


def top_level(src: Sources, area: Area) -> list[Partnership]:
    return [p for p in src.membership.partnerships(area.id) if p.parent_id is None]


def profile_report(
    store: Store,
    partnership: str,
    period: str,
    out: Path,
    *,
    area: str | None = None,
    today: dt.date | None = None,
    progress: ProgressFn = _none,
    cancelled: Callable[[], bool] = lambda: False,
) -> Path:
    """Write ``partnership``'s profile for ``period`` to ``out``."""
    src = Sources(store)
    found_area, unit = src.goals.find_partnership(partnership, area)
    when = today or clock.today()
    progress(0.1, f"Reading {unit.name}")
    table = src.membership.area_table(found_area.id)
    blocks = profile_blocks(src, found_area, unit, period, table, today=when, cancelled=cancelled)
    if cancelled():
        raise Cancelled()
    progress(0.7, "Laying out the pages")
    report = Report(
        f"{unit.name}: partnership profile",
        [
            f"{found_area.name} · {found_area.partnership_label or 'Partnership'}",
            f"Period {period}",
        ],
        when,
        blocks,
    )
    return write_report(report, out, progress)


def area_report(
    store: Store,
    area: str,
    period: str,
    out: Path,
    *,
    today: dt.date | None = None,
    progress: ProgressFn = _none,
    cancelled: Callable[[], bool] = lambda: False,
) -> Path:
    """Write the area report for ``period``: the summary, then one section per partnership."""
    src = Sources(store)
    found = src.membership.area_named(area)
    when = today or clock.today()
    units = top_level(src, found)
    progress(0.02, "Reading the area")
    table = src.membership.area_table(found.id)
    blocks: list[Block] = summary_blocks(src, found, units, period, table)
    for i, unit in enumerate(units):
        if cancelled():
            raise Cancelled()
        progress(0.05 + 0.8 * i / max(1, len(units)), f"Reading {unit.name}")
        blocks.append(PageBreak())
        blocks += profile_blocks(src, found, unit, period, table, today=when, cancelled=cancelled)
    progress(0.86, "Laying out the pages")
    report = Report(
        f"{found.name}: area report",
        [f"{len(units)} {found.partnership_label or 'partnership'}s", f"Period {period}"],
        when,
        blocks,
    )
    return write_report(report, out, progress)


def summary_blocks(
    src: Sources, area: Area, units: list[Partnership], period: str, table: AreaTable
) -> list[Block]:
    label = area.partnership_label or "Partnership"
    blocks: list[Block] = [Heading(f"{area.name} at a glance", 1), Heading("Populations", 2)]
    top = [r for r in table.rows if r.parent_id is None]
    blocks.append(
        Table(
            [label, "Membership", "Footprint", "Practices"],
            [
                *(
                    [r.name, count(r.membership), count(r.footprint), count(r.counted_practices)]
                    for r in top
                ),
                [
                    "Total",
                    count(table.total_membership),
                    count(table.total_footprint),
                    count(sum(r.counted_practices for r in top)),
                ],
            ],
            numeric=frozenset({1, 2, 3}),
            widths=[3, 1.4, 1.4, 1],
            bold_last=True,
        )
    )
    blocks += _maturity_summary(src, area, period)
    blocks += _goals_summary(src, area, units)
    blocks.append(Heading("Resources by sector", 2))
    try:
        view = src.resources.view(area.id, None, parse_period(period))
    except InputError:
        view = src.resources.view(area.id, None)
    blocks += resource_tables(view.totals("sector"), "Sector")
    blocks += _returns_summary(src, units, period)
    return blocks


def _maturity_summary(src: Sources, area: Area, period: str) -> list[Block]:
    from lcpdesk.charts.maturity import heat_map_figure

    heat = src.views.heat_map(area.id, period)
    out: list[Block] = [Heading("Maturity", 2)]
    if heat is None or not any(r.status for r in heat.rows):
        return [*out, Text(f"No maturity assessments for {period}.")]
    out.append(chart(heat_map_figure(heat), f"Agreed levels, {period}."))
    std = heat.standard_rank
    rows = []
    for r in heat.rows:
        known = [x for x in r.ranks if x is not None]
        at = sum(1 for x in known if x >= std)
        rows.append([r.name, r.status or "not started", f"{at} of {len(heat.columns)}"])
    out.append(
        Table(
            [heat.partnership_label or "Partnership", "Assessment", "At or above the standard"],
            rows,
            numeric=frozenset({2}),
            widths=[3, 1.5, 1.5],
        )
    )
    return out


def _goals_summary(src: Sources, area: Area, units: list[Partnership]) -> list[Block]:
    rows = []
    for unit in units:
        found = src.goals.goals(area.id, unit.id)
        rag = {k: sum(1 for g in found if g.rag == k) for k in ("Red", "Amber", "Green", "Blue")}
        frailty = any(
            g.priority_kind == CITY and g.priority_label in CITY_PRIORITIES for g in found
        )
        local = any(g.priority_kind == LOCAL for g in found)
        rows.append(
            [
                unit.name,
                str(len(found)),
                *(str(v) for v in rag.values()),
                "Yes" if frailty else "No",
                "Yes" if local else "No",
            ]
        )
    return [
        Heading("Goals", 2),
        Text(
            "Seed 000 asks each partnership for the Year 1 city-wide priority (Frailty) and "
            "one local priority.",
            muted=True,
        ),
        Table(
            ["Partnership", "Goals", "Red", "Amber", "Green", "Done", "Frailty", "Local"],
            rows,
            numeric=frozenset({1, 2, 3, 4, 5}),
            widths=[2.6, 0.8, 0.7, 0.8, 0.8, 0.8, 0.9, 0.8],
        ),
    ]


def _returns_summary(src: Sources, units: list[Partnership], period: str) -> list[Block]:
    records = [r for r in src.returns.records() if r.period == period]
    by_unit = {r.partnership_id: r for r in sorted(records, key=lambda r: r.read_at)}
    rows = [
        [u.name, by_unit[u.id].status.capitalize() if u.id in by_unit else "Missing"] for u in units
    ]
    return [Heading(f"Returns for {period}", 2), Table(["Partnership", "Return"], rows)]


__all__ = ["area_report", "profile_report"]
