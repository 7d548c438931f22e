"""Readers for NHS Digital and ODS files, and for the definitions team leads keep.

Each reader returns a frozen result holding a pandas DataFrame with fixed column names plus what
the user should be told (the file, extract dates, rows read, rows set aside). Columns are found by
name (see :mod:`lcpdesk.io.columns`), never by position, except in ODS ``epraccur.csv`` which has
no header. Nothing here touches the database; any problem in a file is an
:class:`~lcpdesk.errors.InputError` naming the file, line and column and saying what to do.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from lcpdesk.domain.rules import is_lsoa_code
from lcpdesk.io.columns import (
    counts,
    practice_codes,
    reject_duplicates,
    text,
)
from lcpdesk.io.dates import DateFormatError, factorize_dates
from lcpdesk.io.definitions import (
    read_footprint_definitions,
    read_membership_definitions,
    read_pcn_core_partners,
)
from lcpdesk.io.kinds import (
    _PATTERNS,
    EPRACCUR_COLUMNS,
    Epraccur,
    Extract,
    IsCancelled,
    PracticeListSizes,
    PracticeLsoa,
    PracticeMap,
    Progress,
)
from lcpdesk.io.sources import (
    csv_header_rows,
    load_csv,
    table_from_csv,
)
from lcpdesk.io.tables import (
    _date_error,
    _dates,
    _done,
    _looks_like_epraccur,
    _not_this_kind,
    _open_table,
    _sorted_dates,
    detect_kind,
)

# --- the NHS Digital and ODS readers ----------------------------------------------------------


def read_practice_list_sizes(
    path: Path | str, *, progress: Progress | None = None, cancelled: IsCancelled | None = None
) -> PracticeListSizes:
    """Registered patients per practice from ``gp-reg-pat-prac-all.csv`` (either era).

    Keeps rows with TYPE ``GP``, SEX ``ALL`` and AGE ``ALL``.
    """
    table = _open_table(path, "practice_list_sizes", progress=progress, cancelled=cancelled)
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
    dates = _dates(rows, "extract_date")
    reject_duplicates(rows, {"practice": practice, "extract date": dates})
    frame = pd.DataFrame(
        {
            "practice_code": practice,
            "extract_date": dates,
            "patients": counts(rows, "patients"),
            "postcode": text(rows, "postcode", upper=True, blank="missing"),
        }
    )
    _done(progress)
    return PracticeListSizes(
        frame=frame,
        source=table.file,
        extract_dates=_sorted_dates(dates),
        rows_read=len(table.frame),
        rows_set_aside=len(table.frame) - len(frame),
    )


def read_practice_map(
    path: Path | str, *, progress: Progress | None = None, cancelled: IsCancelled | None = None
) -> PracticeMap:
    """Practice names, postcodes and PCNs from ``gp-reg-pat-prac-map.csv``."""
    table = _open_table(path, "practice_map", progress=progress, cancelled=cancelled)
    practice = practice_codes(table, "practice_code")
    dates = _dates(table, "extract_date", allow_blank=True)
    reject_duplicates(table, {"practice": practice, "extract date": dates})
    frame = pd.DataFrame(
        {
            "practice_code": practice,
            "name": text(table, "name", blank="missing"),
            "postcode": text(table, "postcode", upper=True, blank="missing"),
            "pcn_code": text(table, "pcn_code", upper=True, blank="missing"),
            "pcn_name": text(table, "pcn_name", blank="missing"),
            "extract_date": dates,
        }
    )
    _done(progress)
    return PracticeMap(
        frame=frame,
        source=table.file,
        extract_dates=_sorted_dates(dates),
        rows_read=len(table.frame),
    )


def read_practice_lsoa(
    path: Path | str, *, progress: Progress | None = None, cancelled: IsCancelled | None = None
) -> PracticeLsoa:
    """Patients per practice per LSOA of residence from ``gp-reg-pat-prac-lsoa-all.csv``.

    SEX other than ALL is set aside where ALL rows exist for that extract date, and summed
    where they do not. LSOA codes other than ``E01`` + 6 digits (``NO2011``, Welsh ``W01...``,
    blank) are kept with ``known_residence`` false.
    """
    # The practice name is on every row, a million times over; names come from the other files.
    table = _open_table(
        path, "practice_lsoa", unread=("practice_name",), progress=progress, cancelled=cancelled
    )
    practice = practice_codes(table, "practice_code", category=True)
    try:
        date_codes, distinct = factorize_dates(table.frame["extract_date"])
    except DateFormatError as exc:
        raise _date_error(table, "extract_date", exc) from None
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
    known = [is_lsoa_code(code) for code in frame["lsoa_code"].cat.categories.tolist()]
    frame["known_residence"] = np.asarray(known, dtype=bool)[frame["lsoa_code"].cat.codes]
    unknown = ~frame["known_residence"].to_numpy()
    _done(progress)
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


def read_epraccur(
    path: Path | str, *, progress: Progress | None = None, cancelled: IsCancelled | None = None
) -> Epraccur:
    """GP practices (and other prescribing settings) from ODS ``epraccur.csv`` (no header)."""
    data = load_csv(path, pattern=_PATTERNS["epraccur"], progress=progress, cancelled=cancelled)
    head = csv_header_rows(data)
    first = next((row for row in head.rows if any(str(c).strip() for c in row)), None)
    if first is None or not _looks_like_epraccur(first):
        raise _not_this_kind(head, "epraccur")
    letters = [chr(ord("A") + i) for i in range(26)]
    positions = {meaning: i for i, (_letter, meaning) in EPRACCUR_COLUMNS.items()}
    table = table_from_csv(data, letters, -1, positions, progress=progress, cancelled=cancelled)
    if not len(table.frame):
        raise _not_this_kind(head, "epraccur")
    practice = practice_codes(table, "organisation code")
    reject_duplicates(table, {"organisation code": practice})
    close = _dates(table, "close date", allow_blank=True)
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
            "open_date": _dates(table, "open date", allow_blank=True),
            "close_date": close,
            "status": status,
            "prescribing_setting": setting,
            "is_gp_practice": (setting == 4).to_numpy(dtype=bool),
            "is_active": (status == "A").to_numpy() & close.isna().to_numpy(),
        }
    )
    _done(progress)
    return Epraccur(frame=frame, source=table.file, rows_read=len(table.frame))


# --- any file ---------------------------------------------------------------------------------

READERS: dict[str, Callable[..., Extract]] = {
    "practice_list_sizes": read_practice_list_sizes,
    "practice_map": read_practice_map,
    "practice_lsoa": read_practice_lsoa,
    "epraccur": read_epraccur,
    "pcn_core_partners": read_pcn_core_partners,
    "footprint_definitions": read_footprint_definitions,
    "membership_definitions": read_membership_definitions,
}


def read_any(
    path: Path | str,
    *,
    sheet: str | int | None = None,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> Extract:
    """Read a file of any accepted kind, found from its content (see :func:`detect_kind`)."""
    kind = detect_kind(path, sheet=sheet)
    if kind in ("footprint_definitions", "membership_definitions"):
        return READERS[kind](path, sheet)
    if kind == "pcn_core_partners":
        return read_pcn_core_partners(path, sheet, progress=progress, cancelled=cancelled)
    return READERS[kind](path, progress=progress, cancelled=cancelled)


# The public face of the readers: everything a service needs is importable from here.
from lcpdesk.io.definitions import (  # noqa: E402
    read_footprint_definitions,
    read_membership_definitions,
    read_pcn_core_partners,
)
from lcpdesk.io.kinds import (  # noqa: E402
    FIELDS,
    KINDS,
    FootprintDefinitions,
    MembershipDefinitions,
    PcnCorePartners,
)

__all__ = [
    "EPRACCUR_COLUMNS",
    "FIELDS",
    "KINDS",
    "READERS",
    "Epraccur",
    "Extract",
    "FootprintDefinitions",
    "MembershipDefinitions",
    "PcnCorePartners",
    "PracticeListSizes",
    "PracticeLsoa",
    "PracticeMap",
    "detect_kind",
    "read_any",
    "read_epraccur",
    "read_footprint_definitions",
    "read_membership_definitions",
    "read_pcn_core_partners",
    "read_practice_list_sizes",
    "read_practice_lsoa",
    "read_practice_map",
]
