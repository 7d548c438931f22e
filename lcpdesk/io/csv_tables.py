"""Reading a CSV's columns as a table: the whole file in memory, or a large plain file in
pieces straight from disk, parsed side by side (see :mod:`lcpdesk.io.csv_pieces`)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from lcpdesk.errors import InputError, Location
from lcpdesk.io.columns import Table
from lcpdesk.io.csv_pieces import (
    InMemory,
    IsCancelled,
    NotPlain,
    OnDisk,
    Parse,
    Progress,
    never_back,
)
from lcpdesk.io.csv_spans import file_pieces, memory_pieces
from lcpdesk.io.opening import CsvData


def table_from_csv(
    csv_data: CsvData,
    header: Sequence[object],
    header_index: int,
    positions: Mapping[str, int],
    *,
    numbers: Collection[str] = (),
    chunk_rows: int = 500_000,  # large chunks: each chunk sorts its categories again
    pieces: int | None = None,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> Table:
    """Read the columns found in a header row, in chunks, as text categories.

    Every column is categorical with text categories (a million rows hold few distinct values);
    blank lines are left out; ``lines`` numbers records as Excel would. A large file is cut at
    line breaks into ``pieces`` (one per processor core, at most 4) parsed side by side: the
    parser lets go of Python's lock while it splits text into fields. Progress goes from 0.15
    to 0.9 as the bytes are parsed; :class:`~lcpdesk.errors.Cancelled` is raised between chunks.

    The parser turns a chunk's categories into numbers when all of them look like numbers
    (``"05"`` becomes ``5``); a column where that happened is read again as plain text, unless
    it is one of ``numbers`` (keys whose values are only ever used as numbers).
    """
    spans = memory_pieces(csv_data, header_index, pieces)
    if progress is not None:  # a second pass (in one piece, or of text) starts again at 0.15
        progress = never_back(progress)
    parse = Parse(
        InMemory(csv_data),
        header_index,
        spans,
        chunk_rows=chunk_rows,
        progress=progress,
        cancelled=cancelled,
    )
    try:
        combined, lines = _parse_all(parse, positions, numbers)
    except (pd.errors.ParserError, ValueError) as exc:
        if len(spans) > 1:  # parse again in one piece, so the message counts lines from the top
            return table_from_csv(
                csv_data,
                header,
                header_index,
                positions,
                numbers=numbers,
                chunk_rows=chunk_rows,
                pieces=1,
                progress=progress,
                cancelled=cancelled,
            )
        raise InputError(
            f"the file cannot be read as CSV ({exc})",
            where=Location(file=csv_data.file),
            hint="Check that it is the CSV file as downloaded, not edited and saved in Excel.",
        ) from None
    return _table(
        csv_data.file,
        header,
        header_index=header_index,
        positions=positions,
        combined=combined,
        lines=lines,
    )


def refuse_extra_cells(csv_data: CsvData, cells: int, header_index: int) -> None:
    """Refuse a line with more cells than the header row, naming it (in a file with no quoted
    cells, where a comma always starts a cell; a quoted file is left to the parser)."""
    data = csv_data.data
    if b'"' in data or not data:
        return
    raw = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(raw == 10)
    commas = np.flatnonzero(raw == 44)
    bounds = np.concatenate(([-1], ends, [len(raw)]))
    per_line = np.diff(np.searchsorted(commas, bounds))  # commas on each line
    over = np.flatnonzero(per_line[header_index + 1 :] > max(cells - 1, 0))
    if over.size:
        line = header_index + 2 + int(over[0])
        found = int(per_line[line - 1]) + 1
        raise InputError(
            f"{found:,} cells, more than the {cells:,} of the header row",
            where=Location(file=csv_data.file, line=line),
            hint="Check that it is the CSV file as downloaded; a cell may hold a stray comma.",
        )


def table_from_csv_file(
    path: Path,
    header: Sequence[object],
    header_index: int,
    positions: Mapping[str, int],
    *,
    numbers: Collection[str] = (),
    chunk_rows: int = 500_000,
    pieces: int | None = None,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> Table | None:
    """:func:`table_from_csv` for a large plain CSV file, its pieces read straight from disk.

    Each piece's thread reads its own part of the file, so nothing waits for the whole file to
    be loaded first. Only for plain files: None when the file holds a double quote or a byte
    outside ASCII (its encoding then matters), or cannot be parsed in pieces. The caller then
    reads it whole, with :func:`load_csv` and :func:`table_from_csv`, which say what is wrong.
    """
    path = Path(path)
    try:
        spans = file_pieces(path, header_index, pieces)
    except OSError:
        return None
    if len(spans) < 2:
        return None
    if progress is not None:
        progress = never_back(progress)
    parse = Parse(
        OnDisk(path),
        header_index,
        spans,
        chunk_rows=chunk_rows,
        progress=progress,
        cancelled=cancelled,
    )
    try:
        combined, lines = _parse_all(parse, positions, numbers)
    except (NotPlain, pd.errors.ParserError, ValueError, OSError):
        return None
    return _table(
        str(path),
        header,
        header_index=header_index,
        positions=positions,
        combined=combined,
        lines=lines,
    )


def _parse_all(
    parse: Parse, positions: Mapping[str, int], numbers: Collection[str]
) -> tuple[dict[int, pd.Categorical], np.ndarray]:
    combined, lines = parse.columns(sorted(set(positions.values())))
    as_numbers = {
        positions[key]
        for key in numbers
        if key in positions
        # a column of whole numbers only: one the parser made decimal ("1e3", "2.5") is read as
        # text again, so that the count check sees what the file says
        and pd.api.types.is_integer_dtype(combined[positions[key]].categories.dtype)
    }
    again = sorted(parse.numeric - as_numbers)
    if again:
        texts, _lines = parse.columns(again, text=True)
        combined.update(texts)
    return combined, lines


def _table(
    file: str,
    header: Sequence[object],
    *,
    header_index: int,
    positions: Mapping[str, int],
    combined: dict[int, pd.Categorical],
    lines: np.ndarray,
) -> Table:
    """The table of the parsed columns, blank rows left out."""
    blank = np.ones(len(lines), dtype=bool)
    for values in combined.values():
        empty = int(values.categories.get_indexer(pd.Index([""]))[0])
        if empty < 0:  # no cell of this column is empty (a missing one is not): no blank rows
            blank[:] = False
            break
        blank &= values.codes == empty
    rows = ~blank
    if not rows.all():
        lines = lines[rows]
        combined = {i: values[rows] for i, values in combined.items()}
    frame = pd.DataFrame({key: combined[i] for key, i in positions.items()})
    return Table(
        frame=frame,
        lines=lines,
        file=file,
        headers={key: str(header[i]).strip() for key, i in positions.items()},
        header_line=header_index + 1,
        positions=dict(positions),
    )
