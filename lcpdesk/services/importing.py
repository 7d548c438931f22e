"""Importing NHS Digital, ODS and definitions files: read, preview, then write all or nothing.

:func:`read_files` parses files (no store access). :func:`run_import` applies what
they say to the store in one transaction; with ``commit=False`` the transaction
is rolled back, which makes the preview exactly what a real import would do.
The returned :class:`ImportOutcome` lists what changes (or would change) and
holds the :class:`ChangeSet` that undoes it as one step.

What each kind of file reads and writes is said by its module in :mod:`lcpdesk.io.kinds`,
registered in :mod:`lcpdesk.io.registry`; the kinds are applied in their ``order`` (membership
definitions first, practice-by-LSOA last). :class:`ImportPlan` holds the files an import
dialog has read, so that only their summaries reach its table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lcpdesk import clock
from lcpdesk.domain.model import Area
from lcpdesk.errors import Cancelled, InputError
from lcpdesk.io import registry
from lcpdesk.io.kinds.base import Extract, FileSummary, plural
from lcpdesk.store.changes import ChangeSet, RowChange
from lcpdesk.store.db import Store
from lcpdesk.store.imports_repo import ImportsRepo

Progress = Callable[[float, str], None]
IsCancelled = Callable[[], bool]


@dataclass(frozen=True)
class ImportOptions:
    area: str | None = None  # the area definitions files are for
    effective_from: dt.date | None = None  # when membership definitions take effect


@dataclass
class ImportOutcome:
    lines: list[str] = field(default_factory=list)  # what changes, in words
    # Changes that remove much (most of an area's memberships): shown as warnings, and
    # written only when the user confirms them (the dialog's check box, the CLI's --yes).
    warnings: list[str] = field(default_factory=list)
    changeset: ChangeSet = field(default_factory=lambda: ChangeSet("Import"))
    committed: bool = False
    area_id: int | None = None

    @property
    def changes_anything(self) -> bool:
        return not self.changeset.is_empty()


def default_effective_date(extracts: Sequence[Extract], today: dt.date | None = None) -> dt.date:
    """When membership definitions take effect if no date is given: the earliest extract date
    among the files, else today. The import and the dialog that shows it both use this."""
    dates = [d for e in extracts for d in e.extract_dates]
    return min(dates) if dates else (today or clock.today())


def needs_area(extracts: Sequence[Extract]) -> list[Extract]:
    """The files that need an area to be named (definitions files)."""
    return [e for e in extracts if registry.get(e.kind).needs_area]


def summary(extract: Extract) -> FileSummary:
    """What the import dialog shows of a file read (no parsed data)."""
    return registry.summary(extract)


class ImportPlan:
    """The files chosen for an import and read so far, in the order they were added."""

    def __init__(self) -> None:
        self._extracts: dict[Path, Extract] = {}

    def add(self, path: Path, extract: Extract) -> None:
        self._extracts[path] = extract

    def remove(self, path: Path) -> None:
        self._extracts.pop(path, None)

    def extracts(self) -> list[Extract]:
        return list(self._extracts.values())

    def kinds(self) -> set[str]:
        return {e.kind for e in self._extracts.values()}

    def needs_area(self) -> bool:
        return bool(needs_area(self.extracts()))

    def needs_date(self) -> bool:
        return any(registry.get(e.kind).needs_date for e in self._extracts.values())

    def default_effective_date(self) -> dt.date:
        return default_effective_date(self.extracts())


def read_files(
    paths: Sequence[Path | str],
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> list[Extract]:
    """Read and check every file; the first problem stops the import (nothing is written)."""
    report = progress or (lambda _f, _t: None)
    extracts: list[Extract] = []
    share = 1.0 / max(1, len(paths))
    for n, path in enumerate(paths):
        name = Path(path).name

        def sub(fraction: float, _n: int = n, _name: str = name) -> None:
            report((_n + fraction) * share, f"Reading {_name}")

        if cancelled is not None and cancelled():
            raise Cancelled()
        extracts.append(registry.read_any(path, progress=sub, cancelled=cancelled))
    report(1.0, "Read")
    return extracts


def run_import(
    store: Store,
    extracts: Sequence[Extract],
    options: ImportOptions | None = None,
    *,
    commit: bool,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    confirmed: bool = True,
) -> ImportOutcome:
    """Apply the files in one transaction; roll it back unless ``commit``. A committing
    import that has warnings and is not ``confirmed`` is refused (nothing is written)."""
    opts = options or ImportOptions()
    report = progress or (lambda _f, _t: None)
    ordered = sorted(extracts, key=lambda e: registry.get(e.kind).order)
    names = ", ".join(Path(e.source).name for e in ordered)
    outcome = ImportOutcome(changeset=ChangeSet(f"Import {names}"))
    if commit:  # a checked backup first, or no import
        from lcpdesk.services.backups import backup_before

        backup_before(store, "import")
    with store.trial() if not commit else store.write() as conn:
        job = _Job(ImportsRepo(conn), ordered, opts, outcome)
        for n, extract in enumerate(ordered):
            if cancelled is not None and cancelled():
                raise Cancelled()
            report(n / max(1, len(ordered)), f"Checking {Path(extract.source).name}")
            job.apply(extract)
        if not outcome.changes_anything:
            outcome.lines.append("Nothing to change: the store already holds all of this.")
        if cancelled is not None and cancelled():
            raise Cancelled()
        if commit and outcome.warnings and not confirmed:
            raise InputError(
                " ".join(outcome.warnings),
                hint="Check the file lists the whole area; to import it as it is, confirm "
                "(--yes on the command line).",
            )
        report(1.0, "Saving" if commit else "Preview ready")
        outcome.committed = commit
    return outcome


class _Job:
    """One import under way: what the file kinds write through (see ``ImportJob``)."""

    def __init__(
        self,
        repo: ImportsRepo,
        extracts: Sequence[Extract],
        options: ImportOptions,
        outcome: ImportOutcome,
    ) -> None:
        self.repo = repo
        self.extracts = extracts
        self.options = options
        self.outcome = outcome
        self.area: Area | None = None
        self.names: dict[str, str] = {}  # practice code -> name, from this import's files
        self.gp_practice: dict[str, bool] = {}  # from epraccur
        for e in extracts:
            registry.get(e.kind).prepare(self, e)

    def record(self, changes: Sequence[RowChange]) -> None:
        self.outcome.changeset.changes.extend(changes)

    def say(self, line: str) -> None:
        self.outcome.lines.append(line)

    def warn(self, line: str) -> None:
        self.outcome.warnings.append(line)

    def register(self) -> dict[str, int]:
        return self.repo.practice_ids()

    def apply(self, extract: Extract) -> None:
        registry.get(extract.kind).apply(self, extract)

    def effective_date(self) -> dt.date:
        if self.options.effective_from is not None:
            return self.options.effective_from
        return default_effective_date(self.extracts)

    def need_area(self, extract: Extract) -> Area:
        if self.area is not None:
            return self.area
        name = self.options.area
        if name is None:
            known = self.repo.areas()
            if len(known) == 1:
                self.area = known[0]
                return self.area
            raise InputError(
                f"{Path(extract.source).name} defines partnerships, but no area was named.",
                hint="Say which area it is for (--area NAME, or choose the area in the import "
                "dialog); a new area is created if none has that name.",
            )
        found = self.repo.area_by_name(name)
        if found is None:
            clean = " ".join(name.split())
            if not clean:
                raise InputError("The area name cannot be empty.")
            found, changes = self.repo.add_area(clean)
            self.record(changes)
            self.say(f"Create the area {clean}.")
        self.area = found
        self.outcome.area_id = found.id
        return found

    def units(
        self, names: Sequence[tuple[str, str | None]], source: str
    ) -> dict[tuple[str, str | None], int]:
        """Partnership (and sub-unit) ids by name, creating those that do not exist."""
        assert self.area is not None
        area_id = self.area.id
        existing = self.repo.partnerships(area_id)
        tops = {p.name.casefold(): p.id for p in existing if p.parent_id is None}
        subs = {(p.parent_id, p.name.casefold()): p.id for p in existing if p.parent_id is not None}
        created: list[str] = []
        order = len(existing)
        result: dict[tuple[str, str | None], int] = {}
        for top_name, sub_name in names:
            top_id = tops.get(top_name.casefold())
            if top_id is None:
                top_id, changes = self.repo.add_partnership(area_id, top_name, order)
                self.record(changes)
                order += 1
                tops[top_name.casefold()] = top_id
                created.append(top_name)
            unit = top_id
            if sub_name:
                found = subs.get((top_id, sub_name.casefold()))
                if found is None:
                    found, changes = self.repo.add_partnership(area_id, sub_name, order, top_id)
                    self.record(changes)
                    order += 1
                    subs[(top_id, sub_name.casefold())] = found
                    created.append(f"{sub_name} ({top_name})")
                unit = found
            result[(top_name, sub_name)] = unit
        if created:
            shown = ", ".join(created[:6]) + (
                f" and {len(created) - 6} more" if len(created) > 6 else ""
            )
            label = self.area.partnership_label  # the area's own word: LCP, locality…
            word = label if label.isupper() else label.lower()
            if any(" (" in c for c in created):
                word = "partnership or sub-unit" if not label.isupper() else f"{label} or sub-unit"
            self.say(f"{source}: create {plural(len(created), word)} in {self.area.name}: {shown}.")
        return result
