"""Maturity frameworks in the store: loading one from a file, versions, and the built-in ones.

A framework is known by its key. Loading a definition whose key is new stores version 1.
Loading the same content again changes nothing. Loading different content under a known key
replaces the newest version when nothing uses it yet; once an assessment (or a goal) uses a
version, that version is locked and the new content becomes the next version. A used version
is never edited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from lcpdesk import clock
from lcpdesk.domain.maturity import FrameworkDef, FrameworkInfo
from lcpdesk.errors import InputError
from lcpdesk.io import frameworks as files
from lcpdesk.store import maturity_edits as edits
from lcpdesk.store import maturity_repo
from lcpdesk.store.changes import ChangeSet, Recorder
from lcpdesk.store.db import Store

ADDED = "added"
UNCHANGED = "unchanged"
REPLACED = "replaced"
NEW_VERSION = "new version"


def now() -> dt.datetime:
    return clock.now()


@dataclass(frozen=True)
class Stored:
    """What storing a definition did."""

    framework_id: int
    key: str
    version: int
    name: str
    action: str  # ADDED, UNCHANGED, REPLACED or NEW_VERSION
    previous_locked: bool = False

    def message(self) -> str:
        what = f"'{self.name}'"
        if self.action == UNCHANGED:
            return f"{what} is already loaded (version {self.version}); nothing changed."
        if self.action == ADDED:
            return f"Loaded {what}."
        if self.action == REPLACED:
            return f"Replaced {what} version {self.version}, which no assessment uses yet."
        return (
            f"Loaded {what} as version {self.version}. Version {self.version - 1} is used by "
            "assessments and stays exactly as it was."
        )


@dataclass(frozen=True)
class Loaded:
    stored: Stored
    changeset: ChangeSet


def store_definition(rec: Recorder, defn: FrameworkDef) -> Stored:
    """Write ``defn`` through ``rec`` (so it can be undone), versioning as the module says."""
    conn = rec.conn
    digest = defn.content_hash()
    latest = maturity_repo.latest_framework_row(conn, defn.key)
    values = {
        "name": defn.name,
        "description": defn.description,
        "source": defn.source,
        "content_hash": digest,
        "loaded_at": now(),
    }
    if latest is not None and latest["content_hash"] == digest:
        return Stored(latest["id"], defn.key, latest["version"], latest["name"], UNCHANGED)
    in_use = latest is not None and (
        bool(latest["locked"]) or maturity_repo.goal_links_in_use(conn, latest["id"]) > 0
    )
    if latest is not None and not in_use:
        framework_id = int(latest["id"])
        edits.clear_framework(rec, framework_id)
        edits.update_framework(rec, framework_id, values)
        action, version = REPLACED, int(latest["version"])
    else:
        version = int(latest["version"]) + 1 if latest is not None else 1
        framework_id = edits.add_framework(rec, {"key": defn.key, "version": version, **values})
        action = NEW_VERSION if latest is not None else ADDED
    _write_content(rec, int(framework_id), defn)
    return Stored(int(framework_id), defn.key, version, defn.name, action, in_use)


def _write_content(rec: Recorder, framework_id: int, defn: FrameworkDef) -> None:
    level_ids: dict[str, int] = {}
    for rank, level in enumerate(defn.levels, start=1):
        level_id = edits.add_level(
            rec,
            framework_id,
            {
                "rank": rank,
                "name": level.name,
                "description": level.meaning,
                "is_standard": level.is_standard,
            },
        )
        level_ids[level.name.casefold()] = level_id
    dim_ids: dict[str, int] = {}
    order = {d.key: i for i, d in enumerate(defn.dimensions)}
    for d in sorted(defn.dimensions, key=lambda d: (d.parent is not None, order[d.key])):
        dim_id = edits.add_dimension(
            rec,
            framework_id,
            {
                "parent_id": dim_ids[d.parent] if d.parent else None,
                "key": d.key,
                "name": d.name,
                "short_name": d.short_name,
                "descriptor": d.descriptor,
                "sort_order": order[d.key],
            },
        )
        dim_ids[d.key] = dim_id
        for level_name, text in d.cells:
            edits.add_cell(rec, dim_id, level_ids[level_name.casefold()], text)


def builtin_definitions() -> list[FrameworkDef]:
    return [files.read_builtin(p) for p in files.builtin_files()]


def ensure_framework(rec: Recorder, key: str) -> int:
    """The id of the newest version of ``key``, storing the built-in definition first when
    ``key`` is a shipped framework (so a changed shipped file becomes a new version)."""
    builtin = next((d for d in builtin_definitions() if d.key == key), None)
    if builtin is not None:
        return store_definition(rec, builtin).framework_id
    latest = maturity_repo.latest_framework_row(rec.conn, key)
    if latest is None:
        raise InputError(
            f"There is no framework '{key}'.", hint="Load it from a file (Frameworks…)."
        )
    return int(latest["id"])


def lock(rec: Recorder, framework_id: int) -> None:
    edits.lock_framework(rec, framework_id)


class FrameworkService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def load_file(self, path: Path) -> Loaded:
        """Read a framework file and store it, as one undoable step."""
        defn = files.read_framework(path)
        return self.load_definition(defn)

    def load_definition(self, defn: FrameworkDef) -> Loaded:
        with self.store.write() as conn:
            rec = Recorder(conn, f"Load framework {defn.name}")
            stored = store_definition(rec, defn)
            return Loaded(stored, rec.changeset)

    def infos(self) -> list[FrameworkInfo]:
        """Stored versions, and shipped frameworks not yet stored."""
        with self.store.read() as conn:
            stored = maturity_repo.framework_infos(conn)
        keys = {i.key for i in stored}
        shipped = [
            FrameworkInfo(
                id=None,
                key=d.key,
                version=1,
                name=d.name,
                source=d.source,
                levels=len(d.levels),
                scored_dimensions=sum(
                    1 for x in d.dimensions if not any(y.parent == x.key for y in d.dimensions)
                ),
            )
            for d in builtin_definitions()
            if d.key not in keys
        ]
        return stored + shipped

    def latest_keys(self) -> list[tuple[str, str]]:
        """(key, name) of every framework a new assessment can use, by name."""
        seen: dict[str, str] = {}
        for info in self.infos():
            if info.is_latest and info.key not in seen:
                seen[info.key] = info.name
        return sorted(seen.items(), key=lambda kv: kv[1].casefold())
