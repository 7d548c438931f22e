"""A partner's own workbook for the tests, built with openpyxl, carrying what partners' templates
carry: merged cells, data validation, conditional formatting, a comment, protection, a defined
name, column widths, print set-up, a formula, a chart, an image and a hidden sheet; a
macro-enabled (.xlsm) variant assembled around a made-up vbaProject.bin; and the description a
person makes of it in the Describe dialog (through the same functions the dialog calls).

Then, for checking a filled copy: which zip entries changed, and each sheet's XML with the
written cells taken out (so "structurally identical apart from the mapped cells" is a
comparison).
"""

from __future__ import annotations

import dataclasses
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from helpers.returns import LEVELS, big_return
from lcpdesk.domain.returns import ReturnContent
from lcpdesk.io import partner_fill_describe as describe
from lcpdesk.io.partner_fill import plan_cells
from lcpdesk.io.partner_fill_xml import PartnerBook
from lcpdesk.io.return_reader import read_return
from lcpdesk.io.templates import TemplateDescription, parse_description

LEVEL_LIST = '"Basics in place,Developing,Well developed,Excellent"'
STATUS_LIST = '"not started,on track,at risk,off track,done"'
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
VBA = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8  # an OLE header, then bytes


def png(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (40, 20), (0, 94, 184)).save(path)
    return path


def build_partner_workbook(path: Path) -> Path:
    """The "council monitoring" workbook: Front (the cover), Scores (a level, evidence and a
    goals table), and a hidden Lookups sheet."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.comments import Comment
    from openpyxl.drawing.image import Image as XLImage
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import PatternFill, Protection
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    front = book.active
    front.title = "Front"
    front["A1"] = "Quarterly monitoring"
    front.merge_cells("A1:D1")
    yellow = PatternFill("solid", fgColor="FFFF99")
    labels = ["Partnership", "Quarter", "Date completed", "Completed by", "Email"]
    for row, label in enumerate(labels, start=3):
        front.cell(row, 1, label)
        cell = front.cell(row, 2)
        cell.fill = yellow
        cell.protection = Protection(locked=False)
    front["B5"].number_format = "dd/mm/yyyy"
    front["D5"] = '=IF(B5="","",TODAY()-B5)'
    front["B3"].comment = Comment("Your LCP, as the programme office names it", "Council")
    words = DataValidation(type="textLength", operator="lessThanOrEqual", formula1="100")
    front.add_data_validation(words)
    words.add("B6")
    front.conditional_formatting.add(
        "B3:B7", CellIsRule(operator="equal", formula=['""'], fill=PatternFill("solid", "FFC7CE"))
    )
    front.column_dimensions["A"].width = 24
    front.column_dimensions["B"].width = 40
    front.page_setup.orientation = "landscape"
    front.protection.sheet = True
    book.defined_names["PartnershipName"] = DefinedName("PartnershipName", attr_text="Front!$B$3")

    scores = book.create_sheet("Scores")
    scores["A2"], scores["A3"], scores["A4"] = "Leadership level", "Leadership evidence", "Budget"
    levels = DataValidation(type="list", formula1=LEVEL_LIST)
    scores.add_data_validation(levels)
    levels.add("B2")
    money = DataValidation(type="whole", operator="between", formula1="0", formula2="100000000")
    scores.add_data_validation(money)
    money.add("B4")
    scores["A6"], scores["B6"], scores["C6"] = "Goal", "RAG", "Owner"
    statuses = DataValidation(type="list", formula1=STATUS_LIST)
    scores.add_data_validation(statuses)
    statuses.add("B7:B40")
    for row in range(7, 41):
        scores.cell(row, 1).fill = yellow
    chart = BarChart()
    chart.add_data(Reference(scores, min_col=2, min_row=2, max_row=4))
    scores.add_chart(chart, "E2")
    scores.add_image(XLImage(str(png(path.with_suffix(".png")))), "E20")

    lookups = book.create_sheet("Lookups")
    lookups.sheet_state = "hidden"
    for row, word in enumerate(["not started", "on track", "at risk", "off track", "done"], 1):
        lookups.cell(row, 1, word)
    book.save(path)
    return path


def make_xlsm(xlsx: Path, target: Path) -> Path:
    """The workbook as a macro-enabled one: a vbaProject.bin, its relationship and content
    types (assembled by hand: the macros are bytes lcpdesk must carry, never run)."""
    with zipfile.ZipFile(xlsx) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                text = data.decode()
                text = text.replace(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                )
                text = text.replace(
                    "<Default ",
                    '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                    "<Default ",
                    1,
                )
                data = text.encode()
            if info.filename == "xl/_rels/workbook.xml.rels":
                rel = (
                    '<Relationship Id="rIdVBA" Type="http://schemas.microsoft.com/office/2006/'
                    'relationships/vbaProject" Target="vbaProject.bin"/></Relationships>'
                )
                data = data.decode().replace("</Relationships>", rel).encode()
            out.writestr(info, data)
        out.writestr("xl/vbaProject.bin", VBA)
    return target


CELLS = {  # what a person clicks on, and the field they choose
    ("Front", "B3"): "cover.partnership",
    ("Front", "B4"): "cover.period",
    ("Front", "B5"): "cover.completed_on",
    ("Front", "B6"): "cover.completed_by",
    ("Front", "B7"): "cover.email",
    ("Scores", "B2"): "maturity.leadership.level",
    ("Scores", "B3"): "maturity.leadership.evidence",
    ("Scores", "A6"): "goals[].title",
    ("Scores", "B6"): "goals[].status",
}


def describe_workbook(path: Path) -> TemplateDescription:
    """The description the Describe dialog makes of the partner's workbook (parsed)."""
    return parse_description(describe_workbook_text(path), "council-monitoring-v1.toml")


def describe_workbook_text(path: Path) -> str:
    """The description the Describe dialog makes of the partner's workbook: each cell's label
    from beside it, each column's header from its cell, type and limits as proposed."""
    choices = []
    for (sheet, cell), key in CELLS.items():
        grid = describe.sheet_grid(path, sheet)
        row, col = describe.row_col(cell)
        if "[]" in key:
            label = describe.shown_text(grid[row - 1][col - 1])
            choices.append(describe.Choice(key, sheet, cell, label))
            continue
        found = describe.propose(path, sheet, cell)
        kind = found.type if found.type == "date" else None
        choices.append(describe.Choice(key, sheet, cell, describe.label_near(grid, cell), kind))
    return describe.description_text(
        "council-monitoring", 1, "Council monitoring", describe.sheet_names(path), choices
    )


def changed_entries(before: Path, after: Path) -> set[str]:
    """The zip entries whose bytes differ (or that one side lacks)."""
    with zipfile.ZipFile(before) as a, zipfile.ZipFile(after) as b:
        names = {i.filename for i in a.infolist()} | {i.filename for i in b.infolist()}
        old, new = set(a.namelist()), set(b.namelist())
        return {n for n in names if n not in old or n not in new or a.read(n) != b.read(n)}


def sheet_without(data: bytes, cells: set[str]) -> str:
    """A sheet's XML with the given cells, empty rows, row spans and the used range taken out:
    what must be the same before and after filling."""
    root = ET.fromstring(data)
    for tag in root.iter(f"{MAIN}dimension"):
        tag.attrib.pop("ref", None)
    sheet_data = root.find(f"{MAIN}sheetData")
    assert sheet_data is not None
    for row in list(sheet_data):
        row.attrib.pop("spans", None)
        for cell in list(row):
            if cell.get("r") in cells:
                row.remove(cell)
        if not len(row) and set(row.attrib) <= {"r"}:
            sheet_data.remove(row)
    return ET.tostring(root, encoding="unicode")


def without_calc(workbook: bytes) -> str:
    return re.sub(r"<(\w+:)?calcPr\b[^>]*/>", "", workbook.decode())


def content() -> ReturnContent:
    base = big_return()
    goals = list(base.goals[:4])
    goals[0] = dataclasses.replace(goals[0], title='=HYPERLINK("http://x","click")')
    goals[1] = dataclasses.replace(goals[1], title="+44 113 000 0000")
    cover = dataclasses.replace(base.cover, completed_by="-Sam Jones")
    dims = list(base.dimensions)
    dims[0] = dataclasses.replace(dims[0], evidence="@risk: see the board paper")
    return dataclasses.replace(base, cover=cover, goals=tuple(goals), dimensions=tuple(dims))


def filled_cells(path: Path, desc: TemplateDescription) -> dict[str, set[str]]:
    plan = plan_cells(content(), desc, path)
    return {sheet: set(cells) for sheet, cells in plan.writes.items()}


def check_only_mapped_cells_changed(source: Path, target: Path, desc: TemplateDescription) -> None:
    book = PartnerBook(source)
    parts = {name: s.part for name, s in book.sheets.items()}
    book.close()
    written = filled_cells(source, desc)
    edited = {parts[s] for s in written}
    changed = changed_entries(source, target)
    assert changed <= edited | {"xl/styles.xml", "xl/workbook.xml"}
    assert edited <= changed
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(target) as b:
        for name, part in parts.items():
            cells = written.get(name, set())
            assert sheet_without(a.read(part), cells) == sheet_without(b.read(part), cells), name
        assert without_calc(a.read("xl/workbook.xml")) == without_calc(b.read("xl/workbook.xml"))
        assert b'fullCalcOnLoad="1"' in b.read("xl/workbook.xml")  # it has a formula
        old_xfs = re.search(rb"<cellXfs[^>]*>(.*)</cellXfs>", a.read("xl/styles.xml"), re.S)
        new_xfs = re.search(rb"<cellXfs[^>]*>(.*)</cellXfs>", b.read("xl/styles.xml"), re.S)
        assert old_xfs and new_xfs and new_xfs[1].startswith(old_xfs[1])


def check_reads_back(target: Path, desc: TemplateDescription) -> None:
    read = read_return(target, description=desc, levels=LEVELS)
    assert [str(p) for p in read.problems] == []
    got, sent = read.content, content()
    assert got is not None
    assert got.cover.partnership == sent.cover.partnership == "Armley"
    assert got.cover.period == sent.cover.period
    assert got.cover.completed_on == sent.cover.completed_on
    assert got.cover.completed_by == "-Sam Jones"
    assert got.cover.email == sent.cover.email
    assert got.dimensions[0].level == sent.dimensions[0].level
    assert got.dimensions[0].evidence == sent.dimensions[0].evidence
    assert [(g.title, g.status) for g in got.goals] == [(g.title, g.status) for g in sent.goals]
