"""The one save (PNG, SVG, PDF, each read back) and its naming rule; the one figure factory."""

from __future__ import annotations

import ast
import itertools
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from matplotlib.figure import Figure

import lcpdesk.charts
from lcpdesk.charts import maturity, style
from lcpdesk.charts.resources import sector_chart
from lcpdesk.charts.save import figure_bytes, save_figure, target_path
from lcpdesk.domain import resources as res
from lcpdesk.errors import InputError

CHARTS = Path(lcpdesk.charts.__file__).parent


def labelled_figure() -> Figure:
    fig = style.new_figure(4, 3)
    ax = fig.add_subplot()
    ax.plot([1, 2, 3], [2, 1, 3], label="Falls per month")
    style.heading(fig, "Armley falls")
    style.legend_below(fig)
    return fig


def test_png_is_a_picture_at_one_and_a_half_times_the_layout(tmp_path: Path) -> None:
    path = save_figure(labelled_figure(), tmp_path / "chart.png")
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    assert (width, height) == (600, 450)  # 4 × 3 inches at 150 dots per inch


def test_svg_is_xml_with_the_chart_text(tmp_path: Path) -> None:
    path = save_figure(labelled_figure(), tmp_path / "Chart.SVG")
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    text = path.read_text(encoding="utf-8")
    assert "Armley falls" in text and "Falls per month" in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_pdf_keeps_its_text_searchable(tmp_path: Path) -> None:
    path = save_figure(labelled_figure(), tmp_path / "chart.pdf")
    assert path.read_bytes().startswith(b"%PDF")
    found = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert "Armley falls" in found and "Falls per month" in found


def test_bytes_for_a_report_in_each_format() -> None:
    fig = sector_chart(
        res.totals_by([], "sector"), "funding", "Funding by sector, 2024/25"
    )  # nothing allocated: still a figure that says so
    assert figure_bytes(fig, "pdf").startswith(b"%PDF")
    assert figure_bytes(fig, "png").startswith(b"\x89PNG")
    assert b"<svg" in figure_bytes(fig, "svg")[:600]


@pytest.mark.parametrize(
    ("name", "chosen", "expected", "kind"),
    [
        ("chart.png", None, "chart.png", "png"),
        ("chart.PDF", "svg", "chart.PDF", "pdf"),  # the name's extension wins
        ("chart", "svg", "chart.svg", "svg"),  # none: the dialog's filter decides
        ("Armley v1.2", "pdf", "Armley v1.2.pdf", "pdf"),
        ("chart.jpg", "png", "chart.jpg.png", "png"),  # unknown: the name says what it is
    ],
)
def test_the_naming_rule(name: str, chosen: str | None, expected: str, kind: str) -> None:
    path, got = target_path(Path("out") / name, chosen)
    assert (path.name, got) == (expected, kind)


def test_without_a_chosen_format_an_unknown_name_is_refused(tmp_path: Path) -> None:
    for name in ("chart", "chart.jpg"):
        with pytest.raises(InputError, match=r"\.png, \.svg, \.pdf") as refused:
            save_figure(labelled_figure(), tmp_path / name)
        assert ".svg or .pdf" in refused.value.hint
    assert not list(tmp_path.iterdir())


def test_a_failed_save_says_so_and_leaves_no_file(tmp_path: Path) -> None:
    folder = tmp_path / "gone"
    with pytest.raises(InputError, match="could not be saved"):
        save_figure(labelled_figure(), folder / "chart.pdf")
    assert not folder.exists()


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }


def test_every_chart_module_is_pure_and_makes_figures_in_one_place() -> None:
    """No pyplot, Qt or backends; only the style module constructs a ``Figure`` and only the
    save module calls ``savefig``."""
    for path in CHARTS.glob("*.py"):
        imported = _imports(path)
        assert not any("pyplot" in m or "PySide6" in m or "backend" in m for m in imported), (
            path.name
        )
        source = path.read_text(encoding="utf-8")
        if path.name != "style.py":
            assert "Figure(" not in source, f"{path.name} builds its own figure"
        if path.name != "save.py":
            assert ".savefig(" not in source, f"{path.name} saves figures itself"


def test_the_house_style_reads_in_greyscale() -> None:
    """Heat-map levels get darker step by step, so they are told apart without colour."""

    def grey(rgb: tuple[float, float, float]) -> float:
        return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]

    greys = [grey(c) for c in maturity.level_colours(4)]
    assert all(a - b > 0.1 for a, b in itertools.pairwise(greys))
    fig = labelled_figure()
    assert fig.get_suptitle() == "Armley falls"
    assert fig._suptitle is not None and fig._suptitle.get_color() == style.NHS_DARK_BLUE
