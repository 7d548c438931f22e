"""Maturity charts: what each figure draws, without Qt; saving as PNG and SVG (PDF and the
naming rule: tests/charts/test_save.py)."""

from __future__ import annotations

import ast
import math
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from lcpdesk.charts import maturity as charts
from lcpdesk.charts.save import save_figure
from lcpdesk.domain.maturity_views import HeatMapData, HeatRow, RadarData, TrendData, TrendSeries
from lcpdesk.errors import InputError

LEVELS = ("Basics in place", "Developing", "Well developed", "Excellent")


def radar_data(previous: tuple[int | None, ...] | None = (1, 1, 2)) -> RadarData:
    return RadarData(
        title="Armley",
        subtitle="2020/21 Q2 (complete)",
        axes=("Leadership", "Single team", "Structure"),
        level_names=LEVELS,
        standard_rank=3,
        now=(2, None, 3),
        target=(3, 3, 4),
        previous=previous,
        now_label="2020/21 Q2 (now)",
        previous_label="2019/20 Q2 (previous)",
    )


def labelled_lines(fig: Figure) -> dict[str, Line2D]:
    return {
        line.get_label(): line
        for ax in fig.axes
        for line in ax.get_lines()
        if not str(line.get_label()).startswith("_")
    }


def same(values: object, expected: list[float]) -> bool:
    got = [float(v) for v in values]  # type: ignore[attr-defined]
    return len(got) == len(expected) and all(
        (math.isnan(a) and math.isnan(b)) or a == b for a, b in zip(got, expected, strict=True)
    )


def test_radar_draws_now_previous_target_and_the_standard() -> None:
    fig = charts.radar_figure(radar_data())
    lines = labelled_lines(fig)
    assert set(lines) == {
        "Standard: Well developed",
        "2019/20 Q2 (previous)",
        "Target",
        "2020/21 Q2 (now)",
    }
    # Closed polygons; "not assessed" is a gap in the line, not the lowest level.
    assert same(lines["2020/21 Q2 (now)"].get_ydata(), [2, math.nan, 3, 2])
    assert same(lines["Target"].get_ydata(), [3, 3, 4, 3])
    assert same(lines["2019/20 Q2 (previous)"].get_ydata(), [1, 1, 2, 1])
    styles = {
        lines[k].get_linestyle() for k in ("2020/21 Q2 (now)", "Target", "2019/20 Q2 (previous)")
    }
    assert len(styles) == 3  # told apart without colour
    ax = fig.axes[0]
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks == ["Leadership", "Single team\n(not assessed)", "Structure"]
    assert [t.get_text() for t in ax.get_yticklabels()] == list(LEVELS)
    assert fig.get_suptitle() == "Armley"


def test_radar_without_a_previous_assessment() -> None:
    fig = charts.radar_figure(radar_data(previous=None))
    assert "2019/20 Q2 (previous)" not in labelled_lines(fig)


def heat_data() -> HeatMapData:
    return HeatMapData(
        title="Leeds maturity, 2020/21 Q2",
        area="Leeds",
        period="2020/21 Q2",
        framework="Leeds",
        partnership_label="LCP",
        column_keys=("lead", "structure"),
        columns=("Leadership", "Structure"),
        short_columns=("Leadership", "Structure"),
        level_names=LEVELS,
        standard_rank=3,
        rows=(
            HeatRow(1, "Armley", "complete", (1, 4), 10),
            HeatRow(2, "Beeston", "in progress", (3, None), 11),
            HeatRow(3, "Central", "", (None, None), None),
        ),
    )


def test_heat_map_cells_carry_level_names_not_just_colours() -> None:
    fig = charts.heat_map_figure(heat_data())
    ax = fig.axes[0]
    cells = [(t.get_position(), t.get_text()) for t in ax.texts]
    by_place = {(x - 0.5, y - 0.5): text.replace("\n", " ") for (x, y), text in cells}
    assert by_place == {
        (0, 0): "Basics in place",
        (1, 0): "Excellent",
        (0, 1): "Well developed",
        (1, 1): "not assessed",
        (0, 2): "—",
        (1, 2): "—",
    }
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert rows == ["Armley", "Beeston (in progress)", "Central (no assessment)"]
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == [*LEVELS, "Not assessed"]
    # Darker levels get white text, so each cell stays readable.
    colours = {t.get_text(): t.get_color() for t in ax.texts}
    assert colours["Excellent"] == "white" and colours["Basics in\nplace"] == "black"


def test_heat_map_grows_with_its_rows() -> None:
    small = charts.heat_map_size(heat_data())
    data = heat_data()
    many = HeatMapData(**{**data.__dict__, "rows": data.rows * 6})
    assert charts.heat_map_size(many)[1] > small[1]


def trend_data(highlight: int | None = None) -> TrendData:
    return TrendData(
        title="Leeds maturity over time",
        periods=("2019/20 Q2", "2020/21 Q2"),
        level_names=LEVELS,
        standard_rank=3,
        series=(
            TrendSeries(1, "Armley", (1.0, 2.0)),
            TrendSeries(2, "Beeston", (None, 2.5)),
        ),
        area_mean=(1.0, 2.25),
        highlight_id=highlight,
    )


def test_trend_lines_and_labels() -> None:
    fig = charts.trend_figure(trend_data())
    ax = fig.axes[0]
    ys = [list(line.get_ydata()) for line in ax.get_lines()[1:]]  # after the standard line
    assert same(ys[0], [1.0, 2.0])
    assert same(ys[1], [math.nan, 2.5])  # not assessed in the first period: no point
    assert same(ys[2], [1.0, 2.25])  # the area mean
    labels = {t.get_text() for t in ax.texts}
    assert {"Armley", "Beeston", "Area mean", "Standard: Well developed"} <= labels


def test_trend_highlights_one_partnership() -> None:
    fig = charts.trend_figure(trend_data(highlight=2))
    ax = fig.axes[0]
    labels = {t.get_text() for t in ax.texts}
    assert "Beeston" in labels and "Armley" not in labels
    widths = {tuple(line.get_ydata())[-1]: line.get_linewidth() for line in ax.get_lines()[1:3]}
    assert widths[2.5] > widths[2.0]


@pytest.mark.parametrize(("name", "magic"), [("chart.png", b"\x89PNG"), ("chart.SVG", b"<?xml")])
def test_saving_as_png_and_svg(tmp_path: Path, name: str, magic: bytes) -> None:
    path = save_figure(charts.radar_figure(radar_data()), tmp_path / name)
    assert path.read_bytes().startswith(magic)
    if name.endswith("SVG"):
        assert "Armley" in path.read_text(encoding="utf-8")


def test_saving_is_refused_plainly(tmp_path: Path) -> None:
    fig = charts.trend_figure(trend_data())
    with pytest.raises(InputError, match=r"\.png, \.svg, \.pdf, and 'chart\.jpg' ends in none"):
        save_figure(fig, tmp_path / "chart.jpg")
    with pytest.raises(InputError, match="could not be saved"):
        save_figure(fig, tmp_path / "no such folder" / "chart.png")


def test_charts_are_pure() -> None:
    """No pyplot (global state, a GUI backend) and no Qt in the charts module."""
    source = Path(charts.__file__).read_text(encoding="utf-8")
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not any(
        "pyplot" in str(m) or "PySide6" in str(m) or "backend" in str(m) for m in imported
    )


def test_a_crowded_trend_names_only_the_area_mean_until_one_is_highlighted() -> None:
    many = tuple(TrendSeries(i, f"LCP {i}", (1.0 + i / 30, 2.0)) for i in range(25))
    data = TrendData(
        title="City maturity over time",
        periods=("2019/20 Q2", "2020/21 Q2"),
        level_names=LEVELS,
        standard_rank=3,
        series=many,
        area_mean=(1.4, 2.0),
    )
    fig = charts.trend_figure(data)
    labels = {t.get_text() for t in fig.axes[0].texts}
    assert "Area mean" in labels and not any(label.startswith("LCP ") for label in labels)
    assert "choose one to see it named" in fig.get_suptitle()
    picked = charts.trend_figure(TrendData(**{**data.__dict__, "highlight_id": 7}))
    assert "LCP 7" in {t.get_text() for t in picked.axes[0].texts}
