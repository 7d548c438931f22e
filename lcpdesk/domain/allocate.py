"""Whole-number allocation that keeps totals exact (used to make demo figures that add up)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` into whole parts proportional to ``weights``, adding up to ``total``."""
    if total < 0:
        raise ValueError("total must not be negative")
    if not weights:
        if total:
            raise ValueError("cannot split a non-zero total into no parts")
        return []
    weight_sum = float(sum(weights))
    if weight_sum <= 0:
        raise ValueError("weights must add up to more than zero")
    exact = [total * w / weight_sum for w in weights]
    parts = [math.floor(x) for x in exact]
    short = total - sum(parts)
    by_fraction = sorted(range(len(exact)), key=lambda i: (parts[i] - exact[i], i))
    for i in by_fraction[:short]:
        parts[i] += 1
    return parts


def fit_margins(
    seed: Sequence[Sequence[float]],
    rows: Sequence[int],
    cols: Sequence[int],
    iterations: int = 500,
) -> list[list[int]]:
    """A whole-number matrix near ``seed`` whose row and column sums are exactly ``rows``/``cols``.

    Iterative proportional fitting, then a controlled rounding that keeps both margins.
    """
    if sum(rows) != sum(cols):
        raise ValueError("row and column totals differ")
    n, m = len(rows), len(cols)
    x = [[float(seed[i][j]) for j in range(m)] for i in range(n)]
    for _ in range(iterations):
        for i in range(n):
            s = sum(x[i])
            if s > 0:
                x[i] = [v * rows[i] / s for v in x[i]]
        for j in range(m):
            s = sum(x[i][j] for i in range(n))
            if s > 0:
                for i in range(n):
                    x[i][j] *= cols[j] / s
    whole = [[math.floor(v) for v in row] for row in x]
    row_need = [rows[i] - sum(whole[i]) for i in range(n)]
    col_need = [cols[j] - sum(whole[i][j] for i in range(n)) for j in range(m)]
    cells = sorted(
        ((x[i][j] - whole[i][j], i, j) for i in range(n) for j in range(m)), reverse=True
    )
    for _frac, i, j in cells:
        if row_need[i] > 0 and col_need[j] > 0:
            whole[i][j] += 1
            row_need[i] -= 1
            col_need[j] -= 1
    for i in range(n):
        for j in range(m):
            if row_need[i] > 0 and col_need[j] > 0:
                step = min(row_need[i], col_need[j])
                whole[i][j] += step
                row_need[i] -= step
                col_need[j] -= step
    if any(row_need) or any(col_need):  # pragma: no cover - impossible when totals agree
        raise ArithmeticError("could not fit margins")
    return whole
