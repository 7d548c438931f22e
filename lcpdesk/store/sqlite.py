"""Everything particular to SQLite, in one place behind ``Store`` (see ``store/dialect.py``).

The connection settings (PRAGMAs), the write-ahead-log checkpoint thread, the backup API,
SQLite's error texts, its catalogue (``sqlite_master``), and the driver-level SQL (``?``
parameters, ``json_each``, ``GLOB``) of the few reads too big for SQLAlchemy's per-row work.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event
from sqlalchemy.exc import DatabaseError, IntegrityError

from lcpdesk.domain.rules import RESIDENCE_GLOBS
from lcpdesk.errors import StoreError
from lcpdesk.store.damage import DamagedStore, shorten
from lcpdesk.store.dialect import BlockImage, BlockRow

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000


# -- connections -------------------------------------------------------------------------


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy say BEGIN itself (see _on_begin): pysqlite's own transaction handling
    # commits before DDL, so a failing migration would leave half its tables behind.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous = NORMAL")
    # No checkpoint inside a writer's commit: the backend checkpoints after each write, off
    # the writer's thread.
    cursor.execute("PRAGMA wal_autocheckpoint = 0")
    cursor.close()


def _on_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN")


def make_engine(db_file: Path) -> Engine:
    engine = create_engine(URL.create("sqlite", database=str(db_file)))
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def _rows(conn: Connection, sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
    """All rows of a query, fetched by the SQLite driver itself in one call.

    For the big reads (~33,000 LSOAs, ~6,500 blocks): SQLAlchemy's per-row work would cost
    more than the query. It runs on the connection's own transaction.
    """
    raw = conn.connection.driver_connection
    assert raw is not None
    return raw.execute(sql, parameters).fetchall()  # type: ignore[no-any-return]


def _all(conn: Connection, sql: str, parameters: tuple[Any, ...] = ()) -> list[Any]:
    """All rows of a small query, through SQLAlchemy (its errors wrapped as it wraps them)."""
    return list(conn.exec_driver_sql(sql, parameters).all())


# -- the file ------------------------------------------------------------------------------


def backup_file(db_file: Path, target: Path) -> Path:
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


HEADER = b"SQLite format 3\x00"


def explain(exc: DatabaseError | sqlite3.Error, db_file: Path) -> StoreError:
    """A plain message for an error SQLite raised about ``db_file``."""
    orig = getattr(exc, "orig", None)
    text = str(orig) if orig is not None else str(exc)
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
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return DamagedStore(
            f"{db_file} is damaged or is not an lcpdesk data file (SQLite: {shorten(text, 80)})"
        )
    return StoreError(f"The data file {db_file} could not be used: {shorten(text)}")


def translate(exc: Exception, db_file: Path) -> StoreError | None:
    """The plain message for an error SQLite or its driver raised; None for anything else
    (and for a broken constraint, which the services explain themselves)."""
    if isinstance(exc, IntegrityError | sqlite3.IntegrityError):
        return None
    if isinstance(exc, DatabaseError | sqlite3.DatabaseError):
        return explain(exc, db_file)
    return None


def check_file(db_file: Path) -> None:
    """Refuse an empty (0-byte) or foreign file where the store should be: never replaced."""
    try:
        with db_file.open("rb") as f:
            head = f.read(len(HEADER))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(
            f"The data file {db_file} cannot be read: {exc.strerror}.",
            hint="Close any program holding it, or choose another data folder (--data-dir).",
        ) from exc
    if not head:
        raise DamagedStore(
            f"{db_file} is empty (0 bytes), as a full disk or an interrupted copy leaves it; "
            "it has been left as it is",
            hint="Restore the newest good backup (`lcpdesk restore FILE`, or File > Backups), "
            "or move the empty file away to start with a new store.",
        )
    if head != HEADER:
        raise DamagedStore(
            "it does not begin as an SQLite database does",
            message=f"{db_file} is damaged or is not an lcpdesk data file (it does not begin "
            "as an SQLite database does); it has been left as it is.",
            hint="Restore the newest good backup (`lcpdesk restore FILE`), or choose another "
            "data folder (--data-dir).",
        )


class SqliteBackend:
    """One SQLite file in write-ahead-log mode, checkpointed on a thread after each write."""

    def __init__(self, db_file: Path) -> None:
        self.path = db_file
        self.engine = make_engine(db_file)
        self._checkpoint_lock = threading.Lock()
        self._checkpoint_wanted = False
        self._checkpointer: threading.Thread | None = None

    def prepare(self) -> None:
        with self.engine.connect() as conn:  # on the driver: WAL cannot be set inside BEGIN
            raw = conn.connection.driver_connection
            assert raw is not None
            mode = raw.execute("PRAGMA journal_mode = WAL").fetchone()
            log.debug("journal mode %s", mode)

    def after_write(self) -> None:
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

    def wait_for_checkpoint(self, timeout: float | None = None) -> None:
        """Wait until the write-ahead log has been copied into the data file."""
        with self._checkpoint_lock:
            running = self._checkpointer
        if running is not None:
            running.join(timeout)

    def close(self) -> None:
        self.wait_for_checkpoint()
        self.engine.dispose()

    def explain(self, exc: DatabaseError) -> StoreError:
        return explain(exc, self.path)

    def translate(self, exc: Exception) -> StoreError | None:
        return translate(exc, self.path)

    def backup(self, target: Path) -> Path:
        return backup_file(self.path, target)

    def damage(self, *, quick: bool) -> list[str]:
        return file_damage(self.path, quick=quick)


# The big table whose rows carry their own checksums (checked as they are read): the quick
# check at start-up cross-checks the indexes of every other table, as cheap as they are small.
_CHECKSUMMED = frozenset({"registration_block"})


def _small_tables_damage(conn: sqlite3.Connection) -> list[str]:
    tables = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        if name not in _CHECKSUMMED
    ]
    for name in tables:
        found = [str(r[0]) for r in conn.execute(f'PRAGMA integrity_check("{name}")')]
        if found != ["ok"]:
            return found
    return ["ok"]


def file_damage(db_file: Path, *, quick: bool = False, limit: int = 20) -> list[str]:
    """What SQLite's own check finds wrong with ``db_file`` (quick: without the index
    cross-checks), at most ``limit`` findings; [] when it is sound."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        check_file(db_file)
        conn = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            found = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}({limit})")]
            if quick and found == ["ok"]:
                found = _small_tables_damage(conn)
        finally:
            conn.close()
    except StoreError as exc:
        return [exc.message]
    except sqlite3.Error as exc:
        return [f"it cannot be read ({shorten(exc, 120)})"]
    return [] if found == ["ok"] else [shorten(f, 200) for f in found]


def open_backend(url: URL) -> SqliteBackend:
    """The backend for ``sqlite:///path/to/file.sqlite``, making the file's folder if needed."""
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise StoreError(
            f"The database URL {url.render_as_string()} names no file.",
            hint="Give a file, e.g. sqlite:///C:/data/lcpdesk.sqlite, or a data folder.",
        )
    db_file = Path(url.database)
    folder = db_file.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"The data folder {folder} cannot be created: {exc.strerror}.",
            hint="Choose a folder you can write to with --data-dir.",
        ) from exc
    check_file(db_file)
    return SqliteBackend(db_file)


# -- queries -------------------------------------------------------------------------------


class SqliteDialect:
    """The repositories' SQLite-specific queries (see :class:`lcpdesk.store.dialect.Dialect`)."""

    name = "sqlite"

    def lsoa_id_by_code(self, conn: Connection) -> dict[str, int]:
        return dict(_rows(conn, "SELECT code, id FROM lsoa"))

    def lsoa_code_by_id(self, conn: Connection) -> dict[int, str]:
        return dict(_rows(conn, "SELECT id, code FROM lsoa"))

    def highest_lsoa_id(self, conn: Connection) -> int | None:
        ((highest,),) = _rows(conn, "SELECT max(id) FROM lsoa")
        return int(highest) if highest is not None else None

    def add_lsoas(self, conn: Connection, first_id: int, codes: Sequence[str]) -> None:
        conn.exec_driver_sql(
            "INSERT INTO lsoa (id, code) SELECT key + ?, value FROM json_each(?)",
            (first_id, json.dumps(list(codes))),
        )

    def english_lsoa_ids(self, conn: Connection) -> list[int]:
        where = " OR ".join(["code GLOB ?"] * len(RESIDENCE_GLOBS))
        return [i for (i,) in _rows(conn, f"SELECT id FROM lsoa WHERE {where}", RESIDENCE_GLOBS)]

    def footprint_lsoa_homes(self, conn: Connection, area_id: int) -> list[tuple[int, int]]:
        return [
            (int(i), int(pid))
            for i, pid in _rows(
                conn,
                "SELECT lsoa.id, footprint.partnership_id FROM footprint "
                "JOIN lsoa ON lsoa.code = footprint.lsoa_code WHERE footprint.area_id = ?",
                (area_id,),
            )
        ]

    def block_rows(self, conn: Connection, when: dt.date) -> list[BlockRow]:
        return _rows(
            conn,
            "SELECT practice_code, lsoa_ids, patients, total, checksum FROM registration_block "
            "WHERE extract_date = ?",
            (str(when),),
        )

    def block_images(self, conn: Connection, when: dt.date) -> list[BlockImage]:
        return _rows(
            conn,
            "SELECT practice_code, lsoa_ids, patients, total, source, checksum "
            "FROM registration_block "
            "WHERE extract_date = ?",
            (str(when),),
        )

    def insert_blocks(self, conn: Connection, when: dt.date, rows: Sequence[BlockImage]) -> None:
        conn.exec_driver_sql(
            "INSERT INTO registration_block "
            "(extract_date, practice_code, lsoa_ids, patients, total, source, checksum) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(when.isoformat(), *row) for row in rows],
        )

    def user_tables(self, conn: Connection) -> list[str]:
        return [
            name
            for (name,) in _all(
                conn,
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'",
            )
        ]

    def has_table(self, conn: Connection, name: str) -> bool:
        found = _all(conn, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,))
        return bool(found)

    @contextmanager
    def foreign_keys_deferred(self, conn: Connection) -> Iterator[None]:
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys = OFF")  # only takes effect outside a transaction
        try:
            yield
        finally:
            raw.execute("PRAGMA foreign_keys = ON")

    def broken_links(self, conn: Connection) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in _all(conn, "PRAGMA foreign_key_check")]


DIALECT = SqliteDialect()
