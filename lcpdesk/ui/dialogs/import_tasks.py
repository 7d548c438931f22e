"""The work the import dialog runs in the task runner's worker: read, preview, import.

Plain functions over :mod:`lcpdesk.services.importing` with the task runner's
``(progress, cancelled)`` arguments. A refused file or a refused import is *returned*
(not raised), so that the dialog shows it in place rather than in a message box;
:class:`~lcpdesk.errors.Cancelled` is raised, and a bug propagates to the crash report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lcpdesk.errors import InputError, UserFacingError
from lcpdesk.io.kinds.base import Extract
from lcpdesk.services import importing
from lcpdesk.store.db import Store
from lcpdesk.ui.models.import_files import FileEntry

ProgressFn = Callable[[float, str], None]
CancelledFn = Callable[[], bool]

READ_SHARE = 0.7  # of the progress bar, when files are read before the preview


@dataclass(frozen=True)
class Problem:
    """A refusal to show in the dialog: what happened (naming file, line, column) and what to
    do."""

    message: str
    hint: str = ""

    @classmethod
    def of(cls, exc: UserFacingError) -> Problem:
        return cls(exc.message, exc.hint)

    def text(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message


@dataclass(frozen=True)
class Preview:
    """New files read (some maybe refused; ``read`` holds the parsed ones, for the import's
    plan) and what importing them all would change."""

    added: list[FileEntry] = field(default_factory=list)
    read: dict[Path, Extract] = field(default_factory=dict)
    outcome: importing.ImportOutcome | None = None
    problem: Problem | None = None


@dataclass(frozen=True)
class Imported:
    outcome: importing.ImportOutcome | None = None
    problem: Problem | None = None


def options_for(
    extracts: Sequence[Extract], area: str, effective_from: dt.date | None
) -> importing.ImportOptions:
    """The area matters only to definitions files; ``None`` date: the service's default."""
    has_definitions = bool(importing.needs_area(extracts))
    return importing.ImportOptions(
        area=area if has_definitions else None, effective_from=effective_from
    )


def _needs_area(extracts: Sequence[Extract], area: str) -> Problem | None:
    """Definitions files, but no area named yet."""
    if area.strip():
        return None
    files = [e.source_name for e in importing.needs_area(extracts)]
    if not files:
        return None
    return Problem(
        f"{', '.join(files)} define{'s' if len(files) == 1 else ''} partnerships: "
        "which area are they for?",
        "Choose the area, or type the name of a new one, under Area.",
    )


def _scaled(progress: ProgressFn, start: float, share: float) -> ProgressFn:
    return lambda f, text: progress(start + share * f, text)


@dataclass(frozen=True)
class Request:
    """What to import: the files already read, and the options the dialog shows."""

    store: Store
    extracts: Sequence[Extract]
    area: str
    effective_from: dt.date | None

    def options(self, extracts: Sequence[Extract]) -> importing.ImportOptions:
        return options_for(extracts, self.area, self.effective_from)


def read_and_preview(
    request: Request, paths: Sequence[Path], progress: ProgressFn, cancelled: CancelledFn
) -> Preview:
    """Read ``paths`` one by one (a refused file does not stop the others), then preview the
    import of every file read, old and new, in a rolled-back transaction."""
    added: list[FileEntry] = []
    read: dict[Path, Extract] = {}
    read_share = READ_SHARE if paths else 0.0
    for n, path in enumerate(paths):
        part = _scaled(progress, read_share * n / len(paths), read_share / len(paths))
        try:
            (extract,) = importing.read_files([path], progress=part, cancelled=cancelled)
        except InputError as exc:
            added.append(FileEntry(path, problem=Problem.of(exc).text()))
        else:
            added.append(FileEntry(path, importing.summary(extract)))
            read[path] = extract
    extracts = [*request.extracts, *read.values()]
    if not extracts:
        progress(1.0, "No file could be read")
        return Preview(added, read)
    unnamed = _needs_area(extracts, request.area)
    if unnamed is not None:
        progress(1.0, "Preview waits for an area name")
        return Preview(added, read, problem=unnamed)
    try:
        outcome = importing.run_import(
            request.store,
            extracts,
            request.options(extracts),
            commit=False,
            progress=_scaled(progress, read_share, 1.0 - read_share),
            cancelled=cancelled,
        )
    except UserFacingError as exc:
        return Preview(added, read, problem=Problem.of(exc))
    return Preview(added, read, outcome)


def import_files(request: Request, progress: ProgressFn, cancelled: CancelledFn) -> Imported:
    """Write the import, all or nothing."""
    try:
        outcome = importing.run_import(
            request.store,
            request.extracts,
            request.options(request.extracts),
            commit=True,
            progress=progress,
            cancelled=cancelled,
        )
    except UserFacingError as exc:
        return Imported(problem=Problem.of(exc))
    return Imported(outcome)
