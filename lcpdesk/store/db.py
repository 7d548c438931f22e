"""Opening the store: one SQLite file, migrated at start-up, one writer at a time."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError

from lcpdesk import paths
from lcpdesk.errors import StoreError

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy say BEGIN itself (see _on_begin): pysqlite's own transaction handling
    # commits before DDL, so a failing migration would leave half its tables behind.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous = NORMAL")
    # No checkpoint inside a writer's commit: Store checkpoints after each write, off its thread.
    cursor.execute("PRAGMA wal_autocheckpoint = 0")
    cursor.close()


def _on_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN")


def make_engine(db_file: Path) -> Engine:
    engine = create_engine(f"sqlite:///{db_file}", future=True)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


class Store:
    """The open store. Reads may run anywhere; writes are serialised by one lock."""

    def __init__(self, db_file: Path, engine: Engine) -> None:
        self.path = db_file
        self.engine = engine
        self._write_lock = threading.RLock()
        self._checkpoint_lock = threading.Lock()
        self._checkpoint_wanted = False
        self._checkpointer: threading.Thread | None = None

    @contextmanager
    def read(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except OperationalError as exc:
            raise _explain(exc, self.path) from exc

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction: everything inside is written, or nothing is."""
        with self._write_lock:
            try:
                with self.engine.begin() as conn:
                    yield conn
            except OperationalError as exc:
                raise _explain(exc, self.path) from exc
        self._checkpoint_soon()

    def _checkpoint_soon(self) -> None:
        """Copy what was committed from the write-ahead log into the data file, on a thread.

        SQLite would otherwise do it (and wait for the disk) inside the commit of any write
        that fills the log: ~0.1 s at the end of importing a national file. Readers and the
        next writer carry on meanwhile; :meth:`close` waits for it.
        """
        with self._checkpoint_lock:
            self._checkpoint_wanted = True
            if self._checkpointer is None:
                self._checkpointer = threading.Thread(
                    target=self._checkpoint, name="lcpdesk-checkpoint", daemon=True
                )
                self._checkpointer.start()

    def _checkpoint(self) -> None:
        while True:
            with self._checkpoint_lock:
                if not self._checkpoint_wanted:
                    self._checkpointer = None
                    return
                self._checkpoint_wanted = False
            try:
                conn = sqlite3.connect(str(self.path), isolation_level=None)
                try:
                    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
                finally:
                    conn.close()
            except sqlite3.Error as exc:  # the next write, or closing, checkpoints again
                log.warning("checkpoint of %s failed: %s", self.path, exc)

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
            except OperationalError as exc:
                raise _explain(exc, self.path) from exc

    def close(self) -> None:
        with self._checkpoint_lock:
            running = self._checkpointer
        if running is not None:
            running.join()
        self.engine.dispose()


def _explain(exc: DatabaseError, db_file: Path) -> StoreError:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    if "locked" in text or "busy" in text:
        return StoreError(
            f"The data file {db_file} is being written by another program.",
            hint="Close any other copy of lcpdesk using this data folder and try again.",
        )
    if "disk" in text and ("full" in text or "I/O" in text):
        return StoreError(
            f"The data file {db_file} could not be written: the disk is full or failing.",
            hint="Free some disk space and try again; nothing was changed.",
        )
    if "readonly" in text or "read-only" in text:
        return StoreError(
            f"The data file {db_file} is read-only.",
            hint="Choose a data folder you can write to (--data-dir).",
        )
    if "not a database" in text or "malformed" in text:
        return StoreError(
            f"The data file {db_file} is damaged or is not an lcpdesk data file.",
            hint=f"Restore a copy from {paths.backups_dir(db_file.parent)} or choose another "
            "data folder.",
        )
    return StoreError(f"The data file {db_file} could not be used: {text}")


def backup_sqlite(db_file: Path, target: Path) -> Path:
    """Copy a live SQLite database consistently with SQLite's backup API."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(str(db_file))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def open_store(data_dir: Path, *, migrate: bool = True) -> Store:
    """Open (creating if needed) ``lcpdesk.sqlite`` in ``data_dir`` and bring its schema up to date.

    A database from a newer lcpdesk is refused with :class:`StoreError`.
    """
    from lcpdesk.store import migrate as migrations

    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"The data folder {data_dir} cannot be created: {exc.strerror}.",
            hint="Choose a folder you can write to with --data-dir.",
        ) from exc
    db_file = paths.store_path(data_dir)
    engine = make_engine(db_file)
    store = Store(db_file, engine)
    try:
        # Check the file is ours and not from a newer lcpdesk *before* anything writes to it
        # (switching to WAL rewrites the file header).
        migrations.check_compatible(store)
        with engine.connect() as conn:  # on the driver: WAL cannot be set inside BEGIN
            raw = conn.connection.driver_connection
            assert raw is not None
            mode = raw.execute("PRAGMA journal_mode = WAL").fetchone()
            log.debug("journal mode %s", mode)
        if migrate:
            migrations.upgrade_to_head(store)
    except IntegrityError:
        store.close()
        raise
    except DatabaseError as exc:  # locked, read-only, not a database, damaged
        store.close()
        raise _explain(exc, db_file) from exc
    except BaseException:
        store.close()
        raise
    return store
