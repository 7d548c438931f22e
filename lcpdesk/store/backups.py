"""Backups of the store: taken with the database's backup API (never by copying the live
file), each checked before older ones are let go, and restored only after a full check.

A backup is ``<data folder>/backups/lcpdesk-YYYYmmdd-HHMMSS-<reason>.sqlite``; the reason says
what came after it (``before-import``, ``before-restore``, ``daily``, ``manual``...).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lcpdesk import clock, paths
from lcpdesk.errors import StoreError
from lcpdesk.store.damage import DamagedStore, shorten
from lcpdesk.store.db import Store, open_store

log = logging.getLogger(__name__)

KEEP_NEWEST = 10  # the newest backups kept whatever their date
KEEP_DAYS = 14  # and the newest of each of the last days
_NAME = re.compile(r"^lcpdesk-(\d{8}-\d{6})(?:-(\d+))?-([a-z0-9_-]+)\.sqlite$")
_READABLE = {
    "before-import": "before an import",
    "before-consolidation": "before a consolidation",
    "before-restore": "before a restore",
    "daily": "first start of the day",
    "manual": "backed up on request",
}


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: dt.datetime
    reason: str  # as in the name, e.g. "before-import"
    size: int

    @property
    def what_came_after(self) -> str:
        if self.reason.startswith("before-schema-"):
            return f"before the upgrade to schema {self.reason.removeprefix('before-schema-')}"
        return _READABLE.get(self.reason, self.reason.replace("-", " "))


def folder_of(store: Store) -> Path:
    return paths.backups_dir(store.path.parent)


def list_backups(folder: Path) -> list[Backup]:
    """The backups in ``folder``, newest first."""
    found: list[Backup] = []
    if not folder.is_dir():
        return found
    for path in folder.glob("lcpdesk-*.sqlite"):
        m = _NAME.match(path.name)
        if m is None:
            continue
        taken = dt.datetime.strptime(m.group(1), "%Y%m%d-%H%M%S")
        try:
            size = path.stat().st_size
        except OSError:
            continue
        found.append(Backup(path, taken, m.group(3), size))
    return sorted(found, key=lambda b: (b.taken, b.path.name), reverse=True)


def _slug(reason: str) -> str:
    slug = re.sub(r"[^a-z0-9_]+", "-", reason.lower()).strip("-")
    return slug[:40] or "manual"


def name_for(folder: Path, reason: str, now: dt.datetime) -> Path:
    stamp = now.strftime("%Y%m%d-%H%M%S")
    target = folder / f"lcpdesk-{stamp}-{_slug(reason)}.sqlite"
    n = 1
    while target.exists():  # two in one second
        target = folder / f"lcpdesk-{stamp}-{n}-{_slug(reason)}.sqlite"
        n += 1
    return target


def verify(db_file: Path, *, migrate: bool = False) -> None:
    """Open ``db_file`` and run the full check on it; :class:`DamagedStore` when it fails.
    ``migrate``: bring it to the newest schema first (a file to restore, which may be old)."""
    from lcpdesk.store.integrity import full_check

    if not db_file.is_file():
        raise StoreError(f"{db_file} does not exist.", hint="Choose an existing backup file.")
    from lcpdesk.store import migrate as migrations
    from lcpdesk.store.integrity import CheckReport

    opened = open_store(f"sqlite:///{db_file}", migrate=migrate)
    try:
        if migrations.current_revision(opened) == migrations.HEAD:
            report = full_check(opened)
        else:  # an older schema (a backup before an upgrade): SQLite's own check
            report = CheckReport(problems=opened.backend.damage(quick=False))
    finally:
        opened.close()
    if not report.ok:
        raise DamagedStore(f"{db_file.name}: {shorten('; '.join(report.problems), 300)}")


def take(store: Store, reason: str, *, now: dt.datetime | None = None) -> Backup:
    """Back the store up now, check the copy, then let old backups go (:func:`rotate`)."""
    now = now or clock.now()
    folder = folder_of(store)
    target = name_for(folder, reason, now)
    partial = target.with_name(target.name + ".part")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        store.backup(partial)
        verify(partial)
        os.replace(partial, target)
    except OSError as exc:
        _discard(partial)
        raise StoreError(
            f"The backup could not be written to {folder}: {exc.strerror or exc}.",
            hint="Free some disk space and try again; the data file itself was not changed.",
        ) from exc
    except Exception as exc:
        _discard(partial)
        plain = store.backend.translate(exc)
        if plain is None:
            raise
        raise plain from exc
    log.info("backed up %s to %s (%s)", store.path, target, reason)
    rotate(folder, today=now.date())
    return Backup(target, now.replace(microsecond=0), _slug(reason), target.stat().st_size)


def _discard(path: Path) -> None:
    for part in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        part.unlink(missing_ok=True)


def rotate(
    folder: Path, *, today: dt.date, keep_newest: int = KEEP_NEWEST, keep_days: int = KEEP_DAYS
) -> list[Path]:
    """Remove backups beyond the newest ``keep_newest`` and the newest of each of the last
    ``keep_days`` days; returns what was removed."""
    backups = list_backups(folder)
    keep = {b.path for b in backups[:keep_newest]}
    seen_days: set[dt.date] = set()
    for b in backups:
        day = b.taken.date()
        if (today - day).days < keep_days and day not in seen_days:
            seen_days.add(day)
            keep.add(b.path)
    gone = [b.path for b in backups if b.path not in keep]
    for path in gone:
        path.unlink(missing_ok=True)
    return gone


def daily(store: Store, *, now: dt.datetime | None = None) -> Backup | None:
    """The first start of a day backs the store up (none when one was taken today)."""
    now = now or clock.now()
    if any(b.taken.date() == now.date() for b in list_backups(folder_of(store))):
        return None
    return take(store, "daily", now=now)


def newest_good(folder: Path) -> Backup | None:
    """The newest backup that passes the full check."""
    for backup in list_backups(folder):
        try:
            verify(backup.path, migrate=False)
        except StoreError as exc:
            log.warning("backup %s is not usable: %s", backup.path.name, exc)
            continue
        return backup
    return None


def restore(
    data_dir: Path,
    source: Path,
    *,
    close_current: Callable[[], None] | None = None,
    now: dt.datetime | None = None,
) -> Path:
    """Make the store of ``data_dir`` a copy of ``source``, an untrusted file: it is copied,
    migrated and fully checked before anything is replaced; the current store is backed up
    first (or, when damaged, kept beside the store as ``lcpdesk-damaged-<stamp>.sqlite``).
    Returns where the old store went. The current store must not be open."""
    now = now or clock.now()
    db_file = paths.store_path(data_dir)
    folder = paths.backups_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    candidate = folder / f"restoring-{now:%Y%m%d-%H%M%S}.sqlite"
    _discard(candidate)
    try:
        _copy_with_backup_api(source, candidate)
        verify(candidate, migrate=True)
    except BaseException:
        _discard(candidate)
        raise
    if close_current is not None:
        close_current()
    kept = _set_aside(data_dir, db_file, now)
    for suffix in ("-wal", "-shm"):  # the old file's log must never be applied to the new one
        Path(f"{db_file}{suffix}").unlink(missing_ok=True)
    os.replace(candidate, db_file)
    log.info("restored %s from %s; the previous store is %s", db_file, source, kept)
    return kept


def _copy_with_backup_api(source: Path, target: Path) -> None:
    from lcpdesk.store.sqlite import backup_file, check_file

    if not source.is_file():
        raise StoreError(f"{source} does not exist.", hint="Choose an existing backup file.")
    check_file(source)
    try:
        backup_file(source, target)
    except Exception as exc:
        raise DamagedStore(f"{source.name} cannot be read ({shorten(exc, 120)})") from exc


def _set_aside(data_dir: Path, db_file: Path, now: dt.datetime) -> Path:
    """Back the current store up before it is replaced; a damaged one is kept as it is."""
    if not db_file.exists():
        return db_file
    try:
        current = open_store(data_dir, migrate=False)
        try:
            return take(current, "before-restore", now=now).path
        finally:
            current.close()
    except Exception as exc:  # damaged: no backup of it can be checked
        log.warning("the store being replaced is not sound (%s): kept as it is", shorten(exc))
        return keep_damaged(db_file, now)


def keep_damaged(db_file: Path, now: dt.datetime | None = None) -> Path:
    """Move a damaged store (and its log files) aside, beside it, under a dated name."""
    now = now or clock.now()
    kept = db_file.with_name(f"lcpdesk-damaged-{now:%Y%m%d-%H%M%S}.sqlite")
    os.replace(db_file, kept)
    for suffix in ("-wal", "-shm"):
        part = Path(f"{db_file}{suffix}")
        if part.exists():
            os.replace(part, Path(f"{kept}{suffix}"))
    return kept
