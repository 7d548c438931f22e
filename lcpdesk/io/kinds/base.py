"""What a file kind is: how it is recognised, read, described to the user and applied.

Each kind of file lcpdesk imports is one module in :mod:`lcpdesk.io.kinds` defining a
:class:`FileKind`, registered in :mod:`lcpdesk.io.registry`. The import service, its preview
and the import dialog ask the registry, never a list of kinds of their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

import pandas as pd

from lcpdesk.errors import InputError
from lcpdesk.io.columns import Field
from lcpdesk.io.opening import Rows

if TYPE_CHECKING:
    from lcpdesk.domain.model import Area
    from lcpdesk.store.changes import RowChange
    from lcpdesk.store.imports_repo import ImportsRepo

Progress = Callable[[float], None]
IsCancelled = Callable[[], bool]


@dataclass(frozen=True, eq=False, kw_only=True)
class Extract:
    """A file read: its rows as a DataFrame and what the user should be told about it."""

    kind: ClassVar[str] = ""
    frame: pd.DataFrame
    source: str  # the file's path ("<member> in <zip>" beside a zip)
    sheet: str | None = None
    extract_dates: tuple[dt.date, ...] = ()
    rows_read: int  # rows of data in the file (blank lines not counted)
    rows_set_aside: int = 0  # rows read but deliberately not used (see each reader)

    @property
    def source_name(self) -> str:
        return Path(self.source).name

    @property
    def row_count(self) -> int:
        return len(self.frame)


@dataclass(frozen=True)
class Sniffed:
    """A kind's claim on a file: the header (or first data) row it recognised, and how sure it
    is (0 to 1). Of several claims, the one on the earliest row wins, then the surest."""

    row: int
    confidence: float


class ImportJob(Protocol):
    """What a kind's ``prepare`` and ``apply`` see of an import (the import service's job)."""

    repo: ImportsRepo
    names: dict[str, str]  # practice code -> name, from this import's files
    gp_practice: dict[str, bool]  # practice code -> is a GP practice, from this import's files

    def say(self, line: str) -> None: ...
    def warn(self, line: str) -> None: ...  # a change that needs the user's confirmation
    def record(self, changes: Sequence[RowChange]) -> None: ...
    def register(self) -> dict[str, int]: ...
    def effective_date(self) -> dt.date: ...
    def need_area(self, extract: Extract) -> Area: ...
    def units(
        self, names: Sequence[tuple[str, str | None]], source: str
    ) -> dict[tuple[str, str | None], int]: ...


def plural(n: int, word: str) -> str:
    """``plural(2, "row")`` -> ``"2 rows"``, ``plural(3, "locality")`` -> ``"3 localities"``,
    ``plural(18, "LCP")`` -> ``"18 LCPs"`` (never "row(s)")."""
    if n == 1:
        return f"{n:,} {word}"
    if word[-1:] == "y" and word[-2:-1].lower() not in "aeiou":
        return f"{n:,} {word[:-1]}ies"
    return f"{n:,} {word}{'es' if word.endswith(('s', 'x', 'ch', 'sh')) else 's'}"


def default_set_aside(extract: Extract) -> list[str]:
    n = extract.rows_set_aside
    return [plural(n, "row")] if n else []


Reader = Callable[..., Extract]  # (path, sheet, *, progress, cancelled) -> Extract


def _no_prepare(_job: ImportJob, _extract: Any) -> None:
    return None


@dataclass(frozen=True)
class FileKind:
    """One kind of file: everything lcpdesk knows about it, in one place.

    * ``name``: its key (``Extract.kind``); ``description``: in words, with an article;
    * ``fields``: the columns its header is matched against (empty for a file without one);
    * ``sniff(rows)``: its claim on a file from its first rows, or None;
    * ``read(path, sheet, progress=, cancelled=)``: the file read and checked;
    * ``set_aside(extract)``: the rows not used as they stand, and why, for the dialog;
    * ``order``: when it is applied among the kinds of one import (low first);
    * ``prepare(job, extract)``: called for every file before any is applied (facts other
      kinds use); ``apply(job, extract)``: writes the file's content through the job;
    * ``needs_area`` / ``needs_date``: the import needs an area / an effective date for it;
    * ``mismatch(rows)``: the problem to report when a file is not of this kind and no header
      can be matched (for kinds without ``fields``);
    * ``member_pattern``: the file-name pattern that picks its CSV inside a zip of several.
    """

    name: str
    description: str
    sniff: Callable[[Rows], Sniffed | None]
    read: Reader
    apply: Callable[[ImportJob, Any], None]
    order: int
    fields: tuple[Field, ...] = ()
    set_aside: Callable[[Any], list[str]] = default_set_aside
    prepare: Callable[[ImportJob, Any], None] = _no_prepare
    needs_area: bool = False
    needs_date: bool = False
    mismatch: Callable[[Rows], InputError] | None = None
    member_pattern: str | None = None

    @property
    def noun(self) -> str:
        """The description without its article: ``"practice list-size file (...)"``."""
        return self.description.removeprefix("a ").removeprefix("an ")


@dataclass(frozen=True)
class FileSummary:
    """A file read, as the import dialog shows it: plain values, no parsed data."""

    source: str
    sheet: str | None
    kind: str
    description: str
    rows_read: int
    extract_dates: tuple[dt.date, ...]
    set_aside: str
    needs_area: bool = False
    needs_date: bool = False

    @property
    def source_name(self) -> str:
        return Path(self.source).name


def format_date(d: dt.date) -> str:
    """``1 Apr 2021``, as the preview lines give a date."""
    return f"{d.day} {d:%b %Y}"


def header_row(rows: Rows, matches: Callable[[Sequence[object]], bool]) -> int | None:
    """The first of ``rows`` for which ``matches`` is true, or None."""
    return next((i for i, row in enumerate(rows.rows) if matches(row)), None)


def first_filled_row(rows: Rows) -> tuple[int, Sequence[object]] | None:
    """The first row with anything in it, and its index."""
    for index, row in enumerate(rows.rows):
        if any(str(cell).strip() for cell in row):
            return index, row
    return None
