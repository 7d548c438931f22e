"""The kinds of file lcpdesk imports, registered in one place.

A kind is one module defining a :class:`~lcpdesk.io.kinds.base.FileKind` named ``KIND``; the
modules below are registered the first time the registry is asked. Another kind is one more
module and one more line in :data:`BUILT_IN` (or :func:`register` at run time, as tests do).
What a file is comes from its content: every kind sniffs its first rows, and the claim on the
earliest row wins, then the surest.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from lcpdesk.errors import InputError, Location
from lcpdesk.io.opening import WORKBOOK, Rows, peek_rows, sniff
from lcpdesk.io.workbooks import sheet_names

if TYPE_CHECKING:
    from lcpdesk.io.kinds.base import Extract, FileKind, FileSummary, IsCancelled, Progress

BUILT_IN = (
    "lcpdesk.io.kinds.practice_list_sizes",
    "lcpdesk.io.kinds.practice_map",
    "lcpdesk.io.kinds.practice_lsoa",
    "lcpdesk.io.kinds.epraccur",
    "lcpdesk.io.kinds.pcn_core_partners",
    "lcpdesk.io.kinds.footprint_definitions",
    "lcpdesk.io.kinds.membership_definitions",
)

_kinds: dict[str, FileKind] = {}
_loaded: list[bool] = []  # [True] once the built-in kinds are registered


def _load() -> dict[str, FileKind]:
    if not _loaded:
        _loaded.append(True)
        for module in BUILT_IN:
            register(importlib.import_module(module).KIND)
    return _kinds


def register(kind: FileKind) -> None:
    """Add a kind (its name must be new)."""
    known = _load()
    if kind.name in known:
        raise ValueError(f"a file kind called {kind.name!r} is already registered")
    known[kind.name] = kind


def unregister(name: str) -> None:
    _load().pop(name, None)


def kinds() -> list[FileKind]:
    """Every kind, in the order they were registered."""
    return list(_load().values())


def get(name: str) -> FileKind:
    return _load()[name]


def accepted() -> str:
    """The kinds in words, for a message."""
    return "; ".join(kind.description for kind in kinds())


def kind_of_rows(rows: Rows) -> FileKind | None:
    """The kind of file whose first rows these are, or None."""
    best: tuple[int, float, int] | None = None
    chosen: FileKind | None = None
    seen = rows
    for order, kind in enumerate(kinds()):
        claim = kind.sniff(seen)
        if claim is None:
            continue
        rank = (claim.row, -claim.confidence, order)
        if best is None or rank < best:
            best, chosen = rank, kind
            # A claim on a later row cannot win: the kinds still to ask see no further.
            seen = Rows(rows.file, rows.sheet, rows.rows[: claim.row + 1])
    return chosen


def detect_kind(path: Path | str, *, sheet: str | int | None = None) -> str:
    """What kind of file this is, from its content: a registered kind's name.

    For a workbook, the given sheet, else the first sheet whose header is recognised.
    """
    path = Path(path)
    patterns = tuple(k.member_pattern for k in kinds() if k.member_pattern)
    first = peek_rows(path, sheet=sheet, pattern=patterns)
    kind = kind_of_rows(first)
    if kind is None and sheet is None and sniff(path) == WORKBOOK:
        for name in sheet_names(path)[1:]:
            kind = kind_of_rows(peek_rows(path, sheet=name))
            if kind is not None:
                break
    if kind is not None:
        return kind.name
    from lcpdesk.io.tables import found_text

    found = found_text(first)
    raise InputError(
        "this is not a file lcpdesk can import"
        + (f": columns found: {found}" if found else ": it is empty"),
        where=Location(file=first.file, sheet=first.sheet),
        hint=f"Files accepted: {accepted()}.",
    )


def read_any(
    path: Path | str,
    *,
    sheet: str | int | None = None,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> Extract:
    """Read a file of any registered kind, found from its content (see :func:`detect_kind`)."""
    kind = get(detect_kind(path, sheet=sheet))
    return kind.read(path, sheet, progress=progress, cancelled=cancelled)


def summary(extract: Extract) -> FileSummary:
    """What the import dialog shows of a file read."""
    from lcpdesk.io.kinds.base import FileSummary

    kind = get(extract.kind)
    parts = kind.set_aside(extract)
    return FileSummary(
        source=extract.source,
        sheet=extract.sheet,
        kind=kind.name,
        description=kind.description,
        rows_read=extract.rows_read,
        extract_dates=extract.extract_dates,
        set_aside="; ".join(parts) if parts else "none",
        needs_area=kind.needs_area,
        needs_date=kind.needs_date,
    )
