"""A measure's readings over time, as Making Data Count draws them.

* :func:`run_chart`: the readings joined in time order, their median, and the target.
* :func:`xmr_chart`: the individuals chart (mean, process limits, special-cause points coloured
  and shaped as improvement or concern) above its moving-range chart, each segment of
  recalculated limits drawn apart; from :data:`lcpdesk.domain.spc.MIN_XMR_POINTS` readings,
  with trial limits said to be so below :data:`lcpdesk.domain.spc.TRIAL_BELOW`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure

from lcpdesk.charts.style import (
    COMMON,
    CONCERN,
    IMPROVEMENT,
    INK,
    SMALL_SIZE,
    SPECIAL,
    TARGET,
    heading,
    legend_below,
    message_figure,
    new_figure,
    plain_axes,
    subtitle,
)
from lcpdesk.domain import spc
from lcpdesk.domain.goals import Measure

Dates = np.ndarray[Any, np.dtype[np.datetime64]]
RUN = "run"
XMR = "xmr"
# How each kind of point is drawn: colour, marker, legend text.
POINT_STYLE = {
    spc.IMPROVEMENT: (IMPROVEMENT, "o", "Special cause: improvement"),
    spc.CONCERN: (CONCERN, "D", "Special cause: concern"),
    spc.NEITHER: (SPECIAL, "s", "Special cause"),
}


def default_kind(measure: Measure) -> str:
    """XmR once there are enough readings to make one honest, else a run chart."""
    return XMR if len(measure.readings) >= spc.MIN_XMR_POINTS else RUN


def measure_chart(measure: Measure, kind: str | None = None) -> Figure:
    kind = kind or default_kind(measure)
    return xmr_chart(measure) if kind == XMR else run_chart(measure)


def _series(measure: Measure) -> tuple[Dates, list[float]]:
    ordered = sorted(measure.readings, key=lambda r: r.when)
    dates = np.array([r.when for r in ordered], dtype="datetime64[D]")
    return dates, [float(r.value) for r in ordered]


def _dates(ax: Axes) -> None:
    locator = AutoDateLocator(minticks=3, maxticks=6)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]


def _style(ax: Axes, unit: str) -> None:
    plain_axes(ax)
    if unit:
        ax.set_ylabel(unit)


def _label_lines(ax: Axes, labels: Sequence[tuple[float, str, str]]) -> None:
    """Each line's value at its right-hand end, so it is read, not guessed; labels of lines
    close together are moved apart so they never overprint."""
    low, high = ax.get_ylim()
    gap = (high - low) * 0.075
    placed: list[float] = []
    for y, _text, _colour in sorted(labels):
        placed.append(max(y, placed[-1] + gap) if placed else y)
    overflow = placed[-1] - high if placed else 0.0
    if overflow > 0:  # pushed off the top: shift the stack down, keeping the gaps
        placed = [p - overflow for p in placed]
    for (y, text, colour), at in zip(sorted(labels), placed, strict=True):
        ax.annotate(
            f" {text}",
            xy=(1.0, y),
            xycoords=("axes fraction", "data"),
            xytext=(1.0, at),
            textcoords=("axes fraction", "data"),
            va="center",
            ha="left",
            fontsize=SMALL_SIZE,
            color=colour,
        )


def _heading(fig: Figure, measure: Measure, what: str) -> None:
    heading(fig, textwrap.shorten(measure.name, 100, placeholder="…"), size=11)
    if what:
        subtitle(fig.axes[0], what)


def _legend(fig: Figure) -> None:
    legend_below(fig, ncols=3)


def _fmt(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _target(ax: Axes, measure: Measure, labels: list[tuple[float, str, str]]) -> None:
    if measure.target is not None:
        target = float(measure.target)
        ax.axhline(target, color=TARGET, linestyle="-.", linewidth=1.2, label="Target")
        labels.append((target, f"Target {_fmt(target)}", TARGET))


def empty_chart(measure: Measure | None, message: str) -> Figure:
    name = "" if measure is None else textwrap.shorten(measure.name, 100, placeholder="…")
    return message_figure(message, name)


def run_chart(measure: Measure) -> Figure:
    dates, values = _series(measure)
    if not values:
        return empty_chart(measure, "No readings yet: add readings to see the run chart.")
    fig = new_figure()
    ax = fig.add_subplot()
    ax.plot(dates, values, color=COMMON, marker="o", markersize=5, linewidth=1.5, label="Reading")
    rules = spc.run_chart_signals(values)
    ax.axhline(rules.median, color=INK, linestyle="--", linewidth=1.2, label="Median")
    labels = [(rules.median, f"Median {_fmt(rules.median)}", INK)]
    _target(ax, measure, labels)
    if rules.signals:
        _special_points(ax, dates, values, rules.signals, measure.improvement)
    more = spc.MIN_XMR_POINTS - len(values)
    note = f" (an XmR chart from {spc.MIN_XMR_POINTS})" if more > 0 else ""
    what = f"Run chart, {len(values)} readings{note}"
    if rules.signals:
        what += (
            f". Marked: {spc.RUN_SHIFT} or more in a row on one side of the median, or "
            f"{spc.RUN_TREND} or more in a row each rising or each falling"
        )
    if rules.runs_note:
        what += f"; {rules.runs_note}"
    _heading(fig, measure, what + ("." if rules.signals or rules.runs_note else ""))
    _style(ax, measure.unit)
    _dates(ax)
    _label_lines(ax, labels)
    _legend(fig)
    return fig


def xmr_chart(measure: Measure) -> Figure:
    dates, values = _series(measure)
    if len(values) < spc.MIN_XMR_POINTS:
        return run_chart(measure)
    target = float(measure.target) if measure.target is not None else None
    return xmr_figure(
        measure.name,
        measure.unit,
        dates,
        spc.xmr(values),
        target=target,
        improvement=measure.improvement,
    )


def xmr_words(chart: spc.XmR) -> str:
    """What the chart shows, in plain words (no formulas)."""
    n = len(chart.values)
    words = (
        f"XmR chart, {n} readings. Special cause: a reading outside the dashed process limits, "
        f"two of three close to a limit, {spc.SHIFT_RUN} or more in a row on one side of the "
        f"mean, or {spc.TREND_RUN} or more in a row each rising or each falling."
    )
    if chart.trial:
        words += f" Trial limits: fewer than {spc.TRIAL_BELOW} readings, so read them with care."
    notes = [s.note for s in chart.segments[1:] if s.note]
    if len(chart.segments) > 1:
        words += " Limits recalculated" + (f": {'; '.join(notes)}." if notes else ".")
    return words


def xmr_figure(
    name: str,
    unit: str,
    dates: Dates,
    chart: spc.XmR,
    *,
    target: float | None,
    improvement: str | None,
) -> Figure:
    """An XmR chart of ``chart`` (its values at ``dates``), each segment with its own mean and
    process limits."""
    values = list(chart.values)
    fig = new_figure(7.0, 4.8)
    grid = fig.add_gridspec(2, 1, height_ratios=(7, 2))
    ax = fig.add_subplot(grid[0])
    mr_ax = fig.add_subplot(grid[1], sharex=ax)
    ax.plot(dates, values, color=COMMON, marker="o", markersize=4, linewidth=1.3, zorder=2)
    last = chart.last
    if len(chart.segments) == 1:
        ax.axhline(last.mean, color=INK, linewidth=1.3, label="Mean")
        for limit, which in ((last.upper, "Upper"), (last.lower, "Lower")):
            ax.axhline(
                limit,
                color=COMMON,
                linestyle="--",
                linewidth=1.1,
                label="Process limits" if which == "Upper" else None,
            )
    else:
        for k, seg in enumerate(chart.segments):
            span = dates[seg.start : seg.end]
            first = k == 0
            ax.plot(
                span,
                [seg.mean] * len(span),
                color=INK,
                linewidth=1.3,
                label="Mean" if first else None,
            )
            for limit in (seg.upper, seg.lower):
                ax.plot(
                    span,
                    [limit] * len(span),
                    color=COMMON,
                    linestyle="--",
                    linewidth=1.1,
                    label="Process limits" if first and limit == seg.upper else None,
                )
            if k:
                ax.axvline(dates[seg.start], color=INK, linestyle=":", linewidth=0.8)
    labels = [
        (last.mean, f"Mean {_fmt(last.mean)}", INK),
        (last.upper, f"Upper limit {_fmt(last.upper)}", COMMON),
        (last.lower, f"Lower limit {_fmt(last.lower)}", COMMON),
    ]
    if target is not None:
        ax.axhline(target, color=TARGET, linestyle="-.", linewidth=1.2, label="Target")
        labels.append((target, f"Target {_fmt(target)}", TARGET))
    _special_points(ax, dates, values, chart.signals, improvement)
    heading(fig, textwrap.shorten(name, 100, placeholder="…"), size=11)
    subtitle(fig.axes[0], xmr_words(chart))
    _style(ax, unit)
    ax.tick_params(labelbottom=False)
    _label_lines(ax, labels)

    mr_ax.plot(dates[1:], chart.moving_ranges, color=COMMON, marker="o", markersize=3)
    mr_ax.axhline(last.mean_moving_range, color=INK, linewidth=1.1)
    mr_ax.axhline(last.mr_upper, color=COMMON, linestyle="--", linewidth=1.0)
    _style(mr_ax, "")
    mr_ax.set_ylabel("moving\nrange", fontsize=8)
    _dates(mr_ax)
    _label_lines(
        mr_ax,
        [
            (last.mean_moving_range, f"Mean {_fmt(last.mean_moving_range)}", INK),
            (last.mr_upper, f"Upper {_fmt(last.mr_upper)}", COMMON),
        ],
    )
    _legend(fig)
    return fig


def _special_points(
    ax: Axes,
    dates: Dates,
    values: Sequence[float],
    signals: Sequence[spc.PointSignal],
    improvement: str | None,
) -> None:
    ax.plot([], [], color=COMMON, marker="o", markersize=4, label="Common cause")
    for kind in (spc.IMPROVEMENT, spc.CONCERN, spc.NEITHER):
        points = [s for s in signals if s.variation(improvement) == kind]
        if not points:
            continue
        colour, marker, text = POINT_STYLE[kind]
        ax.scatter(
            [dates[s.index] for s in points],
            [values[s.index] for s in points],
            color=colour,
            marker=marker,
            s=42,
            edgecolors=INK,
            linewidths=0.6,
            zorder=3,
            label=text,
        )
