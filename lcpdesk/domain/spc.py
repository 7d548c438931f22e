"""Statistical process control as NHS England's "Making Data Count" draws it.

A **run chart** shows the readings in time order with their median. An **XmR chart**
(individuals and moving range) needs enough readings to be honest, :data:`MIN_XMR_POINTS`
(15): its centre line is the mean; the moving ranges are the absolute differences between
consecutive readings; the process limits are ``mean ± 2.66 × mean moving range``; the moving
range chart's upper limit is ``3.267 × mean moving range``.

Special-cause variation is flagged by three rules (the ones Making Data Count teaches first):

1. **Outside the limits**: a point above the upper or below the lower process limit.
2. **Shift**: a run of :data:`SHIFT_RUN` (7) or more consecutive points all above, or all below,
   the mean; a point exactly on the mean ends a run.
3. **Trend**: a run of :data:`TREND_RUN` (7) or more consecutive points each higher than the one
   before (or each lower); an equal value ends a run.

"Two out of three points near a limit" is not applied. Each flagged point has a side ("high" or
"low"); when rules disagree, outside-the-limits beats shift, which beats trend. With an
improvement direction ("up": higher is better) a flagged point is *improvement* or *concern*.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

MIN_XMR_POINTS = 15
SHIFT_RUN = 7
TREND_RUN = 7
LIMIT_FACTOR = 2.66  # 3 / d2, d2 = 1.128 for moving ranges of two points
MR_LIMIT_FACTOR = 3.267  # D4 for moving ranges of two points

OUTSIDE = "outside the limits"
SHIFT = "shift"
TREND = "trend"
HIGH = "high"
LOW = "low"
IMPROVEMENT = "improvement"
CONCERN = "concern"
NEITHER = "neither"


def median(values: Sequence[float]) -> float:
    if not values:
        raise ValueError("median of no values")
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


@dataclass(frozen=True)
class PointSignal:
    """Why a point is special cause: the rules it breaks and which side it is on."""

    index: int
    rules: tuple[str, ...]
    side: str  # HIGH or LOW

    def variation(self, improvement: str | None) -> str:
        """IMPROVEMENT, CONCERN, or NEITHER when no direction of improvement is known."""
        if improvement not in ("up", "down"):
            return NEITHER
        good = HIGH if improvement == "up" else LOW
        return IMPROVEMENT if self.side == good else CONCERN


@dataclass(frozen=True)
class XmR:
    values: tuple[float, ...]
    mean: float
    moving_ranges: tuple[float, ...]  # one fewer than values
    mean_moving_range: float
    upper: float
    lower: float
    mr_upper: float
    signals: tuple[PointSignal, ...]

    def signal_at(self, index: int) -> PointSignal | None:
        return next((s for s in self.signals if s.index == index), None)


def xmr(values: Sequence[float]) -> XmR:
    """The XmR chart of ``values`` (at least two) with its special-cause points."""
    if len(values) < 2:
        raise ValueError("an XmR chart needs at least two values")
    vals = tuple(float(v) for v in values)
    mean = sum(vals) / len(vals)
    ranges = tuple(abs(b - a) for a, b in pairwise(vals))
    mr_bar = sum(ranges) / len(ranges)
    upper = mean + LIMIT_FACTOR * mr_bar
    lower = mean - LIMIT_FACTOR * mr_bar
    return XmR(
        values=vals,
        mean=mean,
        moving_ranges=ranges,
        mean_moving_range=mr_bar,
        upper=upper,
        lower=lower,
        mr_upper=MR_LIMIT_FACTOR * mr_bar,
        signals=special_causes(vals, mean, upper, lower),
    )


def special_causes(
    values: Sequence[float], mean: float, upper: float, lower: float
) -> tuple[PointSignal, ...]:
    """Every point that breaks a rule, in order."""
    rules: dict[int, dict[str, str]] = {}

    def flag(i: int, rule: str, side: str) -> None:
        rules.setdefault(i, {})[rule] = side

    for i, v in enumerate(values):
        if v > upper:
            flag(i, OUTSIDE, HIGH)
        elif v < lower:
            flag(i, OUTSIDE, LOW)
    sides = [HIGH if v > mean else LOW if v < mean else "" for v in values]
    for start, end in _runs(sides):
        if end - start >= SHIFT_RUN and sides[start]:
            for i in range(start, end):
                flag(i, SHIFT, sides[start])
    steps = [""] + [HIGH if b > a else LOW if b < a else "" for a, b in pairwise(values)]
    # A trend of n points is n - 1 steps the same way; its first point starts the first step.
    for start, end in _runs(steps):
        if steps[start] and end - start + 1 >= TREND_RUN:
            for i in range(start - 1, end):
                flag(i, TREND, steps[start])
    out: list[PointSignal] = []
    for i in sorted(rules):
        found = rules[i]
        ordered = tuple(r for r in (OUTSIDE, SHIFT, TREND) if r in found)
        out.append(PointSignal(i, ordered, found[ordered[0]]))
    return tuple(out)


def _runs(labels: Sequence[str]) -> list[tuple[int, int]]:
    """(start, end) of each maximal run of equal labels, end exclusive."""
    runs: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(labels) + 1):
        if i == len(labels) or labels[i] != labels[start]:
            runs.append((start, i))
            start = i
    return runs
