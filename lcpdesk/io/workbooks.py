"""Reading worksheets: every workbook is opened by :func:`open_workbook`, and only there."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from lcpdesk.errors import InputError
from lcpdesk.io.columns import Table
from lcpdesk.io.opening import Rows, file_error, os_error

if TYPE_CHECKING:
    from python_calamine import CalamineWorkbook


def open_workbook(path: Path) -> CalamineWorkbook:
    """The workbook at ``path``, opened with python-calamine: the one place that opens one.

    The caller closes it (``with open_workbook(path) as book``). Damaged files and files that
    cannot be opened raise :class:`~lcpdesk.errors.InputError`.
    """
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_path(path)
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
    with open_workbook(path) as book:
        return list(book.sheet_names)


def read_sheet(
    path: Path | str, sheet: str | int | None = None, *, limit: int | None = None
) -> Rows:
    """The rows of a worksheet (the first unless ``sheet`` names or numbers one), from A1."""
    from python_calamine import WorksheetNotFound

    path = Path(path)
    with open_workbook(path) as book:
        try:
            if isinstance(sheet, str):
                chosen = book.get_sheet_by_name(sheet)
            else:
                chosen = book.get_sheet_by_index(sheet or 0)
            values = chosen.to_python(skip_empty_area=False, nrows=limit)
            name = chosen.name
        except WorksheetNotFound:
            raise file_error(
                path,
                f"the workbook has no sheet called '{sheet}'",
                "Choose one of its sheets: " + ", ".join(book.sheet_names) + ".",
            ) from None
        except IndexError:
            raise file_error(
                path, f"the workbook has no sheet number {sheet}", "Choose another sheet."
            ) from None
        except OSError as exc:
            raise os_error(path, exc) from None
        except Exception as exc:  # calamine raises its own errors for damaged workbooks
            raise _workbook_error(path, exc) from None
    return Rows(str(path), name, [list(row) for row in values])


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
