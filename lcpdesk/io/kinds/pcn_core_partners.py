"""ePCN's "PCN Core Partner Details": which PCN each practice belongs to, and since when."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import numpy as np
import pandas as pd

from lcpdesk import clock
from lcpdesk.io.columns import Field, practice_codes, reject_duplicates, text
from lcpdesk.io.kinds.base import Extract, FileKind, ImportJob, IsCancelled, Progress
from lcpdesk.io.kinds.practice_details import apply_details
from lcpdesk.io.tables import dates, done, open_table, sniff_header

FIELDS = (
    Field("practice_code", ("Partner Organisation Code", "Practice code", "Practice")),
    Field("pcn_code", ("PCN Code",)),
    Field("pcn_name", ("PCN Name",), required=False),
    Field(
        "start_date",
        ("Practice to PCN Relationship Start Date", "Start date", "Relationship start date"),
    ),
    Field(
        "end_date",
        ("Practice to PCN Relationship End Date", "End date", "Relationship end date"),
        required=False,
    ),
)


@dataclass(frozen=True, eq=False, kw_only=True)
class PcnCorePartners(Extract):
    """``practice_code, pcn_code, pcn_name`` str, ``start_date`` date, ``end_date`` date or
    None (current)."""

    kind: ClassVar[str] = "pcn_core_partners"


def read_pcn_core_partners(
    path: Path | str,
    sheet: str | int | None = None,
    *,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> PcnCorePartners:
    """Practice-to-PCN relationships (ePCN "PCN Core Partner Details"), CSV or worksheet."""
    table = open_table(path, KIND, sheet=sheet, progress=progress, cancelled=cancelled)
    practice = practice_codes(table, "practice_code")
    pcn = text(table, "pcn_code", upper=True, blank="error")
    start = dates(table, "start_date")
    end = dates(table, "end_date", allow_blank=True)
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
    done(progress)
    return PcnCorePartners(
        frame=frame, source=table.file, sheet=table.sheet, rows_read=len(table.frame)
    )


def apply(job: ImportJob, extract: PcnCorePartners) -> None:
    """Each practice's current PCN (the latest relationship not yet ended)."""
    today = clock.today()
    frame = extract.frame
    current = frame[
        frame["end_date"].isna() | (frame["end_date"].map(lambda d: d is not None and d > today))
    ]
    current = current.sort_values("start_date").drop_duplicates("practice_code", keep="last")
    apply_details(
        job, extract, current.reset_index(drop=True), ["pcn_code", "pcn_name"], "current PCNs"
    )


KIND = FileKind(
    name="pcn_core_partners",
    description="a PCN core partner details list (ePCN)",
    fields=FIELDS,
    sniff=sniff_header(FIELDS, 0.7),
    read=read_pcn_core_partners,
    apply=apply,
    order=40,
)
