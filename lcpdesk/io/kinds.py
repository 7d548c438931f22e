"""What lcpdesk reads: the kinds of file, their columns, and the results readers return."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pandas as pd

from lcpdesk.io.columns import (
    Field,
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
    """``practice_code, lsoa_code`` category, ``extract_date`` category of dates,
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
