"""Template descriptions: the shipped one loads; a wrong one is refused naming file and key;
a partner's own workbook is read with a description alone."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from lcpdesk.io.return_reader import read_return
from lcpdesk.io.templates import DescriptionError, builtin_descriptions, parse_description
from lcpdesk.io.templates_vocab import defined_name

PARTNER = """
key = "partner-return"
version = 2
name = "A partner's own return"
[[sheet]]
name = "Front"
[[sheet]]
name = "Scores"
[[field]]
key = "cover.partnership"
sheet = "Front"
cell = "B2"
required = true
[[field]]
key = "cover.period"
sheet = "Front"
cell = "B3"
[[field]]
key = "cover.completed_on"
sheet = "Front"
cell = "B4"
[[field]]
key = "maturity.leadership.level"
sheet = "Scores"
cell = "C3"
required = true
[[table]]
name = "goals"
sheet = "Scores"
header_row = 6
[[table.column]]
key = "goals[].title"
header = "Goal"
[[table.column]]
key = "goals[].status"
header = "RAG status"
"""


def test_the_shipped_template_loads():
    (ours,) = builtin_descriptions()
    assert (ours.key, ours.version, ours.stamp) == ("lcp-quarterly-return", 1, "Stamp")
    assert ours.field("cover.partnership").cell == "C5"


def test_a_wrong_description_is_refused_with_every_problem_naming_file_and_key():
    text = PARTNER.replace('"goals[].status"', '"goals[].colour"').replace('"B3"', '"B2"')
    text = (
        text.replace('type = "x"', "")
        + '\n[[field]]\nkey = "cover.email"\nsheet = "Nowhere"\ncell = "Z0"\n'
    )
    with pytest.raises(DescriptionError) as refused:
        parse_description(text, "partner.toml")
    problems = refused.value.problems
    assert "partner.toml: field 'goals[].colour': lcpdesk does not know this key" in problems[2]
    assert any(
        "field 'cover.email': the sheet 'Nowhere' is not one of the sheets" in p for p in problems
    )
    assert any("field 'cover.email': 'Z0' is not a cell such as C7" in p for p in problems)
    assert any("cell Front!B2: two fields share this cell" in p for p in problems)
    assert any("the table needs a column 'goals[].status'" in p for p in problems)


def test_a_partners_workbook_is_read_by_writing_a_description_only(tmp_path):
    description = parse_description(PARTNER, "partner.toml")
    path = tmp_path / "partner.xlsx"
    book = openpyxl.Workbook()
    front = book.active
    front.title = "Front"
    front["B2"], front["B3"], front["B4"] = " Armley ", "2026/27 q3", "01/04/2026"
    scores = book.create_sheet("Scores")
    scores["C3"] = "well DEVELOPED"
    scores.append([])
    scores["A6"], scores["B6"], scores["C6"] = "Goal", "RAG status", "Owner"
    scores.append(["Frailty", "On track", "LCH"])
    book.save(path)
    read = read_return(path, description=description, levels=("Basics", "Well developed"))
    assert [str(p) for p in read.problems] == []
    content = read.content
    assert (content.cover.partnership, content.cover.period) == ("Armley", "2026/27 Q3")
    assert content.cover.completed_on == dt.date(2026, 4, 1)
    assert content.dimensions[0].key == "leadership"
    assert content.dimensions[0].level == "Well developed"
    assert [(g.title, g.status) for g in content.goals] == [("Frailty", "on track")]


def test_defined_names_are_legal_excel_names():
    assert defined_name("goals[].status") == "goals.status"
    assert (
        defined_name("maturity.culture-single-team.level") == "maturity.culture_single_team.level"
    )
    assert defined_name("ab1.x") == "_ab1.x"
