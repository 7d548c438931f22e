"""Footprint definitions: which LSOAs make up each partnership's footprint (a CSV or a sheet)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import numpy as np
import pandas as pd

from lcpdesk.errors import InputError, Location
from lcpdesk.io.columns import Field, find_duplicate, match_header, text
from lcpdesk.io.kinds import membership_definitions as membership
from lcpdesk.io.kinds.base import (
    Extract,
    FileKind,
    ImportJob,
    IsCancelled,
    Progress,
    Sniffed,
    plural,
)
from lcpdesk.io.kinds.headers import LSOA, PARTNERSHIP
from lcpdesk.io.opening import Rows
from lcpdesk.io.tables import open_table, sniff_header

FIELDS = (
    Field("lsoa_code", LSOA),
    Field("partnership", PARTNERSHIP),
)
ANY_LSOA = re.compile(r"[EW]01\d{6}")


@dataclass(frozen=True, eq=False, kw_only=True)
class FootprintDefinitions(Extract):
    """``lsoa_code, partnership`` str, ``line`` int64 (the line in the file). Rows set aside:
    an LSOA repeated under the same partnership."""

    kind: ClassVar[str] = "footprint_definitions"
    partnerships: tuple[str, ...]


_header = sniff_header(FIELDS, 0.6)


def sniff(rows: Rows) -> Sniffed | None:
    """A header with an LSOA and a partnership column; refused when it also has a practice
    column (it could then be membership definitions too)."""
    claim = _header(rows)
    if claim is not None and not match_header(rows.rows[claim.row], membership.FIELDS).missing:
        raise InputError(
            "this could be footprint definitions or membership definitions: it has both an "
            "LSOA column and a practice column",
            where=Location(file=rows.file, sheet=rows.sheet, line=claim.row + 1),
            hint="Keep footprints (LSOA code, partnership) and membership (practice code, "
            "partnership) on separate sheets or files.",
        )
    return claim


def read_footprint_definitions(
    path: Path | str,
    sheet: str | int | None = None,
    *,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> FootprintDefinitions:
    """Which LSOAs make up each partnership's footprint, from a CSV or a worksheet."""
    table = open_table(path, KIND, sheet=sheet, progress=progress, cancelled=cancelled)
    lsoa = text(table, "lsoa_code", upper=True, blank="error")
    bad = ~lsoa.str.fullmatch(ANY_LSOA.pattern).to_numpy(dtype=bool)
    if bad.any():
        row = int(np.argmax(bad))
        typed = str(table.frame["lsoa_code"].iloc[row]).strip()
        raise table.error(
            f"'{typed}' is not an LSOA code (E01 and 6 digits, like E01011264)",
            row=row,
            key="lsoa_code",
            hint="Use LSOA codes, not names, and correct that line.",
        )
    partnership = membership.partnerships(table)
    repeated = pd.DataFrame({"l": lsoa, "p": partnership}).duplicated().to_numpy()
    frame = pd.DataFrame({"lsoa_code": lsoa, "partnership": partnership, "line": table.lines})
    frame = frame[~repeated].reset_index(drop=True)
    pair = find_duplicate([frame["lsoa_code"]])
    if pair is not None:
        first, second = (frame.iloc[i] for i in pair)
        raise table.error(
            f"LSOA {first['lsoa_code']} is listed under two partnerships: "
            f"'{first['partnership']}' on line {first['line']} and "
            f"'{second['partnership']}' on line {second['line']}",
            row=int(np.flatnonzero(table.lines == second["line"])[0]),
            key="lsoa_code",
            hint="An LSOA belongs to one partnership's footprint. Delete one of the two lines.",
        )
    return FootprintDefinitions(
        frame=frame,
        source=table.file,
        sheet=table.sheet,
        rows_read=len(table.frame),
        rows_set_aside=int(repeated.sum()),
        partnerships=tuple(frame["partnership"].unique()),
    )


def set_aside(extract: FootprintDefinitions) -> list[str]:
    n = extract.rows_set_aside
    return [plural(n, "repeated line")] if n else []


def apply(job: ImportJob, extract: FootprintDefinitions) -> None:
    """Make the area's footprints exactly the file's LSOAs."""
    area = job.need_area(extract)
    frame = extract.frame
    unit_ids = job.units(
        [(str(p), None) for p in dict.fromkeys(frame["partnership"])], extract.source_name
    )
    wanted = {
        code: unit_ids[(str(p), None)]
        for code, p in zip(frame["lsoa_code"], frame["partnership"], strict=True)
    }
    changes = job.repo.set_footprints(area.id, wanted)
    job.record(changes)
    job.say(
        f"{extract.source_name}: {area.name} footprints: {len(wanted):,} LSOA(s) in "
        f"{len(set(wanted.values())):,} partnership(s); {len(changes):,} change(s)."
    )


KIND = FileKind(
    name="footprint_definitions",
    description="footprint definitions (LSOA code and partnership)",
    fields=FIELDS,
    sniff=sniff,
    read=read_footprint_definitions,
    set_aside=set_aside,
    apply=apply,
    order=60,
    needs_area=True,
)
