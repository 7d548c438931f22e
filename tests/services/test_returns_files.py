"""Telling a return from other workbooks, before anything reads it."""

from __future__ import annotations

import zipfile
from pathlib import Path

from openpyxl import Workbook

from lcpdesk.services.returns_files import is_return


def workbook(path: Path, *sheets: str) -> Path:
    book = Workbook()
    book.active.title = sheets[0]
    for name in sheets[1:]:
        book.create_sheet(name)
    book.save(path)
    return path


def test_a_stamped_workbook_is_a_return_and_others_are_not(tmp_path: Path) -> None:
    assert is_return(workbook(tmp_path / "r.xlsx", "Cover", "Stamp"))
    assert is_return(workbook(tmp_path / "r.xlsm", "Cover", "Stamp"))
    assert not is_return(workbook(tmp_path / "definitions.xlsx", "LSOA", "LCP"))
    assert not is_return(workbook(tmp_path / "r.csv", "Stamp"))  # not a workbook's name


def test_broken_and_hostile_files_are_not_returns(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    csv = tmp_path / "renamed.xlsx"
    csv.write_text("Practice code,LCP\nB86001,Armley\n", encoding="utf-8")
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(workbook(tmp_path / "whole.xlsx", "Stamp").read_bytes()[:300])
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b'<sheet name="Stamp"/>' + b" " * (8 << 20))
    for path in (empty, csv, truncated, bomb, tmp_path / "missing.xlsx"):
        assert not is_return(path), path.name
