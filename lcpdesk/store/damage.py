"""What the store says when its data file is damaged, and the checks that find it."""

from __future__ import annotations

from lcpdesk.errors import StoreError, shorten

__all__ = ["RESTORE_HINT", "DamagedStore", "shorten"]

# What to do, said the same way by every message about a damaged store.
RESTORE_HINT = (
    "Nothing was changed. Run `lcpdesk check` to see what is damaged, and restore the newest "
    "good backup (`lcpdesk restore FILE`, or File > Backups in the window)."
)


class DamagedStore(StoreError):
    """The data file is damaged: a figure read from it would be wrong, so it is not shown."""

    def __init__(self, what: str, *, hint: str = RESTORE_HINT, message: str = "") -> None:
        super().__init__(message or f"The data file is damaged: {what}.", hint=hint)
        self.what = what
