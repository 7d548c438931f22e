"""find_duplicate against a plain count of the rows, on many small random tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lcpdesk.io.columns import find_duplicate


def _first_pair(keys: list[tuple[object, ...]]) -> tuple[int, int] | None:
    seen: dict[tuple[object, ...], int] = {}
    for row, key in enumerate(keys):
        if key in seen:
            return seen[key], row
        seen[key] = row
    return None


@pytest.mark.parametrize("seed", range(40))
def test_the_first_repeated_row_and_its_first_occurrence(seed: int) -> None:
    rng = np.random.default_rng(seed)
    size = int(rng.integers(1, 60))
    practices = rng.choice(["A1", "B2", "C3", "D4"], size)
    lsoas = rng.integers(0, int(rng.integers(2, 40)), size)
    parts = [pd.Series(pd.Categorical(practices)), lsoas]
    keys = list(zip(practices.tolist(), lsoas.tolist(), strict=True))
    assert find_duplicate(parts) == _first_pair(keys)


def test_no_rows_and_unique_rows_have_no_duplicate() -> None:
    assert find_duplicate([np.zeros(0, dtype=np.int64)]) is None
    assert find_duplicate([np.arange(1000)[::-1], np.zeros(1000)]) is None


def test_missing_values_are_equal_to_each_other_only() -> None:
    values = pd.Series(pd.Categorical(["a", None, "b", None]))
    assert find_duplicate([values]) == (1, 3)


def test_rows_in_order_are_checked_quickly_and_still_correctly() -> None:
    practice = pd.Series(pd.Categorical(["B", "B", "A", "A", "C"]))
    lsoa = np.array([1, 2, 1, 5, 1])
    assert find_duplicate([practice, lsoa]) is None  # runs of one practice, LSOAs rising
    # The same practice and LSOA in the same run (not rising) ...
    assert find_duplicate([practice, np.array([1, 1, 1, 5, 1])]) == (0, 1)
    # ... or a practice coming back in a second run.
    again = pd.Series(pd.Categorical(["B", "B", "A", "A", "B"]))
    assert find_duplicate([again, lsoa]) == (0, 4)
