"""Finding out what kind a file is, and opening it as a table of the columns that kind needs."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from lcpdesk.errors import InputError, Location
from lcpdesk.io.columns import (
    Table,
    find_header_row,
    header_error,
    match_header,
)
from lcpdesk.io.dates import EXAMPLES, DateFormatError, parse_date_series
from lcpdesk.io.kinds import (
    _PATTERNS,
    _YYYYMMDD,
    FIELDS,
    KINDS,
    IsCancelled,
    Progress,
)
from lcpdesk.io.sources import (
    CSV,
    LARGE_CSV_BYTES,
    WORKBOOK,
    Rows,
    csv_header_rows,
    load_csv,
    never_back,
    peek_rows,
    read_sheet,
    sheet_names,
    sniff,
    table_from_csv,
    table_from_csv_file,
    table_from_rows,
)

# --- finding out what a file is -------------------------------------------------------------


def _looks_like_epraccur(row: Sequence[object]) -> bool:
    cells = [str(cell).strip() for cell in row]
    return (
        len(cells) >= 26
        and re.fullmatch(r"[A-Za-z][0-9]{5}", cells[0]) is not None
        and _YYYYMMDD.fullmatch(cells[10]) is not None
    )


def _kind_of_rows(rows: Rows) -> str | None:
    """The kind of file whose first rows these are, or None."""
    first = next((row for row in rows.rows if any(str(cell).strip() for cell in row)), None)
    if first is not None and _looks_like_epraccur(first):
        return "epraccur"
    for index, row in enumerate(rows.rows):
        found = [kind for kind, fields in FIELDS.items() if not match_header(row, fields).missing]
        if {"membership_definitions", "footprint_definitions"} <= set(found):
            raise InputError(
                "this could be footprint definitions or membership definitions: it has both an "
                "LSOA column and a practice column",
                where=Location(file=rows.file, sheet=rows.sheet, line=index + 1),
                hint="Keep footprints (LSOA code, partnership) and membership (practice code, "
                "partnership) on separate sheets or files.",
            )
        if found:
            return found[0]
    return None


def _accepted() -> str:
    return "; ".join(KINDS.values())


def detect_kind(path: Path | str, *, sheet: str | int | None = None) -> str:
    """What kind of file this is, from its content: one of :data:`KINDS`.

    For a workbook, the given sheet, else the first sheet whose header is recognised.
    """
    path = Path(path)
    first = peek_rows(path, sheet=sheet, pattern=tuple(_PATTERNS.values()))
    kind = _kind_of_rows(first)
    if kind is None and sheet is None and sniff(path) == WORKBOOK:
        for name in sheet_names(path)[1:]:
            kind = _kind_of_rows(peek_rows(path, sheet=name))
            if kind is not None:
                break
    if kind is not None:
        return kind
    raise InputError(
        "this is not a file lcpdesk can import"
        + (f": columns found: {_found(first)}" if _found(first) else ": it is empty"),
        where=Location(file=first.file, sheet=first.sheet),
        hint=f"Files accepted: {_accepted()}.",
    )


def _found(rows: Rows) -> str:
    for row in rows.rows:
        cells = [str(cell).strip() for cell in row if str(cell).strip()]
        if cells:
            return ", ".join(f"'{cell}'" for cell in cells[:20])
    return ""


def _not_this_kind(rows: Rows, kind: str) -> InputError:
    where = Location(file=rows.file, sheet=rows.sheet)
    if not _found(rows):
        return InputError(
            "the file is empty", where=where, hint=f"Choose {KINDS[kind]} that has data in it."
        )
    other = _kind_of_rows(rows)
    if other is not None and other != kind:
        return InputError(
            f"this looks like {KINDS[other]}, not {KINDS[kind]}",
            where=where,
            hint=f"Choose {KINDS[kind]}, or import this file as {KINDS[other].split(' (')[0]}.",
        )
    if kind == "epraccur":
        return InputError(
            f"this does not look like {KINDS[kind]}: that file has no header and 27 columns, "
            "starting with the practice code and name",
            where=Location(file=rows.file, sheet=rows.sheet, line=1),
            hint=f"Columns found: {_found(rows)}. Choose epraccur.csv as downloaded from ODS.",
        )
    fields = FIELDS[kind]
    best = max(
        range(len(rows.rows)),
        key=lambda i: (len(match_header(rows.rows[i], fields).positions), -i),
    )
    matched = match_header(rows.rows[best], fields)
    return header_error(
        rows.rows[best],
        matched,
        Location(file=rows.file, sheet=rows.sheet, line=best + 1),
        KINDS[kind].split(" (")[0].removeprefix("a ").removeprefix("an "),
    )


# --- reading a table --------------------------------------------------------------------------


# Columns whose values are only used as numbers: "05" may read as "5".
_NUMBERS = ("patients",)


def _open_table(
    path: Path | str,
    kind: str,
    *,
    sheet: str | int | None = None,
    unread: Sequence[str] = (),
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> Table:
    """The file's table; ``unread`` names columns recognised in the header but not read."""
    path = Path(path)
    fields = FIELDS[kind]
    if sniff(path) == WORKBOOK:
        rows = read_sheet(path, sheet)
        index = find_header_row(rows.rows, fields)
        if index is None and sheet is None:
            for name in sheet_names(path)[1:]:
                other = read_sheet(path, name)
                index = find_header_row(other.rows, fields)
                if index is not None:
                    rows = other
                    break
        if index is None:
            raise _not_this_kind(Rows(rows.file, rows.sheet, rows.rows[:20]), kind)
        table = table_from_rows(rows, index, _positions(rows, index, kind, unread))
    else:
        if progress is not None:
            progress = never_back(progress)  # a large file may be read twice (see below)
        from_disk = _from_disk(path, kind, unread, progress, cancelled)
        if from_disk is not None:
            return from_disk
        data = load_csv(path, pattern=_PATTERNS.get(kind), progress=progress, cancelled=cancelled)
        head = csv_header_rows(data)
        index = find_header_row(head.rows, fields)
        if index is None:
            raise _not_this_kind(head, kind)
        table = table_from_csv(
            data,
            head.rows[index],
            index,
            _positions(head, index, kind, unread),
            numbers=_NUMBERS,
            progress=progress,
            cancelled=cancelled,
        )
    if not len(table.frame):
        raise table.error(
            "there are no rows of data under the header",
            hint=f"Choose {KINDS[kind]} that has data in it.",
        )
    return table


def _from_disk(
    path: Path,
    kind: str,
    unread: Sequence[str],
    progress: Progress | None,
    cancelled: IsCancelled | None,
) -> Table | None:
    """A large plain CSV file read in pieces straight from disk, or None: then it is read whole
    (any other file, or one whose header or content needs the careful path and its messages).
    """
    if sniff(path) != CSV or path.stat().st_size < LARGE_CSV_BYTES:
        return None
    head = peek_rows(path)
    index = find_header_row(head.rows, FIELDS[kind])
    if index is None:
        return None
    try:
        positions = _positions(head, index, kind, unread)
    except InputError:
        return None
    table = table_from_csv_file(
        path,
        head.rows[index],
        index,
        positions,
        numbers=_NUMBERS,
        progress=progress,
        cancelled=cancelled,
    )
    if table is None or not len(table.frame):
        return None
    return table


def _positions(rows: Rows, index: int, kind: str, unread: Sequence[str]) -> dict[str, int]:
    """Where each field to read is in the header row; an :class:`InputError` if one is missing."""
    matched = match_header(rows.rows[index], FIELDS[kind])
    if not matched.ok:
        raise header_error(rows.rows[index], matched, _line(rows, index), "file")
    return {key: i for key, i in matched.positions.items() if key not in unread}


def _line(rows: Rows, index: int) -> Location:
    return Location(file=rows.file, sheet=rows.sheet, line=index + 1)


def _dates(table: Table, key: str, *, allow_blank: bool = False) -> pd.Series:
    if not table.has(key):
        return pd.Series([None] * len(table.frame), index=table.frame.index, dtype=object)
    try:
        return parse_date_series(table.frame[key], allow_blank=allow_blank)
    except DateFormatError as exc:
        raise _date_error(table, key, exc) from None


def _date_error(table: Table, key: str, exc: DateFormatError) -> InputError:
    shown = f"'{exc.value}'" if str(exc.value).strip() else "a blank cell"
    return table.error(
        f"{shown} is not a date",
        row=exc.position,
        key=key,
        hint=f"Write the date like {EXAMPLES}.",
    )


def _sorted_dates(values: pd.Series) -> tuple[dt.date, ...]:
    return tuple(sorted({value for value in values.unique() if value is not None}))


def _done(progress: Progress | None) -> None:
    if progress is not None:
        progress(1.0)
