"""Alembic migrations, run at start-up after a backup of the database."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text

from lcpdesk import paths
from lcpdesk.errors import StoreError
from lcpdesk.store import dialect

if TYPE_CHECKING:
    from alembic.config import Config

    from lcpdesk.store.db import Store

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_SHIPPED = MIGRATIONS_DIR
KEEP_BACKUPS = 10
# The newest migration's revision. A store already at it opens without loading Alembic (a
# third of a second at every start); tests/store/test_migrations.py checks it is the head.
HEAD = "0003"


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(store: Store) -> str | None:
    """The schema revision recorded in the store (None for a new, empty file)."""
    with store.engine.connect() as conn:
        if not dialect.of(conn).has_table(conn, "alembic_version"):
            return None
        rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    return str(rows[0][0]) if rows else None


def _has_user_tables(store: Store) -> bool:
    with store.engine.connect() as conn:
        return bool(dialect.of(conn).user_tables(conn))


def _at_shipped_head(current: str | None) -> bool:
    """True when the store is at the newest shipped migration (tests may point elsewhere)."""
    return current == HEAD and MIGRATIONS_DIR == _SHIPPED


def check_compatible(store: Store) -> None:
    """Refuse a file written by a newer lcpdesk, or one that is not an lcpdesk store."""
    current = current_revision(store)
    if _at_shipped_head(current):
        return
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
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
    check_compatible(store)
    current = current_revision(store)
    if _at_shipped_head(current):
        return
    head = head_revision()
    if current == head:
        return
    if current is not None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = paths.backups_dir(store.path.parent) / f"lcpdesk-{stamp}-before-{head}.sqlite"
        store.backup(target)
        log.info("backed up %s to %s before migrating %s -> %s", store.path, target, current, head)
        _prune_backups(target.parent)
    from alembic import command

    cfg = alembic_config()
    with store.engine.connect() as conn:
        db = dialect.of(conn)
        with db.foreign_keys_deferred(conn), conn.begin():
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            broken = db.broken_links(conn)
            if broken:
                raise StoreError(
                    f"Upgrading {store.path} to schema {head} would break "
                    f"{len(broken)} link(s) between rows (first in table {broken[0][0]}).",
                    hint="Nothing was changed. Please send the log file to support.",
                )
    log.info("store %s at schema %s", store.path, head)


def _prune_backups(folder: Path) -> None:
    backups = sorted(folder.glob("lcpdesk-*.sqlite"))
    for old in backups[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
