"""Checking the store: the full check (``lcpdesk check``) and the quick one made at start-up."""

from __future__ import annotations

from lcpdesk.store.damage import DamagedStore, shorten
from lcpdesk.store.db import Store
from lcpdesk.store.integrity import CheckReport, full_check, quick_check

__all__ = ["CheckReport", "ensure_sound", "full_check", "quick_check"]


def ensure_sound(store: Store) -> None:
    """The start-up check: :class:`DamagedStore` when SQLite's quick check finds damage."""
    report = quick_check(store)
    if not report.ok:
        raise DamagedStore(f"{store.path}: {shorten('; '.join(report.problems), 300)}")
