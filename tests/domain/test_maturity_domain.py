"""Maturity rules without a store: periods, spreads, gaps, and what makes a framework valid."""

from __future__ import annotations

import datetime as dt

import pytest

from lcpdesk.domain import periods
from lcpdesk.domain.maturity import DimensionDef, FrameworkDef, LevelDef, problems, slug
from lcpdesk.domain.scoring import gap_to, mean_rank, spread
from lcpdesk.errors import InputError

# --------------------------------------------------------------------------- periods


@pytest.mark.parametrize(
    "typed",
    ["2019/20 Q2", "2019-20 Q2", "19/20 q2", "Q2 2019/20", "FY2019/20 Q2", " 2019/2020  Q2 "],
)
def test_a_period_typed_many_ways_is_stored_one_way(typed: str) -> None:
    assert periods.normalise(typed) == "2019/20 Q2"


def test_whole_years_and_the_turn_of_the_century() -> None:
    assert periods.normalise("2020/21") == "2020/21"
    assert periods.normalise("1999/00 Q4") == "1999/00 Q4"
    assert str(periods.parse("2019/20 Q4").next()) == "2020/21 Q1"
    assert str(periods.parse("2019/20").next()) == "2020/21"


@pytest.mark.parametrize("typed", ["2019 Q2", "2019/21 Q2", "2019/20 Q5", "Q2", "", "soon"])
def test_what_is_not_a_period_is_refused_with_an_example(typed: str) -> None:
    with pytest.raises(InputError) as caught:
        periods.parse(typed)
    assert "2019/20 Q2" in caught.value.hint


def test_periods_sort_by_time_not_by_text() -> None:
    texts = ["2020/21 Q1", "2019/20", "2019/20 Q4", "2019/20 Q2", "not a period"]
    assert sorted(texts, key=periods.sort_key) == [
        "2019/20 Q2",
        "2019/20 Q4",
        "2019/20",  # a whole year after its last quarter
        "2020/21 Q1",
        "not a period",
    ]


def test_the_financial_quarter_of_a_day() -> None:
    assert str(periods.containing(dt.date(2020, 5, 1))) == "2020/21 Q1"
    assert str(periods.containing(dt.date(2020, 9, 30))) == "2020/21 Q2"
    assert str(periods.containing(dt.date(2021, 3, 31))) == "2020/21 Q4"


# --------------------------------------------------------------------------- spreads and gaps


def test_spread_of_raters_levels() -> None:
    found = spread([2, 2, 3, 1])
    assert (found.count, found.lowest, found.median, found.highest) == (4, 1, 2.0, 3)
    assert found.agreement == 0.5  # two of four at the most common level
    assert spread([2, 3]).median == 2.5  # between two levels
    assert spread([3, 3, 3]).agreement == 1.0


def test_no_levels_given_is_no_spread_not_the_lowest_level() -> None:
    empty = spread([])
    assert empty.count == 0
    assert empty.lowest is None and empty.median is None and empty.agreement is None


def test_gap_to_the_standard_and_means_leave_out_what_is_not_assessed() -> None:
    assert gap_to(1, 3) == 2
    assert gap_to(4, 3) == 0
    assert gap_to(None, 3) is None  # not assessed: unknown, not "3 levels to go"
    assert mean_rank([1, None, 3]) == 2.0
    assert mean_rank([None, None]) is None


# --------------------------------------------------------------------------- framework rules


def good() -> FrameworkDef:
    return FrameworkDef(
        key="x",
        name="X",
        levels=(LevelDef("Low"), LevelDef("Mid", is_standard=True), LevelDef("High")),
        dimensions=(
            DimensionDef("lead", "Leadership"),
            DimensionDef("culture", "Culture"),
            DimensionDef("culture-a", "A", parent="culture", cells=(("Mid", "text"),)),
        ),
    )


def test_a_good_framework_has_no_problems() -> None:
    assert problems(good()) == []


def change(**kw: object) -> FrameworkDef:
    from dataclasses import replace

    return replace(good(), **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("defn", "message", "where"),
    [
        (change(name=" "), "has no name", ("framework", None, "name")),
        (change(key="Has Spaces"), "cannot be a framework key", ("framework", None, "key")),
        (change(levels=(LevelDef("Only", is_standard=True),)), "at least 2", ("level", None, None)),
        (
            change(levels=(LevelDef("A", is_standard=True), LevelDef(""))),
            "Level 2 has no name",
            ("level", 1, "name"),
        ),
        (
            change(levels=(LevelDef("A"), LevelDef("a", is_standard=True))),
            "listed twice",
            ("level", 1, "name"),
        ),
        (
            change(levels=(LevelDef("A"), LevelDef("B"))),
            "No level is marked",
            ("level", None, "standard"),
        ),
        (
            change(levels=(LevelDef("A", is_standard=True), LevelDef("B", is_standard=True))),
            "Both 'A' and 'B'",
            ("level", 1, "standard"),
        ),
        (change(dimensions=()), "no dimensions", ("dimension", None, None)),
        (
            change(dimensions=(DimensionDef("a", "A"), DimensionDef("a", "B"))),
            "key 'a' is used twice",
            ("dimension", 1, "key"),
        ),
        (
            change(dimensions=(DimensionDef("a", "A"), DimensionDef("b", "B", parent="nope"))),
            "parent dimension 'nope' does not exist",
            ("dimension", 1, "parent"),
        ),
        (
            change(
                dimensions=(
                    DimensionDef("a", "A"),
                    DimensionDef("b", "B", parent="a"),
                    DimensionDef("c", "C", parent="b"),
                )
            ),
            "only one level of sub-dimensions",
            ("dimension", 2, "parent"),
        ),
        (
            change(dimensions=(DimensionDef("a", "A", cells=(("Top", "x"),)),)),
            "level 'Top' the framework does not have",
            ("dimension", 0, "levels"),
        ),
    ],
)
def test_each_problem_says_what_and_where(
    defn: FrameworkDef, message: str, where: tuple[str, int | None, str | None]
) -> None:
    found = problems(defn)
    assert found, "expected a problem"
    assert message in found[0].message
    assert (found[0].element, found[0].index, found[0].field) == where


def test_content_hash_follows_content_not_source() -> None:
    a = good()
    assert a.content_hash() == change(source="another file.xlsx").content_hash()
    assert a.content_hash() != change(name="Y").content_hash()
    changed = change(
        dimensions=(*good().dimensions[:2], DimensionDef("culture-a", "A!", parent="culture"))
    )
    assert a.content_hash() != changed.content_hash()


def test_slug() -> None:
    assert slug("LCP Goals") == "lcp-goals"
    assert slug("Culture – Community Driven") == "culture-community-driven"
    assert slug("Brontë's") == "bronte-s"
