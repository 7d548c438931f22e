"""NHS Digital's list sizes, ``gp-reg-pat-prac-all.csv``: registered patients per practice."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import numpy as np
import pandas as pd

from lcpdesk.io.columns import Field, counts, practice_codes, reject_duplicates, text
from lcpdesk.io.kinds.base import (
    Extract,
    FileKind,
    ImportJob,
    IsCancelled,
    Progress,
    format_date,
    plural,
)
from lcpdesk.io.kinds.headers import PATIENTS
from lcpdesk.io.tables import dates, done, open_table, sniff_header, sorted_dates

FIELDS = (
    Field("extract_date", ("EXTRACT_DATE",)),
    Field("type", ("TYPE",)),
    Field("code", ("CODE",)),
    Field("postcode", ("POSTCODE",), required=False),
    Field("sex", ("SEX",), required=False),
    Field("age", ("AGE",), required=False),
    Field("patients", PATIENTS),
)


@dataclass(frozen=True, eq=False, kw_only=True)
class PracticeListSizes(Extract):
    """``practice_code`` str, ``extract_date`` date, ``patients`` int64, ``postcode`` str|NaN.
    Rows set aside: other TYPEs (PCN, SUB_ICB, ...) and other SEX/AGE breakdowns."""

    kind: ClassVar[str] = "practice_list_sizes"


def read_practice_list_sizes(
    path: Path | str,
    sheet: str | int | None = None,
    *,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> PracticeListSizes:
    """Registered patients per practice from ``gp-reg-pat-prac-all.csv`` (either era).

    Keeps rows with TYPE ``GP``, SEX ``ALL`` and AGE ``ALL``.
    """
    table = open_table(path, KIND, sheet=sheet, progress=progress, cancelled=cancelled)
    keep = np.asarray(text(table, "type", upper=True) == "GP")
    for key in ("sex", "age"):
        if table.has(key):
            keep = keep & np.asarray(text(table, key, upper=True) == "ALL")
    if not keep.any():
        raise table.error(
            "there are no rows for GP practices (TYPE 'GP', SEX 'ALL' and AGE 'ALL')",
            hint="Choose the gp-reg-pat-prac-all.csv file of the publication.",
        )
    rows = table.subset(keep)
    practice = practice_codes(rows, "code")
    when = dates(rows, "extract_date")
    reject_duplicates(rows, {"practice": practice, "extract date": when})
    frame = pd.DataFrame(
        {
            "practice_code": practice,
            "extract_date": when,
            "patients": counts(rows, "patients"),
            "postcode": text(rows, "postcode", upper=True, blank="missing"),
        }
    )
    done(progress)
    return PracticeListSizes(
        frame=frame,
        source=table.file,
        extract_dates=sorted_dates(when),
        rows_read=len(table.frame),
        rows_set_aside=len(table.frame) - len(frame),
    )


def set_aside(extract: PracticeListSizes) -> list[str]:
    n = extract.rows_set_aside
    return [f"{plural(n, 'row')} of other types, sexes or ages"] if n else []


def apply(job: ImportJob, extract: PracticeListSizes) -> None:
    """Set each registered practice's list size for the file's extract date(s)."""
    reg = job.register()
    frame = extract.frame[extract.frame["practice_code"].isin(reg.keys())]
    rows = [
        {"practice_id": reg[code], "extract_date": when, "patients": int(n), "source": "nhsd"}
        for code, when, n in zip(
            frame["practice_code"], frame["extract_date"], frame["patients"], strict=True
        )
    ]
    changes = job.repo.upsert_list_sizes(rows)
    job.record(changes)
    shown = ", ".join(format_date(d) for d in extract.extract_dates)
    new = sum(1 for c in changes if c.before is None)
    job.say(
        f"{extract.source_name}: list sizes at {shown} for {plural(len(frame), 'practice')} in "
        f"the register ({new:,} new, {len(changes) - new:,} changed, "
        f"{len(rows) - len(changes):,} unchanged); "
        f"{plural(len(extract.frame) - len(frame), 'practice')} not in the register left aside."
    )


KIND = FileKind(
    name="practice_list_sizes",
    description="a practice list-size file (gp-reg-pat-prac-all.csv)",
    fields=FIELDS,
    sniff=sniff_header(FIELDS, 0.8),
    read=read_practice_list_sizes,
    set_aside=set_aside,
    apply=apply,
    order=50,
    member_pattern="*prac-all*.csv",
)
