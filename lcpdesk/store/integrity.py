"""lcpdesk's own check of a store: SQLite's integrity and links, every row readable, every
registration block's checksum, and the totals that must agree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sqlalchemy import select

from lcpdesk import paths
from lcpdesk.store import dialect, registrations, schema
from lcpdesk.store.damage import shorten
from lcpdesk.store.db import Store


@dataclass
class CheckReport:
    """What a check found: ``problems`` empty means the store is sound."""

    problems: list[str] = field(default_factory=list)
    rows: int = 0
    blocks: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def damage_of(data_dir: Path) -> list[str]:
    """What the full check finds wrong with the store in ``data_dir``, opened afresh (after an
    unexpected error, to tell damage from a bug): [] when it is sound."""
    from lcpdesk.store.db import open_store

    db_file = paths.store_path(data_dir)
    if not db_file.exists():  # no store: nothing damaged
        return []
    found = store_file_damage(db_file)
    if found:
        return found
    opened = open_store(data_dir, migrate=False)
    try:
        return full_check(opened).problems
    finally:
        opened.close()


def store_file_damage(db_file: Path) -> list[str]:
    """SQLite's own check of the file (by the module of the database it is)."""
    from lcpdesk.store.sqlite import file_damage

    return file_damage(db_file)


def quick_check(store: Store) -> CheckReport:
    """The check made at every start: SQLite's quick check of the file, and the checksums of
    the newest registration blocks (older ones are checked when they are read)."""
    report = CheckReport(problems=[f"SQLite: {p}" for p in store.backend.damage(quick=True)])
    if report.problems:
        return report
    try:
        with store.engine.connect() as conn:
            dates = _extract_dates(conn, report)
            for when in dates[:1]:
                for row in dialect.of(conn).block_rows(conn, when):
                    report.blocks += 1
                    problem = registrations.block_problem(*row)
                    if problem:
                        report.problems.append(
                            f"the registrations of practice {shorten(row[0], 20)} at {when}: "
                            f"{problem}"
                        )
    except Exception as exc:  # the file is too damaged to read on
        report.problems.append(f"the file cannot be read: {shorten(exc, 160)}")
    return report


def full_check(store: Store) -> CheckReport:
    """Everything: SQLite's integrity check, broken links, every row of every table read back,
    every registration block against its checksum and its total."""
    report = CheckReport(problems=[f"SQLite: {p}" for p in store.backend.damage(quick=False)])
    if report.problems and report.problems[0].startswith("SQLite: it cannot be read"):
        return report
    try:
        with store.engine.connect() as conn:
            broken = dialect.of(conn).broken_links(conn)
            for link in broken[:20]:
                report.problems.append(f"a row of table {link[0]} points at a missing row")
            for table in schema.metadata.sorted_tables:
                try:
                    report.rows += len(conn.execute(select(table)).all())
                except Exception as exc:  # a value that cannot be decoded: damage
                    report.problems.append(
                        f"table {table.name} cannot be read: {shorten(exc, 160)}"
                    )
            for when in _extract_dates(conn, report):
                for row in dialect.of(conn).block_images(conn, when):
                    report.blocks += 1
                    report.problems.extend(_block_problems(when, row))
    except Exception as exc:  # the file is too damaged to read on
        report.problems.append(f"the file cannot be read: {shorten(exc, 160)}")
    return report


def _extract_dates(conn: object, report: CheckReport) -> list[dt.date]:
    try:
        return registrations.extract_dates(conn)  # type: ignore[arg-type]
    except Exception as exc:
        report.problems.append(f"the registration dates cannot be read: {shorten(exc, 160)}")
        return []


def _block_problems(when: dt.date, row: dialect.BlockImage) -> list[str]:
    code, ids, patients, total, _source, crc = row
    what = f"the registrations of practice {shorten(code, 20)} at {when}"
    problem = registrations.block_problem(code, ids, patients, total, crc)
    if problem:
        return [f"{what}: {problem}"]
    counts = registrations.unpack(patients)
    if int(np.add.reduce(counts, dtype=np.int64)) != total:
        return [f"{what}: the patients do not add up to the stored total {total:,}"]
    if counts.size and int(counts.min()) < 0:
        return [f"{what}: a negative number of patients"]
    return []
