"""Readers for the files people keep: PCN core partners, and footprint and membership
definitions (from a CSV or a worksheet)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from lcpdesk.io.columns import (
    Table,
    find_duplicate,
    practice_codes,
    reject_duplicates,
    text,
)
from lcpdesk.io.kinds import (
    _ANY_LSOA,
    FootprintDefinitions,
    IsCancelled,
    MembershipDefinitions,
    PcnCorePartners,
    Progress,
)
from lcpdesk.io.tables import (
    _dates,
    _done,
    _open_table,
)

# --- files people keep: PCN partners and definitions ------------------------------------------


def read_pcn_core_partners(
    path: Path | str,
    sheet: str | int | None = None,
    *,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> PcnCorePartners:
    """Practice-to-PCN relationships (ePCN "PCN Core Partner Details"), CSV or worksheet."""
    table = _open_table(
        path, "pcn_core_partners", sheet=sheet, progress=progress, cancelled=cancelled
    )
    practice = practice_codes(table, "practice_code")
    pcn = text(table, "pcn_code", upper=True, blank="error")
    start = _dates(table, "start_date")
    end = _dates(table, "end_date", allow_blank=True)
    ends_early = np.array(
        [e is not None and e < s for s, e in zip(start, end, strict=True)], dtype=bool
    )
    if ends_early.any():
        row = int(np.argmax(ends_early))
        raise table.error(
            f"the relationship ends ({end.iloc[row]}) before it starts ({start.iloc[row]})",
            row=row,
            key="end_date",
            hint="Correct the start or end date on that line.",
        )
    reject_duplicates(table, {"practice": practice, "PCN": pcn, "start date": start})
    frame = pd.DataFrame(
        {
            "practice_code": practice,
            "pcn_code": pcn,
            "pcn_name": text(table, "pcn_name", blank="missing"),
            "start_date": start,
            "end_date": end,
        }
    )
    _done(progress)
    return PcnCorePartners(
        frame=frame, source=table.file, sheet=table.sheet, rows_read=len(table.frame)
    )


def _partnerships(table: Table) -> pd.Series:
    return text(table, "partnership", blank="error")


def read_footprint_definitions(
    path: Path | str, sheet: str | int | None = None
) -> FootprintDefinitions:
    """Which LSOAs make up each partnership's footprint, from a CSV or a worksheet."""
    table = _open_table(path, "footprint_definitions", sheet=sheet)
    lsoa = text(table, "lsoa_code", upper=True, blank="error")
    bad = ~lsoa.str.fullmatch(_ANY_LSOA.pattern).to_numpy(dtype=bool)
    if bad.any():
        row = int(np.argmax(bad))
        typed = str(table.frame["lsoa_code"].iloc[row]).strip()
        raise table.error(
            f"'{typed}' is not an LSOA code (E01 and 6 digits, like E01011264)",
            row=row,
            key="lsoa_code",
            hint="Use LSOA codes, not names, and correct that line.",
        )
    partnership = _partnerships(table)
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


def read_membership_definitions(
    path: Path | str, sheet: str | int | None = None
) -> MembershipDefinitions:
    """Which practices belong to each partnership, from a CSV or a worksheet.

    A practice listed under two or more partnerships is split: each of its rows has ``is_split``.
    """
    table = _open_table(path, "membership_definitions", sheet=sheet)
    practice = practice_codes(table, "practice_code")
    partnership = _partnerships(table)
    repeated = pd.DataFrame({"c": practice, "p": partnership}).duplicated().to_numpy()
    frame = pd.DataFrame(
        {
            "practice_code": practice,
            "practice_name": text(table, "practice_name", blank="missing"),
            "partnership": partnership,
            "sub_unit": text(table, "sub_unit", blank="missing"),
            "line": table.lines,
        }
    )[~repeated].reset_index(drop=True)
    frame.insert(4, "is_split", frame["practice_code"].duplicated(keep=False).to_numpy())
    split = tuple(frame.loc[frame["is_split"], "practice_code"].unique())
    return MembershipDefinitions(
        frame=frame,
        source=table.file,
        sheet=table.sheet,
        rows_read=len(table.frame),
        rows_set_aside=int(repeated.sum()),
        partnerships=tuple(frame["partnership"].unique()),
        split_practices=split,
    )
