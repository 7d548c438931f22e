"""A return opened in a real spreadsheet program (LibreOffice headless): its values and checklist,
and a return LibreOffice saved (as .xlsx, .ods and .xls) read back by lcpdesk."""

from __future__ import annotations

import csv

import pytest
from helpers.libreoffice import convert, soffice  # noqa: F401  (the fixture)
from helpers.returns import LEVELS, big_return

from lcpdesk.io.return_reader import read_return
from lcpdesk.io.return_writer import ReturnLists, write_return

pytestmark = pytest.mark.slow
_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def _sheets(soffice, tmp_path, filled):  # noqa: F811
    source = tmp_path / ("filled.xlsx" if filled else "blank.xlsx")
    write_return(big_return(filled=filled), source, lists=ReturnLists(levels=LEVELS))
    out = tmp_path / "csv"
    convert(soffice, source, _CSV, out)
    return {
        p.stem.split("-", 1)[1]: list(csv.reader(p.read_text(encoding="utf-8").splitlines()))
        for p in out.glob(f"{source.stem}-*.csv")
    }


def test_a_filled_return_is_complete_in_libreoffice(soffice, tmp_path):  # noqa: F811
    sheets = _sheets(soffice, tmp_path, filled=True)
    checklist = sheets["Checklist"]
    assert [row[2] for row in checklist[4:9]] == ["Yes"] * 5
    assert checklist[10][2] == "Complete return"
    assert sheets["Cover"][4][2] == "Armley"
    assert sheets["Membership"][4][1:3] == ["B86000", "Practice 0"]


def test_a_blank_return_is_incomplete_in_libreoffice(soffice, tmp_path):  # noqa: F811
    sheets = _sheets(soffice, tmp_path, filled=False)
    checklist = sheets["Checklist"]
    assert [row[2] for row in checklist[4:9]] == ["No", "No", "No", "No", "Yes"]
    assert checklist[10][2] == "Incomplete return"
    assert sheets["Cover"][5][2] == "2026/27 Q3"
    assert sheets["Cover"][7][2] == ""


@pytest.mark.parametrize("kind", ["xlsx", "ods", "xls"])
def test_a_return_saved_by_libreoffice_reads_back_the_same(soffice, tmp_path, kind):  # noqa: F811
    content = big_return()
    source = tmp_path / "ours.xlsx"
    write_return(content, source, lists=ReturnLists(levels=LEVELS))
    saved = convert(soffice, source, kind, tmp_path / "saved")
    read = read_return(saved)
    assert [str(p) for p in read.problems] == []
    assert read.content == content
