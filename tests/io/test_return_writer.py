"""A written return follows the NHS return conventions a partner would notice."""

from __future__ import annotations

import openpyxl
import pytest
from helpers.returns import LEVELS, big_return

from lcpdesk.io.return_layout import GREY, YELLOW, default_description
from lcpdesk.io.return_writer import ReturnLists, write_return
from lcpdesk.io.templates_vocab import defined_name


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = tmp_path_factory.mktemp("written") / "return.xlsx"
    partners = tuple(f"A partner organisation with a long name {i}" for i in range(12))
    write_return(big_return(), path, lists=ReturnLists(levels=LEVELS, partners=partners))
    return openpyxl.load_workbook(path)


def _validation(sheet, cell):
    return next(dv for dv in sheet.data_validations.dataValidation if cell in dv.sqref)


def test_every_field_and_column_has_its_defined_name(book):
    names = set(book.defined_names.keys())
    desc = default_description()
    wanted = {defined_name(f.key) for f in desc.fields}
    wanted |= {defined_name(c.key) for t in desc.tables for c in t.columns if "*" not in c.key}
    assert wanted <= names
    assert "raters.level.culture_single_team" in names
    assert book.defined_names["goals.status"].attr_text == "'Goals'!$D$5:$D$17"
    assert book.defined_names["cover.partnership"].attr_text == "'Cover'!$C$5"


def test_inputs_are_yellow_and_unlocked_prefilled_cells_grey_and_locked(book):
    sheet = book["Membership"]
    assert sheet.protection.sheet and not sheet.protection.password
    code, status, new_code = sheet["B5"], sheet["F5"], sheet["B35"]
    assert (code.fill.fgColor.rgb[-6:], code.protection.locked) == (GREY, True)
    assert (status.fill.fgColor.rgb[-6:], status.protection.locked) == (YELLOW, False)
    assert (new_code.fill.fgColor.rgb[-6:], new_code.protection.locked) == (YELLOW, False)


def test_closed_sets_are_drop_downs_and_limits_are_validated_with_a_message(book):
    status = _validation(book["Membership"], "F5")
    assert (status.type, status.formula1) == ("list", '"confirmed,joining,leaving,split"')
    level = _validation(book["Maturity"], "D5")
    assert level.formula1 == '"Basics in place,Developing,Well developed,Excellent"'
    amount = _validation(book["Resources"], "F5")
    assert (amount.type, amount.formula1, amount.formula2) == ("decimal", "0", "100000000")
    assert amount.showErrorMessage and amount.error
    when = _validation(book["Cover"], "C11")
    assert when.type == "date" and "01/01/2000" in when.error


def test_a_long_list_goes_on_the_hidden_lists_sheet(book):
    partner = _validation(book["Resources"], "C45")
    assert partner.formula1 == "'Lists'!$K$2:$K$21"
    assert partner.errorStyle == "warning"  # a new partner may be typed
    assert book["Lists"].sheet_state == "hidden"
    assert book["Stamp"].sheet_state == "veryHidden"
    assert (book["Stamp"]["B1"].value, book["Stamp"]["B2"].value) == ("lcp-quarterly-return", 1)


def test_headers_frozen_printing_landscape_fitted_with_partnership_and_period(book):
    sheet = book["Goals"]
    assert sheet.freeze_panes == "A5"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.oddHeader.center.text == "Armley — 2026/27 Q3"
    assert sheet.column_dimensions["C"].width >= 10


def test_the_checklist_links_each_section_and_sums_up_the_return(book):
    sheet = book["Checklist"]
    assert [sheet.cell(r, 2).value for r in range(5, 10)] == [
        "LCP quarterly return",
        "Member practices",
        "Maturity self-assessment",
        "Goals, readings and milestones",
        "Partners' resources",
    ]
    assert sheet["B5"].hyperlink.location == "'Cover'!A1"
    assert '"Complete return","Incomplete return"' in sheet["C11"].value
    rules = [r for cf in sheet.conditional_formatting for r in cf.rules]
    assert {tuple(r.formula) for r in rules} >= {('"No"',), ('"Yes"',), ('"Complete return"',)}
