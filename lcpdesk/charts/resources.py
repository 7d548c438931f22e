"""Contributions by sector: one bar per sector for one kind of resource, stacked by status
(actual, committed, planned), each status hatched differently so colour is not needed."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from lcpdesk.charts.common import INK, STATUS_STYLE, new_figure
from lcpdesk.domain.resources import (
    ALLOCATION_STATUSES,
    KINDS,
    TotalRow,
    amount_text,
    kind_label,
)

STACK_ORDER = ("actual", "committed", "planned")
assert set(STACK_ORDER) == set(ALLOCATION_STATUSES)


def _axis_text(kind: str, value: float) -> str:
    if KINDS[kind].is_money:
        if value >= 1_000_000:
            return f"£{value / 1_000_000:,.1f}m"
        if value >= 1000:
            return f"£{value / 1000:,.0f}k"
        return f"£{value:,.0f}"
    return f"{value:,.1f}".rstrip("0").rstrip(".")


def sector_chart(rows: Sequence[TotalRow], kind: str, title: str = "") -> Figure:
    """``rows`` are totals by sector (:func:`lcpdesk.domain.resources.totals_by`)."""
    shown = list(rows)
    fig = new_figure(6.0, 3.2)
    ax = fig.add_subplot()
    heading = title or f"{kind_label(kind)} by sector"
    ax.set_title(heading, loc="left", fontsize=11, color=INK)
    if not any(r.amount(kind) for r in shown):
        ax.set_axis_off()
        ax.text(
            0.5,
            0.5,
            f"No {KINDS[kind].label.lower()} allocated",
            ha="center",
            va="center",
            color=INK,
        )
        return fig
    labels = [r.label for r in shown]
    positions = list(range(len(shown)))[::-1]  # first sector at the top
    left = [0.0] * len(shown)
    for status in STACK_ORDER:
        colour, hatch = STATUS_STYLE[status]
        widths = [r.amount(kind, status) / 100 for r in shown]
        ax.barh(
            positions,
            widths,
            left=left,
            color=colour,
            hatch=hatch,
            edgecolor=INK,
            linewidth=0.6,
            height=0.6,
            label=status.capitalize(),
        )
        left = [a + b for a, b in zip(left, widths, strict=True)]
    for pos, row, end in zip(positions, shown, left, strict=True):
        ax.annotate(
            amount_text(kind, row.amount(kind)),
            xy=(end, pos),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=8.5,
            color=INK,
        )
    ax.set_yticks(positions, labels)
    ax.set_xlim(0, max(left) * 1.28)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: _axis_text(kind, v)))
    ax.grid(axis="x", color="#e6e6e6", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.legend(loc="outside lower center", fontsize=8, frameon=False, ncols=3)
    return fig
