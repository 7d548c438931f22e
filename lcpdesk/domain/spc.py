"""Statistical process control as NHS England's "Making Data Count" draws it.

A **run chart** shows the readings in time order with their median; its rules
(:func:`run_chart_signals`) are a *shift* of :data:`RUN_SHIFT` (6) or more points on one side
of the median (points on the median neither count nor break it), a *trend* of
:data:`RUN_TREND` (5) or more points each higher (or lower) than the one before, and too few
or too many *runs* (crossings of the median) for the number of points.

An **XmR chart** (individuals and moving range) has a centre line at the mean and process
limits three sigma either side, sigma estimated from the mean moving range (the absolute
differences between consecutive readings). It is drawn from :data:`MIN_XMR_POINTS` readings;
limits from fewer than :data:`TRIAL_BELOW` (12) are *trial limits* and said to be so.

Limits come from a **baseline** (the first ``baseline`` readings of a segment, when given) and
are **recalculated** from points the user marks after a sustained change (a new service):
each part of the series between such points is a :class:`Segment` with its own mean and
limits, and the rules look at each segment alone.

Special-cause variation (the rules of Making Data Count, as NHSRplotthedots applies them):

1. **Outside the limits**: a point above the upper or below the lower process limit.
2. **Two of three near a limit**: two or three of three consecutive points beyond two thirds
   of the way from the mean to a process limit, on the same side; the points beyond are
   flagged.
3. **Shift**: :data:`SHIFT_RUN` (7) or more consecutive points all above, or all below, the
   mean; a point on the mean ends a run.
4. **Trend**: :data:`TREND_RUN` (7) or more consecutive points each higher than the one
   before (or each lower); an equal value ends a run.

A flagged point's *side* is "high" or "low": the direction of its trend when it is part of
one (a trend wins over a shift), else its side of the mean. With an improvement direction
("up": higher is better) a flagged point is *improvement* or *concern*.

The **variation** of a measure is what its latest point says; its **assurance** compares the
target with the latest limits: consistently met (every reading the process gives will meet
it), consistently missed, or hit and miss.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

MIN_XMR_POINTS = 6  # fewer and the limits say nothing
TRIAL_BELOW = 12  # limits from fewer readings are trial limits
SHIFT_RUN = 7
TREND_RUN = 7
RUN_SHIFT = 6
RUN_TREND = 5
LIMIT_FACTOR = 2.66  # 3 / d2, d2 = 1.128 for moving ranges of two points
MR_LIMIT_FACTOR = 3.267  # D4 for moving ranges of two points

OUTSIDE = "outside the limits"
TWO_OF_THREE = "two of three near a limit"
SHIFT = "shift"
TREND = "trend"
HIGH = "high"
LOW = "low"
IMPROVEMENT = "improvement"
CONCERN = "concern"
NEITHER = "neither"

# The words of the icons boards read, as Making Data Count names them.
COMMON_CAUSE = "common cause"
SPECIAL_IMPROVEMENT = "special cause improvement"
SPECIAL_CONCERN = "special cause concern"
SPECIAL_NEITHER = "special cause variation"
CONSISTENTLY_MET = "target consistently met"
CONSISTENTLY_MISSED = "target consistently missed"
HIT_AND_MISS = "hit and miss"

# What each mark means, in plain words, for legends and help.
MEANINGS = {
    OUTSIDE: "a reading outside the process limits",
    TWO_OF_THREE: "two of three readings close to a process limit",
    SHIFT: f"{SHIFT_RUN} or more readings in a row on one side of the mean",
    TREND: f"{TREND_RUN} or more readings in a row each rising (or each falling)",
}


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
class Segment:
    """Part of an XmR chart with its own mean and limits (from ``start``, end exclusive)."""

    start: int
    end: int
    mean: float
    mean_moving_range: float
    upper: float
    lower: float
    mr_upper: float
    from_points: int  # how many readings the limits come from
    note: str = ""  # why the limits were recalculated here (empty for the first)

    @property
    def trial(self) -> bool:
        return self.from_points < TRIAL_BELOW


@dataclass(frozen=True)
class XmR:
    values: tuple[float, ...]
    moving_ranges: tuple[float, ...]  # one fewer than values
    segments: tuple[Segment, ...]
    signals: tuple[PointSignal, ...]

    @property
    def last(self) -> Segment:
        return self.segments[-1]

    # The newest segment's figures (a chart of one segment has only these).
    @property
    def mean(self) -> float:
        return self.last.mean

    @property
    def mean_moving_range(self) -> float:
        return self.last.mean_moving_range

    @property
    def upper(self) -> float:
        return self.last.upper

    @property
    def lower(self) -> float:
        return self.last.lower

    @property
    def mr_upper(self) -> float:
        return self.last.mr_upper

    @property
    def trial(self) -> bool:
        return any(s.trial for s in self.segments)

    def segment_at(self, index: int) -> Segment:
        return next(s for s in self.segments if s.start <= index < s.end)

    def signal_at(self, index: int) -> PointSignal | None:
        return next((s for s in self.signals if s.index == index), None)

    def variation(self, improvement: str | None) -> str:
        """What the latest point says, in the icon's words."""
        signal = self.signal_at(len(self.values) - 1)
        if signal is None:
            return COMMON_CAUSE
        return {
            IMPROVEMENT: SPECIAL_IMPROVEMENT,
            CONCERN: SPECIAL_CONCERN,
            NEITHER: SPECIAL_NEITHER,
        }[signal.variation(improvement)]

    def assurance(self, target: float | None, improvement: str | None) -> str | None:
        """Whether the process will meet ``target``; None without a target or direction."""
        if target is None or improvement not in ("up", "down"):
            return None
        seg = self.last
        worst, best = (seg.lower, seg.upper) if improvement == "up" else (seg.upper, seg.lower)
        sign = 1.0 if improvement == "up" else -1.0  # a value meets the target when this >= 0
        if sign * (worst - target) >= 0:
            return CONSISTENTLY_MET
        if sign * (best - target) < 0:
            return CONSISTENTLY_MISSED
        return HIT_AND_MISS


def xmr(
    values: Sequence[float],
    *,
    baseline: int | None = None,
    breaks: Sequence[int] = (),
    notes: Sequence[str] = (),
) -> XmR:
    """The XmR chart of ``values`` (at least two), its limits recalculated at each index in
    ``breaks`` (with ``notes`` saying why), each segment's limits from its first ``baseline``
    readings when given."""
    if len(values) < 2:
        raise ValueError("an XmR chart needs at least two values")
    vals = tuple(float(v) for v in values)
    cuts = sorted({b for b in breaks if 0 < b < len(vals)})
    why = dict(zip(sorted(breaks), notes, strict=False))
    bounds = list(pairwise([0, *cuts, len(vals)]))
    segments: list[Segment] = []
    signals: list[PointSignal] = []
    for start, end in bounds:
        part = vals[start:end]
        used = part[:baseline] if baseline and baseline >= 2 else part
        if len(used) < 2:  # a one-point segment: the limits of the one before carry on
            used = vals[max(0, start - 2) : end]
        segment = _segment(start, end, used, why.get(start, ""))
        segments.append(segment)
        signals.extend(
            PointSignal(s.index + start, s.rules, s.side)
            for s in special_causes(part, segment.mean, segment.upper, segment.lower)
        )
    return XmR(
        values=vals,
        moving_ranges=tuple(abs(b - a) for a, b in pairwise(vals)),
        segments=tuple(segments),
        signals=tuple(signals),
    )


def _segment(start: int, end: int, used: Sequence[float], note: str) -> Segment:
    mean = sum(used) / len(used)
    ranges = [abs(b - a) for a, b in pairwise(used)]
    mr_bar = sum(ranges) / len(ranges)
    return Segment(
        start=start,
        end=end,
        mean=mean,
        mean_moving_range=mr_bar,
        upper=mean + LIMIT_FACTOR * mr_bar,
        lower=mean - LIMIT_FACTOR * mr_bar,
        mr_upper=MR_LIMIT_FACTOR * mr_bar,
        from_points=len(used),
        note=note,
    )


def special_causes(
    values: Sequence[float], mean: float, upper: float, lower: float
) -> tuple[PointSignal, ...]:
    """Every point that breaks a rule, in order (one segment's values and limits)."""
    rules: dict[int, dict[str, str]] = {}

    def flag(i: int, rule: str, side: str) -> None:
        rules.setdefault(i, {})[rule] = side

    sides = [HIGH if v > mean else LOW if v < mean else "" for v in values]
    for i, v in enumerate(values):
        if v > upper:
            flag(i, OUTSIDE, HIGH)
        elif v < lower:
            flag(i, OUTSIDE, LOW)
    near_high = mean + (upper - mean) * 2 / 3
    near_low = mean - (mean - lower) * 2 / 3
    beyond = {
        HIGH: [v > near_high for v in values],
        LOW: [v < near_low for v in values],
    }
    for side, marks in beyond.items():
        for start in range(len(values) - 2):
            window = [i for i in range(start, start + 3) if marks[i]]
            if len(window) >= 2:
                for i in window:
                    flag(i, TWO_OF_THREE, side)
    for start, end in _runs(sides):
        if end - start >= SHIFT_RUN and sides[start]:
            for i in range(start, end):
                flag(i, SHIFT, sides[start])
    for i, side in _trend_points(values, TREND_RUN):
        flag(i, TREND, side)
    out: list[PointSignal] = []
    for i in sorted(rules):
        found = rules[i]
        ordered = tuple(r for r in (OUTSIDE, TWO_OF_THREE, SHIFT, TREND) if r in found)
        # A trend wins: the point is read by the trend's direction, not its side of the mean.
        side = found[TREND] if TREND in found else found[ordered[0]]
        out.append(PointSignal(i, ordered, side))
    return tuple(out)


def _trend_points(values: Sequence[float], length: int) -> list[tuple[int, str]]:
    """(index, direction) of every point in a run of ``length`` or more points each higher
    (HIGH) or each lower (LOW) than the one before."""
    steps = [""] + [HIGH if b > a else LOW if b < a else "" for a, b in pairwise(values)]
    found: list[tuple[int, str]] = []
    # A trend of n points is n - 1 steps the same way; its first point starts the first step.
    for start, end in _runs(steps):
        if steps[start] and end - start + 1 >= length:
            found.extend((i, steps[start]) for i in range(start - 1, end))
    return found


def _runs(labels: Sequence[str]) -> list[tuple[int, int]]:
    """(start, end) of each maximal run of equal labels, end exclusive."""
    runs: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(labels) + 1):
        if i == len(labels) or labels[i] != labels[start]:
            runs.append((start, i))
            start = i
    return runs


# --------------------------------------------------------------------------- run charts


@dataclass(frozen=True)
class RunChart:
    median: float
    signals: tuple[PointSignal, ...]
    runs: int  # crossings of the median + 1, over the points not on it
    runs_note: str  # "too few runs" / "too many runs" / ""


def run_chart_signals(values: Sequence[float]) -> RunChart:
    """A run chart's median and the points its rules flag (shift, trend; runs as a note)."""
    if not values:
        raise ValueError("a run chart needs at least one value")
    mid = median(values)
    rules: dict[int, dict[str, str]] = {}
    useful = [(i, HIGH if v > mid else LOW) for i, v in enumerate(values) if v != mid]
    labels = [side for _i, side in useful]
    for start, end in _runs(labels):
        if end - start >= RUN_SHIFT:
            for k in range(start, end):
                rules.setdefault(useful[k][0], {})[SHIFT] = labels[start]
    for i, side in _trend_points(values, RUN_TREND):
        rules.setdefault(i, {})[TREND] = side
    signals = tuple(
        PointSignal(
            i,
            tuple(r for r in (SHIFT, TREND) if r in found),
            found.get(TREND, found.get(SHIFT, HIGH)),
        )
        for i, found in sorted(rules.items())
    )
    runs = len(_runs(labels))
    return RunChart(mid, signals, runs, _runs_note(runs, len(labels)))


def _runs_note(runs: int, n: int) -> str:
    """Too few or too many runs for ``n`` points off the median (two-sided 5%, the normal
    approximation of the runs test; said only from 10 points)."""
    if n < 10:
        return ""
    expected = 1 + n / 2
    spread = math.sqrt(n * (n - 2) / (4 * (n - 1)))
    if runs < expected - 1.96 * spread:
        return "too few runs: the readings stay on one side of the median too long"
    if runs > expected + 1.96 * spread:
        return "too many runs: the readings swing across the median more than chance would"
    return ""


def icons(
    values: Sequence[float], target: float | None, improvement: str | None
) -> tuple[str | None, str | None]:
    """A measure's variation and assurance in the icons' words (None for either it cannot
    say: too few readings for an XmR chart; no target or direction for the assurance)."""
    if len(values) < MIN_XMR_POINTS:
        return None, None
    chart = xmr(values)
    return chart.variation(improvement), chart.assurance(target, improvement)
