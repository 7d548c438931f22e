"""The Overview pane's population chart: each partnership's membership and footprint."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from lcpdesk.charts.style import INK, NHS_BLUE, NHS_PALE_GREY, heading, legend_below, new_figure
from lcpdesk.domain.model import AreaTableRow


def population_chart(rows: Sequence[AreaTableRow], title: str) -> Figure:
    """Bars per partnership (first at the top): membership solid blue, footprint pale and
    hatched, so the two read apart in greyscale; the figures at the bars' ends."""
    shown = list(rows)
    fig = new_figure(7.0, 1.4 + 0.42 * max(1, len(shown)))
    heading(fig, title, size=11)
    ax = fig.add_subplot()
    ys = [float(i) for i in range(len(shown))][::-1]
    member = [float(r.membership or 0) for r in shown]
    foot = [float(r.footprint or 0) for r in shown]
    ax.barh([y + 0.18 for y in ys], member, height=0.36, color=NHS_BLUE, label="Membership")
    ax.barh(
        [y - 0.18 for y in ys],
        foot,
        height=0.36,
        color=NHS_PALE_GREY,
        hatch="//",
        edgecolor=INK,
        linewidth=0.5,
        label="Footprint",
    )
    ax.set_yticks(ys, [r.name for r in shown], fontsize=8.5)
    top = max([*member, *foot, 1.0])
    ax.set_xlim(0, top * 1.18)
    for y, m, f in zip(ys, member, foot, strict=True):
        ax.text(m, y + 0.18, f" {m:,.0f}", va="center", fontsize=7.5, color=INK)
        ax.text(f, y - 0.18, f" {f:,.0f}", va="center", fontsize=7.5, color=INK)
    ax.xaxis.set_major_formatter(lambda v, _p: f"{v:,.0f}")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    legend_below(fig, ncols=2)
    return fig
