"""The one figure factory and house style every chart module uses.

A figure is a plain :class:`matplotlib.figure.Figure`: no pyplot (no global figure list, no GUI
backend), so it can be built in any thread, shown by the window, saved by the CLI or embedded
in a PDF report. The house style, in the NHS identity's spirit: one font, dark ink on white,
NHS blue for headings and for the series that matters most, and nothing told by colour alone
(line styles, markers, hatching and text carry the meaning in greyscale too).

The font is DejaVu Sans, which ships with matplotlib: the same metrics on every machine, so a
chart laid out on a laptop is laid out the same in the frozen build and in a report.
"""

from __future__ import annotations

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure

FONT = "DejaVu Sans"
# NHS identity colours.
NHS_BLUE = "#005eb8"
NHS_DARK_BLUE = "#003087"
NHS_PALE_GREY = "#e8edee"
INK = "#231f20"
MUTED = "#425563"  # NHS dark grey: notes, subtitles, tick labels of secondary axes
GRID = "#e0e0e0"
# Making Data Count's palette: grey for common cause, orange for concern, blue for improvement.
COMMON = "#7b7d7d"
CONCERN = "#e5a41a"
IMPROVEMENT = "#289de0"
SPECIAL = "#7b4ea3"  # special cause where no direction of improvement is known
TARGET = "#de1b1b"
# Allocation statuses, darkest for what has happened; hatching tells them apart without colour.
STATUS_STYLE = {
    "actual": (NHS_BLUE, ""),
    "committed": ("#41b6e6", "//"),
    "planned": ("#c8e6f7", ".."),
}
# Text sizes in points, so a chart reads the same at any scale.
TITLE_SIZE = 12.0
SUBTITLE_SIZE = 8.5
LABEL_SIZE = 9.0
SMALL_SIZE = 8.0
DPI = 100  # figures are laid out at 100 dots per inch; saving and the screen scale from it

# Process-wide output defaults, the same for every figure (set here once, never per figure,
# so no thread ever sees them change): text in PDF stays text (TrueType, searchable and
# selectable); the font everywhere is the house font.
matplotlib.rcParams["pdf.fonttype"] = 42
matplotlib.rcParams["font.family"] = "sans-serif"
matplotlib.rcParams["font.sans-serif"] = [FONT]


def new_figure(width: float = 7.0, height: float = 3.8) -> Figure:
    """A white figure ``width`` × ``height`` inches with constrained layout."""
    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    fig.patch.set_facecolor("white")
    return fig


def heading(fig: Figure, text: str, *, size: float = TITLE_SIZE) -> None:
    """The figure's title: bold NHS blue, at the left where reading starts."""
    fig.suptitle(
        text, x=0.01, ha="left", fontsize=size, fontweight="bold", color=NHS_DARK_BLUE, wrap=True
    )


def subtitle(ax: Axes, text: str) -> None:
    """A quieter line under the heading, on the first axes."""
    ax.set_title(text, loc="left", fontsize=SUBTITLE_SIZE, color=MUTED, wrap=True)


def plain_axes(ax: Axes, *, grid: str | None = "y") -> None:
    """Light grid behind the data, no box on the top and right."""
    if grid is not None:
        ax.grid(axis=grid, color=GRID, linewidth=0.8)  # type: ignore[arg-type]
        ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def legend_below(fig: Figure, *, ncols: int = 3, **options: object) -> None:
    """The legend under the chart, without a frame."""
    fig.legend(
        loc="outside lower center",
        ncols=ncols,
        fontsize=options.pop("fontsize", SMALL_SIZE),
        frameon=False,
        **options,
    )


def message_figure(text: str, title: str = "", width: float = 7.0, height: float = 3.8) -> Figure:
    """A figure that says why there is nothing to draw (still worth saving or printing)."""
    fig = new_figure(width, height)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.text(0.5, 0.5, text, ha="center", va="center", fontsize=11, color=INK, wrap=True)
    if title:
        heading(fig, title, size=11)
    return fig
