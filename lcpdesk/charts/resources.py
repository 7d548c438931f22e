"""Contributions by sector: one bar per sector for one kind of resource, stacked by status
(actual, committed, planned), each status hatched differently so colour is not needed."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from lcpdesk.charts.style import INK, STATUS_STYLE, heading, legend_below, new_figure
from lcpdesk.domain.resources import (
    ALLOCATION_STATUSES,
    KINDS,
    TotalRow,
    amount_text,
    kind_label,
)

STACK_ORDER = ("actual", "committed", "planned")
assert set(STACK_ORDER) == set(ALLOCATION_STATUSES)


def sector_chart(rows: Sequence[TotalRow], kind: str, title: str = "") -> Figure:
    """``rows`` are totals by sector (:func:`lcpdesk.domain.resources.totals_by`).

    Each sector's name sits above its bar and its total at the bar's end, so the chart reads
    at any width without an axis to decode."""
    shown = list(rows)
    fig = new_figure(6.0, 1.2 + 0.75 * max(1, len(shown)))
    ax = fig.add_subplot()
    heading(fig, title or f"{kind_label(kind)} by sector", size=11)
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
    positions = [float(i) for i in range(len(shown))][::-1]  # first sector at the top
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
            height=0.42,
            label=status.capitalize(),
        )
        left = [a + b for a, b in zip(left, widths, strict=True)]
    for pos, row, end in zip(positions, shown, left, strict=True):
        ax.annotate(
            row.label,
            xy=(0, pos + 0.3),
            xytext=(4, 0),
            textcoords="offset points",
            va="bottom",
            ha="left",
            fontsize=9.5,
            color=INK,
        )
        ax.annotate(
            amount_text(kind, row.amount(kind)),
            xy=(end, pos),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=9,
            color=INK,
        )
    ax.set_xlim(0, max(left) * 1.3)
    ax.set_ylim(min(positions) - 0.45, max(positions) + 0.75)
    ax.set_yticks([])
    ax.set_xticks([])
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    legend_below(fig, ncols=3)
    return fig
