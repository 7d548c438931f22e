"""Computed populations: the area table (membership and footprint) and the flow matrix."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection

from lcpdesk import clock
from lcpdesk.domain import population
from lcpdesk.domain.model import Area, AreaTable, AreaTableRow, Partnership, Practice, SplitPractice
from lcpdesk.errors import InputError
from lcpdesk.store import membership_repo
from lcpdesk.store.db import Store


@dataclass(frozen=True)
class FlowTable:
    """The flow matrix with names: rows registered-in, columns resident-in."""

    area: Area
    extract_date: dt.date | None
    row_names: tuple[str, ...]  # counted partnerships (top level)
    column_names: tuple[str, ...]  # the same partnerships, then the two margins
    cells: tuple[tuple[int, ...], ...]  # len(row_names) x len(column_names)
    beside: tuple[int, ...]  # residents of each footprint at practices outside the counted set
    has_data: bool

    @property
    def row_totals(self) -> tuple[int, ...]:
        return tuple(sum(r) for r in self.cells)

    @property
    def column_totals(self) -> tuple[int, ...]:
        if not self.cells:
            return tuple(0 for _ in self.column_names)
        return tuple(sum(col) for col in zip(*self.cells, strict=True))


OUTSIDE_LABEL = "Outside every footprint"
UNKNOWN_LABEL = "Unknown residence"


@dataclass
class _Inputs:
    area: Area
    units: list[Partnership]
    extract_date: dt.date | None
    counted: dict[int, int]
    split: dict[int, list[int]]
    practices: dict[int, Practice]
    sizes: dict[int, int]
    matrix: population.FlowMatrix | None


def _column(unit: int | None, known: bool) -> population.ColumnKey:
    if unit is not None:
        return unit
    return population.OUTSIDE if known else population.UNKNOWN


def partial_dates(conn: Connection, area_id: int) -> set[dt.date]:
    """The area's list-size months without practice-by-LSOA data (no footprints for them),
    when another month has it (an area never given that file lacks it in every month alike)."""
    from lcpdesk.store import registrations

    dates = set(membership_repo.extract_dates(conn, area_id))
    missing = dates - set(registrations.extract_dates(conn))
    return missing if missing != dates else set()


def newest_complete(conn: Connection, area_id: int) -> dt.date | None:
    """The month shown unless the user picks another: the newest with list sizes and
    practice-by-LSOA data; the newest with list sizes when none has both; None without any."""
    dates = membership_repo.extract_dates(conn, area_id)
    partial = partial_dates(conn, area_id)
    return next((d for d in dates if d not in partial), dates[0] if dates else None)


def _gather(conn: Connection, area_id: int, extract_date: dt.date | None) -> _Inputs:
    from lcpdesk.store import registrations  # numpy: loaded when first needed, not at start-up

    the_area = membership_repo.area_by_id(conn, area_id)
    if the_area is None:
        raise InputError(f"Area {area_id} does not exist.")
    if extract_date is None:
        extract_date = newest_complete(conn, area_id)
    units = membership_repo.partnerships(conn, area_id)
    when = extract_date or clock.today()
    current = membership_repo.memberships_at(conn, area_id, when)
    pairs = [(m.practice_id, m.partnership_id) for m in current]
    counted = population.counted_practices(pairs)
    split = population.split_practices(pairs)
    practices = membership_repo.practices_by_id(conn, {m.practice_id for m in current})
    sizes = membership_repo.list_sizes_at(conn, sorted(practices), when) if extract_date else {}
    matrix = None
    if extract_date is not None and registrations.has_blocks(conn, extract_date):
        registered_in = {practices[p].code: u for p, u in counted.items()}
        flows = registrations.classified_flows(conn, area_id, extract_date, registered_in)
        matrix = population.flow_matrix_classified(
            ((code, _column(unit, known), n) for code, unit, known, n in flows), registered_in
        )
    return _Inputs(the_area, units, extract_date, counted, split, practices, sizes, matrix)


def area_table(store: Store, area_id: int, extract_date: dt.date | None = None) -> AreaTable:
    with store.read() as conn:
        got = _gather(conn, area_id, extract_date)
    by_id = {p.id: p for p in got.units}
    foot_by_unit: dict[int, int] | None = None
    beside: int | None = None
    if got.matrix is not None:
        foot_by_unit = defaultdict(int)
        for (_row, col), n in got.matrix.cells.items():
            if isinstance(col, int):
                foot_by_unit[col] += n
        beside = sum(got.matrix.from_outside_counted.values())
    figures = population.roll_up(got.units, got.counted, got.sizes, foot_by_unit)
    rows = []
    for p in population.tree_order(got.units):
        f = figures[p.id]
        has_sizes = got.extract_date is not None and f.counted_practices > f.without_list_size
        rows.append(
            AreaTableRow(
                partnership_id=p.id,
                name=p.name,
                parent_id=p.parent_id,
                parent_name=by_id[p.parent_id].name if p.parent_id is not None else "",
                membership=f.membership if has_sizes else None,
                footprint=f.footprint,
                counted_practices=f.counted_practices,
                practices_without_list_size=f.without_list_size,
                published_population=p.published_population,
            )
        )
    tops = [r for r in rows if r.parent_id is None]
    total_m = _sum_known(r.membership for r in tops)
    total_f = _sum_known(r.footprint for r in tops)
    splits = tuple(
        SplitPractice(
            got.practices[pid].code,
            got.practices[pid].name,
            tuple(sorted(by_id[u].name for u in unit_ids)),
            got.sizes.get(pid),
        )
        for pid, unit_ids in sorted(got.split.items(), key=lambda kv: got.practices[kv[0]].code)
    )
    return AreaTable(got.area, got.extract_date, tuple(rows), total_m, total_f, splits, beside)


def _sum_known(values: Iterable[int | None]) -> int | None:
    """The sum of the known values, or None when none is known."""
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def flow_table(store: Store, area_id: int, extract_date: dt.date | None = None) -> FlowTable:
    """The flow matrix between the area's top-level partnerships."""
    with store.read() as conn:
        got = _gather(conn, area_id, extract_date)
    tops = [p for p in population.tree_order(got.units) if p.parent_id is None]
    top_of = population.top_level_of(got.units)
    index = {p.id: i for i, p in enumerate(tops)}
    n = len(tops)
    cells = [[0] * (n + 2) for _ in range(n)]
    beside = [0] * n
    if got.matrix is not None:
        for (row, col), value in got.matrix.cells.items():
            r = index[top_of[row]]
            if isinstance(col, int):
                c = index[top_of[col]]
            else:
                c = n if col == population.OUTSIDE else n + 1
            cells[r][c] += value
        for unit, value in got.matrix.from_outside_counted.items():
            beside[index[top_of[unit]]] += value
    names = tuple(p.name for p in tops)
    return FlowTable(
        area=got.area,
        extract_date=got.extract_date,
        row_names=names,
        column_names=(*names, OUTSIDE_LABEL, UNKNOWN_LABEL),
        cells=tuple(tuple(r) for r in cells),
        beside=tuple(beside),
        has_data=got.matrix is not None,
    )
