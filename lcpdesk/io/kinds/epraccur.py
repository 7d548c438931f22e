"""ODS ``epraccur.csv``: GP practices and other prescribing settings (a file with no header)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import numpy as np
import pandas as pd

from lcpdesk.errors import InputError, Location
from lcpdesk.io.columns import counts, practice_codes, reject_duplicates, text
from lcpdesk.io.csv_tables import table_from_csv
from lcpdesk.io.kinds.base import (
    Extract,
    FileKind,
    ImportJob,
    IsCancelled,
    Progress,
    Sniffed,
    first_filled_row,
)
from lcpdesk.io.kinds.practice_details import apply_details, remember_names
from lcpdesk.io.opening import Rows, csv_header_rows, load_csv
from lcpdesk.io.tables import dates, done, found_text, not_this_kind

# Column position -> (Excel column letter, meaning).
EPRACCUR_COLUMNS = {
    0: ("A", "organisation code"),
    1: ("B", "name"),
    9: ("J", "postcode"),
    10: ("K", "open date"),
    11: ("L", "close date"),
    12: ("M", "status code"),
    25: ("Z", "prescribing setting"),
}
_YYYYMMDD = re.compile(r"\d{8}")


@dataclass(frozen=True, eq=False, kw_only=True)
class Epraccur(Extract):
    """``practice_code, name, postcode, status`` str, ``open_date, close_date`` date or None,
    ``prescribing_setting`` Int64, ``is_gp_practice, is_active`` bool."""

    kind: ClassVar[str] = "epraccur"


def looks_like_epraccur(row: Sequence[object]) -> bool:
    cells = [str(cell).strip() for cell in row]
    return (
        len(cells) >= 26
        and re.fullmatch(r"[A-Za-z][0-9]{5}", cells[0]) is not None
        and _YYYYMMDD.fullmatch(cells[10]) is not None
    )


def sniff(rows: Rows) -> Sniffed | None:
    """The first filled row is a practice's record (there is no header)."""
    first = first_filled_row(rows)
    if first is None or not looks_like_epraccur(first[1]):
        return None
    return Sniffed(0, 1.0)  # before any header another kind finds


def mismatch(rows: Rows) -> InputError:
    return InputError(
        f"this does not look like {KIND.description}: that file has no header and 27 columns, "
        "starting with the practice code and name",
        where=Location(file=rows.file, sheet=rows.sheet, line=1),
        hint=f"Columns found: {found_text(rows)}. Choose epraccur.csv as downloaded from ODS.",
    )


def read_epraccur(
    path: Path | str,
    sheet: str | int | None = None,
    *,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> Epraccur:
    """GP practices (and other prescribing settings) from ODS ``epraccur.csv`` (no header)."""
    data = load_csv(path, pattern=KIND.member_pattern, progress=progress, cancelled=cancelled)
    head = csv_header_rows(data)
    first = first_filled_row(head)
    if first is None or not looks_like_epraccur(first[1]):
        raise not_this_kind(head, KIND)
    letters = [chr(ord("A") + i) for i in range(26)]
    positions = {meaning: i for i, (_letter, meaning) in EPRACCUR_COLUMNS.items()}
    table = table_from_csv(data, letters, -1, positions, progress=progress, cancelled=cancelled)
    if not len(table.frame):
        raise not_this_kind(head, KIND)
    practice = practice_codes(table, "organisation code")
    reject_duplicates(table, {"organisation code": practice})
    close = dates(table, "close date", allow_blank=True)
    status = text(table, "status code", upper=True)
    bad = ~status.isin(["A", "C", "D", "P"]).to_numpy()
    if bad.any():
        row = int(np.argmax(bad))
        raise table.error(
            f"'{status.iloc[row]}' is not a status code (A, C, D or P)",
            row=row,
            key="status code",
            hint="Choose epraccur.csv as downloaded from ODS, unchanged.",
        )
    setting = pd.Series(
        counts(table, "prescribing setting", what="prescribing setting number"), dtype="Int64"
    )
    frame = pd.DataFrame(
        {
            "practice_code": practice,
            "name": text(table, "name", blank="missing"),
            "postcode": text(table, "postcode", upper=True, blank="missing"),
            "open_date": dates(table, "open date", allow_blank=True),
            "close_date": close,
            "status": status,
            "prescribing_setting": setting,
            "is_gp_practice": (setting == 4).to_numpy(dtype=bool),
            "is_active": (status == "A").to_numpy() & close.isna().to_numpy(),
        }
    )
    done(progress)
    return Epraccur(frame=frame, source=table.file, rows_read=len(table.frame))


def prepare(job: ImportJob, extract: Epraccur) -> None:
    """Names for practices the import adds, and which codes are GP practices."""
    remember_names(job, extract)
    job.gp_practice.update(
        zip(extract.frame["practice_code"], extract.frame["is_gp_practice"], strict=True)
    )


def apply(job: ImportJob, extract: Epraccur) -> None:
    columns = ["name", "postcode", "open_date", "close_date"]
    apply_details(job, extract, extract.frame, columns, "details")


KIND = FileKind(
    name="epraccur",
    description="an ODS list of GP practices (epraccur.csv)",
    sniff=sniff,
    read=read_epraccur,
    prepare=prepare,
    apply=apply,
    order=20,
    mismatch=mismatch,
    member_pattern="epraccur*.csv",
)
