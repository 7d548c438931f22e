"""Resources without Qt or SQL: amounts, periods, roll-forward to the penny, totals per kind,
and the warnings a programme office cares about."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from lcpdesk.domain import allocation_periods as periods
from lcpdesk.domain import resources as res
from lcpdesk.domain.allocation_periods import Period
from lcpdesk.domain.amounts import (
    from_x100,
    money_text,
    number_text,
    parse_decimal,
    to_x100,
    uplifted_x100,
)
from lcpdesk.domain.resources import Allocation, GoalRef
from lcpdesk.errors import InputError

FY19 = Period(dt.date(2019, 4, 1), dt.date(2020, 3, 31))
FY20 = Period(dt.date(2020, 4, 1), dt.date(2021, 3, 31))

# --------------------------------------------------------------------------- amounts


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("20,000", D("20000")),
        ("£20,000.50", D("20000.50")),
        ("20k", D("20000")),
        ("£1.5K", D("1500")),
        (" 2.5% ", D("2.5")),
        ("-£5", D("-5")),
        ("0.75", D("0.75")),
        ("", None),
        ("  ", None),
    ],
)
def test_parse_what_users_type(typed: str, value: D | None) -> None:
    assert parse_decimal(typed) == value


@pytest.mark.parametrize("typed", ["lots", "£", "1.2.3", "nan", "inf", "k"])
def test_parse_refuses_what_is_not_a_number(typed: str) -> None:
    with pytest.raises(InputError, match="is not a number"):
        parse_decimal(typed)


def test_hundredths_round_trip_and_refuse_fractions_of_a_penny() -> None:
    assert to_x100(D("1234.56")) == 123456
    assert from_x100(123456) == D("1234.56")
    assert from_x100(None) is None
    with pytest.raises(InputError, match="more than two decimal places"):
        to_x100(D("0.005"), "amount")


def test_money_and_numbers_read_as_people_write_them() -> None:
    assert money_text(2_000_000) == "£20,000"
    assert money_text(123_456) == "£1,234.56"
    assert money_text(-500) == "−£5"
    assert number_text(150) == "1.5"
    assert number_text(100_000) == "1,000"
    assert number_text(150, places=2) == "1.50"
    assert res.amount_text("staff_wte", 150) == "1.5 WTE"
    assert res.amount_text("staff_hours_week", 750) == "7.5 hours a week"
    assert res.amount_text("funding", 4_500_000) == "£45,000"
    assert res.kind_label("estates") == "Estates (£ value)"


# --------------------------------------------------------------------------- uplift


@pytest.mark.parametrize(
    ("pence", "percent", "expected"),
    [
        (1_000_005, "2.5", 1_025_005),  # £10,250.05125 -> £10,250.05
        (10, "5", 11),  # 10.5p: a half rounds up
        (30, "5", 32),  # 31.5p -> 32p
        (3_333_333, "3", 3_433_333),  # £34,333.3299 -> £34,333.33
        (10_001, "1.5", 10_151),  # 10151.015 -> 10151
        (1001, "-2.5", 976),  # 975.975 -> 976
        (5_000_000, "0", 5_000_000),
        (2_000_000, "100", 4_000_000),
    ],
)
def test_uplift_to_the_penny_halves_up(pence: int, percent: str, expected: int) -> None:
    assert uplifted_x100(pence, D(percent)) == expected


def test_uplift_applies_to_money_not_to_staff_time() -> None:
    assert res.rolled_amount("funding", 10, D("5")) == 11
    assert res.rolled_amount("in_kind", 10, D("5")) == 11
    assert res.rolled_amount("staff_wte", 150, D("5")) == 150
    assert res.rolled_amount("staff_hours_week", 750, D("5")) == 750


def test_uplift_limits() -> None:
    assert res.check_uplift(D("2.75")) == D("2.75")
    with pytest.raises(InputError):
        res.check_uplift(D("-100"))
    with pytest.raises(InputError, match="two decimal places"):
        res.check_uplift(D("1.125"))


# --------------------------------------------------------------------------- periods


def test_next_period_keeps_whole_months_whole() -> None:
    # 2019/20 has 366 days (Feb 2020); the next financial year still ends on 31 March.
    assert periods.next_period(FY19.start, FY19.end) == FY20
    q4 = Period(dt.date(2020, 1, 1), dt.date(2020, 3, 31))
    assert periods.next_period(q4.start, q4.end) == Period(
        dt.date(2020, 4, 1), dt.date(2020, 6, 30)
    )
    jan = Period(dt.date(2021, 1, 1), dt.date(2021, 1, 31))
    assert periods.next_period(jan.start, jan.end) == Period(
        dt.date(2021, 2, 1), dt.date(2021, 2, 28)
    )
    # Not whole months: the same number of days, from the day after the end.
    odd = Period(dt.date(2020, 1, 15), dt.date(2020, 2, 14))
    assert periods.next_period(odd.start, odd.end) == Period(
        dt.date(2020, 2, 15), dt.date(2020, 3, 16)
    )


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2019/20", FY19),
        ("2019-20", FY19),
        ("2019/20 q2", Period(dt.date(2019, 7, 1), dt.date(2019, 9, 30))),
        ("2019/20 Q4", Period(dt.date(2020, 1, 1), dt.date(2020, 3, 31))),
        ("2019-05-01..2019-05-31", Period(dt.date(2019, 5, 1), dt.date(2019, 5, 31))),
        ("2019-06-30", Period(dt.date(2019, 6, 30), dt.date(2019, 6, 30))),
    ],
)
def test_parse_period(text: str, period: Period) -> None:
    assert periods.parse_period(text) == period


@pytest.mark.parametrize("text", ["2019/21", "2019/20 Q5", "last year", "2020-01-02..2020-01-01"])
def test_parse_period_refuses(text: str) -> None:
    with pytest.raises(InputError, match="is not a period"):
        periods.parse_period(text)


def test_period_labels() -> None:
    assert FY19.label == "2019/20"
    assert Period(dt.date(2019, 10, 1), dt.date(2019, 12, 31)).label == "2019/20 Q3"
    assert Period(dt.date(2019, 5, 3), dt.date(2019, 6, 1)).label == "3 May 2019 – 1 Jun 2019"
    assert periods.fy_name(dt.date(2020, 3, 31)) == "2019/20"
    assert FY19.overlaps(dt.date(2020, 3, 31), dt.date(2020, 5, 1))
    assert not FY19.overlaps(dt.date(2020, 4, 1), dt.date(2020, 5, 1))


# --------------------------------------------------------------------------- totals, warnings


def alloc(
    i: int,
    kind: str,
    amount: int,
    *,
    status: str = "committed",
    sector: str = "statutory",
    partner: str = "LCH",
    goal: tuple[int, str, str] | None = None,
    period: Period = FY20,
) -> Allocation:
    gid, title, gstatus = goal or (None, "", "")
    return Allocation(
        i,
        1,
        partner,
        sector,
        10,
        "Armley",
        gid,
        title,
        gstatus,
        kind,
        amount,
        period.start,
        period.end,
        status,
    )


def test_totals_are_per_kind_and_status_never_pounds_plus_wte() -> None:
    allocs = [
        alloc(1, "funding", 5_000_000, status="actual"),
        alloc(2, "funding", 1_000_000, status="planned", sector="voluntary and community"),
        alloc(3, "staff_wte", 150, status="committed"),
        alloc(4, "staff_wte", 50, status="committed", sector="voluntary and community"),
    ]
    rows = res.totals_by(allocs, "sector")
    assert [r.label for r in rows] == ["Statutory", "Voluntary and community"]
    statutory = rows[0]
    assert statutory.amount("funding") == 5_000_000
    assert statutory.amount("funding", "actual") == 5_000_000
    assert statutory.amount("staff_wte") == 150
    grand = res.add_up(allocs)
    assert grand["funding"] == {"planned": 1_000_000, "committed": 0, "actual": 5_000_000}
    assert grand["staff_wte"]["committed"] == 200


def test_totals_by_goal_put_allocations_without_a_goal_last() -> None:
    rows = res.totals_by(
        [
            alloc(1, "funding", 100, goal=(5, "Frailty", "on track")),
            alloc(2, "funding", 200),
            alloc(3, "funding", 300, goal=(6, "Access", "on track")),
        ],
        "goal",
    )
    assert [(r.label, r.amount("funding")) for r in rows] == [
        ("Access", 300),
        ("Frailty", 100),
        (res.NO_GOAL, 200),
    ]


def test_warnings() -> None:
    today = dt.date(2020, 6, 1)
    allocs = [
        alloc(1, "funding", 2_500_000, goal=(5, "Falls", "done")),  # current, goal done
        alloc(2, "funding", 2_500_000, goal=(5, "Falls", "done"), period=FY19, status="actual"),
        alloc(3, "funding", 1_999_999, partner="Network", sector="voluntary and community"),
        alloc(4, "staff_wte", 50),  # small, but not funding
        alloc(5, "funding", 3_000_000, period=FY19, status="planned"),  # never confirmed
        alloc(6, "funding", 3_000_000, period=FY19, status="actual"),  # history
    ]
    goals = [
        GoalRef(5, "Falls", "done", 10, "Armley"),
        GoalRef(7, "Loneliness", "on track", 10, "Armley"),
        GoalRef(8, "Old work", "done", 10, "Armley"),
    ]
    found = res.warnings(allocs, goals, funding_floor_x100=2_000_000, today=today)
    assert [(w.code, w.allocation_id, w.goal_id) for w in found] == [
        (res.GOAL_DONE, 1, 5),
        (res.PAST_PERIOD, 5, None),
        (res.SMALL_FUNDING, 3, None),
        (res.NO_RESOURCES, None, 7),
    ]
    texts = [w.text for w in found]
    assert texts[2] == (
        "£19,999.99 from Network to Armley is smaller than the £20,000 a piece of funding "
        "should be."
    )
    assert texts[1] == (
        "£30,000 from LCH to Armley for 2019/20 is still planned, but the period ended on "
        "31 Mar 2020."
    )
    assert texts[3] == "'Loneliness' (Armley) has no resources allocated."
    lower = res.warnings(allocs, [], funding_floor_x100=1_000_000, today=today)
    assert res.SMALL_FUNDING not in {w.code for w in lower}


def test_checks_on_input() -> None:
    ok = res.AllocationInput(1, 2, "funding", 100, FY20.start, FY20.end, notes=" x ")
    assert res.check_allocation(ok).notes == "x"
    with pytest.raises(InputError, match="more than nothing"):
        res.check_allocation(res.AllocationInput(1, 2, "funding", 0, FY20.start, FY20.end))
    with pytest.raises(InputError, match="ends before it starts"):
        res.check_allocation(res.AllocationInput(1, 2, "funding", 1, FY20.end, FY20.start))
    with pytest.raises(InputError, match="not a sector"):
        res.check_partner(res.PartnerInput("LCH", "public"))
    assert res.check_partner(res.PartnerInput("  Leeds   CH ", "statutory")).name == "Leeds CH"
