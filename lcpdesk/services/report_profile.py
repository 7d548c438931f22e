"""A partnership's profile for its board, as report blocks (io/report_pdf lays them out).

Populations and member practices, the maturity radar (now, previous, target, standard) and
levels with evidence, goals with progress and their measures' SPC charts, milestones,
resources by sector and kind, and the status of the period's return.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from lcpdesk.domain import resources as res
from lcpdesk.domain.allocation_periods import parse_period
from lcpdesk.domain.model import Area, AreaTable, Partnership
from lcpdesk.errors import InputError
from lcpdesk.io.report_pdf import Block, Chart, Heading, Table, Text, day
from lcpdesk.services.goals import GoalsService
from lcpdesk.services.maturity import MaturityService
from lcpdesk.services.maturity_views import MaturityViews
from lcpdesk.services.membership import MembershipService
from lcpdesk.services.resources import ResourcesService
from lcpdesk.services.returns import ReturnsService
from lcpdesk.store.db import Store

EVIDENCE_LIMIT = 400  # characters of evidence per dimension; the rest is in lcpdesk


@dataclass
class Sources:
    """The services a report reads through (made once for an area report)."""

    store: Store

    def __post_init__(self) -> None:
        self.membership = MembershipService(self.store)
        self.maturity = MaturityService(self.store)
        self.views = MaturityViews(self.maturity)
        self.goals = GoalsService(self.store)
        self.resources = ResourcesService(self.store)
        self.returns = ReturnsService(self.store)


def count(n: int | None) -> str:
    return "—" if n is None else f"{n:,}"


def percent(p: float | None) -> str:
    return "—" if p is None else f"{p:.0%}"


def chart(figure: object, caption: str = "") -> Chart:
    import matplotlib
    from matplotlib.figure import Figure

    from lcpdesk.charts.save import figure_bytes

    assert isinstance(figure, Figure)
    width, height = figure.get_size_inches()
    # Type 3 glyphs (still vectors): embedding TrueType subsets costs ~0.6 s a chart
    with matplotlib.rc_context({"pdf.fonttype": 3}):
        data = figure_bytes(figure, "pdf")
    return Chart(data, float(width), float(height), caption)


def profile_blocks(
    src: Sources,
    area: Area,
    unit: Partnership,
    period: str,
    table: AreaTable,
    *,
    today: dt.date,
    level: int = 1,
    cancelled: Callable[[], bool] = lambda: False,
) -> list[Block]:
    """Every part of ``unit``'s profile; headings start at ``level``."""
    blocks: list[Block] = [Heading(unit.name, level)]
    sub = min(level + 1, 3)
    blocks += populations(src, area, unit, table, sub)
    blocks += maturity(src, unit, period, sub)
    if not cancelled():
        blocks += goals(src, area, unit, sub, today)
    blocks += resources(src, area, unit, period, sub)
    blocks += return_status(src, unit, period, sub)
    return blocks


def populations(
    src: Sources, area: Area, unit: Partnership, table: AreaTable, level: int
) -> list[Block]:
    rows = [r for r in table.rows if unit.id in (r.partnership_id, r.parent_id)]
    out: list[Block] = [Heading("Populations", level)]
    when = day(table.extract_date) or "the newest extract"
    out.append(
        Text(
            f"Registered patients at the NHS Digital extract of {when}. Membership "
            "counts practices wholly within the partnership; split practices are "
            "listed apart, never counted.",
            muted=True,
        )
    )
    out.append(
        Table(
            [area.partnership_label or "Partnership", "Membership", "Footprint", "Practices"],
            [
                [r.name, count(r.membership), count(r.footprint), count(r.counted_practices)]
                for r in rows
            ],
            numeric=frozenset({1, 2, 3}),
            widths=[3, 1.4, 1.4, 1],
        )
    )
    extract = table.extract_date or src.membership.default_date(area.id)
    members = src.membership.members(area.id, unit.id, extract)
    out.append(Heading(f"Member practices ({len(members):,})", min(level + 1, 3)))
    out.append(
        Table(
            ["Code", "Practice", "PCN", "List size", "Split"],
            [
                [
                    m.code,
                    m.name,
                    m.pcn_name,
                    count(m.list_size),
                    f"Split with {', '.join(m.split_with)}" if m.is_split else "",
                ]
                for m in sorted(members, key=lambda m: m.name.casefold())
            ],
            numeric=frozenset({3}),
            widths=[1, 3, 2.2, 1.1, 1.8],
        )
    )
    return out


def maturity(src: Sources, unit: Partnership, period: str, level: int) -> list[Block]:
    out: list[Block] = [Heading("Maturity", level)]
    current = src.maturity.assessment_for(unit.id, period)
    if current is None:
        return [*out, Text(f"No maturity assessment for {period}.")]
    from lcpdesk.charts.maturity import radar_figure

    radar = src.views.radar(current.id)
    fw = current.framework
    status = "complete" if current.info.is_complete else "in progress"
    out.append(Text(f"{fw.name}, {period} ({status}). The standard is “{fw.standard.name}”."))
    if radar is not None:
        out.append(chart(radar_figure(radar, 6.4, 5.6), "Now, previous, target and standard."))
    previous = src.maturity.previous(current)
    before = previous.consensus_by_key() if previous and previous.framework.key == fw.key else {}
    rows = []
    for d in fw.scored:
        item = current.item(d.id)
        evidence = " ".join(item.evidence.split())
        if len(evidence) > EVIDENCE_LIMIT:
            evidence = evidence[: EVIDENCE_LIMIT - 1] + "…"
        rows.append(
            [
                d.label,
                fw.level_name(item.consensus, "Not yet assessed"),
                fw.level_name(before.get(d.key)) or "—",
                fw.level_name(item.target) or "—",
                evidence,
            ]
        )
    out.append(
        Table(
            ["Dimension", "Now", "Previous", "Target", "Evidence"],
            rows,
            widths=[2, 1.3, 1.3, 1.3, 4],
        )
    )
    return out


def goals(src: Sources, area: Area, unit: Partnership, level: int, today: dt.date) -> list[Block]:
    from lcpdesk.charts.goals import measure_chart

    found = src.goals.goals(area.id, unit.id)
    out: list[Block] = [Heading("Goals", level)]
    if not found:
        return [*out, Text("No goals recorded.")]
    out.append(
        Table(
            ["Goal", "Priority", "Status", "Progress", "Due", "Owner"],
            [
                [
                    g.title,
                    g.priority_text,
                    g.rag,
                    percent(g.progress),
                    day(g.due_date) or "—",
                    g.owner_name,
                ]
                for g in found
            ],
            numeric=frozenset({3}),
            widths=[3.2, 1.6, 0.9, 1.1, 1.1, 1.6],
        )
    )
    stones = [(g.title, m) for g in found for m in g.milestones]
    if stones:
        out.append(Heading("Milestones", min(level + 1, 3)))
        out.append(
            Table(
                ["Goal", "Milestone", "Due", "Done", "State"],
                [
                    [t, m.title, day(m.due_date) or "—", day(m.done_date) or "—", m.state(today)]
                    for t, m in stones
                ],
                widths=[2.4, 2.6, 1.1, 1.1, 1],
            )
        )
    charted = [(g, m) for g in found for m in g.measures if len(m.readings) >= 2]
    if charted:
        out.append(Heading("Measures", min(level + 1, 3)))
    for g, m in charted:
        current = m.current
        note = f"{g.title}: {m.name}. Progress {percent(m.progress)}"
        if current is not None:
            note += f", latest reading {day(current.when)}"
        out.append(chart(measure_chart(m), note + "."))
    return out


def resources(src: Sources, area: Area, unit: Partnership, period: str, level: int) -> list[Block]:
    out: list[Block] = [Heading("Resources", level)]
    try:
        when = parse_period(period)
    except InputError:
        when = None
    view = src.resources.view(area.id, unit.id, when)
    if not view.allocations:
        return [*out, Text(f"No resources allocated in {period}.")]
    out += resource_tables(view.totals("sector"), "Sector")
    if any(r.amount(res.FUNDING) for r in view.totals("sector")):
        from lcpdesk.charts.resources import sector_chart

        out.append(chart(sector_chart(view.totals("sector"), res.FUNDING)))
    if view.warnings:
        out.append(Heading("Warnings", min(level + 1, 3)))
        out.append(Text("\n".join(f"• {w.text}" for w in view.warnings)))
    return out


def resource_tables(rows: list[res.TotalRow], label: str) -> list[Block]:
    """One table: a row per ``label`` (sector, partner), a column per kind in use, and a total."""
    kinds = [k for k in res.KINDS if any(r.amount(k) for r in rows)]
    if not kinds:
        return [Text("Nothing allocated.")]
    body = [[r.label, *(res.amount_text(k, r.amount(k)) for k in kinds)] for r in rows]
    total = ["Total", *(res.amount_text(k, sum(r.amount(k) for r in rows)) for k in kinds)]
    return [
        Table(
            [label, *(res.kind_label(k) for k in kinds)],
            [*body, total],
            numeric=frozenset(range(1, len(kinds) + 1)),
            widths=[2.4, *([1.2] * len(kinds))],
            bold_last=True,
        )
    ]


def return_status(src: Sources, unit: Partnership, period: str, level: int) -> list[Block]:
    out: list[Block] = [Heading("Quarterly return", level)]
    found = [r for r in src.returns.records(unit.id) if r.period == period]
    if not found:
        return [*out, Text(f"No return for {period} has been read.")]
    latest = max(found, key=lambda r: r.read_at)
    text = f"{latest.status.capitalize()}: {latest.file_name}, read {day(latest.read_at.date())}."
    if latest.signed_off_by:
        text += f" Signed off by {latest.signed_off_by}"
        text += f" on {day(latest.signed_off_on)}." if latest.signed_off_on else "."
    if latest.reasons:
        text += f"\n\n{latest.reasons}"
    return [*out, Text(text)]
