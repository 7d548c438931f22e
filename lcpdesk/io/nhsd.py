"""Readers for NHS Digital and ODS files, and for the definitions team leads keep.

Each reader returns a frozen result holding a pandas DataFrame with fixed column names plus what
the user should be told (the file, extract dates, rows read, rows set aside). Columns are found by
name (see :mod:`lcpdesk.io.columns`), never by position, except in ODS ``epraccur.csv`` which has
no header. Nothing here touches the database; any problem in a file is an
:class:`~lcpdesk.errors.InputError` naming the file, line and column and saying what to do.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import numpy as np
import pandas as pd

from lcpdesk.errors import InputError, Location
from lcpdesk.io.columns import (
    Field,
    Table,
    counts,
    find_duplicate,
    find_header_row,
    header_error,
    match_header,
    practice_codes,
    reject_duplicates,
    text,
)
from lcpdesk.io.dates import EXAMPLES, DateFormatError, factorize_dates, parse_date_series
from lcpdesk.io.sources import (
    WORKBOOK,
    Rows,
    csv_header_rows,
    load_csv,
    peek_rows,
    read_sheet,
    sheet_names,
    sniff,
    table_from_csv,
    table_from_rows,
)

Progress = Callable[[float], None]
IsCancelled = Callable[[], bool]

KINDS: dict[str, str] = {
    "practice_list_sizes": "a practice list-size file (gp-reg-pat-prac-all.csv)",
    "practice_map": "a practice-to-PCN map (gp-reg-pat-prac-map.csv)",
    "practice_lsoa": "a patients-by-practice-and-LSOA file (gp-reg-pat-prac-lsoa-all.csv)",
    "epraccur": "an ODS list of GP practices (epraccur.csv)",
    "pcn_core_partners": "a PCN core partner details list (ePCN)",
    "footprint_definitions": "footprint definitions (LSOA code and partnership)",
    "membership_definitions": "membership definitions (practice code and partnership)",
}

_PRACTICE = ("Practice code", "Practice", "ODS code", "Org code", "GP practice code")
_PARTNERSHIP = (
    "LCP",
    "LCP name",
    "Partnership",
    "Partnership name",
    "Local Care Partnership",
    "Local Care Partnership name",
    "Locality",
    "Locality name",
    "Integrated Locality Team",
    "ILT",
    "Neighbourhood",
    "Neighbourhood name",
)
_LSOA = ("LSOA code", "LSOA", "LSOA11CD", "LSOA21CD", "LSOA 2011 code", "LSOA 2021 code")
_PATIENTS = ("NUMBER_OF_PATIENTS", "Number of Patients")

FIELDS: dict[str, tuple[Field, ...]] = {
    "practice_lsoa": (
        Field("extract_date", ("EXTRACT_DATE",)),
        Field("practice_code", ("PRACTICE_CODE",)),
        Field("practice_name", ("PRACTICE_NAME",), required=False),
        Field("lsoa_code", ("LSOA_CODE", *_LSOA)),
        Field("sex", ("SEX",), required=False),
        Field("patients", _PATIENTS),
    ),
    "practice_list_sizes": (
        Field("extract_date", ("EXTRACT_DATE",)),
        Field("type", ("TYPE",)),
        Field("code", ("CODE",)),
        Field("postcode", ("POSTCODE",), required=False),
        Field("sex", ("SEX",), required=False),
        Field("age", ("AGE",), required=False),
        Field("patients", _PATIENTS),
    ),
    "pcn_core_partners": (
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
    ),
    "membership_definitions": (
        Field("practice_code", _PRACTICE),
        Field("partnership", _PARTNERSHIP),
        Field(
            "sub_unit",
            ("Sub-locality", "Sub locality name", "Sub unit", "PCN", "PCN name"),
            required=False,
        ),
        Field("practice_name", ("Practice name", "Name"), required=False),
    ),
    "footprint_definitions": (
        Field("lsoa_code", _LSOA),
        Field("partnership", _PARTNERSHIP),
    ),
    "practice_map": (
        Field("practice_code", ("PRACTICE_CODE",)),
        Field("name", ("PRACTICE_NAME",)),
        Field("postcode", ("PRACTICE_POSTCODE",)),
        Field("pcn_code", ("PCN_CODE",), required=False),
        Field("pcn_name", ("PCN_NAME",), required=False),
        Field("extract_date", ("EXTRACT_DATE",), required=False),
    ),
}
# In epraccur.csv (no header): column position -> (Excel column letter, meaning).
EPRACCUR_COLUMNS = {
    0: ("A", "organisation code"),
    1: ("B", "name"),
    9: ("J", "postcode"),
    10: ("K", "open date"),
    11: ("L", "close date"),
    12: ("M", "status code"),
    25: ("Z", "prescribing setting"),
}
_ENGLISH_LSOA = re.compile(r"E01\d{6}")
_ANY_LSOA = re.compile(r"[EW]01\d{6}")
_YYYYMMDD = re.compile(r"\d{8}")
_PATTERNS = {
    "practice_lsoa": "*lsoa-all*.csv",
    "practice_list_sizes": "*prac-all*.csv",
    "practice_map": "*prac-map*.csv",
    "epraccur": "epraccur*.csv",
}


@dataclass(frozen=True, eq=False, kw_only=True)
class Extract:
    """A file read: its rows as a DataFrame and what the user should be told about it."""

    kind: ClassVar[str] = ""
    frame: pd.DataFrame
    source: str  # the file's path ("<member> in <zip>" beside a zip)
    sheet: str | None = None
    extract_dates: tuple[dt.date, ...] = ()
    rows_read: int  # rows of data in the file (blank lines not counted)
    rows_set_aside: int = 0  # rows read but deliberately not used (see each reader)

    @property
    def source_name(self) -> str:
        return Path(self.source).name

    @property
    def row_count(self) -> int:
        return len(self.frame)


@dataclass(frozen=True, eq=False, kw_only=True)
class PracticeListSizes(Extract):
    """``practice_code`` str, ``extract_date`` date, ``patients`` int64, ``postcode`` str|NaN.
    Rows set aside: other TYPEs (PCN, SUB_ICB, ...) and other SEX/AGE breakdowns."""

    kind: ClassVar[str] = "practice_list_sizes"


@dataclass(frozen=True, eq=False, kw_only=True)
class PracticeMap(Extract):
    """``practice_code, name, postcode, pcn_code, pcn_name`` str (NaN when missing or
    ``NULL``), ``extract_date`` date or None."""

    kind: ClassVar[str] = "practice_map"


@dataclass(frozen=True, eq=False, kw_only=True)
class PracticeLsoa(Extract):
    """``practice_code, practice_name, lsoa_code`` category, ``extract_date`` date,
    ``patients`` int64, ``known_residence`` bool. Rows set aside: MALE/FEMALE rows where ALL
    rows exist."""

    kind: ClassVar[str] = "practice_lsoa"
    unknown_residence_rows: int
    unknown_residence_patients: int
    sexes_summed: bool  # the file had no SEX=ALL rows (for some date): MALE+FEMALE were added


@dataclass(frozen=True, eq=False, kw_only=True)
class Epraccur(Extract):
    """``practice_code, name, postcode, status`` str, ``open_date, close_date`` date or None,
    ``prescribing_setting`` Int64, ``is_gp_practice, is_active`` bool."""

    kind: ClassVar[str] = "epraccur"


@dataclass(frozen=True, eq=False, kw_only=True)
class PcnCorePartners(Extract):
    """``practice_code, pcn_code, pcn_name`` str, ``start_date`` date, ``end_date`` date or
    None (current)."""

    kind: ClassVar[str] = "pcn_core_partners"


@dataclass(frozen=True, eq=False, kw_only=True)
class FootprintDefinitions(Extract):
    """``lsoa_code, partnership`` str, ``line`` int64 (the line in the file). Rows set aside:
    an LSOA repeated under the same partnership."""

    kind: ClassVar[str] = "footprint_definitions"
    partnerships: tuple[str, ...]


@dataclass(frozen=True, eq=False, kw_only=True)
class MembershipDefinitions(Extract):
    """``practice_code, practice_name, partnership, sub_unit`` str (NaN when missing),
    ``is_split`` bool, ``line`` int64. Rows set aside: a practice repeated under the same
    partnership."""

    kind: ClassVar[str] = "membership_definitions"
    partnerships: tuple[str, ...]
    split_practices: tuple[str, ...]


# --- finding out what a file is -------------------------------------------------------------


def _looks_like_epraccur(row: Sequence[object]) -> bool:
    cells = [str(cell).strip() for cell in row]
    return (
        len(cells) >= 26
        and re.fullmatch(r"[A-Za-z][0-9]{5}", cells[0]) is not None
        and _YYYYMMDD.fullmatch(cells[10]) is not None
    )


def _kind_of_rows(rows: Rows) -> str | None:
    """The kind of file whose first rows these are, or None."""
    first = next((row for row in rows.rows if any(str(cell).strip() for cell in row)), None)
    if first is not None and _looks_like_epraccur(first):
        return "epraccur"
    for index, row in enumerate(rows.rows):
        found = [kind for kind, fields in FIELDS.items() if not match_header(row, fields).missing]
        if {"membership_definitions", "footprint_definitions"} <= set(found):
            raise InputError(
                "this could be footprint definitions or membership definitions: it has both an "
                "LSOA column and a practice column",
                where=Location(file=rows.file, sheet=rows.sheet, line=index + 1),
                hint="Keep footprints (LSOA code, partnership) and membership (practice code, "
                "partnership) on separate sheets or files.",
            )
        if found:
            return found[0]
    return None


def _accepted() -> str:
    return "; ".join(KINDS.values())


def detect_kind(path: Path | str, *, sheet: str | int | None = None) -> str:
    """What kind of file this is, from its content: one of :data:`KINDS`.

    For a workbook, the given sheet, else the first sheet whose header is recognised.
    """
    path = Path(path)
    first = peek_rows(path, sheet=sheet, pattern=tuple(_PATTERNS.values()))
    kind = _kind_of_rows(first)
    if kind is None and sheet is None and sniff(path) == WORKBOOK:
        for name in sheet_names(path)[1:]:
            kind = _kind_of_rows(peek_rows(path, sheet=name))
            if kind is not None:
                break
    if kind is not None:
        return kind
    raise InputError(
        "this is not a file lcpdesk can import"
        + (f": columns found: {_found(first)}" if _found(first) else ": it is empty"),
        where=Location(file=first.file, sheet=first.sheet),
        hint=f"Files accepted: {_accepted()}.",
    )


def _found(rows: Rows) -> str:
    for row in rows.rows:
        cells = [str(cell).strip() for cell in row if str(cell).strip()]
        if cells:
            return ", ".join(f"'{cell}'" for cell in cells[:20])
    return ""


def _not_this_kind(rows: Rows, kind: str) -> InputError:
    where = Location(file=rows.file, sheet=rows.sheet)
    if not _found(rows):
        return InputError(
            "the file is empty", where=where, hint=f"Choose {KINDS[kind]} that has data in it."
        )
    other = _kind_of_rows(rows)
    if other is not None and other != kind:
        return InputError(
            f"this looks like {KINDS[other]}, not {KINDS[kind]}",
            where=where,
            hint=f"Choose {KINDS[kind]}, or import this file as {KINDS[other].split(' (')[0]}.",
        )
    if kind == "epraccur":
        return InputError(
            f"this does not look like {KINDS[kind]}: that file has no header and 27 columns, "
            "starting with the practice code and name",
            where=Location(file=rows.file, sheet=rows.sheet, line=1),
            hint=f"Columns found: {_found(rows)}. Choose epraccur.csv as downloaded from ODS.",
        )
    fields = FIELDS[kind]
    best = max(
        range(len(rows.rows)),
        key=lambda i: (len(match_header(rows.rows[i], fields).positions), -i),
    )
    matched = match_header(rows.rows[best], fields)
    return header_error(
        rows.rows[best],
        matched,
        Location(file=rows.file, sheet=rows.sheet, line=best + 1),
        KINDS[kind].split(" (")[0].removeprefix("a ").removeprefix("an "),
    )


# --- reading a table --------------------------------------------------------------------------


def _open_table(
    path: Path | str,
    kind: str,
    *,
    sheet: str | int | None = None,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> Table:
    path = Path(path)
    fields = FIELDS[kind]
    if sniff(path) == WORKBOOK:
        rows = read_sheet(path, sheet)
        index = find_header_row(rows.rows, fields)
        if index is None and sheet is None:
            for name in sheet_names(path)[1:]:
                other = read_sheet(path, name)
                index = find_header_row(other.rows, fields)
                if index is not None:
                    rows = other
                    break
        if index is None:
            raise _not_this_kind(Rows(rows.file, rows.sheet, rows.rows[:20]), kind)
        matched = match_header(rows.rows[index], fields)
        if not matched.ok:
            raise header_error(rows.rows[index], matched, _line(rows, index), "file")
        table = table_from_rows(rows, index, matched.positions)
    else:
        data = load_csv(path, pattern=_PATTERNS.get(kind), progress=progress, cancelled=cancelled)
        head = csv_header_rows(data)
        index = find_header_row(head.rows, fields)
        if index is None:
            raise _not_this_kind(head, kind)
        matched = match_header(head.rows[index], fields)
        if not matched.ok:
            raise header_error(head.rows[index], matched, _line(head, index), "file")
        table = table_from_csv(
            data,
            head.rows[index],
            index,
            matched.positions,
            progress=progress,
            cancelled=cancelled,
        )
    if not len(table.frame):
        raise table.error(
            "there are no rows of data under the header",
            hint=f"Choose {KINDS[kind]} that has data in it.",
        )
    return table


def _line(rows: Rows, index: int) -> Location:
    return Location(file=rows.file, sheet=rows.sheet, line=index + 1)


def _dates(table: Table, key: str, *, allow_blank: bool = False) -> pd.Series:
    if not table.has(key):
        return pd.Series([None] * len(table.frame), index=table.frame.index, dtype=object)
    try:
        return parse_date_series(table.frame[key], allow_blank=allow_blank)
    except DateFormatError as exc:
        raise _date_error(table, key, exc) from None


def _date_error(table: Table, key: str, exc: DateFormatError) -> InputError:
    shown = f"'{exc.value}'" if str(exc.value).strip() else "a blank cell"
    return table.error(
        f"{shown} is not a date",
        row=exc.position,
        key=key,
        hint=f"Write the date like {EXAMPLES}.",
    )


def _sorted_dates(values: pd.Series) -> tuple[dt.date, ...]:
    return tuple(sorted({value for value in values.unique() if value is not None}))


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
    table = _open_table(path, "practice_lsoa", progress=progress, cancelled=cancelled)
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
    summed = ~np.isin(date_codes, np.unique(date_codes[is_all]))
    use = is_all | summed
    frame = pd.DataFrame(
        {
            "practice_code": practice,
            "practice_name": text(table, "practice_name", category=True),
            "lsoa_code": lsoa,
            "extract_date": pd.Series(np.asarray(distinct, dtype=object)[date_codes], dtype=object),
            "patients": patients,
        }
    )
    dates = pd.Series(pd.Categorical.from_codes(date_codes, pd.Index(distinct, dtype=object)))
    parts = {"practice": practice, "LSOA": lsoa, "extract date": dates}
    if summed.any():
        parts["sex"] = text(table, "sex", upper=True, category=True)
    rows = summed if summed.any() else is_all
    reject_duplicates(table, {name: part[rows] for name, part in parts.items()}, rows=rows)
    if summed.any():
        frame = _sum_sexes(frame, is_all, summed)
    elif not use.all():
        frame = frame[use].reset_index(drop=True)
    known = frame["lsoa_code"].cat.categories.str.fullmatch(_ENGLISH_LSOA.pattern)
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
        .agg(practice_name=("practice_name", "first"), patients=("patients", "sum"))
        .reset_index()
    )
    combined = pd.concat([frame[is_all], added[frame.columns]], ignore_index=True)
    for key in ("practice_code", "practice_name", "lsoa_code"):
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


def _done(progress: Progress | None) -> None:
    if progress is not None:
        progress(1.0)


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
