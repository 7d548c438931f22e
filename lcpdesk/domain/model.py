"""Plain records of the domain (no Qt, no SQL, no files)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Area:
    id: int
    name: str
    partnership_label: str = "Partnership"
    subunit_label: str = "Sub-unit"
    is_demo: bool = False


@dataclass(frozen=True)
class Partnership:
    id: int
    area_id: int
    name: str
    parent_id: int | None = None
    sort_order: int = 0
    published_population: int | None = None

    @property
    def is_subunit(self) -> bool:
        return self.parent_id is not None


@dataclass(frozen=True)
class Practice:
    id: int
    code: str
    name: str
    postcode: str = ""
    pcn_code: str = ""
    pcn_name: str = ""
    is_demo: bool = False


@dataclass(frozen=True)
class PracticeInput:
    """What a user types to add or edit a practice."""

    code: str
    name: str
    postcode: str = ""
    pcn_code: str = ""
    pcn_name: str = ""
    list_size: int | None = None  # at the extract date being edited


@dataclass(frozen=True)
class Membership:
    id: int
    practice_id: int
    partnership_id: int
    effective_from: dt.date
    effective_to: dt.date | None = None

    def is_current_at(self, when: dt.date) -> bool:
        return self.effective_from <= when and (
            self.effective_to is None or when < self.effective_to
        )


@dataclass(frozen=True)
class MemberRow:
    """One practice as the Membership pane lists it (for one partnership it belongs to)."""

    practice_id: int
    membership_id: int
    code: str
    name: str
    postcode: str
    pcn_name: str
    partnership_id: int
    partnership_name: str  # the top-level partnership
    subunit_name: str  # the sub-unit the practice belongs to, or ""
    list_size: int | None  # at the chosen extract date
    latest_list_size: int | None
    latest_extract: dt.date | None
    is_split: bool
    split_with: tuple[str, ...]  # names of the other partnerships
    effective_from: dt.date
    is_demo: bool = False


@dataclass(frozen=True)
class AreaTableRow:
    partnership_id: int
    name: str
    parent_id: int | None
    parent_name: str
    membership: int | None
    footprint: int | None
    counted_practices: int
    practices_without_list_size: int = 0
    published_population: int | None = None


@dataclass(frozen=True)
class SplitPractice:
    code: str
    name: str
    partnerships: tuple[str, ...]
    list_size: int | None


@dataclass(frozen=True)
class AreaTable:
    area: Area
    extract_date: dt.date | None
    rows: tuple[AreaTableRow, ...]
    total_membership: int | None
    total_footprint: int | None
    split_practices: tuple[SplitPractice, ...] = field(default_factory=tuple)
    outside_counted_residents: int | None = None

    @property
    def has_subunits(self) -> bool:
        return any(row.parent_id is not None for row in self.rows)
