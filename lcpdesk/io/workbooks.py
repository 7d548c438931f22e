"""Reading worksheets. Every workbook passes :mod:`lcpdesk.io.workbook_guard` before
python-calamine opens it: :func:`sheet_names`, :func:`read_sheet` and
:func:`read_workbook_grids` are the only ways in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from lcpdesk.errors import InputError
from lcpdesk.io.columns import Table
from lcpdesk.io.opening import Rows, file_error, os_error
from lcpdesk.io.workbook_guard import read_workbook, run_guarded


@dataclass(frozen=True)
class WorkbookGrids:
    """Every sheet of a workbook: its names in order, and each sheet's rows from A1."""

    names: list[str]
    grids: dict[str, list[list[object]]]


def read_all_sheets(path: str, _argument: None = None) -> WorkbookGrids:
    """A guarded reader (see :func:`~lcpdesk.io.workbook_guard.run_guarded`): every sheet."""
    from python_calamine import CalamineWorkbook

    with CalamineWorkbook.from_path(path) as book:
        names = list(book.sheet_names)
        grids: dict[str, list[list[object]]] = {}
        for name in names:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            grids[name] = [list(row) for row in rows]
    return WorkbookGrids(names, grids)


def read_workbook_grids(path: Path | str) -> WorkbookGrids:
    """Every sheet of the workbook at ``path`` (a return, a framework: small workbooks), read
    through the guard. Damaged, hostile and unreadable files raise
    :class:`~lcpdesk.errors.InputError` naming the file."""
    path = Path(path)
    try:
        return run_guarded(path, read_all_sheets, None)
    except InputError:
        raise
    except OSError as exc:
        raise os_error(path, exc) from None
    except Exception as exc:  # calamine raises its own errors for damaged workbooks
        raise _workbook_error(path, exc) from None


def cell_text(value: object) -> str:
    """A spreadsheet cell as the text a person sees in it (dates as ISO dates)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _workbook_error(path: Path, exc: Exception) -> InputError:
    return file_error(
        path,
        f"the workbook cannot be read ({exc})",
        "Open it in Excel and save it again as .xlsx, or save the sheet as CSV.",
    )


def sheet_names(path: Path | str) -> list[str]:
    path = Path(path)
    try:
        return read_workbook(path, rows=False).sheet_names
    except InputError:
        raise
    except OSError as exc:
        raise os_error(path, exc) from None
    except Exception as exc:  # calamine raises its own errors for damaged workbooks
        raise _workbook_error(path, exc) from None


def read_sheet(
    path: Path | str, sheet: str | int | None = None, *, limit: int | None = None
) -> Rows:
    """The rows of a worksheet (the first unless ``sheet`` names or numbers one), from A1."""
    from python_calamine import WorksheetNotFound

    path = Path(path)
    try:
        book = read_workbook(path, sheet, limit=limit)
        values, name = book.rows or [], book.name
    except InputError:
        raise
    except WorksheetNotFound:
        raise file_error(
            path,
            f"the workbook has no sheet called '{sheet}'",
            "Choose one of its sheets: " + ", ".join(sheet_names(path)) + ".",
        ) from None
    except IndexError:
        raise file_error(
            path, f"the workbook has no sheet number {sheet}", "Choose another sheet."
        ) from None
    except OSError as exc:
        raise os_error(path, exc) from None
    except Exception as exc:  # calamine raises its own errors for damaged workbooks
        raise _workbook_error(path, exc) from None
    return Rows(str(path), name or "", [list(row) for row in values])


def table_from_rows(rows: Rows, header_index: int, positions: Mapping[str, int]) -> Table:
    """The rows under a header row as a :class:`Table`; blank rows are left out."""
    header = rows.rows[header_index]
    data: dict[str, list[str]] = {key: [] for key in positions}
    lines: list[int] = []
    for number, row in enumerate(rows.rows[header_index + 1 :], start=header_index + 2):
        cells = [cell_text(row[i]).strip() if i < len(row) else "" for i in positions.values()]
        if not any(cells):
            continue
        lines.append(number)
        for key, cell in zip(positions, cells, strict=True):
            data[key].append(cell)
    frame = pd.DataFrame({key: pd.Series(values, dtype="str") for key, values in data.items()})
    return Table(
        frame=frame,
        lines=np.asarray(lines, dtype=np.int64),
        file=rows.file,
        sheet=rows.sheet,
        headers={key: str(header[i]).strip() for key, i in positions.items()},
        header_line=header_index + 1,
        positions=dict(positions),
    )
