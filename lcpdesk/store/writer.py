"""One writer per store: a lock held by the copy of lcpdesk that writes, and a warning when the
store would live in a synced or network folder.

The lock is the operating system's lock on ``lcpdesk.sqlite.lock`` beside the store, so it goes
when its process does: a lock left by a killed lcpdesk is never in the way. The file also says
who holds it, for the message a second copy shows.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path
from typing import IO

from lcpdesk import clock
from lcpdesk.errors import StoreError

_INFO_AT = 16  # the holder's details start here (Windows locks byte 0 only)
# Folder names of the usual sync clients; a store inside one is copied about while written.
_SYNCED = ("onedrive", "dropbox", "google drive", "googledrive", "icloud", "box sync", "nextcloud")


class WriterLock:
    def __init__(self, db_file: Path) -> None:
        self.path = db_file.with_name(db_file.name + ".lock")
        self._handle: IO[bytes] | None = None

    def acquire(self) -> None:
        """Take the lock, or :class:`StoreError` saying who holds it."""
        if self._handle is not None:
            return
        try:
            handle = self.path.open("a+b")
        except OSError as exc:
            raise StoreError(
                f"The lock file {self.path} cannot be written: {exc.strerror}.",
                hint="Choose a data folder you can write to (--data-dir).",
            ) from exc
        if not _try_lock(handle):
            holder = _holder(handle)
            handle.close()
            raise StoreError(
                f"Another copy of lcpdesk is writing to {self.path.with_suffix('')} ({holder}).",
                hint="Close it (or wait for its command to finish) and try again. Only one "
                "copy writes at a time, so that nothing is lost.",
            )
        self._handle = handle
        stamp = clock.now().isoformat(timespec="seconds")
        try:  # who holds it, for the message of a second copy (not needed for the lock)
            handle.seek(_INFO_AT)
            handle.truncate()
            handle.write(f"process {os.getpid()} on {socket.gethostname()} since {stamp}".encode())
            handle.flush()
        except OSError:
            pass

    def release(self) -> None:
        if self._handle is not None:
            _unlock(self._handle)
            self._handle.close()
            self._handle = None


def _holder(handle: IO[bytes]) -> str:
    try:
        handle.seek(_INFO_AT)
        text = handle.read(200).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return text or "a process that did not say who it is"


if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def synced_folder(db_file: Path) -> str:
    """Why ``db_file`` is in a synced or network folder ("" when it is not)."""
    path = Path(os.path.abspath(db_file))
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return "a network folder"
    for variable in ("OneDrive", "OneDriveCommercial", "OneDriveConsumer"):
        root = os.environ.get(variable)
        if root and path.is_relative_to(Path(root)):
            return "a OneDrive folder"
    for part in path.parts[:-1]:
        lowered = part.lower()
        for name in _SYNCED:
            if lowered.startswith(name):
                return f"a folder synced by {part.split(' - ')[0]}"
    return ""


def synced_warning(db_file: Path) -> str:
    """The warning for a store in a synced or network folder ("" when it is not in one)."""
    why = synced_folder(db_file)
    if not why:
        return ""
    return (
        f"The data file {db_file} is in {why}. Syncing copies the file while lcpdesk writes "
        "it, which can damage it or bring back old data. Keep it in a local folder (the "
        "default, or --data-dir) and let lcpdesk's backups keep copies."
    )
