"""Membership and footprint populations, and the flow matrix behind them.

Conventions (seed 000, PRODUCT.md glossary):

* A practice is *split* when, at the date in question, it belongs to more than
  one partnership of the area. Split practices are listed apart and never
  counted.
* The *membership population* of a partnership is the sum of the list sizes of
  its counted (wholly-member) practices; a partnership's figure includes its
  sub-units'.
* The *footprint population* of a partnership is the number of patients of the
  area's counted practices who live in the partnership's LSOAs.
* Both are margins of one *flow matrix*: registered-in partnership ×
  resident-in partnership, with "outside every footprint" and "unknown
  residence" columns. Residents of a footprint registered at practices outside
  the counted set are reported beside it, not mixed in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from lcpdesk.domain.model import Partnership
from lcpdesk.domain.rules import is_residence_code

OUTSIDE = "outside"  # resident in a known small area (English, Welsh, Scottish) in no footprint
UNKNOWN = "unknown"  # residence not known (no valid LSOA code)

ColumnKey = int | str  # a partnership id, OUTSIDE or UNKNOWN


def split_practices(memberships: Iterable[tuple[int, int]]) -> dict[int, list[int]]:
    """Practice id -> the partnerships it belongs to, for practices in more than one."""
    by_practice: dict[int, list[int]] = defaultdict(list)
    for practice_id, partnership_id in memberships:
        if partnership_id not in by_practice[practice_id]:
            by_practice[practice_id].append(partnership_id)
    return {p: units for p, units in by_practice.items() if len(units) > 1}


def counted_practices(memberships: Iterable[tuple[int, int]]) -> dict[int, int]:
    """Practice id -> its one partnership, for practices wholly within one partnership."""
    by_practice: dict[int, set[int]] = defaultdict(set)
    for practice_id, partnership_id in memberships:
        by_practice[practice_id].add(partnership_id)
    return {p: next(iter(units)) for p, units in by_practice.items() if len(units) == 1}


@dataclass
class FlowMatrix:
    """Patients of counted practices: registered-in partnership × resident-in column."""

    cells: dict[tuple[int, ColumnKey], int] = field(default_factory=dict)
    # Residents of each footprint who are registered at practices outside the counted set.
    from_outside_counted: dict[int, int] = field(default_factory=dict)

    def row_total(self, partnership_id: int) -> int:
        return sum(v for (r, _c), v in self.cells.items() if r == partnership_id)

    def column_total(self, column: ColumnKey) -> int:
        return sum(v for (_r, c), v in self.cells.items() if c == column)

    def total(self) -> int:
        return sum(self.cells.values())


def residence(lsoa_code: str, resident_in: Mapping[str, int]) -> ColumnKey:
    """The flow-matrix column of a patient living in ``lsoa_code``."""
    home = resident_in.get(lsoa_code)
    if home is not None:
        return home
    return OUTSIDE if is_residence_code(lsoa_code) else UNKNOWN


def flow_matrix(
    registrations: Iterable[tuple[str, str, int]],
    registered_in: Mapping[str, int],
    resident_in: Mapping[str, int],
) -> FlowMatrix:
    """Build the flow matrix from (practice code, LSOA code, patients) rows.

    ``registered_in`` maps each counted practice's code to its partnership;
    ``resident_in`` maps each footprint LSOA to its partnership.
    """
    return flow_matrix_classified(
        ((pc, residence(lsoa, resident_in), n) for pc, lsoa, n in registrations), registered_in
    )


def flow_matrix_classified(
    registrations: Iterable[tuple[str, ColumnKey, int]], registered_in: Mapping[str, int]
) -> FlowMatrix:
    """The flow matrix from rows whose residence is already a column (see :func:`residence`)."""
    cells: dict[tuple[int, ColumnKey], int] = defaultdict(int)
    beside: dict[int, int] = defaultdict(int)
    for practice_code, column, patients in registrations:
        row = registered_in.get(practice_code)
        if row is None:
            if isinstance(column, int):
                beside[column] += patients
            continue
        cells[(row, column)] += patients
    return FlowMatrix(dict(cells), dict(beside))


@dataclass(frozen=True)
class UnitFigures:
    membership: int
    footprint: int | None
    counted_practices: int
    without_list_size: int


def roll_up(
    partnerships: Sequence[Partnership],
    counted: Mapping[int, int],
    list_sizes: Mapping[int, int],
    footprint_by_unit: Mapping[int, int] | None,
) -> dict[int, UnitFigures]:
    """Figures for every partnership, each including its sub-units'.

    ``counted`` maps practice id -> partnership id; ``list_sizes`` practice id ->
    patients; ``footprint_by_unit`` partnership id -> residents (None when there
    is no practice-by-LSOA data for the date).
    """
    own_members: dict[int, int] = defaultdict(int)
    own_count: dict[int, int] = defaultdict(int)
    own_missing: dict[int, int] = defaultdict(int)
    for practice_id, unit in counted.items():
        own_count[unit] += 1
        size = list_sizes.get(practice_id)
        if size is None:
            own_missing[unit] += 1
        else:
            own_members[unit] += size
    children: dict[int | None, list[int]] = defaultdict(list)
    for p in partnerships:
        children[p.parent_id].append(p.id)

    result: dict[int, UnitFigures] = {}

    def visit(unit: int) -> UnitFigures:
        members = own_members[unit]
        count = own_count[unit]
        missing = own_missing[unit]
        foot = None if footprint_by_unit is None else footprint_by_unit.get(unit, 0)
        for child in children[unit]:
            sub = visit(child)
            members += sub.membership
            count += sub.counted_practices
            missing += sub.without_list_size
            if foot is not None and sub.footprint is not None:
                foot += sub.footprint
        figures = UnitFigures(members, foot, count, missing)
        result[unit] = figures
        return figures

    for top in children[None]:
        visit(top)
    return result


def tree_order(partnerships: Sequence[Partnership]) -> list[Partnership]:
    """Top-level partnerships in their order, each followed by its sub-units."""
    children: dict[int | None, list[Partnership]] = defaultdict(list)
    for p in partnerships:
        children[p.parent_id].append(p)
    ordered: list[Partnership] = []

    def walk(parent: int | None) -> None:
        for p in sorted(children[parent], key=lambda q: (q.sort_order, q.name.casefold())):
            ordered.append(p)
            walk(p.id)

    walk(None)
    return ordered


def top_level_of(partnerships: Sequence[Partnership]) -> dict[int, int]:
    """Partnership id -> the id of its top-level partnership."""
    parent = {p.id: p.parent_id for p in partnerships}
    result: dict[int, int] = {}
    for pid in parent:
        top = pid
        seen = {top}
        while parent.get(top) is not None:
            top = parent[top]  # type: ignore[assignment]
            if top in seen:
                break
            seen.add(top)
        result[pid] = top
    return result
