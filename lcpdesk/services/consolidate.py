"""Consolidating a folder of returns for an area and quarter (the programme office's "returns
in"): read every workbook (in worker processes), check each against the store, keep for each
partnership the newest return that passes, write each accepted one all or nothing, and list
every other file with its reasons. One writer: results are applied one by one here.

Which return is newest: the later sign-off date, then completion date, then file time. A file
read before (same SHA-256) is "already read" and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lcpdesk.domain import periods
from lcpdesk.domain.model import Partnership
from lcpdesk.domain.returns import ReturnProblem
from lcpdesk.errors import Cancelled, InputError
from lcpdesk.services import history, returns_files
from lcpdesk.services.consolidate_read import Read, read_all, with_locator
from lcpdesk.services.membership import MembershipService
from lcpdesk.services.returns import ReturnPreview, ReturnsService
from lcpdesk.store import returns_repo, returns_sent
from lcpdesk.store.changes import ChangeSet
from lcpdesk.store.db import Store

Progress = Callable[[float, str], None]
IsCancelled = Callable[[], bool]

ACCEPTED, REFUSED, SUPERSEDED = "accepted", "refused", "superseded"
ALREADY, SKIPPED = "already read", "skipped"
_FINE = (ACCEPTED, ALREADY, SKIPPED)


@dataclass(frozen=True)
class FileOutcome:
    file_name: str
    status: str  # ACCEPTED, REFUSED, SUPERSEDED, ALREADY or SKIPPED
    partnership: str = ""
    reasons: tuple[str, ...] = ()


@dataclass
class Consolidation:
    area: str
    period: str
    files: list[FileOutcome] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # partnerships with no accepted return
    changes: list[ChangeSet] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return all(f.status in _FINE for f in self.files)

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    def lines(self) -> list[str]:
        """The summary as text (the CLI prints it; the pane shows it)."""
        verb = "would be accepted" if self.dry_run else ACCEPTED
        out = [f"Returns for {self.area}, {self.period}: {len(self.files)} file(s)"]
        for f in sorted(self.files, key=lambda f: (f.status != ACCEPTED, f.file_name.casefold())):
            status = verb if f.status == ACCEPTED else f.status
            who = f" ({f.partnership})" if f.partnership else ""
            out.append(f"  {f.file_name}{who}: {status}")
            out.extend(f"      {r}" for r in f.reasons)
        counts = ", ".join(
            f"{self.count(s)} {verb if s == ACCEPTED else s}"
            for s in (ACCEPTED, REFUSED, SUPERSEDED, ALREADY, SKIPPED)
            if self.count(s)
        )
        out.append(f"Summary: {counts or 'no files'}.")
        if self.missing:
            out.append(f"Missing ({len(self.missing)}): {', '.join(self.missing)}")
        if self.dry_run:
            out.append("Dry run: nothing was written.")
        return out


@dataclass
class _Candidate:
    preview: ReturnPreview
    mtime: float

    @property
    def newness(self) -> tuple[dt.date, dt.date, float]:
        c = self.preview.content
        cover = c.cover if c is not None else None
        signed = (cover.signed_off_on if cover else None) or dt.date.min
        completed = (cover.completed_on if cover else None) or dt.date.min
        return signed, completed, self.mtime


def partnerships_of(store: Store, area_name: str) -> tuple[str, list[Partnership]]:
    """The area's name as stored and its partnerships (sub-units send no return of their own)."""
    service = MembershipService(store)
    area = service.area_named(area_name)
    return area.name, [p for p in service.partnerships(area.id) if not p.is_subunit]


def consolidate(
    store: Store,
    folder: Path,
    area_name: str,
    period: str,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> Consolidation:
    if not folder.is_dir():
        raise InputError(f"'{folder}' is not a folder.", hint="Give the folder of returns.")
    is_cancelled = cancelled or (lambda: False)
    say = progress or (lambda _f, _t: None)
    area, units = partnerships_of(store, area_name)
    chosen = str(periods.parse(period))
    run = _Run(store, area, units, chosen, dry_run)
    to_read = run.sort_files(sorted(p for p in folder.iterdir() if p.is_file()))
    say(0.0, f"Reading {len(to_read)} return(s)…")
    try:
        for done, read in enumerate(read_all(to_read, is_cancelled), start=1):
            run.check(read)
            say(
                0.95 * done / max(1, len(to_read)),
                f"Read {done} of {len(to_read)}: {read.path.name}",
            )
        if is_cancelled():
            raise Cancelled()
    except BaseException:
        run.undo()
        raise
    say(0.95, "Keeping the records…")
    run.finish()
    say(1.0, "Done")
    return run.result


class _Run:
    def __init__(
        self, store: Store, area: str, units: list[Partnership], period: str, dry_run: bool
    ) -> None:
        self.store, self.area, self.period, self.dry_run = store, area, period, dry_run
        self.units = {" ".join(u.name.split()).casefold(): u for u in units}
        self.names = {u.id: u.name for u in units}
        self.service = ReturnsService(store)
        self.result = Consolidation(area, period, dry_run=dry_run)
        self.refused: list[ReturnPreview] = []
        self.taken: dict[int, tuple[_Candidate, ChangeSet | None]] = {}
        self.superseded: list[tuple[ReturnPreview, str]] = []
        self.stored = self._stored_accepted()
        self.mtimes: dict[Path, float] = {}
        self.hashes: dict[Path, str] = {}

    def outcome(
        self, path: Path, status: str, who: str = "", reasons: tuple[str, ...] = ()
    ) -> None:
        self.result.files.append(FileOutcome(path.name, status, who, reasons))

    def sort_files(self, paths: list[Path]) -> list[Path]:
        """Outcomes for files that need no reading; the workbooks left to read."""
        with self.store.read() as conn:
            known = returns_sent.known_hashes(conn)
        seen: dict[str, Path] = {}
        to_read = []
        for path in paths:
            if path.name.startswith("~$"):
                self.outcome(path, SKIPPED, reasons=("Excel's lock file (a workbook is open)",))
                continue
            try:
                digest = returns_files.sha256_of(path)
                self.mtimes[path] = path.stat().st_mtime
            except OSError as exc:
                why = f"the file cannot be read ({exc.strerror or exc}); is it open or locked?"
                self.outcome(path, REFUSED, reasons=(why,))
                continue
            self.hashes[path] = digest
            if digest in known:
                self.outcome(path, ALREADY, reasons=(f"read before ({known[digest]})",))
            elif digest in seen:
                self.outcome(path, ALREADY, reasons=(f"the same file as {seen[digest].name}",))
            elif path.suffix.lower() not in returns_files.WORKBOOK_SUFFIXES:
                why = "not a workbook (.xlsx, .xlsm, .xls or .ods)"
                self.refuse(ReturnPreview(None, None, self.period, file_name=path.name,
                                          sha256=digest), path, why)  # fmt: skip
            else:
                seen[digest] = path
                to_read.append(path)
        return to_read

    def refuse(self, preview: ReturnPreview, path: Path, *extra: str) -> None:
        reasons = (*extra, *(str(p) for p in preview.problems))
        self.outcome(path, REFUSED, self._who(preview), reasons)
        if extra:
            preview = ReturnPreview(
                preview.content,
                preview.partnership_id,
                preview.period,
                preview.sections,
                (*(ReturnProblem(e) for e in extra), *preview.problems),
                preview.file_name,
                preview.sha256,
            )
        self.refused.append(preview)

    def _who(self, preview: ReturnPreview) -> str:
        if preview.partnership_id is not None and preview.partnership_id in self.names:
            return self.names[preview.partnership_id]
        return preview.content.cover.partnership if preview.content is not None else ""

    def check(self, read: Read) -> None:
        digest = self.hashes[read.path]
        bare = ReturnPreview(None, None, self.period, file_name=read.path.name, sha256=digest)
        if read.read is None:
            return self.refuse(bare, read.path, read.error)
        found = with_locator(read.read)
        content = found.content
        if content is None:
            problems = found.problems or (ReturnProblem("this workbook is not a return"),)
            return self.refuse(ReturnPreview(None, None, self.period, (), problems,
                                             read.path.name, digest), read.path)  # fmt: skip
        cover = content.cover
        unit = self.units.get(" ".join(cover.partnership.split()).casefold())
        other_area = cover.area.strip() and cover.area.strip().casefold() != self.area.casefold()
        if other_area or unit is None:
            where = found.locate("cover.partnership", None)
            text = (
                f"a return for {cover.area.strip()}, not {self.area}"
                if other_area
                else f"'{cover.partnership}' is not a partnership of {self.area}"
            )
            problems = (ReturnProblem(text, where), *found.problems)
            return self.refuse(ReturnPreview(content, None, self.period, (), problems,
                                             read.path.name, digest), read.path)  # fmt: skip
        preview = ReturnPreview(content, unit.id, self.period, (), found.problems,
                                read.path.name, digest, found.locate)  # fmt: skip
        if self.dry_run or found.problems:  # every reason, or what a dry run would do
            preview = self._previewed(preview)
            if preview.refused:
                return self.refuse(preview, read.path)
        self.offer(_Candidate(preview, self.mtimes[read.path]))
        return None

    def _previewed(self, bare: ReturnPreview) -> ReturnPreview:
        return self.service.preview(
            bare.content,
            bare.problems,
            partnership_id=bare.partnership_id,
            period=self.period,
            file_name=bare.file_name,
            sha256=bare.sha256,
            locate=bare.locate,
        )

    def offer(self, candidate: _Candidate) -> None:
        """Take a return as it is read: the newest passing return of each partnership is
        written (checked and written in one transaction), a newer one arriving later
        replaces it (the earlier is undone exactly), older ones are superseded or refused."""
        preview = candidate.preview
        unit_id = preview.partnership_id
        assert unit_id is not None
        name = self.names[unit_id]
        before = self.stored.get(unit_id)
        if before is not None and (before.signed_off_on or dt.date.min) > candidate.newness[0]:
            why = f"the return accepted before ({before.file_name}) is newer"
            return self._supersede(self._checked(preview), name, why)
        held = self.taken.get(unit_id)
        if held is not None and held[0].newness >= candidate.newness:
            why = f"a second return for {name}: the newer {held[0].preview.file_name} was taken"
            return self._supersede(self._checked(preview), name, why)
        if held is not None and held[1] is not None:
            history.undo(self.store, held[1])
        changes, preview = self._write(preview)
        if preview.refused:
            if held is not None and held[1] is not None:
                history.redo(self.store, held[1])
            return self.refuse(preview, Path(preview.file_name))
        if held is not None:
            why = f"a second return for {name}: the newer {preview.file_name} was taken"
            self._supersede(held[0].preview, name, why)
        self.taken[unit_id] = (_Candidate(preview, candidate.mtime), changes)
        return None

    def _write(self, preview: ReturnPreview) -> tuple[ChangeSet | None, ReturnPreview]:
        if self.dry_run:  # previewed when read
            return None, preview
        return self.service.apply_if_clean(preview)

    def _checked(self, preview: ReturnPreview) -> ReturnPreview:
        return preview if self.dry_run else self._previewed(preview)

    def _supersede(self, preview: ReturnPreview, name: str, why: str) -> None:
        if preview.refused:
            self.refuse(preview, Path(preview.file_name))
        else:
            self.outcome(Path(preview.file_name), SUPERSEDED, name, (why,))
            self.superseded.append((preview, why))

    def undo(self) -> None:
        """Cancelled: the returns written so far are taken back, newest first."""
        for _candidate, changes in reversed(list(self.taken.values())):
            if changes is not None:
                history.undo(self.store, changes)
        self.taken.clear()

    def finish(self) -> None:
        """The records of the superseded and refused files, and older accepted returns marked
        superseded; the outcomes of the accepted ones, and the partnerships still missing."""
        here = (self.area, self.period)
        for unit_id, (candidate, changes) in self.taken.items():
            self.outcome(Path(candidate.preview.file_name), ACCEPTED, self.names[unit_id])
            if changes is not None:
                self.result.changes.append(changes)
        if not self.dry_run:
            for unit_id, (candidate, _changes) in self.taken.items():
                old = [r.id for r in self.service.records(unit_id)
                       if r.status == ACCEPTED and r.period == self.period
                       and r.sha256 != candidate.preview.sha256]  # fmt: skip
                if old:
                    with self.store.write() as conn:
                        why = f"superseded by {candidate.preview.file_name}"
                        returns_sent.supersede(conn, old, why)
            for preview, why in self.superseded:
                self.service.refuse(preview, why, status=SUPERSEDED, filed_under=here)
            for preview in self.refused:
                self.service.refuse(preview, filed_under=here)
        have = set(self.taken) | set(self._stored_accepted())
        self.result.missing = [n for i, n in self.names.items() if i not in have]

    def _stored_accepted(self) -> dict[int, returns_repo.ReturnRecord]:
        newest: dict[int, returns_repo.ReturnRecord] = {}
        for r in self.service.records():  # newest first
            if r.status == ACCEPTED and r.period == self.period and r.partnership_id:
                newest.setdefault(r.partnership_id, r)
        return newest
