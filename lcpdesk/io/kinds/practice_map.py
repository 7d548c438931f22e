"""NHS Digital's practice map, ``gp-reg-pat-prac-map.csv``: practice names, postcodes, PCNs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pandas as pd

from lcpdesk.io.columns import Field, practice_codes, reject_duplicates, text
from lcpdesk.io.kinds.base import Extract, FileKind, ImportJob, IsCancelled, Progress
from lcpdesk.io.kinds.practice_details import apply_details, remember_names
from lcpdesk.io.tables import dates, done, open_table, sniff_header, sorted_dates

FIELDS = (
    Field("practice_code", ("PRACTICE_CODE",)),
    Field("name", ("PRACTICE_NAME",)),
    Field("postcode", ("PRACTICE_POSTCODE",)),
    Field("pcn_code", ("PCN_CODE",), required=False),
    Field("pcn_name", ("PCN_NAME",), required=False),
    Field("extract_date", ("EXTRACT_DATE",), required=False),
)


@dataclass(frozen=True, eq=False, kw_only=True)
class PracticeMap(Extract):
    """``practice_code, name, postcode, pcn_code, pcn_name`` str (NaN when missing or
    ``NULL``), ``extract_date`` date or None."""

    kind: ClassVar[str] = "practice_map"


def read_practice_map(
    path: Path | str,
    sheet: str | int | None = None,
    *,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> PracticeMap:
    """Practice names, postcodes and PCNs from ``gp-reg-pat-prac-map.csv``."""
    table = open_table(path, KIND, sheet=sheet, progress=progress, cancelled=cancelled)
    practice = practice_codes(table, "practice_code")
    when = dates(table, "extract_date", allow_blank=True)
    reject_duplicates(table, {"practice": practice, "extract date": when})
    frame = pd.DataFrame(
        {
            "practice_code": practice,
            "name": text(table, "name", blank="missing"),
            "postcode": text(table, "postcode", upper=True, blank="missing"),
            "pcn_code": text(table, "pcn_code", upper=True, blank="missing"),
            "pcn_name": text(table, "pcn_name", blank="missing"),
            "extract_date": when,
        }
    )
    done(progress)
    return PracticeMap(
        frame=frame,
        source=table.file,
        extract_dates=sorted_dates(when),
        rows_read=len(table.frame),
    )


def apply(job: ImportJob, extract: PracticeMap) -> None:
    columns = ["name", "postcode", "pcn_code", "pcn_name"]
    # ODS's epraccur names practices; the map names only those known by their code alone.
    apply_details(job, extract, extract.frame, columns, "names and PCNs", renames=False)


KIND = FileKind(
    name="practice_map",
    description="a practice-to-PCN map (gp-reg-pat-prac-map.csv)",
    fields=FIELDS,
    sniff=sniff_header(FIELDS, 0.5),
    read=read_practice_map,
    prepare=remember_names,
    apply=apply,
    order=30,
    member_pattern="*prac-map*.csv",
)
