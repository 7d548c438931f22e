"""Opening a file as a table of the columns its kind needs, and the errors that say a file is
not of the kind expected."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from lcpdesk.errors import InputError, Location
from lcpdesk.io import registry
from lcpdesk.io.columns import (
    Field,
    Table,
    find_header_row,
    header_error,
    match_header,
)
from lcpdesk.io.csv_pieces import never_back
from lcpdesk.io.csv_spans import LARGE_CSV_BYTES
from lcpdesk.io.csv_tables import refuse_extra_cells, table_from_csv, table_from_csv_file
from lcpdesk.io.dates import EXAMPLES, DateFormatError, parse_date_series
from lcpdesk.io.opening import CSV, WORKBOOK, Rows, csv_header_rows, load_csv, peek_rows, sniff
from lcpdesk.io.workbooks import read_sheet, sheet_names, table_from_rows

if TYPE_CHECKING:
    from lcpdesk.io.kinds.base import FileKind, IsCancelled, Progress, Sniffed

# --- recognising a header ---------------------------------------------------------------------


def sniff_header(fields: Sequence[Field], confidence: float) -> Callable[[Rows], Sniffed | None]:
    """A kind's ``sniff`` for a file with a header: the first row holding every required field."""
    from lcpdesk.io.kinds.base import Sniffed

    def sniffed(rows: Rows) -> Sniffed | None:
        for index, row in enumerate(rows.rows):
            if not match_header(row, fields).missing:
                return Sniffed(index, confidence)
        return None

    return sniffed


def found_text(rows: Rows) -> str:
    """The first filled row's cells, quoted, for a message."""
    for row in rows.rows:
        cells = [str(cell).strip() for cell in row if str(cell).strip()]
        if cells:
            return ", ".join(f"'{cell}'" for cell in cells[:20])
    return ""


def not_this_kind(rows: Rows, kind: FileKind) -> InputError:
    """Why a file is not of ``kind``: empty, another kind, or the columns it lacks."""
    where = Location(file=rows.file, sheet=rows.sheet)
    if not found_text(rows):
        return InputError(
            "the file is empty", where=where, hint=f"Choose {kind.description} that has data in it."
        )
    other = registry.kind_of_rows(rows)
    if other is not None and other.name != kind.name:
        return InputError(
            f"this looks like {other.description}, not {kind.description}",
            where=where,
            hint=f"Choose {kind.description}, or import this file as "
            f"{other.description.split(' (')[0]}.",
        )
    if kind.mismatch is not None:
        return kind.mismatch(rows)
    fields = kind.fields
    best = max(
        range(len(rows.rows)),
        key=lambda i: (len(match_header(rows.rows[i], fields).positions), -i),
    )
    matched = match_header(rows.rows[best], fields)
    return header_error(
        rows.rows[best],
        matched,
        Location(file=rows.file, sheet=rows.sheet, line=best + 1),
        kind.noun.split(" (")[0],
    )


# --- reading a table --------------------------------------------------------------------------


# Columns whose values are only used as numbers: "05" may read as "5".
_NUMBERS = ("patients",)


def open_table(
    path: Path | str,
    kind: FileKind,
    *,
    sheet: str | int | None = None,
    unread: Sequence[str] = (),
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> Table:
    """The file's table; ``unread`` names columns recognised in the header but not read."""
    path = Path(path)
    fields = kind.fields
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
            raise not_this_kind(Rows(rows.file, rows.sheet, rows.rows[:20]), kind)
        table = table_from_rows(rows, index, _positions(rows, index, kind, unread))
    else:
        if progress is not None:
            progress = never_back(progress)  # a large file may be read twice (see below)
        from_disk = _from_disk(path, kind, unread, progress, cancelled)
        if from_disk is not None:
            return from_disk
        data = load_csv(path, pattern=kind.member_pattern, progress=progress, cancelled=cancelled)
        head = csv_header_rows(data)
        index = find_header_row(head.rows, fields)
        if index is None:
            raise not_this_kind(head, kind)
        table = table_from_csv(
            data,
            head.rows[index],
            index,
            _positions(head, index, kind, unread),
            numbers=_NUMBERS,
            progress=progress,
            cancelled=cancelled,
        )
        refuse_extra_cells(data, len(head.rows[index]), index)
    if not len(table.frame):
        raise table.error(
            "there are no rows of data under the header",
            hint=f"Choose {kind.description} that has data in it.",
        )
    return table


def _from_disk(
    path: Path,
    kind: FileKind,
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
    index = find_header_row(head.rows, kind.fields)
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


def _positions(rows: Rows, index: int, kind: FileKind, unread: Sequence[str]) -> dict[str, int]:
    """Where each field to read is in the header row; an :class:`InputError` if one is missing."""
    matched = match_header(rows.rows[index], kind.fields)
    if not matched.ok:
        raise header_error(rows.rows[index], matched, _line(rows, index), "file")
    return {key: i for key, i in matched.positions.items() if key not in unread}


def _line(rows: Rows, index: int) -> Location:
    return Location(file=rows.file, sheet=rows.sheet, line=index + 1)


def dates(table: Table, key: str, *, allow_blank: bool = False) -> pd.Series:
    if not table.has(key):
        return pd.Series([None] * len(table.frame), index=table.frame.index, dtype=object)
    try:
        return parse_date_series(table.frame[key], allow_blank=allow_blank)
    except DateFormatError as exc:
        raise date_error(table, key, exc) from None


def date_error(table: Table, key: str, exc: DateFormatError) -> InputError:
    shown = f"'{exc.value}'" if str(exc.value).strip() else "a blank cell"
    return table.error(
        f"{shown} is not a date",
        row=exc.position,
        key=key,
        hint=f"Write the date like {EXAMPLES}.",
    )


def sorted_dates(values: pd.Series) -> tuple[dt.date, ...]:
    return tuple(sorted({value for value in values.unique() if value is not None}))


def done(progress: Progress | None) -> None:
    if progress is not None:
        progress(1.0)
