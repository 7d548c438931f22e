"""Reading a return: forgiving where people are predictable, strict where a guess would corrupt
data; every problem names its sheet and cell."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest
from helpers.returns import LEVELS, big_return

from lcpdesk.errors import InputError
from lcpdesk.io.return_reader import read_return
from lcpdesk.io.return_writer import ReturnLists, write_return
from lcpdesk.io.safe_text import clean_text


@pytest.fixture
def written(tmp_path):
    path = tmp_path / "return.xlsx"
    write_return(big_return(), path, lists=ReturnLists(levels=LEVELS))
    return path


def _edit(path, changes, sheet_state=None):
    book = openpyxl.load_workbook(path)
    for ref, value in changes.items():
        sheet, cell = ref.split("!")
        book[sheet][cell].value = value
    if sheet_state:
        sheet_state(book)
    book.save(path)


def _problems(path):
    return [str(p) for p in read_return(path).problems]


def test_forgiving_values_are_read_as_meant(written):
    _edit(
        written,
        {
            "Maturity!D5": "  developing ",  # a level in any case, spaces around
            "Maturity!G5": "3",  # a level as its number
            "Cover!C11": "01/04/2026",  # a UK date
            "Cover!C15": 46113,  # an Excel date serial
            "Membership!E5": "31,860",
            "Membership!E6": "31860.0",
            "Resources!F5": "£20,000.50",
            "Membership!H4": "An extra column",
            "Membership!H5": "anything",
            "Goals!C5": "Total hip replacement waits",  # a title, not a totals row
        },
    )
    read = read_return(written)
    assert [str(p) for p in read.problems] == []
    content = read.content
    assert content.dimensions[0].level == "Developing"
    assert content.dimensions[0].target == "Well developed"
    assert content.cover.completed_on == dt.date(2026, 4, 1)
    assert content.cover.signed_off_on == dt.date(2026, 4, 1)
    assert [p.list_size for p in content.practices[:2]] == [31860, 31860]
    assert content.allocations[0].amount == Decimal("20000.50")
    assert content.goals[0].title == "Total hip replacement waits"


def test_blank_rows_between_lines_are_skipped(written):
    book = openpyxl.load_workbook(written)
    book["Membership"].move_range("B10:G34", rows=2)
    book.save(written)
    read = read_return(written)
    assert read.problems == []
    assert len(read.content.practices) == 30


def test_each_bad_value_is_named_with_its_sheet_and_cell(written):
    _edit(
        written,
        {
            "Maturity!D7": "Developping",
            "Membership!B6": "B8600",
            "Cover!C10": "not an email",
            "Cover!C6": "last quarter",
            "Goals!D5": "sort of",
            "Resources!F6": "lots",
            "Resources!H5": "31/02/2026",
            "Membership!E7": -5,
            "Resources!F7": 12.345,
        },
    )
    shown = _problems(written)
    assert (
        'Maturity!D7: "Developping" is not a level of this framework (Basics in place, '
        "Developing, Well developed, Excellent)" in shown
    )
    assert 'Membership!B6: "B8600" is not a GP practice code (a letter and five digits)' in shown
    assert 'Cover!C10: "not an email" is not an email address' in shown
    assert 'Cover!C6: "last quarter" is not a quarter such as 2019/20 Q2' in shown
    assert any(p.startswith('Goals!D5: "sort of" is not one of: not started') for p in shown)
    assert 'Resources!F6: "lots" is not a number' in shown
    assert any(p.startswith('Resources!H5: "31/02/2026" is not a date') for p in shown)
    assert "Membership!E7: -5 is less than 0" in shown
    assert 'Resources!F7: "12.345" has more than 2 decimal places' in shown
    assert len(shown) == 9


def test_a_totals_row_is_refused(written):
    _edit(written, {"Membership!B35": "Total", "Membership!E35": 999999})
    assert _problems(written) == [
        "Membership!B35: a totals row: remove it (lcpdesk adds up the lines itself)"
    ]


def test_two_values_for_one_field_are_refused(written):
    _edit(written, {"Membership!B35": "B86003", "Membership!F35": "joining"})
    assert _problems(written) == ["Membership!B35: B86003 is given twice (rows 8 and 35)"]


def test_a_missing_required_field_is_named(written):
    _edit(written, {"Cover!C8": None, "Goals!D6": "  "})
    assert _problems(written) == [
        "Cover!C8: Completed by is required",
        "Goals!D6: Status is required",
    ]


def test_a_missing_sheet_is_never_silently_dropped(written):
    _edit(written, {}, sheet_state=lambda book: book.remove(book["Resources"]))
    read = read_return(written)
    assert [str(p) for p in read.problems] == ["Resources: the sheet 'Resources' is missing"]


def test_a_missing_column_is_named(written):
    _edit(written, {"Goals!D4": "State"})
    assert "Goals: the goals table is missing: no row has its headers" in _problems(written)[0]


def test_an_unknown_template_version_is_refused_naming_the_known_ones(written):
    _edit(written, {"Stamp!B2": 7})
    with pytest.raises(InputError) as refused:
        read_return(written)
    assert "version 7" in str(refused.value)
    assert "it knows v1 of 'lcp-quarterly-return'" in str(refused.value)


def test_a_workbook_without_a_stamp_is_refused(tmp_path):
    path = tmp_path / "other.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "hello"
    book.save(path)
    with pytest.raises(InputError, match="not a return lcpdesk knows"):
        read_return(path)


def test_text_is_written_as_text_never_a_formula(tmp_path):
    content = big_return()
    awkward = ("=1+1", "+44", "-5", "@SUM(A1)", "\t=1", "＝1", "#N/A")
    goals = tuple(
        g.__class__(**{**g.__dict__, "progress_note": awkward[i % len(awkward)]})
        for i, g in enumerate(content.goals)
    )
    path = tmp_path / "r.xlsx"
    write_return(content.__class__(**{**content.__dict__, "goals": goals}), path)
    sheet = openpyxl.load_workbook(path)["Goals"]
    for row in range(5, 5 + len(awkward)):
        cell = sheet[f"E{row}"]
        assert cell.data_type == "s"
        assert cell.value == awkward[(row - 5) % len(awkward)]
    assert sheet["E5"].quotePrefix


def test_control_characters_are_removed_and_long_text_is_cut_with_a_note(tmp_path):
    assert clean_text("a\x00b\x07c\r\nd\re") == "abc\nd\ne"
    content = big_return()
    dims = list(content.dimensions)
    dims[0] = dims[0].__class__(**{**dims[0].__dict__, "evidence": "x" * 40_000})
    path = tmp_path / "r.xlsx"
    notes = write_return(content.__class__(**{**content.__dict__, "dimensions": tuple(dims)}), path)
    assert notes == ["Maturity!E5: the text was cut to Excel's limit of 32,767 characters"]
    assert len(read_return(path).content.dimensions[0].evidence) == 32_767


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"", "the file is empty"),
        (b"code,name\nB86001,A practice\n", "this is not a workbook: it holds text"),
        (b"PK\x03\x04broken", "the workbook is damaged or incomplete"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused_naming_it(tmp_path, data, said):
    path = tmp_path / "return.xlsx"
    path.write_bytes(data)
    # The guard says what the file is (empty, text, a damaged zip) before any reader sees it.
    with pytest.raises(InputError, match=rf"^return\.xlsx: {said}") as refused:
        read_return(path)
    assert "save it again" in str(refused.value)
