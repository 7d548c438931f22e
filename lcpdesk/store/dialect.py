"""What the store asks of the database it runs on, beyond portable SQLAlchemy.

Everything particular to one database (driver-level SQL, its functions and pattern syntax,
its catalogue, its settings, its error texts, its backup) lives in one module per database
(``store/sqlite.py``) behind two small interfaces: :class:`Dialect` for the queries the
repositories run on a connection, and :class:`Backend` for the file or server a :class:`Store`
is opened on. A server database is then one more module named in :data:`_MODULES`.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DatabaseError

from lcpdesk.errors import StoreError

# (practice code, LSOA ids, patients, total, checksum) of a registration block, as stored
BlockRow = tuple[str, bytes, bytes, int, int]
# (practice code, LSOA ids, patients, total, source, checksum)
BlockImage = tuple[str, bytes, bytes, int, str, int]


class Dialect(Protocol):
    """The database-specific queries of the repositories (fast paths and catalogue)."""

    name: str

    def lsoa_id_by_code(self, conn: Connection) -> dict[str, int]: ...

    def lsoa_code_by_id(self, conn: Connection) -> dict[int, str]: ...

    def highest_lsoa_id(self, conn: Connection) -> int | None: ...

    def add_lsoas(self, conn: Connection, first_id: int, codes: Sequence[str]) -> None:
        """Insert ``codes`` numbered ``first_id``, ``first_id + 1``, ..., in one statement."""

    def english_lsoa_ids(self, conn: Connection) -> list[int]:
        """Ids of the stored LSOA codes where a home is known: English and Welsh LSOAs and
        Scottish data zones (``rules.is_residence_code``)."""

    def footprint_lsoa_homes(self, conn: Connection, area_id: int) -> list[tuple[int, int]]:
        """(LSOA id, partnership id) of every footprint LSOA of the area."""

    def block_rows(self, conn: Connection, when: dt.date) -> list[BlockRow]: ...

    def block_images(self, conn: Connection, when: dt.date) -> list[BlockImage]: ...

    def insert_blocks(
        self, conn: Connection, when: dt.date, rows: Sequence[BlockImage]
    ) -> None: ...

    def user_tables(self, conn: Connection) -> list[str]: ...

    def has_table(self, conn: Connection, name: str) -> bool: ...

    def foreign_keys_deferred(self, conn: Connection) -> AbstractContextManager[None]:
        """Around a migration: foreign keys not enforced row by row (a table rebuild must not
        cascade-delete rows); checked with :meth:`broken_links` before commit."""

    def broken_links(self, conn: Connection) -> list[tuple[Any, ...]]:
        """Rows whose foreign keys point at nothing (first item: the table)."""


class Backend(Protocol):
    """The database a :class:`~lcpdesk.store.db.Store` is opened on."""

    path: Path  # where its data lives (a file, or a folder for a server's local state)
    engine: Engine

    def prepare(self) -> None:
        """Settings made once when the store is opened, before any migration."""

    def after_write(self) -> None:
        """Called after each committed write transaction."""

    def close(self) -> None: ...

    def explain(self, exc: DatabaseError) -> StoreError:
        """A plain message for an error the database raised."""

    def translate(self, exc: Exception) -> StoreError | None:
        """A plain message for ``exc`` when the database or its driver raised it (locked, disk
        full, damaged; not a broken constraint), else None."""

    def backup(self, target: Path) -> Path:
        """A consistent copy of the live database at ``target``."""

    def damage(self, *, quick: bool) -> list[str]:
        """What the database's own check finds wrong with the store ([] when sound); quick:
        the cheaper check made at every start."""


# Database name (SQLAlchemy's, as in a URL's scheme) -> the module that knows it. Each module
# has ``DIALECT`` (a Dialect) and ``open_backend(url)`` (a Backend).
_MODULES = {"sqlite": "lcpdesk.store.sqlite"}


def module_for(name: str) -> Any:
    """The module for database ``name``; :class:`StoreError` when there is none."""
    try:
        return importlib.import_module(_MODULES[name])
    except KeyError:
        known = ", ".join(sorted(_MODULES))
        raise StoreError(
            f"lcpdesk cannot keep its data in a {name!r} database (it knows: {known}).",
            hint="Give a data folder, or a database URL such as sqlite:///C:/data/lcpdesk.sqlite.",
        ) from None


def of(conn: Connection) -> Dialect:
    """The dialect of the database ``conn`` is connected to."""
    dialect: Dialect = module_for(conn.dialect.name).DIALECT
    return dialect
