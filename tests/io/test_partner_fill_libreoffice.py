"""Partner workbooks and LibreOffice headless: a filled copy opens in a real spreadsheet program
with the values where they belong (and formula-like text shown as text), and a partner workbook
that LibreOffice itself saved is described, filled and read back like one made by openpyxl."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from helpers.libreoffice import convert, soffice  # noqa: F401  (the fixture)
from helpers.partner_books import (
    build_partner_workbook,
    check_only_mapped_cells_changed,
    check_reads_back,
    content,
    describe_workbook,
    make_xlsm,
)

from lcpdesk.io.partner_fill import fill_partner_workbook

pytestmark = pytest.mark.slow
_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def _sheets(soffice: str, source: Path, out: Path) -> dict[str, list[list[str]]]:  # noqa: F811
    convert(soffice, source, _CSV, out)
    return {
        p.stem.split("-", 1)[1]: list(csv.reader(p.read_text(encoding="utf-8").splitlines()))
        for p in out.glob(f"{source.stem}-*.csv")
    }


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm"])
def test_libreoffice_opens_a_filled_partner_workbook(
    soffice: str,  # noqa: F811
    tmp_path: Path,
    suffix: str,
) -> None:
    partner = build_partner_workbook(tmp_path / "council.xlsx")
    if suffix == ".xlsm":
        partner = make_xlsm(partner, tmp_path / "council.xlsm")
    desc = describe_workbook(partner)
    target = tmp_path / f"filled{suffix}"
    fill_partner_workbook(content(), desc, partner, target)
    sheets = _sheets(soffice, target, tmp_path / "csv")
    assert sheets["Front"][2][:2] == ["Partnership", "Armley"]
    assert sheets["Front"][3][1] == "2026/27 Q3"
    assert sheets["Front"][4][1] in ("20/12/2026", "12/20/2026")  # a date, in its locale
    assert sheets["Front"][5][1] == "-Sam Jones"
    assert sheets["Scores"][6][:2] == ['=HYPERLINK("http://x","click")', "not started"]
    assert sheets["Scores"][7][0] == "+44 113 000 0000"
    assert sheets["Lookups"][0][0] == "not started"  # the hidden sheet is still there


def test_a_partner_workbook_saved_by_libreoffice_is_filled_and_read_back(
    soffice: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    made = build_partner_workbook(tmp_path / "made.xlsx")
    partner = convert(soffice, made, "xlsx", tmp_path / "lo")
    desc = describe_workbook(partner)
    target = tmp_path / "filled.xlsx"
    fill_partner_workbook(content(), desc, partner, target)
    check_only_mapped_cells_changed(partner, target, desc)
    check_reads_back(target, desc)
    sheets = _sheets(soffice, target, tmp_path / "csv")
    assert sheets["Front"][2][:2] == ["Partnership", "Armley"]
