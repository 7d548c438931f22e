"""The one way a chart is written out: PNG (a picture), SVG or PDF (drawings that stay sharp
at any size, for reports). Used by the window's "Save chart…", the CLI and the reports.

The rule for the file's name, in one place (:func:`target_path`):

* a name ending in ``.png``, ``.svg`` or ``.pdf`` (any case) decides the format;
* any other name (no extension, or one such as ``.jpg`` or ``v1.2``) takes the format the
  caller chose, usually from the save dialog's file-type filter, and gains its extension:
  ``chart`` saved as SVG becomes ``chart.svg``, ``chart.jpg`` saved as PNG ``chart.jpg.png``,
  so the name always says what the file is;
* with no format chosen (the CLI, a report asking for a name) such a name is refused with a
  message saying which extensions are accepted. Nothing is guessed.

This module imports no matplotlib of its own, so the window can use the rule before any chart
has been drawn.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from lcpdesk.errors import InputError, Location

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# format -> what the user is told it is
FORMATS = {
    "png": "PNG image",
    "svg": "SVG drawing",
    "pdf": "PDF document",
}
PNG_DPI = 150  # pictures at one and a half times the layout resolution: sharp when printed


def format_of(path: Path) -> str | None:
    """The format a name asks for by its extension, or None."""
    kind = path.suffix.casefold().lstrip(".")
    return kind if kind in FORMATS else None


def target_path(path: Path, chosen: str | None = None) -> tuple[Path, str]:
    """Where to write and in which format (see the module's rule)."""
    kind = format_of(path)
    if kind is not None:
        return path, kind
    if chosen is not None:
        chosen = chosen.casefold().lstrip(".")
        if chosen not in FORMATS:
            raise ValueError(f"not a chart format: {chosen!r}")
        return path.with_name(f"{path.name}.{chosen}"), chosen
    accepted = ", ".join(f".{k}" for k in FORMATS)
    raise InputError(
        f"a chart can be saved as {accepted}, and '{path.name}' ends in none of them",
        where=Location(file=str(path)),
        hint="End the name in .png (a picture), .svg or .pdf (drawings that stay sharp in "
        "documents and reports).",
    )


def write_figure(figure: Figure, out: BinaryIO, kind: str) -> None:
    """Write ``figure`` to an open binary file in ``kind`` (png, svg or pdf)."""
    if kind not in FORMATS:
        raise ValueError(f"not a chart format: {kind!r}")
    figure.savefig(out, format=kind, dpi=PNG_DPI, facecolor="white")


def figure_bytes(figure: Figure, kind: str) -> bytes:
    """The figure as PNG, SVG or PDF bytes (for a report to embed)."""
    buffer = io.BytesIO()
    write_figure(figure, buffer, kind)
    return buffer.getvalue()


def save_figure(figure: Figure, path: Path, chosen: str | None = None) -> Path:
    """Write ``figure`` to ``path`` (named by :func:`target_path`) and return where it went."""
    path, kind = target_path(path, chosen)
    data = figure_bytes(figure, kind)  # drawn first: a failed drawing leaves no half file
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InputError(
            f"the chart could not be saved ({exc.strerror or exc})",
            where=Location(file=str(path)),
            hint="Choose a folder you can write to, and close the file if another program has "
            "it open.",
        ) from exc
    return path
