"""Exceptions that carry a message meant for the user.

Anything raised as a :class:`UserFacingError` is an *expected* problem (a bad
file, a refused edit, a database from a newer version): the GUI shows its text
in a plain message box and the CLI prints it and exits with status 1.
Everything else is a bug and gets a crash report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def shorten(value: object, limit: int = 200) -> str:
    """``value`` as text for a message or a log line: at most ``limit`` characters of it (a
    hostile file's gigabyte-long cell is never echoed whole)."""
    text = str(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


class UserFacingError(Exception):
    """An expected problem, explained in words a user can act on."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message


@dataclass(frozen=True)
class Location:
    """Where in a file a problem was found. Every part is optional."""

    file: str | None = None
    sheet: str | None = None
    line: int | None = None  # 1-based line (CSV) or row (sheet)
    column: str | None = None
    cell: str | None = None  # e.g. "C7"

    def describe(self) -> str:
        parts: list[str] = []
        if self.file:
            parts.append(Path(self.file).name)
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.cell:
            parts.append(f"cell {self.cell}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.column:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)


class InputError(UserFacingError):
    """Input (a file, a form, a command-line value) was refused; nothing was written."""

    def __init__(self, message: str, *, where: Location | None = None, hint: str = "") -> None:
        self.where = where or Location()
        located = f"{self.where.describe()}: {message}" if self.where.describe() else message
        super().__init__(located, hint=hint)
        self.problem = message


class StoreError(UserFacingError):
    """The data store cannot be opened or written (locked, full, too new, damaged)."""


class Cancelled(Exception):
    """Raised inside long work when the user pressed Cancel; nothing was written."""
