"""Filling a partner's own workbook: only the described cells change, everything else in the
workbook survives (byte for byte where the file format allows), and it reads back the same."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from helpers.partner_books import (
    VBA,
    build_partner_workbook,
    changed_entries,
    check_only_mapped_cells_changed,
    check_reads_back,
    content,
    describe_workbook,
    make_xlsm,
)
from helpers.returns import big_return

from lcpdesk.errors import InputError
from lcpdesk.io import partner_fill_describe as describe
from lcpdesk.io.partner_fill import fill_partner_workbook
from lcpdesk.io.return_reader import read_return
from lcpdesk.io.templates import parse_description


@pytest.fixture
def partner(tmp_path: Path) -> Path:
    return build_partner_workbook(tmp_path / "council.xlsx")


def test_describing_proposes_types_and_limits_from_the_workbook(partner: Path) -> None:
    assert describe.propose(partner, "Front", "B5").type == "date"
    level = describe.propose(partner, "Scores", "B2")
    assert level.type == "choice" and level.choices[0] == "Basics in place"
    budget = describe.propose(partner, "Scores", "B4")
    assert (budget.type, budget.min, budget.max) == ("whole number", 0, 100_000_000)
    desc = describe_workbook(partner)
    assert desc.field("cover.partnership").label == "Partnership"  # type: ignore[union-attr]
    assert desc.field("cover.completed_on").type == "date"  # type: ignore[union-attr]
    assert describe.fits(desc, partner)


def test_filling_changes_only_the_described_cells(partner: Path, tmp_path: Path) -> None:
    desc = describe_workbook(partner)
    target = tmp_path / "filled.xlsx"
    notes = fill_partner_workbook(content(), desc, partner, target)
    assert "the workbook recalculates its formulas when it is next opened" in notes
    check_only_mapped_cells_changed(partner, target, desc)
    check_reads_back(target, desc)
    with zipfile.ZipFile(target) as z:  # the image, chart and drawing are the partner's own
        assert any(n.startswith("xl/media/") for n in z.namelist())
        assert any(n.startswith("xl/charts/") for n in z.namelist())
        front = z.read("xl/worksheets/sheet1.xml").decode()
        scores = z.read("xl/worksheets/sheet2.xml").decode()
    # Text that looks like a formula stays text: an inline string, never a <f>.
    assert "<f>HYPERLINK" not in scores and "=HYPERLINK(" in scores
    assert re.search(r'<c r="B6"[^>]*t="inlineStr"><is><t[^>]*>-Sam Jones<', front)
    # The date keeps the cell's own (date) style: no style was added for it.
    assert changed_entries(partner, target) >= {"xl/worksheets/sheet1.xml"}
    assert re.search(r'<c r="B5" s="\d+"><v>46376</v></c>', front)


def test_a_filled_copy_is_recognised_by_its_fingerprint(partner: Path, tmp_path: Path) -> None:
    desc = describe_workbook(partner)
    target = tmp_path / "filled.xlsx"
    fill_partner_workbook(content(), desc, partner, target)
    assert describe.fits(desc, target)
    other = tmp_path / "other.xlsx"
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Front"
    book.create_sheet("Scores")
    book.save(other)
    assert not describe.fits(desc, other)


def test_a_macro_enabled_workbook_keeps_its_macros(partner: Path, tmp_path: Path) -> None:
    xlsm = make_xlsm(partner, tmp_path / "council.xlsm")
    desc = describe_workbook(xlsm)
    target = tmp_path / "filled.xlsm"
    fill_partner_workbook(content(), desc, xlsm, target)
    check_only_mapped_cells_changed(xlsm, target, desc)
    with zipfile.ZipFile(target) as z:
        assert z.read("xl/vbaProject.bin") == VBA
    check_reads_back(target, desc)
    with pytest.raises(InputError, match=r"must be saved as \.xlsm"):
        fill_partner_workbook(content(), desc, xlsm, tmp_path / "filled.xlsx")


def _desc_with(extra: str) -> str:
    return f"""key = "x"
version = 1
name = "x"
[[sheet]]
name = "Front"
[[sheet]]
name = "Scores"
{extra}"""


@pytest.mark.parametrize(
    ("cell", "message"),
    [("B1", "inside the merged cells A1:D1"), ("D5", "holds a formula")],
)
def test_cells_that_cannot_be_written_are_refused_before_writing(
    partner: Path, tmp_path: Path, cell: str, message: str
) -> None:
    desc = parse_description(
        _desc_with(f'[[field]]\nkey = "cover.partnership"\nsheet = "Front"\ncell = "{cell}"\n')
    )
    target = tmp_path / "filled.xlsx"
    with pytest.raises(InputError, match=message):
        fill_partner_workbook(content(), desc, partner, target)
    assert not target.exists()


def test_other_file_kinds_are_refused(partner: Path, tmp_path: Path) -> None:
    desc = describe_workbook(partner)
    ods = tmp_path / "council.ods"
    ods.write_bytes(b"not really")
    with pytest.raises(InputError, match=r"only \.xlsx and \.xlsm"):
        fill_partner_workbook(content(), desc, ods, tmp_path / "x.ods")


def test_an_excel_table_is_filled_inside_and_refused_at_its_header(tmp_path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.worksheet.table import Table

    book = Workbook()
    sheet = book.active
    sheet.title = "Scores"
    sheet.append(["Goal", "RAG"])
    for _ in range(4):
        sheet.append([None, None])
    sheet.add_table(Table(displayName="Goals", ref="A1:B5"))
    source = tmp_path / "tabled.xlsx"
    book.save(source)
    columns = '[[table.column]]\nkey = "goals[].title"\nheader = "Goal"\n'
    columns += '[[table.column]]\nkey = "goals[].status"\nheader = "RAG"\n'
    text = 'key = "t"\nversion = 1\nname = "t"\n[[sheet]]\nname = "Scores"\n'
    desc = parse_description(text + f'[[table]]\nname = "goals"\nsheet = "Scores"\n'
                             f"header_row = 1\n{columns}")  # fmt: skip
    small = dataclasses.replace(content(), goals=content().goals[2:4])
    fill_partner_workbook(small, desc, source, tmp_path / "ok.xlsx")
    read = read_return(tmp_path / "ok.xlsx", description=desc)
    assert [g.title for g in read.content.goals] == [g.title for g in small.goals]  # type: ignore[union-attr]
    assert changed_entries(source, tmp_path / "ok.xlsx") <= {"xl/worksheets/sheet1.xml"}
    many = dataclasses.replace(content(), goals=big_return().goals)
    with pytest.raises(InputError, match="the table would have to grow"):
        fill_partner_workbook(many, desc, source, tmp_path / "grown.xlsx")
    header = parse_description(
        text + '[[field]]\nkey = "cover.partnership"\nsheet = "Scores"\ncell = "A1"\n'
    )
    with pytest.raises(InputError, match="is a header of the Excel table 'Goals'"):
        fill_partner_workbook(content(), header, source, tmp_path / "head.xlsx")


def test_a_table_already_holding_rows_is_refused(partner: Path, tmp_path: Path) -> None:
    desc = describe_workbook(partner)
    once = tmp_path / "once.xlsx"
    fill_partner_workbook(content(), desc, partner, once)
    fewer = dataclasses.replace(content(), goals=content().goals[:2])
    with pytest.raises(InputError, match="already holds rows"):
        fill_partner_workbook(fewer, desc, once, tmp_path / "twice.xlsx")


def test_a_date_in_a_cell_without_a_date_format_gets_one(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Front"
    book.active["A1"] = "Completed on"
    source = tmp_path / "plain.xlsx"
    book.save(source)
    desc = parse_description(
        'key = "p"\nversion = 1\nname = "p"\n[[sheet]]\nname = "Front"\n'
        '[[field]]\nkey = "cover.completed_on"\nsheet = "Front"\ncell = "B1"\n'
        'label = "Completed on"\n'
    )
    target = tmp_path / "out.xlsx"
    fill_partner_workbook(content(), desc, source, target)
    assert changed_entries(source, target) == {"xl/worksheets/sheet1.xml", "xl/styles.xml"}
    read = read_return(target, description=desc)
    assert read.content is not None
    assert read.content.cover.completed_on == dt.date(2026, 12, 20)
    from openpyxl import load_workbook

    assert load_workbook(target)["Front"]["B1"].is_date


EXT = (
    '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="http://schemas.'
    'microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations count="0" xmlns:xm='
    '"http://schemas.microsoft.com/office/excel/2006/main"/></ext></extLst>'
)
CONTROL = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<formControlPr xmlns="http://'
    b'schemas.microsoft.com/office/spreadsheetml/2009/9/main" objectType="CheckBox" checked='
    b'"Checked"/>'
)


def test_extension_lists_and_form_controls_survive(partner: Path, tmp_path: Path) -> None:
    """openpyxl drops both (it does not model them); filling keeps them as they were."""
    source = tmp_path / "with-extras.xlsx"
    with zipfile.ZipFile(partner) as src, zipfile.ZipFile(source, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</worksheet>", EXT.encode() + b"</worksheet>")
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/ctrlProps/ctrlProp1.xml" ContentType="application/'
                    b'vnd.ms-excel.controlproperties+xml"/></Types>',
                )
            out.writestr(info, data)
        out.writestr("xl/ctrlProps/ctrlProp1.xml", CONTROL)
    from openpyxl import load_workbook

    resaved = tmp_path / "resaved.xlsx"
    with pytest.warns(UserWarning, match="extension is not supported and will be removed"):
        load_workbook(source).save(resaved)
    with zipfile.ZipFile(resaved) as z:  # what round-tripping through openpyxl would lose
        assert "xl/ctrlProps/ctrlProp1.xml" not in z.namelist()
        assert b"<extLst>" not in z.read("xl/worksheets/sheet1.xml")
    desc = describe_workbook(source)
    target = tmp_path / "filled.xlsx"
    fill_partner_workbook(content(), desc, source, target)
    check_only_mapped_cells_changed(source, target, desc)
    with zipfile.ZipFile(target) as z:
        assert z.read("xl/ctrlProps/ctrlProp1.xml") == CONTROL
        assert EXT.encode() in z.read("xl/worksheets/sheet1.xml")


def test_the_sheet_splicer_keeps_rows_and_cells_in_order() -> None:
    from lcpdesk.io.partner_fill_parts import SheetEditor, cell_xml

    ns = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    text = (
        f'<x:worksheet {ns}><x:dimension ref="B2:C5"/><x:sheetData>'
        '<x:row r="2" spans="2:3"><x:c r="C2" s="4"/></x:row>'
        '<x:row r="5"><x:c r="B5"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>'
    )
    editor = SheetEditor(text)
    assert editor.cell_attrs("C2") == {"r": "C2", "s": "4"}
    editor.put("A2", cell_xml("A2", "=1+1", None))  # before C2 in its row, spans widened
    editor.put("C2", cell_xml("C2", 7, "4"))  # replaced, its style kept
    editor.put("B3", cell_xml("B3", dt.date(2026, 4, 1), None))  # a new row between 2 and 5
    editor.put("D9", cell_xml("D9", "last", None))  # a new row at the end, dimension widened
    assert editor.text == (
        f'<x:worksheet {ns}><x:dimension ref="A2:D9"/><x:sheetData>'
        '<x:row r="2" spans="1:3"><x:c r="A2" t="inlineStr"><x:is><x:t xml:space="preserve">'
        '=1+1</x:t></x:is></x:c><x:c r="C2" s="4"><x:v>7</x:v></x:c></x:row>'
        '<x:row r="3"><x:c r="B3"><x:v>46113</x:v></x:c></x:row>'
        '<x:row r="5"><x:c r="B5"><x:v>1</x:v></x:c></x:row>'
        '<x:row r="9"><x:c r="D9" t="inlineStr"><x:is><x:t xml:space="preserve">last</x:t>'
        "</x:is></x:c></x:row></x:sheetData></x:worksheet>"
    )
    empty = SheetEditor("<worksheet><sheetData/></worksheet>")
    empty.put("A1", cell_xml("A1", 1, None))
    assert (
        empty.text
        == '<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>'
    )
