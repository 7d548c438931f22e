"""Opening the store: one database (an SQLite file by default), migrated at start-up, one writer
at a time."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError

from lcpdesk import paths
from lcpdesk.errors import StoreError
from lcpdesk.store import dialect
from lcpdesk.store.dialect import Backend
from lcpdesk.store.writer import WriterLock

log = logging.getLogger(__name__)


class Store:
    """The open store. Reads may run anywhere; writes are serialised by one lock.

    What is particular to the database it runs on is the ``backend``'s (``store/dialect.py``).
    """

    def __init__(self, backend: Backend, writer: WriterLock | None = None) -> None:
        self.backend = backend
        self.path = backend.path
        self.engine = backend.engine
        self._write_lock = threading.RLock()
        self._writer = writer  # held while open: no other copy of lcpdesk writes

    def _plain(self, exc: Exception) -> Exception:
        """The message for a database error (locked, full, damaged); other errors as they are."""
        found = self.backend.translate(exc)
        return exc if found is None else found

    @contextmanager
    def read(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except Exception as exc:
            plain = self._plain(exc)
            if plain is exc:
                raise
            raise plain from exc

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction: everything inside is written, or nothing is."""
        with self._write_lock:
            try:
                with self.engine.begin() as conn:
                    yield conn
            except Exception as exc:
                plain = self._plain(exc)
                if plain is exc:
                    raise
                raise plain from exc
        self.backend.after_write()

    @contextmanager
    def trial(self) -> Iterator[Connection]:
        """A write transaction that is always rolled back: for previews ("dry runs")."""
        with self._write_lock:
            try:
                with self.engine.connect() as conn:
                    transaction = conn.begin()
                    try:
                        yield conn
                    finally:
                        transaction.rollback()
            except Exception as exc:
                plain = self._plain(exc)
                if plain is exc:
                    raise
                raise plain from exc

    def backup(self, target: Path) -> Path:
        """A consistent copy of the live database at ``target``."""
        return self.backend.backup(target)

    def close(self) -> None:
        try:
            self.backend.close()
        finally:
            if self._writer is not None:
                self._writer.release()


def database_url(location: Path | str) -> URL:
    """The database of ``location``: a data folder (its ``lcpdesk.sqlite``) or a database URL
    such as ``sqlite:///C:/data/lcpdesk.sqlite``."""
    if isinstance(location, str) and "://" in location:
        try:
            return make_url(location)
        except ArgumentError as exc:
            raise StoreError(
                f"{location!r} is not a database URL lcpdesk can read.",
                hint="Give a data folder, or a URL such as sqlite:///C:/data/lcpdesk.sqlite.",
            ) from exc
    return URL.create("sqlite", database=str(paths.store_path(Path(location))))


def open_store(location: Path | str, *, migrate: bool = True, writer: bool = False) -> Store:
    """Open (creating if needed) the store at ``location`` and bring its schema up to date.

    ``location`` is a data folder (the store is its ``lcpdesk.sqlite``) or a database URL;
    a URL for a database lcpdesk does not know is refused with :class:`StoreError`, and so is
    a database from a newer lcpdesk. ``writer``: hold the writer lock while open (the window,
    a writing command), refused when another copy of lcpdesk holds it.
    """
    from lcpdesk.store import migrate as migrations

    url = database_url(location)
    backend: Backend = dialect.module_for(url.get_backend_name()).open_backend(url)
    created = not backend.path.exists()
    lock = WriterLock(backend.path) if writer else None
    if lock is not None:
        try:
            lock.acquire()
        except BaseException:
            backend.close()
            raise
    store = Store(backend, lock)
    try:
        # Check the file is ours and not from a newer lcpdesk *before* anything writes to it
        # (switching SQLite to WAL rewrites the file header).
        migrations.check_compatible(store)
        backend.prepare()
        if migrate:
            migrations.upgrade_to_head(store)
    except BaseException as exc:
        store.close()
        if created:
            _remove_new_file(backend.path)
        plain = backend.translate(exc) if isinstance(exc, Exception) else None
        if plain is not None:
            raise plain from exc
        raise
    return store


def _remove_new_file(db_file: Path) -> None:
    """A store this call began to create and could not finish (e.g. the disk is full): gone,
    so that no empty or half-made file is left where the store should be."""
    for part in (
        db_file,
        db_file.with_name(db_file.name + "-wal"),
        db_file.with_name(db_file.name + "-shm"),
    ):
        try:
            part.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not remove the unfinished store %s: %s", part, exc)
