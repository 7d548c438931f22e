"""Making Data Count's run and XmR charts, checked against figures worked out by hand."""

from __future__ import annotations

import pytest

from lcpdesk.domain import spc

# Fifteen readings with one astronomical point (the 6th). Worked by hand:
#   sum = 190, mean = 190 / 15 = 12.666667
#   moving ranges = 2 1 2 1 18 19 1 2 1 2 1 1 1 2, sum 54, mean mR = 54 / 14 = 3.857143
#   upper limit = 12.666667 + 2.66 × 3.857143 = 22.926667
#   lower limit = 12.666667 − 10.260000 = 2.406667
#   moving-range upper limit = 3.267 × 3.857143 = 12.601286
READINGS = [10, 12, 11, 13, 12, 30, 11, 12, 10, 11, 13, 12, 11, 12, 10]


def test_xmr_limits_match_the_hand_worked_figures() -> None:
    chart = spc.xmr(READINGS)
    assert chart.mean == pytest.approx(12.666667, abs=1e-6)
    assert chart.moving_ranges == (2, 1, 2, 1, 18, 19, 1, 2, 1, 2, 1, 1, 1, 2)
    assert chart.mean_moving_range == pytest.approx(3.857143, abs=1e-6)
    assert chart.upper == pytest.approx(22.926667, abs=1e-6)
    assert chart.lower == pytest.approx(2.406667, abs=1e-6)
    assert chart.mr_upper == pytest.approx(12.601286, abs=1e-6)
    # Only the 30 is special cause: above the upper limit.
    assert chart.signals == (spc.PointSignal(5, (spc.OUTSIDE,), spc.HIGH),)


def test_point_below_the_lower_limit() -> None:
    values = [50, 52, 51, 49, 50, 51, 50, 52, 49, 50, 51, 20, 50, 51, 50]
    chart = spc.xmr(values)
    low = chart.signal_at(11)
    assert low is not None and low.rules == (spc.OUTSIDE,) and low.side == spc.LOW
    assert low.variation("up") == spc.CONCERN
    assert low.variation("down") == spc.IMPROVEMENT
    assert low.variation(None) == spc.NEITHER


def wide(values: list[float], mean: float = 0.0) -> tuple[spc.PointSignal, ...]:
    """Run rules only: limits too far away to matter."""
    return spc.special_causes(values, mean, 1000.0, -1000.0)


def test_a_shift_is_seven_points_on_one_side_of_the_mean() -> None:
    seven = [1, 2, 1, 3, 1, 2, 1]
    flagged = wide([-1, *seven, -1])
    assert [s.index for s in flagged] == [1, 2, 3, 4, 5, 6, 7]
    assert {s.rules for s in flagged} == {(spc.SHIFT,)}
    assert {s.side for s in flagged} == {spc.HIGH}
    assert wide([-1, *seven[:6], -1]) == ()  # six is not enough


def test_a_point_on_the_mean_ends_a_shift() -> None:
    assert wide([1, 2, 1, 0, 2, 1, 2, 1]) == ()  # 3 above, one on the mean, 4 above
    below = wide([-1, -2, -1, -3, -1, -2, -1, -2])
    assert len(below) == 8 and {s.side for s in below} == {spc.LOW}


def test_a_trend_is_seven_points_each_higher_or_each_lower() -> None:
    # Alternating about the mean, so no shift; then a trend of seven rising points.
    rising = [-3, -2, -1, 1, 2, 3, 4]
    flagged = wide([5, -5, *rising, -4])
    trend = [s.index for s in flagged if spc.TREND in s.rules]
    assert trend == [1, 2, 3, 4, 5, 6, 7, 8]  # -5 starts the run: -5 < -3 < … < 4
    assert all(s.side == spc.HIGH for s in flagged if s.index in trend)
    falling = wide([3, 2, 1, -1, -2, -3, 5])
    assert falling == ()  # six falling points are not a trend
    assert [s.index for s in wide([4, 3, 2, 1, -1, -2, -3])] == [0, 1, 2, 3, 4, 5, 6]


def test_an_equal_value_ends_a_trend() -> None:
    assert wide([-3, -2, -1, -1, 1, 2, 3]) == ()


def test_outside_the_limits_wins_when_rules_disagree() -> None:
    # Seven points above the mean (a shift, high); the last is below the lower limit.
    flagged = spc.special_causes([6, 7, 6, 7, 6, 7, 5.2], 4.0, 100.0, 5.25)
    assert [s.side for s in flagged] == [*[spc.HIGH] * 6, spc.LOW]
    assert flagged[-1].rules == (spc.OUTSIDE, spc.SHIFT)
    assert flagged[1].rules == (spc.SHIFT,)


def test_median_of_odd_and_even_counts() -> None:
    assert spc.median([3, 1, 2]) == 2
    assert spc.median([4, 1, 3, 2]) == 2.5
    with pytest.raises(ValueError):
        spc.median([])


def test_an_xmr_chart_needs_two_values() -> None:
    with pytest.raises(ValueError):
        spc.xmr([1])
    # Offered sooner than the 15 it once needed, with trial limits below 12 (as the reference).
    assert spc.MIN_XMR_POINTS < 12 == spc.TRIAL_BELOW
    assert spc.xmr([1, 2, 3, 2, 1, 2]).trial
    assert not spc.xmr([1, 2] * 6).trial


# --------------------------------------------------------------------------- Making Data Count
# Hand-worked cases from the Making Data Count rules (and the reference examples).


def test_two_of_three_near_a_limit_flags_the_points_beyond() -> None:
    values = [12, 10] * 8 + [16.5, 12, 16.5]
    chart = spc.xmr(values)
    # mean 221/19 = 11.63; mean moving range 45.5/18 = 2.53; upper 18.36; two thirds 16.11
    assert chart.mean == pytest.approx(221 / 19)
    assert chart.upper == pytest.approx(221 / 19 + 2.66 * 45.5 / 18)
    assert [(s.index, s.rules) for s in chart.signals] == [
        (16, (spc.TWO_OF_THREE,)),
        (18, (spc.TWO_OF_THREE,)),
    ]
    assert chart.variation("up") == spc.SPECIAL_IMPROVEMENT
    assert chart.variation("down") == spc.SPECIAL_CONCERN


def test_a_trend_wins_over_a_shift_and_is_read_by_its_direction() -> None:
    # Seven readings above the mean (a shift) that fall each month (a trend): where higher is
    # better, a falling trend is concern even above the mean.
    values = [10.0] * 8 + [20, 19, 18, 17, 16, 15, 14] + [10.0] * 5
    chart = spc.xmr(values)
    falling = [chart.signal_at(i) for i in range(8, 15)]
    assert all(s is not None and spc.TREND in s.rules for s in falling)
    assert all(s is not None and s.side == spc.LOW for s in falling)
    assert all(s is not None and s.variation("up") == spc.CONCERN for s in falling)


def test_limits_from_a_baseline_and_recalculated_at_a_marked_change() -> None:
    before = [20, 22, 21, 23, 20, 22, 21, 23, 20, 22, 21, 23]
    after = [12, 13, 12, 14, 13, 12, 13, 14]
    baseline = spc.xmr(before + after, baseline=12)
    # Limits from the first twelve only: the drop after is special cause (a shift, below).
    assert baseline.mean == pytest.approx(sum(before) / 12)
    assert all(baseline.signal_at(i) is not None for i in range(12, 20))
    split = spc.xmr(before + after, breaks=[12], notes=["new falls service"])
    first, second = split.segments
    assert (first.start, first.end, second.start, second.end) == (0, 12, 12, 20)
    assert second.mean == pytest.approx(sum(after) / 8) and second.note == "new falls service"
    assert second.trial and not first.trial
    assert not split.signals  # each part is stable about its own mean
    assert split.segment_at(15) is second


def test_assurance_compares_the_target_with_the_limits() -> None:
    chart = spc.xmr([50, 52, 51, 53, 50, 52, 51, 53, 50, 52, 51, 53])  # limits ~46.5..56.5
    assert chart.assurance(40, "up") == spc.CONSISTENTLY_MET
    assert chart.assurance(60, "up") == spc.CONSISTENTLY_MISSED
    assert chart.assurance(52, "up") == spc.HIT_AND_MISS
    assert chart.assurance(60, "down") == spc.CONSISTENTLY_MET
    assert chart.assurance(None, "up") is None
    assert chart.variation("up") == spc.COMMON_CAUSE


def test_run_chart_rules_shift_trend_and_runs() -> None:
    shift = spc.run_chart_signals([5, 5, 5, 1, 2, 1, 2, 1, 2, 9, 9, 9])
    # median 5: the six below it in a row are a shift (points on the median do not count)
    assert [s.index for s in shift.signals if spc.SHIFT in s.rules] == [3, 4, 5, 6, 7, 8]
    trend = spc.run_chart_signals([3, 1, 2, 3, 4, 5, 2, 3])
    assert [s.index for s in trend.signals if spc.TREND in s.rules] == [1, 2, 3, 4, 5]
    few = spc.run_chart_signals([1] * 8 + [9] * 8)
    assert few.runs == 2 and few.runs_note.startswith("too few runs")
    many = spc.run_chart_signals([1, 9] * 10)
    assert many.runs_note.startswith("too many runs")
