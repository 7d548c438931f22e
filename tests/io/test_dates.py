"""EXTRACT_DATE and ODS dates in every form they come in."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lcpdesk.io import dates
from lcpdesk.io.dates import (
    DateFormatError,
    factorize_dates,
    parse_date,
    parse_date_series,
    unique_dates,
)

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01APR2021", dt.date(2021, 4, 1)),  # gp-reg-pat-prac-* 2021
        ("01-Apr-20", dt.date(2020, 4, 1)),  # gp-reg-pat-prac-* 2020
        ("2024-06-01", dt.date(2024, 6, 1)),  # gp-reg-pat-prac-* 2024
        ("01/04/2021", dt.date(2021, 4, 1)),  # typed in the UK: day first
        ("20210401", dt.date(2021, 4, 1)),  # ODS epraccur
        (" 01apr2021 ", dt.date(2021, 4, 1)),
        ("1 April 2021", dt.date(2021, 4, 1)),
        ("01-SEPT-2019", dt.date(2019, 9, 1)),
        ("2024-06-01 00:00:00", dt.date(2024, 6, 1)),  # a spreadsheet's date saved as CSV
        ("31/12/99", dt.date(1999, 12, 31)),
        (dt.datetime(2022, 3, 31, 0, 0), dt.date(2022, 3, 31)),  # a cell read from a workbook
        (dt.date(2022, 3, 31), dt.date(2022, 3, 31)),
    ],
)
def test_each_form_in_use_reads_as_the_same_day(text: object, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text", ["31FEB2021", "01XYZ2021", "2021-13-01", "04/31/2021", "2021/04", "", "yesterday", 5]
)
def test_a_text_that_is_not_a_date_is_refused_naming_it(text: object) -> None:
    with pytest.raises(DateFormatError) as caught:
        parse_date(text)
    assert f"'{text}' is not a date" in str(caught.value)
    assert "01APR2021" in str(caught.value)  # shows the user a form that works


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_every_form_reads_back_the_day_written(day: dt.date) -> None:
    month = MONTHS[day.month - 1]
    written = [
        f"{day.day:02d}{month.upper()}{day.year}",
        f"{day.day:02d}{month}{day.year}",
        day.isoformat(),
        f"{day.day:02d}/{day.month:02d}/{day.year}",
        f"{day.day}/{day.month}/{day.year}",
        f"{day.year}{day.month:02d}{day.day:02d}",
    ]
    if 1970 <= day.year < 2070:
        written.append(f"{day.day:02d}-{month}-{day.year % 100:02d}")
    for text in written:
        assert parse_date(text) == day, text


@given(st.text(max_size=30))
def test_any_text_gives_a_date_or_a_date_error_never_a_crash(text: str) -> None:
    try:
        result = parse_date(text)
    except DateFormatError as exc:
        assert exc.value == text
    else:
        assert isinstance(result, dt.date)


def test_a_column_is_parsed_once_per_distinct_text(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    real = dates.parse_date

    def counting(value: object) -> dt.date:
        calls.append(value)
        return real(value)

    monkeypatch.setattr(dates, "parse_date", counting)
    column = pd.Series(["01APR2021"] * 300_000 + ["2021-05-01"] * 300_000, dtype="category")
    parsed = parse_date_series(column)
    assert sorted(calls, key=str) == ["01APR2021", "2021-05-01"]
    assert parsed.iloc[0] == dt.date(2021, 4, 1)
    assert parsed.iloc[-1] == dt.date(2021, 5, 1)
    assert unique_dates(column) == (dt.date(2021, 4, 1), dt.date(2021, 5, 1))


def test_a_bad_date_in_a_column_reports_the_first_row_holding_it() -> None:
    column = pd.Series(["01APR2021", "01APR2021", "01APR20211", "01APR20211"])
    with pytest.raises(DateFormatError) as caught:
        parse_date_series(column)
    assert caught.value.position == 2
    assert caught.value.value == "01APR20211"


def test_blank_cells_are_no_date_only_where_allowed() -> None:
    column = pd.Series(["20190331", "", "  "])
    assert list(parse_date_series(column, allow_blank=True)) == [dt.date(2019, 3, 31), None, None]
    with pytest.raises(DateFormatError) as caught:
        parse_date_series(column)
    assert caught.value.position == 1


def test_texts_for_the_same_day_share_one_code() -> None:
    codes, distinct = factorize_dates(pd.Series(["01APR2021", "2021-04-01", "01-Apr-21"]))
    assert distinct == [dt.date(2021, 4, 1)]
    assert list(codes) == [0, 0, 0]
