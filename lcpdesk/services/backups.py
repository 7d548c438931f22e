"""Backups for the use cases: one before every import, consolidation and restore, one on the
first start of each day, and on request (see ``store/backups.py`` for how they are taken)."""

from __future__ import annotations

from pathlib import Path

from lcpdesk.store import backups as _store_backups
from lcpdesk.store.backups import Backup, keep_damaged, list_backups, newest_good, restore
from lcpdesk.store.db import Store

__all__ = [
    "Backup",
    "backup_before",
    "backup_now",
    "backups_of",
    "daily",
    "keep_damaged",
    "list_backups",
    "newest_good",
    "restore",
]


def backup_before(store: Store, reason: str) -> Backup:
    """Back the store up before a change that touches much of it: ``reason`` names the change
    ("import", "consolidation"), shown in the Backups list as "before a consolidation".
    Raises :class:`~lcpdesk.errors.StoreError` when the backup cannot be made or checked: the
    change should then not go ahead."""
    return _store_backups.take(store, f"before-{reason}")


def backup_now(store: Store) -> Backup:
    """A backup on request (``lcpdesk backup``, the Backups dialog)."""
    return _store_backups.take(store, "manual")


def daily(store: Store) -> Backup | None:
    """The first start of a day backs up the store; None when today's backup exists."""
    return _store_backups.daily(store)


def backups_of(data_dir: Path) -> list[Backup]:
    """The backups of the store in ``data_dir``, newest first."""
    from lcpdesk import paths

    return list_backups(paths.backups_dir(data_dir))
