"""What every chart shares: a new figure (no pyplot, so no global state and any thread), the
colours, and saving as PNG or SVG."""

from __future__ import annotations

from pathlib import Path

from matplotlib.figure import Figure

from lcpdesk.errors import UserFacingError

# Making Data Count's palette: grey for common cause, orange for concern, blue for improvement.
COMMON = "#7b7d7d"
CONCERN = "#e5a41a"
IMPROVEMENT = "#289de0"
SPECIAL = "#7b4ea3"  # special cause where no direction of improvement is known
TARGET = "#de1b1b"
INK = "#231f20"
# Allocation statuses, darkest for what has happened; hatching tells them apart without colour.
STATUS_STYLE = {
    "actual": ("#005eb8", ""),
    "committed": ("#41b6e6", "//"),
    "planned": ("#c8e6f7", ".."),
}
FORMATS = {".png": "png", ".svg": "svg"}


def new_figure(width: float = 7.0, height: float = 3.8) -> Figure:
    """A white figure sized in inches; text in points, so it reads the same at any scale."""
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    fig.patch.set_facecolor("white")
    return fig


def save_figure(figure: Figure, path: Path) -> Path:
    """Write ``figure`` as PNG or SVG (by the file's suffix; PNG when it has none)."""
    if path.suffix.lower() not in FORMATS:
        path = path.with_suffix(".png")
    try:
        figure.savefig(path, format=FORMATS[path.suffix.lower()], dpi=150, facecolor="white")
    except OSError as exc:
        raise UserFacingError(
            f"The chart could not be saved to {path}: {exc.strerror or exc}.",
            hint="Choose a folder you can write to, and close the file if another program "
            "has it open.",
        ) from exc
    return path
