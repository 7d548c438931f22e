"""The one place the returns services meet the workbook side (``lcpdesk.io``): write a
:class:`ReturnContent` to .xlsx, tell whether a workbook is a return, read one back.

The writer and reader are built beside this (branch ``returns-io``); until they are merged
these functions say so plainly instead of failing with an import error.
"""

from __future__ import annotations

import hashlib
import importlib
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from lcpdesk.domain.returns import ReturnContent, ReturnProblem
from lcpdesk.errors import UserFacingError
from lcpdesk.services.returns_refs import Locator, sheet_locator

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


@dataclass(frozen=True)
class ReadReturn:
    """A return as read from a file: its content (None when unreadable), the problems the
    reader found, where its fields are, and the file's digest."""

    path: Path
    content: ReturnContent | None
    problems: tuple[ReturnProblem, ...] = ()
    sha256: str = ""
    locate: Locator = field(default=sheet_locator, compare=False)


def _missing() -> UserFacingError:
    return UserFacingError(
        "This build of lcpdesk cannot read or write return workbooks yet.",
        hint="The returns workbook reader and writer are not installed.",
    )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _io(name: str) -> ModuleType:
    try:
        return importlib.import_module(f"lcpdesk.io.{name}")
    except ModuleNotFoundError:
        raise _missing() from None


def write_return(content: ReturnContent, path: Path) -> None:
    _io("returns_writer").write_return(content, path)


def is_return(path: Path) -> bool:
    """True for a workbook whose stamp says it is a return (False when it cannot tell)."""
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        return False
    try:
        reader = _io("returns_reader")
    except UserFacingError:
        return False
    return bool(reader.is_return(path))


def read_return(path: Path, description: Path | None = None) -> ReadReturn:
    content, problems, locate = _io("returns_reader").read_return(path, description)
    return ReadReturn(path, content, tuple(problems), sha256_of(path), locate)
