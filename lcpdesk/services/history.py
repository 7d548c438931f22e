"""Undo and redo of a recorded change, the one way for every kind of edit and import.

Every service writes through a :class:`~lcpdesk.store.changes.Recorder` and returns the
:class:`~lcpdesk.store.changes.ChangeSet`; these two functions write it back (undo) or again
(redo), small or large alike, in one transaction. When ``cancelled()`` is true before the
transaction commits, they raise :class:`~lcpdesk.errors.Cancelled` and keep nothing (a large
undo runs in a worker with a Cancel button). A store that no longer matches the change set
is refused with :class:`~lcpdesk.store.changes.ChangeConflict` (a ``StoreError``), and
nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable

from lcpdesk.errors import Cancelled
from lcpdesk.store.changes import ChangeSet, reapply, revert
from lcpdesk.store.db import Store

CancelledFn = Callable[[], bool]


def undo(store: Store, changeset: ChangeSet, cancelled: CancelledFn | None = None) -> None:
    """Put back every row ``changeset`` touched as it was before."""
    with store.write() as conn:
        revert(conn, changeset, cancelled)
        _stop_if(cancelled)


def redo(store: Store, changeset: ChangeSet, cancelled: CancelledFn | None = None) -> None:
    """Write every row ``changeset`` touched as the change left it."""
    with store.write() as conn:
        reapply(conn, changeset, cancelled)
        _stop_if(cancelled)


def _stop_if(cancelled: CancelledFn | None) -> None:
    if cancelled is not None and cancelled():
        raise Cancelled()
