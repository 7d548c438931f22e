"""Reading frameworks from TOML and from a sheet of dimensions × levels; clear refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from lcpdesk.errors import InputError
from lcpdesk.io.framework_sheet import column_letter
from lcpdesk.io.frameworks import builtin_files, parse_toml, read_builtin, read_framework

DATA = Path(__file__).resolve().parent.parent / "data" / "frameworks"
LLR = DATA / "llr-ilt-maturity.toml"

LEEDS_SCORED = [
    "Leadership",
    "Person centred single team",
    "Community driven",
    "Strength based",
    "Evidence based decision making",
    "Quality improvement",
    "Structure",
    "LCP Goals",
    "Resource Utilisation",
]


def test_the_shipped_leeds_framework() -> None:
    (path,) = [p for p in builtin_files() if p.stem == "leeds-lcp-maturity"]
    leeds = read_builtin(path)
    assert leeds.source == "built-in"
    assert [lv.name for lv in leeds.levels] == [
        "Basics in place",
        "Developing",
        "Well developed",
        "Excellent",
    ]
    assert [lv.name for lv in leeds.levels if lv.is_standard] == ["Well developed"]
    assert all(lv.meaning for lv in leeds.levels)
    parents = {d.parent for d in leeds.dimensions if d.parent}
    assert parents == {"culture"}
    scored = [d.name for d in leeds.dimensions if d.key not in parents]
    assert scored == LEEDS_SCORED
    culture = [d.name for d in leeds.dimensions if d.parent == "culture"]
    assert len(culture) == 5
    assert all(d.descriptor for d in leeds.dimensions if d.key not in parents)


@pytest.mark.parametrize("suffix", [".toml", ".xlsx", ".ods"])
def test_the_same_framework_from_toml_and_spreadsheets_is_the_same(suffix: str) -> None:
    defn = read_framework(LLR.with_suffix(suffix))
    assert defn.key == "llr-ilt-maturity"
    assert [lv.name for lv in defn.levels] == ["Emerging", "Established", "Thriving"]
    assert [lv.is_standard for lv in defn.levels] == [False, True, False]
    assert defn.levels[0].meaning == "Plans agreed; little yet in practice."
    subs = [d for d in defn.dimensions if d.parent == "integrated-teams"]
    assert [d.short_name for d in subs] == ["Coordination", "Records"]
    lead = defn.dimensions[0]
    assert dict(lead.cells)["Established"] == "The board meets monthly and owns the locality plan."
    assert defn.source == LLR.with_suffix(suffix).name
    assert defn.content_hash() == read_framework(LLR).content_hash()


def toml_problem(text: str) -> InputError:
    with pytest.raises(InputError) as caught:
        parse_toml(text, "/somewhere/frame.toml")
    return caught.value


BASE = 'name = "F"\n[[level]]\nname = "A"\nstandard = true\n[[level]]\nname = "B"\n'


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('name = "F"\n[[level]]\nname = \n', 3, "not valid TOML"),
        ('name = "F"\n[[level]]\nname = "A"\nname = "B"\n', 4, "cannot overwrite"),
        (BASE + '[[level]]\nmeaning = "m"\n[[dimension]]\nname = "D"\n', 7, "Level 3 has no name"),
        (
            'name = "F"\n[[level]]\nname = "A"\n[[level]]\nname = "B"\n[[dimension]]\nname = "D"\n',
            2,
            "No level is marked as the standard",
        ),
        (
            BASE + '[[dimension]]\nname = "D"\n[[dimension]]\nname = "E"\nkey = "d"\n',
            11,
            "key 'd' is used twice",
        ),
        (
            BASE + '[[dimension]]\nname = "D"\n[[dimension]]\nname = "E"\n\nparent = "culture"\n',
            12,
            "parent dimension 'culture' does not exist",
        ),
        (BASE + '[[dimension]]\nname = "D"\nstandard = true\n', 9, "'standard' is not a field"),
        (BASE + "[[dimension]]\nname = 3\n", 8, "must be text"),
        ('name = "F"\n[[levels]]\nname = "A"\n', 2, "Did you mean 'level'"),
    ],
)
def test_a_malformed_toml_file_names_the_line_and_the_problem(
    text: str, line: int, words: str
) -> None:
    problem = toml_problem(text)
    assert problem.where.line == line
    assert problem.where.file == "/somewhere/frame.toml"
    shown = str(problem)
    assert f"frame.toml, line {line}:" in shown
    assert words in shown


def sheet_file(tmp_path: Path, rows: list[list[object]], name: str = "Framework") -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = name
    for row in rows:
        sheet.append(row)
    path = tmp_path / "frame.xlsx"
    book.save(path)
    return path


HEADER = ["Dimension", "Parent", "Descriptor", "Basic", "Good (standard)", "Great"]


def test_a_sheet_with_the_standard_marked_in_its_header(tmp_path: Path) -> None:
    path = sheet_file(
        tmp_path,
        [["Name", "Sheet framework"], [], HEADER, ["Leading", "", "Strong leaders", "", "", ""]],
        name="Sheet1",
    )
    defn = read_framework(path)
    assert defn.name == "Sheet framework"
    assert defn.key == "sheet-framework"
    assert [(lv.name, lv.is_standard) for lv in defn.levels] == [
        ("Basic", False),
        ("Good", True),
        ("Great", False),
    ]
    assert defn.dimensions[0].key == "leading"


@pytest.mark.parametrize(
    ("rows", "where", "words"),
    [
        (
            [["Name", "F"], ["Something", "else"]],
            "",
            "no header row with a 'Dimension' column",
        ),
        (
            [["Standard", "Goood"], HEADER, ["Leading"]],
            "cell B1",
            "the standard level 'Goood' is not one of the levels",
        ),
        (
            [HEADER, ["Leading"], ["Sub", "Leadin"]],
            "cell B3",
            "its parent dimension 'Leadin' does not exist",
        ),
        (
            [[*HEADER[:3], "Basic", "Good", "Great"], ["Leading"]],
            "line 1",
            "No level is marked as the standard",
        ),
        ([HEADER, ["Leading"], ["Leading"]], "cell A3", "used twice"),
        ([[*HEADER[:3], "", "Good (standard)"], ["Leading"]], "line 1", "at least 2"),
    ],
)
def test_a_malformed_sheet_names_the_sheet_and_cell(
    tmp_path: Path, rows: list[list[object]], where: str, words: str
) -> None:
    path = sheet_file(tmp_path, rows)
    with pytest.raises(InputError) as caught:
        read_framework(path)
    problem = caught.value
    assert problem.where.sheet == "Framework"
    place = f", {where}" if where else ""
    assert str(problem).startswith(f"frame.xlsx, sheet 'Framework'{place}: ")
    assert words in str(problem)


def test_other_files_are_refused_plainly(tmp_path: Path) -> None:
    csv_file = tmp_path / "frame.csv"
    csv_file.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"cannot read a framework from a '\.csv' file"):
        read_framework(csv_file)
    with pytest.raises(InputError, match="does not exist"):
        read_framework(tmp_path / "missing.toml")
    latin = tmp_path / "latin.toml"
    latin.write_bytes('name = "Caf\xe9"\n'.encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_framework(latin)


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]
