"""Text that a spreadsheet would run as a formula, made safe: the one rule for every CSV and
workbook lcpdesk writes (OWASP's advice on CSV injection).

A text beginning with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a line feed (or
their full-width forms, which Excel also accepts) is a formula to Excel and LibreOffice:
``=HYPERLINK("http://x","y")`` in a partnership's name would become a live link. In a CSV such a
text gets a leading apostrophe; in a workbook the cell is text with Excel's quote prefix
(:func:`looks_like_formula`). Numbers stay numbers, and so does text that is a plain number
(``-12``, ``+3.5``), which no spreadsheet runs. Text written into a cell (:func:`put_text`) is
also cleaned: control characters removed, line ends as ``\n``, cut at Excel's 32,767
characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from lcpdesk.io.templates import TEXT_LIMIT

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet would take ``text`` for a formula (a plain number is not)."""
    return text.startswith(FORMULA_START) and _PLAIN_NUMBER.fullmatch(text) is None


def csv_cell(value: Any) -> Any:
    """A value for a CSV cell: text that looks like a formula gets a leading apostrophe."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_cell(v) for v in values]


class SafeCsvWriter:
    """``csv.writer`` with every row made safe (:func:`csv_row`); lines end in ``\\n``."""

    def __init__(self, out: Any) -> None:
        import csv

        self._writer = csv.writer(out, lineterminator="\n")

    def writerow(self, values: Iterable[Any]) -> None:
        self._writer.writerow(csv_row(values))


def csv_writer(out: Any) -> SafeCsvWriter:
    """The writer of every CSV lcpdesk produces."""
    return SafeCsvWriter(out)


def clean_text(text: str) -> str:
    """Text as a cell keeps it: line ends as ``\\n``, control characters removed."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def put_text(cell: Any, text: str) -> bool:
    """Write ``text`` into an openpyxl cell as text; True when it had to be cut to fit."""
    text = clean_text(text)
    cut = len(text) > TEXT_LIMIT
    if cut:
        text = text[:TEXT_LIMIT]
    cell.value = text
    cell.data_type = "s"
    if looks_like_formula(text):
        cell.quotePrefix = True
    return cut
