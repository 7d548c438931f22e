"""Alembic migrations, run at start-up after a backup of the database."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from lcpdesk import paths
from lcpdesk.errors import StoreError

if TYPE_CHECKING:
    from lcpdesk.store.db import Store

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
KEEP_BACKUPS = 10


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(store: Store) -> str | None:
    with store.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _has_user_tables(store: Store) -> bool:
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        ).all()
    return bool(rows)


def check_compatible(store: Store) -> None:
    """Refuse a file written by a newer lcpdesk, or one that is not an lcpdesk store."""
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    current = current_revision(store)
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise StoreError(
            f"The data file {store.path} was written by a newer version of lcpdesk "
            f"(schema {current}); this version knows schemas up to {head}.",
            hint="Install the newer lcpdesk, or choose another data folder with --data-dir. "
            "The file has not been changed.",
        )
    if current is None and _has_user_tables(store):
        raise StoreError(
            f"{store.path} is not an lcpdesk data file (it has tables but no schema version).",
            hint="Choose another data folder with --data-dir.",
        )


def upgrade_to_head(store: Store) -> None:
    """Back up, then migrate to the newest schema in one transaction with foreign keys off
    (a table rebuild must not cascade-delete rows), checking them before it commits."""
    from alembic import command

    check_compatible(store)
    head = head_revision()
    current = current_revision(store)
    if current == head:
        return
    if current is not None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = paths.backups_dir(store.path.parent) / f"lcpdesk-{stamp}-before-{head}.sqlite"
        from lcpdesk.store.db import backup_sqlite

        backup_sqlite(store.path, target)
        log.info("backed up %s to %s before migrating %s -> %s", store.path, target, current, head)
        _prune_backups(target.parent)
    cfg = alembic_config()
    with store.engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys = OFF")  # only takes effect outside a transaction
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise StoreError(
                        f"Upgrading {store.path} to schema {head} would break "
                        f"{len(broken)} link(s) between rows (first in table {broken[0][0]}).",
                        hint="Nothing was changed. Please send the log file to support.",
                    )
        finally:
            raw.execute("PRAGMA foreign_keys = ON")
    log.info("store %s at schema %s", store.path, head)


def _prune_backups(folder: Path) -> None:
    backups = sorted(folder.glob("lcpdesk-*.sqlite"))
    for old in backups[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
