"""Checking the store: the full check (``lcpdesk check``) and the quick one made at start-up."""

from __future__ import annotations

import logging
from pathlib import Path

from lcpdesk.store.damage import DamagedStore, shorten
from lcpdesk.store.db import Store
from lcpdesk.store.integrity import CheckReport, damage_of, full_check, quick_check

log = logging.getLogger(__name__)

__all__ = ["CheckReport", "damage_message", "ensure_sound", "full_check", "quick_check"]


def ensure_sound(store: Store) -> None:
    """The start-up check: :class:`DamagedStore` when SQLite's quick check finds damage."""
    report = quick_check(store)
    if not report.ok:
        raise DamagedStore(f"{store.path}: {shorten('; '.join(report.problems), 300)}")


def damage_message(data_dir: Path, exc: BaseException) -> DamagedStore | None:
    """After an unexpected error ``exc``: the message to show instead of a crash report when
    the store in ``data_dir`` turns out to be damaged; None when it is sound (a bug)."""
    try:
        found = damage_of(data_dir)
    except Exception:  # the check itself failed: the file cannot be read
        found = ["it cannot be read"]
    if not found:
        return None
    log.error("error on a damaged store: %s", shorten(repr(exc), 400))
    return DamagedStore(shorten("; ".join(found), 300))
