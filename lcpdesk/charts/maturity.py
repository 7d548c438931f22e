"""Maturity charts: data -> matplotlib ``Figure``. Pure: no Qt, no store, no pyplot state.

Nothing relies on colour alone: series differ in line style and marker as well as colour,
and heat-map cells carry their level's name as text. "Not assessed" is never drawn as the
lowest level: a radar line breaks there and a heat-map cell is hatched and says so.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence

from matplotlib import colormaps
from matplotlib.colors import LinearSegmentedColormap, to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.projections.polar import PolarAxes

from lcpdesk.charts.style import (
    INK,
    LABEL_SIZE,
    MUTED,
    NHS_BLUE,
    NHS_DARK_BLUE,
    NHS_PALE_GREY,
    heading,
    legend_below,
    new_figure,
    plain_axes,
)
from lcpdesk.domain.maturity_views import (
    HeatMapData,
    RadarData,
    TrendData,
)

# NHS blue for now; Okabe-Ito orange and green (safe for the common colour-vision
# deficiencies) for the previous assessment and the target.
NOW = NHS_BLUE
PREVIOUS = "#E69F00"
TARGET = "#009E73"
STANDARD = "#444444"
MEAN = INK
OTHER = "#B8B8B8"
NOT_ASSESSED = "#EEEEEE"
NO_ASSESSMENT = "#FFFFFF"
MAX_LABELLED_LINES = 20  # with more partnerships, only a highlighted one is named
# Levels from pale grey to NHS dark blue: each darker than the one below, also in greyscale.
LEVEL_RAMP = LinearSegmentedColormap.from_list(
    "nhs_levels", [NHS_PALE_GREY, "#41b6e6", NHS_BLUE, NHS_DARK_BLUE]
)


def level_colours(count: int) -> list[tuple[float, float, float]]:
    """One colour per level, light (lowest) to dark (highest)."""
    cmap = LEVEL_RAMP
    if count <= 1:
        return [to_rgb(cmap(0.5))]
    return [to_rgb(cmap(0.12 + 0.76 * i / (count - 1))) for i in range(count)]


def text_colour(rgb: Sequence[float]) -> str:
    r, g, b = rgb[:3]
    return "white" if 0.299 * r + 0.587 * g + 0.114 * b < 0.5 else "black"


def _values(ranks: Sequence[int | None]) -> list[float]:
    return [math.nan if r is None else float(r) for r in ranks]


# --------------------------------------------------------------------------- radar


def radar_figure(data: RadarData, width: float = 7.0, height: float = 6.2) -> Figure:
    fig = new_figure(width, height)
    ax = fig.add_subplot(projection="polar")
    assert isinstance(ax, PolarAxes)
    count = len(data.axes)
    top = len(data.level_names)
    angles = [2 * math.pi * i / count for i in range(count)]
    closed = [*angles, angles[0]]
    ax.set_theta_offset(math.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_ylim(0, top + 0.25)
    ax.set_yticks(range(1, top + 1))
    ax.set_yticklabels(data.level_names, fontsize=8, color="#333333")
    ax.set_rlabel_position(180 / count if count else 0)
    ax.set_xticks(angles)
    labels = [
        label + ("\n(not assessed)" if rank is None else "")
        for label, rank in zip(data.axes, data.now, strict=True)
    ]
    ax.set_xticklabels(labels, fontsize=9)
    ax.tick_params(axis="x", pad=10)
    for label, theta in zip(ax.get_xticklabels(), angles, strict=True):
        across = math.sin(theta)  # clockwise from the top: right of centre is positive
        label.set_horizontalalignment(
            "left" if across > 0.15 else "right" if across < -0.15 else "center"
        )
    for label in ax.get_yticklabels():
        label.set_bbox({"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1})
    ax.grid(color="#CCCCCC", linewidth=0.8)
    ring = [2 * math.pi * i / 120 for i in range(121)]
    ax.plot(
        ring,
        [data.standard_rank] * len(ring),
        color=STANDARD,
        linewidth=1.4,
        linestyle=(0, (6, 3)),
        label=f"Standard: {data.level_names[data.standard_rank - 1]}",
    )

    def series(ranks: Sequence[int | None], **style: object) -> None:
        values = _values(ranks)
        ax.plot(closed, [*values, values[0]], linewidth=2, markersize=6, **style)  # type: ignore[arg-type]

    if data.previous is not None:
        series(data.previous, color=PREVIOUS, linestyle="--", marker="s", label=data.previous_label)
    series(data.target, color=TARGET, linestyle=":", marker="^", label="Target")
    series(data.now, color=NOW, linestyle="-", marker="o", label=data.now_label)
    now = _values(data.now)
    if not any(math.isnan(v) for v in now):
        ax.fill(closed, [*now, now[0]], color=NOW, alpha=0.12)
    heading(fig, data.title, size=13)
    ax.set_title(data.subtitle, fontsize=LABEL_SIZE, color=MUTED, pad=24)
    legend_below(fig, ncols=2, fontsize=LABEL_SIZE)
    return fig


# --------------------------------------------------------------------------- heat map


def heat_map_size(data: HeatMapData) -> tuple[float, float]:
    """The size (inches) at which every cell's text fits."""
    longest = max((len(r.name) for r in data.rows), default=10)
    return (
        1.2 + 0.075 * max(longest, 12) + 0.95 * len(data.columns),
        2.1 + 0.36 * len(data.rows),
    )


def heat_map_figure(data: HeatMapData, size: tuple[float, float] | None = None) -> Figure:
    width, height = size or heat_map_size(data)
    fig = new_figure(width, height)
    ax = fig.add_subplot()
    colours = level_colours(len(data.level_names))
    n_rows, n_cols = len(data.rows), len(data.columns)
    for y, row in enumerate(data.rows):
        for x, rank in enumerate(row.ranks):
            face: str | tuple[float, float, float]
            if not row.status:
                face, hatch, text = NO_ASSESSMENT, None, "—"
            elif rank is None:
                face, hatch, text = NOT_ASSESSED, "///", "not\nassessed"
            else:
                face, hatch = colours[rank - 1], None
                text = textwrap.fill(data.level_names[rank - 1], 11)
            ax.add_patch(
                Rectangle(
                    (x, y), 1, 1, facecolor=face, edgecolor="white", linewidth=1.5, hatch=hatch
                )
            )
            bold = rank is not None and rank >= data.standard_rank
            ax.text(
                x + 0.5,
                y + 0.5,
                text,
                ha="center",
                va="center",
                fontsize=7.5,
                linespacing=1.0,
                fontweight="bold" if bold else "normal",
                color=text_colour(face) if isinstance(face, tuple) else "#333333",
            )
    ax.set_xlim(0, n_cols)
    ax.set_ylim(n_rows, 0)
    ax.set_xticks([x + 0.5 for x in range(n_cols)])
    ax.set_xticklabels(
        [textwrap.fill(c, 14) for c in data.short_columns], fontsize=8.5, linespacing=1.0
    )
    ax.xaxis.tick_top()
    ax.set_yticks([y + 0.5 for y in range(n_rows)])
    ax.set_yticklabels(
        [
            r.name + ("" if r.status == "complete" else f" ({r.status or 'no assessment'})")
            for r in data.rows
        ],
        fontsize=8.5,
    )
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    handles = [
        Patch(facecolor=c, edgecolor="#999999", label=name)
        for c, name in zip(colours, data.level_names, strict=True)
    ]
    handles.append(
        Patch(facecolor=NOT_ASSESSED, edgecolor="#999999", hatch="///", label="Not assessed")
    )
    legend_below(
        fig,
        handles=handles,
        ncols=min(len(handles), 5),
        fontsize=8.5,
        title=f"Bold: at or above the standard ({data.level_names[data.standard_rank - 1]})",
        title_fontsize=8.5,
    )
    heading(fig, data.title)
    return fig


# --------------------------------------------------------------------------- trend


def _spread_labels(
    ends: list[tuple[float, str]], gap: float, low: float, high: float
) -> list[float]:
    """Label heights near ``ends`` (value, text), at least ``gap`` apart, within [low, high]."""
    order = sorted(range(len(ends)), key=lambda i: ends[i][0])
    placed = [0.0] * len(ends)
    last = -math.inf
    for i in order:
        y = max(ends[i][0], last + gap)
        placed[i] = y
        last = y
    overflow = max((placed[i] - high for i in order), default=0.0)
    if overflow > 0:
        for i in order:
            placed[i] -= overflow
    floor = low
    for i in order:
        placed[i] = max(placed[i], floor)
        floor = placed[i] + gap
    return placed


def trend_figure(data: TrendData, width: float = 8.5, height: float = 5.6) -> Figure:
    fig = new_figure(width, height)
    ax = fig.add_subplot()
    xs = list(range(len(data.periods)))
    top = len(data.level_names)
    ax.set_ylim(0.8, top + 0.2)
    ax.set_yticks(range(1, top + 1))
    ax.set_yticklabels(data.level_names, fontsize=9)
    ax.set_xticks(xs)
    ax.set_xticklabels(data.periods, fontsize=9)
    ax.set_xlim(-0.3, max(len(xs) - 1, 1) + 1.3)
    ax.grid(axis="y", color="#DDDDDD")
    ax.axhline(data.standard_rank, color=STANDARD, linestyle=(0, (6, 3)), linewidth=1.2)
    ax.text(
        -0.25,
        data.standard_rank + 0.04,
        f"Standard: {data.level_names[data.standard_rank - 1]}",
        fontsize=8,
        color=STANDARD,
        va="bottom",
    )
    ax.set_ylabel("Mean agreed level over the dimensions assessed", fontsize=9)
    palette = colormaps["tab10"]
    highlight = data.highlight_id
    crowded = len(data.series) > MAX_LABELLED_LINES
    ends: list[tuple[float, str]] = []
    styles: list[tuple[str, float]] = []
    for i, s in enumerate(data.series):
        ys = [math.nan if v is None else v for v in s.values]
        dashes: str | tuple[int, tuple[int, int]] = "-"
        if highlight is None and crowded:
            colour, width_, alpha, z = OTHER, 1.0, 0.8, 1
        elif highlight is None:  # ten colours, then the same ten dashed
            colour, width_, alpha, z = to_hex(palette(i % 10)), 1.6, 0.95, 2
            dashes = "-" if i < 10 else (0, (4, 2))
        elif s.partnership_id == highlight:
            colour, width_, alpha, z = NOW, 3.0, 1.0, 4
        else:
            colour, width_, alpha, z = OTHER, 1.0, 0.8, 1
        ax.plot(
            xs,
            ys,
            color=colour,
            linestyle=dashes,
            linewidth=width_,
            alpha=alpha,
            marker="o",
            markersize=4,
            zorder=z,
        )
        last = next(
            ((x, v) for x, v in reversed(list(zip(xs, ys, strict=True))) if not math.isnan(v)), None
        )
        named = s.partnership_id == highlight if highlight is not None else not crowded
        if last is not None and named:
            ends.append((last[1], s.name))
            styles.append((_darker(colour), last[0]))
    means = [math.nan if v is None else v for v in data.area_mean]
    ax.plot(
        xs, means, color=MEAN, linewidth=2.6, linestyle="--", marker="D", markersize=5, zorder=3
    )
    mean_end = next((v for v in reversed(means) if not math.isnan(v)), None)
    if mean_end is not None:
        ends.append((mean_end, "Area mean"))
        styles.append((MEAN, xs[-1]))
    fontsize = 8 if len(ends) > 8 else 9
    gap = (top - 0.6) * fontsize * 1.3 / (height * 72 * 0.78)
    placed = _spread_labels(ends, gap, 0.85, top + 0.15)
    for (value, name), y, (colour, x) in zip(ends, placed, styles, strict=True):
        ax.annotate(
            name,
            xy=(x, value),
            xytext=(xs[-1] + 0.12, y),
            fontsize=fontsize,
            color=colour,
            va="center",
            fontweight="bold" if name == "Area mean" or highlight is not None else "normal",
            arrowprops={"arrowstyle": "-", "color": colour, "alpha": 0.5, "linewidth": 0.6},
        )
    plain_axes(ax, grid=None)
    title = data.title
    if crowded and highlight is None:
        title += f"\n{len(data.series)} partnerships: choose one to see it named"
    heading(fig, title)
    return fig


def _darker(colour: str, factor: float = 0.72) -> str:
    """A darker shade, so a line's label reads well on white."""
    r, g, b = to_rgb(colour)
    return str(to_hex((r * factor, g * factor, b * factor)))
