"""The master workbook in a real spreadsheet program (LibreOffice headless): its sheets, its
number formats as shown (thousands, £, dates), text that stays text, and a master built from a
consolidated store."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from helpers.libreoffice import convert, soffice  # noqa: F401  (the fixture)

from lcpdesk.io.master_writer import DATE, MONEY, WHOLE, Column, Sheet, write_workbook
from lcpdesk.services.consolidate import consolidate, partnerships_of
from lcpdesk.services.master import write_master
from lcpdesk.store.db import Store
from tests.helpers.quarter import write_filled

pytestmark = pytest.mark.slow
# the 9th option: cells saved as shown (number formats applied)
_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"
NOW = "2026/27 Q3"


def sheets_of(soffice: str, source: Path, out: Path) -> dict[str, list[list[str]]]:  # noqa: F811
    convert(soffice, source, _CSV, out)
    return {
        p.stem.split("-", 1)[1]: list(csv.reader(p.read_text(encoding="utf-8").splitlines()))
        for p in out.glob(f"{source.stem}-*.csv")
    }


def test_formats_and_safe_text(soffice: str, tmp_path: Path) -> None:  # noqa: F811
    source = tmp_path / "master.xlsx"
    columns = (Column("Partnership"), Column("Note"), Column("List size", WHOLE),
               Column("Funding", MONEY), Column("Signed off", DATE))  # fmt: skip
    rows = [
        ("Armley", "=1+1", 31860, Decimal("1234.5"), dt.date(2026, 12, 2)),
        ("+44 113", "@SUM(A1:A2)", None, None, None),
    ]
    write_workbook([Sheet("Summary", columns, rows), Sheet("Missing", (Column("P"),))], source)
    sheets = sheets_of(soffice, source, tmp_path / "csv")
    assert set(sheets) == {"Summary", "Missing"}
    summary = sheets["Summary"]
    assert summary[0] == ["Partnership", "Note", "List size", "Funding", "Signed off"]
    assert summary[1] == ["Armley", "=1+1", "31,860", "£1,234.50", "02/12/2026"]
    assert summary[2][:2] == ["+44 113", "@SUM(A1:A2)"]


def test_a_master_from_a_consolidated_store(
    soffice: str,  # noqa: F811
    demo_store: Store,
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _a, units = partnerships_of(demo_store, "Leeds")
    unit = {u.name: u.id for u in units}
    write_filled(demo_store, unit["Armley"], NOW, folder / "armley.xlsx")
    write_filled(demo_store, unit["Seacroft"], NOW, folder / "seacroft.xlsx")
    (folder / "notes.txt").write_text("not a return", encoding="utf-8")
    result: Any = consolidate(demo_store, folder, "Leeds", NOW)
    assert result.count("accepted") == 2 and result.count("refused") == 1
    source = tmp_path / "master.xlsx"
    write_master(demo_store, "Leeds", NOW, source)
    sheets = sheets_of(soffice, source, tmp_path / "csv")
    assert list(sheets) and {"Summary", "Maturity", "Problems", "Missing"} <= set(sheets)
    summary = {row[0]: row for row in sheets["Summary"][1:]}
    assert summary["Armley"][1] == "accepted" and summary["Armley"][3] == "Pat Lead"
    assert summary["Armley"][6] == "02/12/2026"
    assert summary["Aire Valley"][1] == "not sent"
    maturity = sheets["Maturity"]
    assert maturity[0][:3] == ["Partnership", "Dimension", "Agreed level"]
    assert {row[0] for row in maturity[1:]} == {"Armley", "Seacroft"}
    assert any(row[1] == "notes.txt" for row in sheets["Problems"][1:])
    missing = [row[0] for row in sheets["Missing"][1:]]
    assert len(missing) == 16 and "Armley" not in missing
