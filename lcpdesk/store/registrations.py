"""Practice-by-LSOA registrations, stored as one compact block per practice per extract date.

See ``schema.registration_block``. Blocks are written and compared whole, so a
national file of a million rows is ~6,500 row writes, and importing the same
file again finds every block unchanged.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, delete, select, update

from lcpdesk.store import dialect
from lcpdesk.store.changes import RowChange
from lcpdesk.store.damage import DamagedStore, shorten
from lcpdesk.store.dialect import BlockImage, BlockRow
from lcpdesk.store.schema import registration_block

IntArray = npt.NDArray[np.int32]
_INT32 = np.dtype("<i4")


@dataclass(frozen=True)
class Block:
    practice_code: str
    lsoa_ids: IntArray
    patients: IntArray

    @property
    def total(self) -> int:
        return int(np.add.reduce(self.patients, dtype=np.int64))


def pack(values: npt.ArrayLike) -> bytes:
    if isinstance(values, np.ndarray) and values.dtype == _INT32 and values.flags.c_contiguous:
        return values.tobytes()  # the usual case, ~6,500 times an import: no conversion
    return np.ascontiguousarray(values, dtype=_INT32).tobytes()


def unpack(data: bytes) -> IntArray:
    return np.frombuffer(data, dtype=_INT32)


def checksum(code: str, lsoa_ids: bytes, patients: bytes, total: int) -> int:
    """The CRC-32 stored with a block (a stored format: never change it)."""
    crc = zlib.crc32(str(code).encode("utf-8", "surrogatepass") + b"\0")
    crc = zlib.crc32(bytes(lsoa_ids), crc)
    crc = zlib.crc32(b"\0", crc)
    crc = zlib.crc32(bytes(patients), crc)
    return zlib.crc32(int(total).to_bytes(8, "little", signed=True), crc)


def block_problem(code: object, ids: object, patients: object, total: object, crc: object) -> str:
    """What is wrong with a stored block ("" when nothing is)."""
    if not isinstance(code, str) or not isinstance(ids, bytes) or not isinstance(patients, bytes):
        return "a value of the wrong type"
    if not isinstance(total, int) or not isinstance(crc, int):
        return "a value of the wrong type"
    if len(ids) != len(patients) or len(ids) % _INT32.itemsize:
        return "arrays of different lengths"
    if not -(2**63) <= total < 2**63 or checksum(code, ids, patients, total) != crc:
        return "the checksum does not match"
    return ""


def verified(rows: Sequence[Any], when: dt.date) -> None:
    """Raise :class:`DamagedStore` unless every (code, ids, patients, total, checksum, ...)
    block row is intact."""
    for row in rows:
        problem = block_problem(row[0], row[1], row[2], row[3], row[-1])
        if problem:
            raise DamagedStore(
                f"the registrations of practice {shorten(row[0], 20)} at {when} are damaged "
                f"({problem})"
            )


def lsoa_ids(conn: Connection, codes: Iterable[str]) -> dict[str, int]:
    """Id of every code, numbering codes not seen before."""
    wanted = set(codes)
    db = dialect.of(conn)
    known = db.lsoa_id_by_code(conn)
    new = sorted(wanted - known.keys())
    if new:
        # Numbered on from the highest id, in one statement (a national file brings ~33,000).
        first = max(known.values(), default=0) + 1
        db.add_lsoas(conn, first, new)
        known.update(zip(new, range(first, first + len(new)), strict=True))
    return {c: known[c] for c in wanted}


def lsoa_codes(conn: Connection) -> dict[int, str]:
    return dialect.of(conn).lsoa_code_by_id(conn)


def extract_dates(conn: Connection) -> list[dt.date]:
    q = select(registration_block.c.extract_date).distinct()
    return sorted((d for (d,) in conn.execute(q)), reverse=True)


def has_blocks(conn: Connection, when: dt.date) -> bool:
    q = select(registration_block.c.total).where(registration_block.c.extract_date == when)
    return conn.execute(q.limit(1)).first() is not None


def read_blocks(conn: Connection, when: dt.date) -> Iterator[Block]:
    """The blocks at ``when``."""
    for code, ids, patients, _total, _crc in _block_rows(conn, when):
        yield Block(code, unpack(ids), unpack(patients))


def _block_rows(conn: Connection, when: dt.date) -> list[BlockRow]:
    """(practice code, LSOA ids, patients, total, checksum) of every block at ``when``, as
    stored, each checked against its checksum."""
    rows = dialect.of(conn).block_rows(conn, when)
    verified(rows, when)
    return rows


def _block_images(conn: Connection, when: dt.date) -> list[BlockImage]:
    rows = dialect.of(conn).block_images(conn, when)
    verified(rows, when)
    return rows


def _image(when: dt.date, block: Block, source: str) -> dict[str, Any]:
    ids, patients, total = pack(block.lsoa_ids), pack(block.patients), block.total
    return {
        "extract_date": when,
        "practice_code": block.practice_code,
        "lsoa_ids": ids,
        "patients": patients,
        "total": total,
        "source": source,
        "checksum": checksum(block.practice_code, ids, patients, total),
    }


def replace_blocks(
    conn: Connection, when: dt.date, blocks: Iterable[Block], source: str = "nhsd"
) -> list[RowChange]:
    """Make the blocks at ``when`` exactly ``blocks``; returns the row changes (for undo).

    Unchanged blocks are not written, so replacing with the same data changes nothing.
    """
    table = registration_block
    old = {
        code: dict(zip(("lsoa_ids", "patients", "total", "source", "checksum"), rest, strict=True))
        for code, *rest in _block_images(conn, when)
    }
    changes: list[RowChange] = []
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    seen: set[str] = set()
    for block in blocks:
        seen.add(block.practice_code)
        new = _image(when, block, source)
        before = old.get(block.practice_code)
        key = (when, block.practice_code)
        if before is None:
            inserts.append(new)
            changes.append(RowChange(table.name, key, None, new))
        else:
            before_row = {"extract_date": when, "practice_code": block.practice_code, **before}
            if before_row != new:
                updates.append(new)
                changes.append(RowChange(table.name, key, before_row, new))
    gone = [code for code in old if code not in seen]
    for code in gone:
        before_row = {"extract_date": when, "practice_code": code, **old[code]}
        changes.append(RowChange(table.name, (when, code), before_row, None))
    if inserts:
        dialect.of(conn).insert_blocks(
            conn,
            when,
            [
                (
                    r["practice_code"],
                    r["lsoa_ids"],
                    r["patients"],
                    r["total"],
                    r["source"],
                    r["checksum"],
                )
                for r in inserts
            ],
        )
    for row in updates:
        conn.execute(
            update(table)
            .where(table.c.extract_date == when, table.c.practice_code == row["practice_code"])
            .values(**row)
        )
    for start in range(0, len(gone), 900):
        conn.execute(
            delete(table).where(
                table.c.extract_date == when, table.c.practice_code.in_(gone[start : start + 900])
            )
        )
    return changes


def blocks_from_rows(rows: Iterable[tuple[str, str, int]], ids: Mapping[str, int]) -> list[Block]:
    """Blocks from (practice code, LSOA code, patients) rows; ``ids`` numbers the LSOA codes."""
    by_practice: dict[str, tuple[list[int], list[int]]] = {}
    for code, lsoa_code, n in rows:
        lst = by_practice.setdefault(code, ([], []))
        lst[0].append(ids[lsoa_code])
        lst[1].append(n)
    return [
        Block(code, np.asarray(a, dtype=_INT32), np.asarray(b, dtype=_INT32))
        for code, (a, b) in sorted(by_practice.items())
    ]


def classified_flows(
    conn: Connection, area_id: int, when: dt.date, counted_codes: Iterable[str]
) -> list[tuple[str, int | None, bool, int]]:
    """Registrations at ``when`` summed by (practice, footprint partnership, known residence).

    Covers every patient of the counted practices, and the patients of all other practices who
    live in the area's footprints (summed per partnership under practice code ""). The
    partnership is None outside every footprint.
    """
    db = dialect.of(conn)
    highest = db.highest_lsoa_id(conn)
    if highest is None:
        return []
    size = highest + 1
    home = np.full(size, -1, dtype=np.int64)  # lsoa id -> partnership id, -1 none
    known = np.zeros(size, dtype=bool)  # a home known (is_residence_code), found by the database
    known[np.asarray(db.english_lsoa_ids(conn), dtype=np.int64)] = True
    for lsoa_id, unit_id in db.footprint_lsoa_homes(conn, area_id):
        home[lsoa_id] = unit_id
    counted = set(counted_codes)
    rows = _block_rows(conn, when)
    mine = [row for row in rows if row[0] in counted]
    others = [row for row in rows if row[0] not in counted]
    result: list[tuple[str, int | None, bool, int]] = []
    if mine:
        # Every counted practice at once: one key per (practice, column), summed by bincount.
        ids, patients, sizes = _joined(mine)
        owner = np.repeat(np.arange(len(mine), dtype=np.int64), sizes)
        homes = home[ids]
        outside, unknown = -2, -3  # columns for patients living in no footprint
        column = np.where(homes >= 0, homes, np.where(known[ids], outside, unknown))
        width = int(home.max()) + 4
        keys, where = np.unique(owner * width + (column - unknown), return_inverse=True)
        sums = np.bincount(where, weights=patients)
        for key, total in zip(keys.tolist(), sums.tolist(), strict=True):
            if not total:
                continue
            code = mine[key // width][0]
            col = key % width + unknown
            unit = int(col) if col >= 0 else None
            result.append((code, unit, col != unknown, round(total)))
    if others:
        # Patients of every other practice who live in the footprints, summed per partnership
        # (reported beside the table, so the practice does not matter: code "").
        ids, patients, _sizes = _joined(others)
        homes = home[ids]
        in_fp = homes >= 0
        sums = np.bincount(homes[in_fp], weights=patients[in_fp])
        for pid in np.flatnonzero(sums):
            result.append(("", int(pid), True, round(sums[pid])))
    return result


def _joined(rows: Sequence[Any]) -> tuple[IntArray, npt.NDArray[np.int64], list[int]]:
    """The LSOA ids and patients of (code, lsoa_ids, patients) block rows, end to end."""
    ids = np.frombuffer(b"".join(row[1] for row in rows), dtype=_INT32)
    patients = np.frombuffer(b"".join(row[2] for row in rows), dtype=_INT32).astype(np.int64)
    return ids, patients, [len(row[1]) // _INT32.itemsize for row in rows]
