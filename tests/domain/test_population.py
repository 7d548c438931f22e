"""Membership, split and footprint rules, and a hand-checked flow matrix."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lcpdesk.domain import population
from lcpdesk.domain.allocate import fit_margins, largest_remainder
from lcpdesk.domain.model import Partnership


def test_split_practices_are_not_counted() -> None:
    pairs = [(1, 10), (2, 10), (3, 10), (3, 11), (4, 11)]
    assert population.counted_practices(pairs) == {1: 10, 2: 10, 4: 11}
    assert population.split_practices(pairs) == {3: [10, 11]}


def test_hand_checked_flow_matrix() -> None:
    # Practices A1, A2 in partnership 1; B1 in partnership 2; S1 is not counted (split).
    registered_in = {"A00001": 1, "A00002": 1, "B00001": 2}
    resident_in = {"E01000001": 1, "E01000002": 1, "E01000003": 2}
    rows = [
        ("A00001", "E01000001", 100),
        ("A00001", "E01000003", 20),
        ("A00001", "E01999999", 5),  # a real-looking LSOA outside every footprint
        ("A00002", "E01000002", 50),
        ("A00002", "NO2011", 3),  # unknown residence
        ("B00001", "E01000003", 70),
        ("B00001", "E01000001", 10),
        ("S00001", "E01000001", 40),  # outside the counted set: reported beside
        ("S00001", "E01000003", 7),
    ]
    m = population.flow_matrix(rows, registered_in, resident_in)
    assert m.cells == {
        (1, 1): 150,
        (1, 2): 20,
        (1, population.OUTSIDE): 5,
        (1, population.UNKNOWN): 3,
        (2, 2): 70,
        (2, 1): 10,
    }
    assert m.row_total(1) == 178  # membership-side margin
    assert m.column_total(1) == 160  # footprint population of partnership 1
    assert m.column_total(2) == 90
    assert m.from_outside_counted == {1: 40, 2: 7}
    assert m.total() == 178 + 80


def test_roll_up_includes_sub_units() -> None:
    units = [
        Partnership(1, 1, "Locality", None, 0),
        Partnership(2, 1, "Sub A", 1, 0),
        Partnership(3, 1, "Sub B", 1, 1),
        Partnership(4, 1, "Other", None, 1),
    ]
    counted = {10: 2, 11: 3, 12: 3, 13: 4, 14: 1}
    sizes = {10: 100, 11: 200, 12: 300, 13: 50}  # 14 has no list size
    figures = population.roll_up(units, counted, sizes, None)
    assert figures[2].membership == 100
    assert figures[3].membership == 500
    assert figures[1].membership == 600
    assert figures[1].counted_practices == 4
    assert figures[1].without_list_size == 1
    assert figures[1].footprint is None
    assert [p.name for p in population.tree_order(units)] == ["Locality", "Sub A", "Sub B", "Other"]


@given(
    st.integers(min_value=0, max_value=10**7),
    st.lists(st.floats(min_value=0.01, max_value=100), min_size=1, max_size=30),
)
def test_largest_remainder_adds_up_exactly(total: int, weights: list[float]) -> None:
    parts = largest_remainder(total, weights)
    assert sum(parts) == total
    assert all(p >= 0 for p in parts)


@given(
    st.lists(st.integers(min_value=0, max_value=50_000), min_size=1, max_size=8),
    st.lists(st.integers(min_value=0, max_value=50_000), min_size=1, max_size=8),
)
def test_fit_margins_matches_both_margins(rows: list[int], cols: list[int]) -> None:
    # Make the totals agree by topping up the last column.
    diff = sum(rows) - sum(cols)
    if diff >= 0:
        cols[-1] += diff
    else:
        rows[-1] -= diff
    seed = [[1.0 + (i == j) * 10 for j in range(len(cols))] for i in range(len(rows))]
    m = fit_margins(seed, rows, cols)
    assert [sum(r) for r in m] == rows
    assert [sum(m[i][j] for i in range(len(rows))) for j in range(len(cols))] == cols
    assert all(v >= 0 for r in m for v in r)
