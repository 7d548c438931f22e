"""NHS Digital's ``gp-reg-pat-prac-lsoa-all.csv``: patients per practice per LSOA of residence."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import numpy as np
import pandas as pd

from lcpdesk.domain.rules import is_residence_code
from lcpdesk.io.columns import Field, counts, practice_codes, reject_duplicates, text
from lcpdesk.io.dates import DateFormatError, factorize_dates
from lcpdesk.io.kinds.base import (
    Extract,
    FileKind,
    ImportJob,
    IsCancelled,
    Progress,
    format_date,
    plural,
)
from lcpdesk.io.kinds.headers import LSOA, PATIENTS
from lcpdesk.io.tables import date_error, done, open_table, sniff_header

FIELDS = (
    Field("extract_date", ("EXTRACT_DATE",)),
    Field("practice_code", ("PRACTICE_CODE",)),
    Field("practice_name", ("PRACTICE_NAME",), required=False),
    Field("lsoa_code", ("LSOA_CODE", *LSOA)),
    Field("sex", ("SEX",), required=False),
    Field("patients", PATIENTS),
)


@dataclass(frozen=True, eq=False, kw_only=True)
class PracticeLsoa(Extract):
    """``practice_code, lsoa_code`` category, ``extract_date`` category of dates,
    ``patients`` int64, ``known_residence`` bool. Rows set aside: MALE/FEMALE rows where ALL
    rows exist."""

    kind: ClassVar[str] = "practice_lsoa"
    unknown_residence_rows: int
    unknown_residence_patients: int
    sexes_summed: bool  # the file had no SEX=ALL rows (for some date): MALE+FEMALE were added


def read_practice_lsoa(
    path: Path | str,
    sheet: str | int | None = None,
    *,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> PracticeLsoa:
    """Patients per practice per LSOA of residence from ``gp-reg-pat-prac-lsoa-all.csv``.

    SEX other than ALL is set aside where ALL rows exist for that extract date, and summed
    where they do not. LSOA codes other than ``E01`` + 6 digits (``NO2011``, Welsh ``W01...``,
    blank) are kept with ``known_residence`` false.
    """
    # The practice name is on every row, a million times over; names come from the other files.
    table = open_table(
        path,
        KIND,
        sheet=sheet,
        unread=("practice_name",),
        progress=progress,
        cancelled=cancelled,
    )
    practice = practice_codes(table, "practice_code", category=True)
    try:
        date_codes, distinct = factorize_dates(table.frame["extract_date"])
    except DateFormatError as exc:
        raise date_error(table, "extract_date", exc) from None
    lsoa = text(table, "lsoa_code", upper=True, category=True)
    patients = counts(table, "patients")
    if table.has("sex"):
        is_all = np.asarray(text(table, "sex", upper=True, category=True) == "ALL")
    else:
        is_all = np.ones(len(table.frame), dtype=bool)
    # Dates with no SEX=ALL rows: their MALE and FEMALE rows are summed.
    summed = ~(np.bincount(date_codes[is_all], minlength=len(distinct)) > 0)[date_codes]
    use = is_all | summed
    dates = pd.Series(pd.Categorical.from_codes(date_codes, pd.Index(distinct, dtype=object)))
    frame = pd.DataFrame(
        {"practice_code": practice, "lsoa_code": lsoa, "extract_date": dates, "patients": patients}
    )
    parts = {"practice": practice, "LSOA": lsoa, "extract date": dates}
    if summed.any():
        parts["sex"] = text(table, "sex", upper=True, category=True)
    rows = summed if summed.any() else is_all
    if rows.all():
        reject_duplicates(table, parts)
    else:
        reject_duplicates(table, {name: part[rows] for name, part in parts.items()}, rows=rows)
    if summed.any():
        frame = _sum_sexes(frame, is_all, summed)
    elif not use.all():
        frame = frame[use].reset_index(drop=True)
    known = [is_residence_code(code) for code in frame["lsoa_code"].cat.categories.tolist()]
    frame["known_residence"] = np.asarray(known, dtype=bool)[frame["lsoa_code"].cat.codes]
    unknown = ~frame["known_residence"].to_numpy()
    done(progress)
    return PracticeLsoa(
        frame=frame,
        source=table.file,
        extract_dates=tuple(sorted({d for d in distinct if d is not None})),
        rows_read=len(table.frame),
        rows_set_aside=int((~use).sum()),
        unknown_residence_rows=int(unknown.sum()),
        unknown_residence_patients=int(frame["patients"].to_numpy()[unknown].sum()),
        sexes_summed=bool(summed.any()),
    )


def _sum_sexes(frame: pd.DataFrame, is_all: np.ndarray, summed: np.ndarray) -> pd.DataFrame:
    keys = ["practice_code", "lsoa_code", "extract_date"]
    added = (
        frame[summed]
        .groupby(keys, sort=False, observed=True)
        .agg(patients=("patients", "sum"))
        .reset_index()
    )
    combined = pd.concat([frame[is_all], added[frame.columns]], ignore_index=True)
    for key in ("practice_code", "lsoa_code"):
        combined[key] = combined[key].astype("category")
    return combined


def apply(job: ImportJob, extract: PracticeLsoa) -> None:
    """Replace the registrations held for the file's extract date(s)."""
    frame = extract.frame
    codes = frame["lsoa_code"]
    categories = [str(c) for c in codes.cat.categories.tolist()]
    ids = job.repo.lsoa_ids(categories)
    id_of_category = np.array([ids[c] for c in categories], dtype=np.int32)
    lsoa_id = id_of_category[codes.cat.codes.to_numpy()]
    practice_cat = frame["practice_code"].astype("category")
    pcodes = practice_cat.cat.codes.to_numpy()
    patients = frame["patients"].to_numpy(dtype=np.int64)
    for when in extract.extract_dates:
        if len(extract.extract_dates) > 1:
            on = np.asarray(frame["extract_date"] == when)
        else:
            on = np.ones(len(frame), dtype=bool)
        p, lid, n = pcodes[on], lsoa_id[on], patients[on]
        # One key, sorted stably: the file's runs (a practice's LSOAs in order) make it quick.
        width = int(lid.max(initial=0)) + 1
        order = np.argsort(p.astype(np.int64) * width + lid, kind="stable")
        p, lid, n = p[order], lid[order], n[order]
        starts = np.flatnonzero(np.r_[True, p[1:] != p[:-1]])
        ends = np.r_[starts[1:], len(p)]
        names = [str(name) for name in practice_cat.cat.categories.tolist()]
        lid, n = lid.astype(np.int32), n.astype(np.int32)
        blocks = [
            (names[p[s]], lid[s:e], n[s:e])
            for s, e in zip(starts.tolist(), ends.tolist(), strict=True)
        ]
        changes = job.repo.replace_registrations(when, blocks)
        job.record(changes)
        unknown = extract.unknown_residence_patients
        job.say(
            f"{extract.source_name}: patients by practice and LSOA at {format_date(when)}: "
            f"{int(on.sum()):,} rows, {plural(len(blocks), 'practice')}, {int(n.sum()):,} "
            f"patients ({unknown:,} with unknown residence); "
            f"{plural(len(changes), 'practice')} changed."
        )


def set_aside(extract: PracticeLsoa) -> list[str]:
    parts: list[str] = []
    if extract.rows_set_aside:
        parts.append(f"{plural(extract.rows_set_aside, 'male/female row')} (ALL rows used)")
    if extract.sexes_summed:
        parts.append("male and female rows added (no ALL rows)")
    if extract.unknown_residence_rows:
        rows = plural(extract.unknown_residence_rows, "row")
        patients = plural(extract.unknown_residence_patients, "patient")
        parts.append(f"{rows} of unknown residence ({patients}, counted as Unknown residence)")
    return parts


KIND = FileKind(
    name="practice_lsoa",
    description="a patients-by-practice-and-LSOA file (gp-reg-pat-prac-lsoa-all.csv)",
    fields=FIELDS,
    sniff=sniff_header(FIELDS, 0.9),
    read=read_practice_lsoa,
    set_aside=set_aside,
    apply=apply,
    order=70,
    member_pattern="*lsoa-all*.csv",
)
