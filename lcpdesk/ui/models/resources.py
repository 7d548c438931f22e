"""The Resources pane's tables: partners, allocations, totals (for one kind of resource at a
time, so £ are never added to WTE) and warnings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lcpdesk.domain import resources as res
from lcpdesk.domain.resources import Allocation, ResourceWarning, TotalRow
from lcpdesk.ui import formatting as fmt
from lcpdesk.ui.models.goals import RAG_COLOURS
from lcpdesk.ui.models.records import Column, RecordTableModel

KIND_ORDER = {k: i for i, k in enumerate(res.KINDS)}
STATUS_ORDER = {s: i for i, s in enumerate(res.ALLOCATION_STATUSES)}
WARNING_LABELS = {
    res.GOAL_DONE: "Goal is done",
    res.PAST_PERIOD: "Period has ended",
    res.SMALL_FUNDING: "Small funding piece",
    res.NO_RESOURCES: "Goal without resources",
}
TOTAL = "Total"


def sector_text(sector: str) -> str:
    return res.SECTORS.get(sector, sector)


def partner_model(parent: Any = None) -> RecordTableModel:
    return RecordTableModel(
        [
            Column("Partner", lambda p: p.name, tooltip=lambda p: p.name),
            Column("Sector", lambda p: sector_text(p.sector)),
            Column("Type", lambda p: p.org_type),
            Column(
                "Allocations",
                lambda p: f"{p.allocations:,}",
                sort=lambda p: p.allocations,
                numeric=True,
            ),
            Column(
                "Goals owned",
                lambda p: f"{p.goals_owned:,}",
                sort=lambda p: p.goals_owned,
                numeric=True,
            ),
        ],
        parent,
        is_demo=lambda p: p.is_demo,
    )


def _period_sort(a: Allocation) -> str:
    return f"{a.period_start.isoformat()} {a.period_end.isoformat()}"


def allocation_model(parent: Any = None) -> RecordTableModel:
    return RecordTableModel(
        [
            Column("Partner", lambda a: a.partner_name, tooltip=lambda a: a.partner_name),
            Column("Sector", lambda a: sector_text(a.sector)),
            Column("Partnership", lambda a: a.partnership_name),
            Column(
                "Goal",
                lambda a: a.goal_title or fmt.UNKNOWN,
                tooltip=lambda a: (
                    f"{a.goal_title} ({a.goal_status})" if a.goal_title else "Not for one goal"
                ),
            ),
            Column("Kind", lambda a: res.KINDS[a.kind].label, sort=lambda a: KIND_ORDER[a.kind]),
            Column(
                "Amount",
                lambda a: res.amount_text(a.kind, a.amount_x100),
                sort=lambda a: (KIND_ORDER[a.kind], a.amount_x100),
                numeric=True,
                header_tip="In the kind's own unit: £, WTE, or hours a week",
            ),
            Column(
                "Period",
                lambda a: a.period.label,
                sort=_period_sort,
                tooltip=lambda a: f"{fmt.day(a.period_start)} – {fmt.day(a.period_end)}",
            ),
            Column(
                "Status",
                lambda a: a.status.capitalize(),
                sort=lambda a: STATUS_ORDER.get(a.status, 9),
            ),
            Column("Notes", lambda a: a.notes, tooltip=lambda a: a.notes or None),
        ],
        parent,
        is_demo=lambda a: a.is_demo,
    )


class AllocCol:
    PARTNER, SECTOR, PARTNERSHIP, GOAL, KIND, AMOUNT, PERIOD, STATUS, NOTES = range(9)


def totals_model(kind: Callable[[], str], parent: Any = None) -> RecordTableModel:
    """Rows of :class:`TotalRow` (the last one the total) for the kind ``kind()`` gives."""

    def cell(status: str | None) -> Callable[[TotalRow], str]:
        return lambda row: res.amount_text(kind(), row.amount(kind(), status))

    def raw(status: str | None) -> Callable[[TotalRow], int]:
        return lambda row: row.amount(kind(), status)

    return RecordTableModel(
        [
            Column("Name", lambda r: r.label, tooltip=lambda r: r.label),
            *[
                Column(s.capitalize(), cell(s), sort=raw(s), numeric=True)
                for s in res.ALLOCATION_STATUSES
            ],
            Column(
                "All",
                cell(None),
                sort=raw(None),
                numeric=True,
                header_tip="Planned, committed and actual together",
            ),
        ],
        parent,
        is_total=lambda r: r.label == TOTAL,
    )


def warning_model(parent: Any = None) -> RecordTableModel:
    amber = RAG_COLOURS["Amber"]
    return RecordTableModel(
        [
            Column(
                "Warning",
                lambda w: WARNING_LABELS.get(w.code, w.code),
                sort=lambda w: (
                    list(WARNING_LABELS).index(w.code) if w.code in WARNING_LABELS else 9
                ),
                colours=lambda _w: amber,
            ),
            Column("What", lambda w: w.text, tooltip=lambda w: w.text),
        ],
        parent,
    )


def warning_summary(warnings: list[ResourceWarning]) -> str:
    return fmt.plural(len(warnings), "warning")
