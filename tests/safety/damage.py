"""Damaging a store the ways a laptop does, and running lcpdesk's commands on it in-process."""

from __future__ import annotations

import random
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from lcpdesk import cli

# The demo's Leeds area table (tests/test_cli.py checks the same figures).
LEEDS_FIRST = "Aire Valley,31860,43368"
LEEDS_TOTAL = "Total,861287,861287"


@dataclass
class Run:
    code: int
    out: str
    err: str


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> Run:
    """Run an lcpdesk command as the CLI does (a traceback fails the test)."""
    capsys.readouterr()
    code = cli.main([str(a) for a in args])
    got = capsys.readouterr()
    return Run(code, got.out, got.err)


def store_file(data_dir: Path) -> Path:
    return data_dir / "lcpdesk.sqlite"


def copy_demo(demo_database: Path, data_dir: Path) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    target = store_file(data_dir)
    shutil.copyfile(demo_database, target)
    return target


def overwrite(path: Path, offset: int, data: bytes) -> None:
    with path.open("r+b") as f:
        f.seek(offset)
        f.write(data)


def block_offset(db_file: Path) -> tuple[str, int]:
    """(practice code, file offset) of one Leeds registration block's patients array."""
    conn = sqlite3.connect(str(db_file))
    try:
        code, patients = conn.execute(
            "SELECT practice_code, patients FROM registration_block "
            "WHERE extract_date = '2018-10-01' ORDER BY length(patients) DESC LIMIT 1"
        ).fetchone()
    finally:
        conn.close()
    where = db_file.read_bytes().find(patients)
    assert where > 0
    return code, where


def page_size(db_file: Path) -> int:
    return int.from_bytes(db_file.read_bytes()[16:18], "big") or 65536


# kind of damage -> what it does to the store file
def damage_header(db_file: Path) -> None:
    overwrite(db_file, 0, b"NOT SQLITE AT ALL")


def damage_middle_pages(db_file: Path) -> None:
    size = page_size(db_file)
    pages = db_file.stat().st_size // size
    overwrite(db_file, size * (pages // 2), random.Random(7).randbytes(size * 3))


def damage_block_byte(db_file: Path) -> None:
    _code, where = block_offset(db_file)
    data = bytearray(db_file.read_bytes()[where + 9 : where + 10])
    overwrite(db_file, where + 9, bytes([data[0] ^ 0x10]))


def damage_truncation(db_file: Path) -> None:
    with db_file.open("r+b") as f:
        f.truncate(db_file.stat().st_size // 3)


def damage_zero_bytes(db_file: Path) -> None:
    with db_file.open("r+b") as f:
        f.truncate(0)


DAMAGE = {
    "header": damage_header,
    "middle pages": damage_middle_pages,
    "a packed block's byte": damage_block_byte,
    "truncation": damage_truncation,
    "0 bytes": damage_zero_bytes,
}
