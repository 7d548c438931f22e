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


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
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
