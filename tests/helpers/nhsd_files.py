"""Write files in NHS Digital's real layouts (for import tests and benchmarks)."""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from sqlalchemy import select

from lcpdesk.store import registrations, schema
from lcpdesk.store.db import Store

LIST_HEADER = (
    "PUBLICATION,EXTRACT_DATE,TYPE,SUB_ICB_LOCATION_CODE,ONS_SUB_ICB_LOCATION_CODE,CODE,"
    "POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS"
)
LSOA_HEADER = (
    "PUBLICATION,EXTRACT_DATE,PRACTICE_CODE,PRACTICE_NAME,LSOA_CODE,SEX,NUMBER_OF_PATIENTS"
)


def nhs_date(d: dt.date, style: str) -> str:
    if style == "01APR2021":
        return f"{d:%d}{d:%b}{d:%Y}".upper()
    if style == "01-Apr-20":
        return f"{d:%d-%b-%y}"
    return d.isoformat()


def write_list_sizes(
    path: Path, when: dt.date, sizes: Iterable[tuple[str, int]], style: str = "01APR2021"
) -> Path:
    stamp = nhs_date(when, style)
    rows = list(sizes)
    with path.open("w", newline="", encoding="utf-8") as fh:
        fh.write(LIST_HEADER + "\n")
        total = sum(n for _c, n in rows)
        fh.write(f"GP_PRAC_PAT_LIST,{stamp},NATIONAL,,,ENG,,ALL,ALL,{total}\n")
        for code, n in rows:
            fh.write(f"GP_PRAC_PAT_LIST,{stamp},GP,15F,E38000225,{code},LS1 1AA,ALL,ALL,{n}\n")
            fh.write(
                f"GP_PRAC_PAT_LIST,{stamp},GP,15F,E38000225,{code},LS1 1AA,MALE,ALL,{n // 2}\n"
            )
    return path


def write_lsoa(
    path: Path,
    when: dt.date,
    rows: Iterable[tuple[str, str, str, int]],
    style: str = "01-Apr-20",
    count_header: str = "NUMBER_OF_PATIENTS",
) -> Path:
    """rows: (practice code, practice name, LSOA code, patients)."""
    stamp = nhs_date(when, style)
    header = LSOA_HEADER.replace("NUMBER_OF_PATIENTS", count_header)
    with path.open("w", newline="", encoding="utf-8") as fh:
        fh.write(header + "\n")
        for code, name, lsoa, n in rows:
            fh.write(f"GP_PRAC_PAT_LIST,{stamp},{code},{name},{lsoa},ALL,{n}\n")
    return path


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def zip_one(path: Path) -> Path:
    target = path.with_suffix(".zip")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(path, path.name)
    path.unlink()
    return target


def dump_area(store: Store, area_name: str, folder: Path) -> list[Path]:
    """The area's definitions and the NHS Digital files its figures come from."""
    folder.mkdir(parents=True, exist_ok=True)
    with store.read() as conn:
        area_id = conn.execute(
            select(schema.area.c.id).where(schema.area.c.name == area_name)
        ).scalar_one()
        units = dict(
            conn.execute(
                select(schema.partnership.c.id, schema.partnership.c.name).where(
                    schema.partnership.c.area_id == area_id
                )
            ).all()
        )
        members = conn.execute(
            select(
                schema.practice.c.code, schema.practice.c.name, schema.membership.c.partnership_id
            )
            .join(schema.membership, schema.membership.c.practice_id == schema.practice.c.id)
            .where(schema.membership.c.partnership_id.in_(units))
        ).all()
        feet = conn.execute(
            select(schema.footprint.c.lsoa_code, schema.footprint.c.partnership_id).where(
                schema.footprint.c.area_id == area_id
            )
        ).all()
        when = registrations.extract_dates(conn)[0]
        sizes = conn.execute(
            select(schema.practice.c.code, schema.list_size.c.patients)
            .join(schema.list_size, schema.list_size.c.practice_id == schema.practice.c.id)
            .where(schema.list_size.c.extract_date == when)
        ).all()
        names = dict(conn.execute(select(schema.practice.c.code, schema.practice.c.name)).all())
        codes = registrations.lsoa_codes(conn)
        flows = [
            (b.practice_code, names.get(b.practice_code, ""), codes[int(i)], int(n))
            for b in registrations.read_blocks(conn, when)
            for i, n in zip(b.lsoa_ids, b.patients, strict=True)
        ]
    return [
        write_csv(
            folder / "membership.csv",
            ["Practice code", "Practice name", "LCP"],
            [(c, n, units[u]) for c, n, u in members],
        ),
        write_csv(
            folder / "footprints.csv", ["LSOA code", "LCP"], [(c, units[u]) for c, u in feet]
        ),
        write_list_sizes(folder / "gp-reg-pat-prac-all.csv", when, sizes),
        zip_one(write_lsoa(folder / "gp-reg-pat-prac-lsoa-all.csv", when, flows)),
    ]
