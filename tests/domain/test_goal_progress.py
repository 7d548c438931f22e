"""Goals without Qt or SQL: progress (clamped, "reduce" measures, hold-at targets), a goal with
no measures, milestones, input checks, summaries and filters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from lcpdesk.domain.goals import (
    NO_OWNER,
    Goal,
    GoalFilter,
    GoalInput,
    Measure,
    MeasureInput,
    Milestone,
    Reading,
    check_goal,
    check_measure,
    cohorts_of,
    measure_progress,
    parse_readings,
    status_text,
    summarise,
)
from lcpdesk.errors import InputError

JAN, FEB, MAR = dt.date(2024, 1, 1), dt.date(2024, 2, 1), dt.date(2024, 3, 1)


def m(baseline: str | None, target: str | None, *values: tuple[dt.date, str]) -> Measure:
    return Measure(
        1,
        1,
        "m",
        baseline=None if baseline is None else D(baseline),
        target=None if target is None else D(target),
        readings=tuple(Reading(d, D(v)) for d, v in values),
    )


@pytest.mark.parametrize(
    ("baseline", "target", "current", "expected"),
    [
        ("40", "80", "60", 0.5),  # half way up
        ("40", "80", "80", 1.0),
        ("40", "80", "100", 1.0),  # beyond the target: clamped to 100%
        ("40", "80", "30", 0.0),  # worse than the baseline: clamped to 0%
        ("32", "27", "29.5", 0.5),  # a "reduce" measure, half way down
        ("32", "27", "35", 0.0),  # got worse
        ("32", "27", "20", 1.0),  # beat the target
        ("10", "10", "10", 1.0),  # hold at 10: met
        ("10", "10", "11", 0.0),  # hold at 10: missed
        ("0", "3", "1", 1 / 3),
    ],
)
def test_measure_progress(baseline: str, target: str, current: str, expected: float) -> None:
    assert measure_progress(D(baseline), D(target), D(current)) == pytest.approx(expected)


def test_no_progress_without_baseline_target_or_reading() -> None:
    assert measure_progress(None, D(5), D(3)) is None
    assert measure_progress(D(1), None, D(3)) is None
    assert measure_progress(D(1), D(5), None) is None
    assert m("1", "5").progress is None  # no readings yet


def test_current_is_the_latest_dated_reading_whatever_the_order() -> None:
    measure = m("40", "80", (MAR, "70"), (JAN, "50"), (FEB, "90"))
    assert measure.current == Reading(MAR, D("70"))
    assert measure.progress == pytest.approx(0.75)
    assert measure.values() == [50.0, 90.0, 70.0]  # charted in time order


def test_direction_of_improvement() -> None:
    assert m("40", "80").improvement == "up"
    assert m("32", "27").improvement == "down"
    assert m("5", "5").improvement is None
    assert m(None, "5").improvement is None


def goal(*measures: Measure, status: str = "on track", **kw: object) -> Goal:
    return Goal(1, 1, "Armley", "A goal", measures=measures, status=status, **kw)  # type: ignore[arg-type]


def test_goal_progress_is_the_mean_of_its_measures() -> None:
    half = m("0", "10", (JAN, "5"))
    full = m("0", "10", (JAN, "12"))  # clamped to 100%
    assert goal(half, full).progress == pytest.approx(0.75)


def test_a_goal_with_no_measures_has_no_progress_not_zero() -> None:
    empty = goal()
    assert empty.progress is None
    assert empty.progress_note() == "No measures: no progress to show."


def test_measures_without_readings_are_left_out_of_the_mean() -> None:
    g = goal(m("0", "10", (JAN, "5")), m("0", "10"))
    assert g.progress == pytest.approx(0.5)
    assert g.progress_note().startswith("The mean of 1 of its 2 measures")
    assert goal(m("0", "10")).progress is None


def test_milestones_overdue_only_when_past_due_and_not_done() -> None:
    today = dt.date(2024, 6, 1)
    late = Milestone(1, 1, "late", dt.date(2024, 5, 31))
    done_late = Milestone(2, 1, "done", dt.date(2024, 5, 1), dt.date(2024, 5, 20))
    due_today = Milestone(3, 1, "today", today)
    undated = Milestone(4, 1, "someday")
    assert [s.is_overdue(today) for s in (late, done_late, due_today, undated)] == [
        True,
        False,
        False,
        False,
    ]
    assert [s.state(today) for s in (late, done_late, due_today, undated)] == [
        "overdue",
        "done",
        "due",
        "no due date",
    ]
    assert goal(milestones=(late, done_late)).overdue_milestones(today) == [late]


def test_status_is_never_colour_alone() -> None:
    assert status_text("at risk") == "Amber: at risk"
    assert status_text("done") == "Blue: done"
    assert goal(status="off track").rag == "Red"


def test_check_goal_tidies_and_refuses() -> None:
    tidy = check_goal(
        GoalInput(
            "  Fewer   falls ",
            cohorts=("Frailty marker", "frailty marker", "  ", "Carers"),
            dimension_ids=(3, 3, 4),
        )
    )
    assert tidy.title == "Fewer falls"
    assert tidy.cohorts == ("Frailty marker", "Carers")
    assert tidy.dimension_ids == (3, 4)
    with pytest.raises(InputError, match="needs a title"):
        check_goal(GoalInput("  "))
    with pytest.raises(InputError, match="due before it starts"):
        check_goal(GoalInput("x", start_date=FEB, due_date=JAN))
    with pytest.raises(InputError, match="not a status"):
        check_goal(GoalInput("x", status="green"))


def test_check_measure_refuses_two_readings_on_one_date() -> None:
    with pytest.raises(InputError, match="same date"):
        check_measure(MeasureInput("x", readings=(Reading(JAN, D(1)), Reading(JAN, D(2)))))
    ok = check_measure(MeasureInput(" x ", readings=(Reading(FEB, D(1)), Reading(JAN, D(2)))))
    assert [r.when for r in ok.readings] == [JAN, FEB]


def test_summary_counts_by_status_and_priority() -> None:
    today = dt.date(2024, 6, 1)
    goals = [
        goal(status="on track", priority_kind="city"),
        goal(status="on track", priority_kind="local"),
        goal(status="off track", priority_kind="local"),
        goal(milestones=(Milestone(1, 1, "late", JAN),), status="done", priority_kind="local"),
    ]
    s = summarise(goals, today)
    assert s.by_status == {
        "not started": 0,
        "on track": 2,
        "at risk": 0,
        "off track": 1,
        "done": 1,
    }
    assert s.by_priority == {"city": 1, "local": 3}
    assert s.total == 4
    assert s.overdue_milestones == 1


def test_filter_by_priority_status_owner_cohort_and_text() -> None:
    a = goal(
        status="at risk", priority_kind="city", owner_partner_id=7, cohorts=("Frailty marker",)
    )
    b = goal(status="on track", priority_kind="local", description="loneliness")
    assert GoalFilter(priority_kind="city").matches(a)
    assert not GoalFilter(priority_kind="city").matches(b)
    assert GoalFilter(status="on track").matches(b) and not GoalFilter(status="on track").matches(a)
    assert GoalFilter(owner_partner_id=7).matches(a) and not GoalFilter(owner_partner_id=7).matches(
        b
    )
    assert GoalFilter(owner_partner_id=NO_OWNER).matches(b)
    assert GoalFilter(cohort="FRAILTY MARKER").matches(a)
    assert not GoalFilter(cohort="Frailty marker").matches(b)
    assert GoalFilter(text="lonel").matches(b) and not GoalFilter(text="lonel").matches(a)


def test_cohorts_offered_are_the_standard_ones_then_those_in_use() -> None:
    g = goal(cohorts=("Carers", "frailty marker"))
    assert cohorts_of([g]) == [
        "Adults with 5+ chronic conditions",
        "Frailty marker",
        "Predicted high cost",
        "Carers",
    ]


def test_readings_pasted_from_a_spreadsheet() -> None:
    text = "Date\tValue\n2024-01-31\t1,234.5\n29/02/2024\t7\n\n31 Mar 2024, 8.25\n"
    assert parse_readings(text) == [
        Reading(dt.date(2024, 1, 31), D("1234.5")),
        Reading(dt.date(2024, 2, 29), D("7")),
        Reading(dt.date(2024, 3, 31), D("8.25")),
    ]
    with pytest.raises(InputError, match="Line 2: 'soon' is not a date"):
        parse_readings("2024-01-01\t1\nsoon\t2")
