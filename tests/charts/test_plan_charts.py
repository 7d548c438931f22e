"""The measure and sector charts, as figures (no Qt): what is drawn where, and saving them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path

import pytest
from matplotlib.collections import PathCollection

from lcpdesk.charts.goals import RUN, XMR, default_kind, measure_chart
from lcpdesk.charts.resources import sector_chart
from lcpdesk.charts.save import save_figure
from lcpdesk.charts.style import COMMON, CONCERN, IMPROVEMENT
from lcpdesk.domain import resources as res
from lcpdesk.domain.allocation_periods import add_months
from lcpdesk.domain.goals import Measure, Reading
from lcpdesk.domain.resources import Allocation
from lcpdesk.errors import UserFacingError


def monthly(values: list[float], baseline: str = "12", target: str = "8") -> Measure:
    first = dt.date(2023, 1, 1)
    readings = tuple(Reading(add_months(first, k), D(str(v))) for k, v in enumerate(values))
    return Measure(1, 1, "Falls", "per month", D(baseline), D(target), readings)


# The same fifteen readings as tests/domain/test_spc.py: one point above the upper limit.
READINGS = [10, 12, 11, 13, 12, 30, 11, 12, 10, 11, 13, 12, 11, 12, 10]


def hlines(ax: object) -> dict[float, str]:
    """Horizontal reference lines of an axes: y -> line style."""
    found = {}
    for line in ax.get_lines():  # type: ignore[attr-defined]
        ys = list(line.get_ydata())
        if len(ys) == 2 and ys[0] == ys[1] and len(set(line.get_xdata())) == 2:
            found[round(float(ys[0]), 4)] = line.get_linestyle()
    return found


def texts(fig: object) -> str:
    parts = [t.get_text() for t in fig.texts]  # type: ignore[attr-defined]
    for ax in fig.axes:  # type: ignore[attr-defined]
        parts += [t.get_text() for t in ax.texts] + [ax.get_title(loc="left")]
    return "\n".join(parts)


def test_run_chart_below_fifteen_readings_with_median_and_target() -> None:
    measure = monthly([10, 12, 11, 14, 9])
    assert default_kind(measure) == RUN
    fig = measure_chart(measure)
    (ax,) = fig.axes
    lines = hlines(ax)
    assert lines[11.0] == "--"  # the median of 9 10 11 12 14
    assert lines[8.0] == "-."  # the target
    shown = texts(fig)
    assert "Median 11" in shown and "Target 8" in shown
    assert "Run chart, 5 readings (an XmR chart from 6)" in shown


def test_xmr_chart_from_fifteen_readings_marks_special_cause() -> None:
    measure = monthly(READINGS, baseline="12", target="8")  # lower is better
    assert default_kind(measure) == XMR
    fig = measure_chart(measure)
    ax, mr_ax = fig.axes
    lines = hlines(ax)
    assert lines[round(190 / 15, 4)] == "-"  # mean
    assert lines[22.9267] == "--" and lines[2.4067] == "--"  # process limits
    assert round(3.267 * 54 / 14, 4) in hlines(mr_ax)
    (points,) = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(points.get_offsets()) == 1  # only the 30
    # Higher is worse for this measure: the high point is a concern (orange), not improvement.
    assert tuple(points.get_facecolor()[0][:3]) == pytest.approx(_rgb(CONCERN))
    shown = texts(fig)
    assert "Upper limit 22.93" in shown and "Lower limit 2.41" in shown
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "Special cause: concern" in legend and "Common cause" in legend
    assert "Special cause: improvement" not in legend
    readings = [line for line in ax.get_lines() if len(line.get_xdata()) == 15]
    assert readings and readings[0].get_color() == COMMON


def test_improvement_points_are_blue_when_higher_is_better() -> None:
    measure = monthly(READINGS, baseline="8", target="20")
    fig = measure_chart(measure, XMR)
    (points,) = [c for c in fig.axes[0].collections if isinstance(c, PathCollection)]
    assert tuple(points.get_facecolor()[0][:3]) == pytest.approx(_rgb(IMPROVEMENT))


def test_xmr_asked_for_with_too_few_readings_falls_back_to_a_run_chart() -> None:
    fig = measure_chart(monthly(READINGS[:5]), XMR)
    assert len(fig.axes) == 1
    assert "Run chart, 5 readings (an XmR chart from 6)" in texts(fig)


def test_an_xmr_chart_from_fewer_than_twelve_readings_says_its_limits_are_trial() -> None:
    fig = measure_chart(monthly(READINGS[:8]), XMR)
    assert len(fig.axes) == 2
    shown = texts(fig)
    assert "Trial limits: fewer than 12 readings" in shown
    assert "2.66" not in shown and "×" not in shown  # plain words, no formula


def test_a_measure_without_readings_says_so() -> None:
    fig = measure_chart(monthly([]))
    assert "No readings yet" in texts(fig)


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    return tuple(int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def alloc(kind: str, amount: int, status: str, sector: str) -> Allocation:
    return Allocation(
        1, 1, "P", sector, 1, "Armley", None, "", "", kind, amount,
        dt.date(2024, 4, 1), dt.date(2025, 3, 31), status,
    )  # fmt: skip


def test_sector_chart_stacks_statuses_per_kind() -> None:
    allocs = [
        alloc("funding", 5_000_000, "actual", "statutory"),
        alloc("funding", 2_000_000, "planned", "statutory"),
        alloc("funding", 1_200_000, "committed", "voluntary and community"),
        alloc("staff_wte", 300, "actual", "independent"),  # WTE: never added to £
    ]
    fig = sector_chart(res.totals_by(allocs, "sector"), "funding")
    (ax,) = fig.axes
    names = sorted(
        ((t.xy[1], t.get_text()) for t in ax.texts if not t.get_text().startswith("£")),
        reverse=True,
    )
    # Sectors in their fixed order from the top; one with only staff time shows £0 funding.
    assert [label for _y, label in names] == ["Statutory", "Voluntary and community", "Independent"]
    ends = sorted(round(p.get_x() + p.get_width()) for p in ax.patches if p.get_width())
    assert ends[-1] == 70_000  # statutory: £50,000 actual + £20,000 planned
    values = [t.get_text() for t in ax.texts if t.get_text().startswith("£")]
    assert values == ["£70,000", "£12,000", "£0"]
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["Actual", "Committed", "Planned"]
    hatches = {p.get_hatch() for p in ax.patches}
    assert {"//", ".."} <= hatches  # statuses differ by pattern as well as colour


def test_sector_chart_with_nothing_of_that_kind() -> None:
    fig = sector_chart(res.totals_by([alloc("funding", 1, "actual", "other")], "sector"), "estates")
    assert "No estates allocated" in texts(fig)


def test_save_png_and_svg(tmp_path: Path) -> None:
    fig = measure_chart(monthly(READINGS))
    png = save_figure(fig, tmp_path / "chart.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = save_figure(fig, tmp_path / "chart.svg")
    assert b"<svg" in svg.read_bytes()[:500]
    assert save_figure(fig, tmp_path / "chart", "png").suffix == ".png"
    with pytest.raises(UserFacingError, match="ends in none of them"):
        save_figure(fig, tmp_path / "chart")  # no extension and no format chosen: refused
    with pytest.raises(UserFacingError, match="could not be saved"):
        save_figure(fig, tmp_path / "no-such-folder" / "chart.png")
