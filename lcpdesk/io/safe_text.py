"""Text written into a workbook cell stays text: the one copy of the rule, for every writer.

A cell's type is set to string, and text that Excel would take for a formula (``=``, ``+``,
``-``, ``@``, a tab, ``＝``...) also gets the quote prefix. Control characters are removed,
line ends become ``\\n``, and text over Excel's 32,767 characters is cut.
"""

from __future__ import annotations

import re
from typing import Any

from lcpdesk.io.templates import TEXT_LIMIT

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


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
    if text.startswith(FORMULA_START):
        cell.quotePrefix = True
    return cut
