"""What an import reads and writes: practices, list sizes, partnerships, memberships, footprints
and practice-by-LSOA registrations, each write returning the row changes that undo it.

One :class:`ImportsRepo` per import, bound to the import's connection (its transaction); the
import service and the file kinds speak to it rather than run SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert, select

from lcpdesk.domain.model import Area, Membership, Partnership
from lcpdesk.store import bulk, membership_repo, registrations
from lcpdesk.store.changes import RowChange
from lcpdesk.store.schema import area as area_table
from lcpdesk.store.schema import footprint, list_size, membership, partnership, practice


class ImportsRepo:
    """The store as an import sees it, inside one transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # ------------------------------------------------------------------ areas and partnerships

    def areas(self) -> list[Area]:
        return membership_repo.areas(self.conn)

    def area_by_name(self, name: str) -> Area | None:
        return membership_repo.area_by_name(self.conn, name)

    def add_area(self, name: str) -> tuple[Area, list[RowChange]]:
        """A new area called ``name``, and the change that adds it."""
        (new_id,), changes = self._insert(area_table, {"name": name})
        found = membership_repo.area_by_id(self.conn, new_id)
        assert found is not None
        return found, changes

    def partnerships(self, area_id: int) -> list[Partnership]:
        return membership_repo.partnerships(self.conn, area_id)

    def add_partnership(
        self, area_id: int, name: str, sort_order: int, parent_id: int | None = None
    ) -> tuple[int, list[RowChange]]:
        """A new partnership (or sub-unit, under ``parent_id``): its id and the change."""
        values: dict[str, Any] = {"area_id": area_id, "name": name, "sort_order": sort_order}
        if parent_id is not None:
            values["parent_id"] = parent_id
        (new_id,), changes = self._insert(partnership, values)
        return int(new_id), changes

    def _insert(
        self, table: Table, values: dict[str, Any]
    ) -> tuple[tuple[Any, ...], list[RowChange]]:
        result = self.conn.execute(insert(table).values(**values))
        key = tuple(result.inserted_primary_key or ())
        row = bulk.fetch_by(self.conn, table, [c.name for c in table.primary_key.columns], [key])
        return key, [RowChange(table.name, key, None, row[key])]

    # ------------------------------------------------------------------ practices

    def practice_ids(self) -> dict[str, int]:
        """Every practice in the register: code -> id."""
        return {
            code: int(pid)
            for pid, code in self.conn.execute(select(practice.c.id, practice.c.code))
        }

    def unnamed_practices(self) -> set[str]:
        """Codes of practices in the register known by their code alone (no name yet)."""
        q = select(practice.c.code).where(practice.c.name == practice.c.code)
        return {c for (c,) in self.conn.execute(q)}

    def upsert_practices(
        self, rows: Sequence[Mapping[str, Any]], *, insert_missing: bool = True
    ) -> list[RowChange]:
        """Practices by code: update those in the register (and add the others, unless
        ``insert_missing`` is false)."""
        return bulk.upsert(self.conn, practice, rows, ["code"], insert_missing=insert_missing)

    def upsert_list_sizes(self, rows: Sequence[Mapping[str, Any]]) -> list[RowChange]:
        return bulk.upsert(self.conn, list_size, rows, ["practice_id", "extract_date"])

    # ------------------------------------------------------------------ membership

    def memberships_at(self, area_id: int, when: dt.date) -> list[Membership]:
        return membership_repo.memberships_at(self.conn, area_id, when)

    def start_memberships(self, pairs: Sequence[tuple[int, int]], when: dt.date) -> list[RowChange]:
        """(practice id, partnership id) pairs joining from ``when``."""
        if not pairs:
            return []
        self.conn.execute(
            insert(membership),
            [{"practice_id": p, "partnership_id": u, "effective_from": when} for p, u in pairs],
        )
        rows = bulk.fetch_by(
            self.conn,
            membership,
            ["practice_id", "partnership_id", "effective_from"],
            [(p, u, when) for p, u in pairs],
        )
        return [RowChange("membership", (r["id"],), None, r) for r in rows.values()]

    def end_memberships(self, ids: Sequence[int], when: dt.date) -> list[RowChange]:
        if not ids:
            return []
        rows = [{"id": i, "effective_to": when} for i in ids]
        return bulk.upsert(self.conn, membership, rows, ["id"], insert_missing=False)

    def delete_memberships(self, ids: Sequence[int]) -> list[RowChange]:
        if not ids:
            return []
        images = bulk.fetch_by(self.conn, membership, ["id"], [(i,) for i in ids])
        return bulk.delete_rows(self.conn, membership, list(images.values()))

    # ------------------------------------------------------------------ footprints

    def set_footprints(self, area_id: int, wanted: Mapping[str, int]) -> list[RowChange]:
        """Make the area's footprints exactly ``wanted`` (LSOA code -> partnership id)."""
        existing = {
            r["lsoa_code"]: dict(r)
            for r in self.conn.execute(
                select(footprint).where(footprint.c.area_id == area_id)
            ).mappings()
        }
        rows = [
            {"area_id": area_id, "lsoa_code": c, "partnership_id": u} for c, u in wanted.items()
        ]
        changes = bulk.upsert(self.conn, footprint, rows, ["area_id", "lsoa_code"])
        gone = [image for code, image in existing.items() if code not in wanted]
        return changes + bulk.delete_rows(self.conn, footprint, gone)

    # ------------------------------------------------------------------ practice-by-LSOA

    def lsoa_ids(self, codes: Iterable[str]) -> dict[str, int]:
        return registrations.lsoa_ids(self.conn, codes)

    def replace_registrations(
        self, when: dt.date, blocks: Sequence[tuple[str, Any, Any]]
    ) -> list[RowChange]:
        """Make the registrations at ``when`` exactly ``blocks``: (practice code, LSOA ids,
        patients) with the ids and counts as int32 arrays, one block per practice."""
        return registrations.replace_blocks(
            self.conn, when, [registrations.Block(*block) for block in blocks]
        )
