"""Export -> import gives back exactly the same return, whatever it holds."""

from __future__ import annotations

import io

from helpers.returns import LEVELS, big_return, returns
from hypothesis import HealthCheck, given, settings

from lcpdesk.io.return_reader import read_return
from lcpdesk.io.return_writer import ReturnLists, write_return


def _round_trip(content, tmp_path, name="r.xlsx"):
    path = tmp_path / name
    notes = write_return(content, path, lists=ReturnLists(levels=LEVELS))
    assert notes == []
    return read_return(path)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(content=returns())
def test_any_return_comes_back_exactly(content, tmp_path):
    read = _round_trip(content, tmp_path)
    assert [str(p) for p in read.problems] == []
    assert read.content == content


def test_a_big_partnership_comes_back_exactly(tmp_path):
    content = big_return()
    read = _round_trip(content, tmp_path)
    assert read.problems == []
    assert read.content == content
    assert read.locations["goals[2].status"].cell == "D7"


def test_a_blank_return_comes_back_with_its_reference_data_and_every_missing_answer(tmp_path):
    content = big_return(filled=False)
    read = _round_trip(content, tmp_path)
    assert read.content == content
    shown = [str(p) for p in read.problems]
    assert "Cover!C8: Completed by is required" in shown
    assert "Membership!F5: Status is required" in shown
    assert "Maturity!D5: Agreed level is required" in shown


def test_written_to_a_stream_too():
    buffer = io.BytesIO()
    write_return(big_return(), buffer, lists=ReturnLists(levels=LEVELS))
    assert buffer.getvalue()[:2] == b"PK"


def test_a_blank_return_keeps_the_reference_data_and_leaves_every_input_empty(tmp_path):
    content = big_return()
    path = tmp_path / "blank.xlsx"
    write_return(content, path, lists=ReturnLists(levels=LEVELS), blank=True)
    read = read_return(path).content
    assert (read.cover.partnership, read.cover.period, read.cover.completed_by) == (
        "Armley", "2026/27 Q3", "",
    )  # fmt: skip
    assert [p.code for p in read.practices] == [p.code for p in content.practices]
    assert {p.status for p in read.practices} == {""}
    assert [d.level for d in read.dimensions] == [None] * 9
    assert read.raters == () and read.readings == ()
    assert [(m.goal_ref, m.measure) for m in read.measures][:2] == [
        ("G1", "Measure 1"), ("G2", "Measure 2"),
    ]  # fmt: skip
    assert len(read.measures) == 10
    assert [(g.title, g.status) for g in read.goals][:1] == [("Goal 1", "")]
    assert [(a.partner, a.amount, a.status) for a in read.allocations][:1] == [("Partner 0", 0, "")]
