"""Footprint and membership definitions as team leads keep them, and column names as people
write them."""

from __future__ import annotations

import datetime as dt
import string
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lcpdesk.errors import InputError
from lcpdesk.io.columns import Field, match_header, normalise
from lcpdesk.io.kinds.footprint_definitions import read_footprint_definitions
from lcpdesk.io.kinds.membership_definitions import read_membership_definitions
from lcpdesk.io.kinds.pcn_core_partners import read_pcn_core_partners
from lcpdesk.io.registry import detect_kind, read_any

DATA = Path(__file__).resolve().parent.parent / "data" / "nhsd"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(call: object, *args: object) -> InputError:
    assert callable(call)
    with pytest.raises(InputError) as caught:
        call(*args)
    return caught.value


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    """A workbook as a programme office sends it: titles above the headers, two sheets."""
    book = openpyxl.Workbook()
    footprints = book.active
    assert footprints is not None
    footprints.title = "Footprints"
    footprints["A1"] = "Leeds Local Care Partnerships: footprints (October 2018)"
    footprints["A2"] = "One row per LSOA"
    footprints.append([])
    footprints.append(["LSOA 2011\ncode", "LCP name", "Notes"])  # row 4
    footprints.append(["E01011264", "Armley", ""])
    footprints.append(["E01011265", "Armley", "boundary agreed 2018"])
    footprints.append([None, None, None])  # a blank row, skipped
    footprints.append(["E01011301", "Bramley", ""])  # row 8
    members = book.create_sheet("Membership")
    members["B2"] = "Member practices"
    members["B3"] = "Practice Code"
    members["C3"] = "Local Care Partnership"
    members["D3"] = "Sub-locality"
    for row, values in enumerate(
        [
            ("B86001", "Armley", "Armley North"),
            ("B86002", "Bramley", "Bramley"),
            ("B86002", "Armley", "Armley North"),
            ("b86003", "Hyde Park and Woodhouse", None),
        ],
        start=4,
    ):
        for column, value in zip("BCD", values, strict=True):
            members[f"{column}{row}"] = value
    partners = book.create_sheet("PCN Core Partner Details")
    partners.append(
        [
            "PCN Code",
            "PCN Name",
            "Partner Organisation Code",
            "Partner Organisation Name",
            "Practice to PCN Relationship Start Date",
            "Practice to PCN Relationship End Date",
        ]
    )
    start, end = dt.datetime(2019, 7, 1), dt.datetime(2022, 3, 31)  # real Excel dates
    partners.append(["U12345", "ARMLEY PCN", "B86001", "ARMLEY", start, None])
    partners.append(["U12345", "ARMLEY PCN", "B86002", "BRAMLEY", start, end])
    path = tmp_path / "definitions.xlsx"
    book.save(path)
    return path


# --- column names -----------------------------------------------------------------------------


@given(st.text())
def test_normalising_twice_changes_nothing(name: str) -> None:
    once = normalise(name)
    assert normalise(once) == once
    assert once == once.strip("_")
    assert not any(character.isspace() for character in once)


WORDS = st.lists(
    st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=8),
    min_size=1,
    max_size=5,
)
SEPARATORS = st.sampled_from([" ", "_", "\n", "\r\n", "-", "  ", " / ", ".", " (", "\t"])


@given(WORDS, SEPARATORS, st.sampled_from([str.upper, str.lower, str.title, str]))
def test_case_spaces_line_breaks_and_punctuation_do_not_matter(
    words: list[str], separator: str, case: object
) -> None:
    assert callable(case)
    written = " " + case(separator.join(words)) + "\n"
    assert normalise(written) == "_".join(word.lower() for word in words)


@pytest.mark.parametrize(
    "header",
    ["Practice code", "PRACTICE_CODE", "practice\ncode", " Practice  Code ", "practice-code"],
)
def test_headers_as_people_write_them_are_the_same_column(header: str) -> None:
    fields = [Field("practice_code", ("Practice code",)), Field("lcp", ("LCP",))]
    matched = match_header(["Notes", header, "lcp"], fields)
    assert matched.positions == {"practice_code": 1, "lcp": 2}


# --- footprints ---------------------------------------------------------------------------------


def test_footprints_from_csv_skip_blank_lines_and_repeats() -> None:
    result = read_footprint_definitions(DATA / "footprints.csv")
    frame = result.frame
    assert list(frame.columns) == ["lsoa_code", "partnership", "line"]
    assert dict(zip(frame["lsoa_code"], frame["partnership"], strict=True)) == {
        "E01011264": "Armley",
        "E01011265": "Armley",
        "E01011301": "Bramley",
        "E01011352": "Hyde Park and Woodhouse",
    }
    assert list(frame["line"]) == [2, 3, 5, 6]  # line 4 is blank in the file
    assert result.rows_set_aside == 1  # E01011265 under Armley again on line 7
    assert result.partnerships == ("Armley", "Bramley", "Hyde Park and Woodhouse")


def test_footprints_from_a_sheet_with_titles_above_the_header(workbook: Path) -> None:
    result = read_footprint_definitions(workbook)
    assert result.sheet == "Footprints"
    assert list(result.frame["lsoa_code"]) == ["E01011264", "E01011265", "E01011301"]
    assert list(result.frame["line"]) == [5, 6, 8]  # rows as Excel numbers them


def test_an_lsoa_under_two_partnerships_names_both_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "footprints.csv",
        "LSOA11CD,Locality\nE01011264,Armley\nE01011301,Bramley\nE01011264,Bramley\n",
    )
    error = refused(read_footprint_definitions, path)
    assert "LSOA E01011264 is listed under two partnerships" in str(error)
    assert "'Armley' on line 2 and 'Bramley' on line 4" in str(error)
    assert error.where.line == 4


def test_an_lsoa_name_instead_of_a_code_is_refused_with_its_cell(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    book["Footprints"]["A6"] = "Leeds 027B"
    book.save(workbook)
    error = refused(read_footprint_definitions, workbook)
    assert "sheet 'Footprints', cell A6, line 6, column 'LSOA 2011\ncode'" in str(error)
    assert "'Leeds 027B' is not an LSOA code" in str(error)


@pytest.mark.parametrize("lsoa", ["LSOA code", "LSOA", "LSOA11CD", "LSOA21CD", "LSOA 2011 code"])
@pytest.mark.parametrize(
    "partnership",
    [
        "LCP",
        "LCP name",
        "Partnership",
        "Local Care Partnership",
        "Locality",
        "Integrated Locality Team",
        "ILT",
        "Neighbourhood",
    ],
)
def test_footprint_headers_people_use(tmp_path: Path, lsoa: str, partnership: str) -> None:
    path = write(tmp_path, "f.csv", f"{lsoa},{partnership}\nE01011264,Armley\n")
    assert detect_kind(path) == "footprint_definitions"
    assert list(read_footprint_definitions(path).frame["partnership"]) == ["Armley"]


# --- membership -------------------------------------------------------------------------------


def test_membership_marks_a_practice_in_two_partnerships_as_split() -> None:
    result = read_membership_definitions(DATA / "membership.csv")
    frame = result.frame
    assert list(frame.columns) == [
        "practice_code",
        "practice_name",
        "partnership",
        "sub_unit",
        "is_split",
        "line",
    ]
    assert result.split_practices == ("B86002",)
    assert list(frame.loc[frame["is_split"], "partnership"]) == ["Bramley", "Armley"]
    wholly = frame[~frame["is_split"]]
    assert list(wholly["practice_code"]) == ["B86001", "B86003"]  # b86003 is upper-cased
    assert result.rows_set_aside == 1  # B86001 under Armley twice
    assert frame.loc[frame["practice_code"] == "B86001", "sub_unit"].item() == (
        "Armley & Farnley PCN"
    )


def test_membership_sheet_is_found_when_not_first(workbook: Path) -> None:
    result = read_membership_definitions(workbook)
    assert result.sheet == "Membership"
    assert list(result.frame["practice_code"]) == ["B86001", "B86002", "B86002", "B86003"]
    assert list(result.frame["line"]) == [4, 5, 6, 7]
    assert result.split_practices == ("B86002",)
    assert result.frame["sub_unit"].isna().tolist() == [False, False, False, True]


def test_a_bad_practice_code_in_a_sheet_names_the_cell(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    book["Membership"]["B6"] = "Armley Surgery"
    book.save(workbook)
    error = refused(read_membership_definitions, workbook, "Membership")
    assert str(error).startswith(
        "definitions.xlsx, sheet 'Membership', cell B6, line 6, column 'Practice Code': "
        "'Armley Surgery' is not a GP practice code"
    )


@pytest.mark.parametrize("code", ["Armley", "B8600", "B860011", "86001B", "LS12 3AB", ""])
def test_what_is_not_a_practice_code_is_refused(tmp_path: Path, code: str) -> None:
    path = write(tmp_path, "m.csv", f"Practice code,LCP\nB86001,Armley\n{code},Armley\n")
    error = refused(read_membership_definitions, path)
    assert "m.csv, line 3, column 'Practice code'" in str(error)
    shown = f"'{code}'" if code else "a blank cell"
    assert f"{shown} is not a GP practice code (a letter followed by 5 digits" in str(error)


def test_a_partnership_left_blank_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "m.csv", "Practice,ILT\nC82001,Melton\nC82002,\n")
    error = refused(read_membership_definitions, path)
    assert "line 3, column 'ILT': the 'ILT' cell is blank" in str(error)


def test_titles_above_the_header_in_a_csv(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "m.csv",
        "LLR integrated locality teams\n\nGP practice code,Integrated Locality Team,Sub unit\n"
        "C82001,Melton Rutland and Harborough,Melton\n",
    )
    result = read_membership_definitions(path)
    assert list(result.frame["partnership"]) == ["Melton Rutland and Harborough"]
    assert list(result.frame["sub_unit"]) == ["Melton"]
    assert list(result.frame["line"]) == [4]


def test_a_sheet_that_does_not_exist_lists_the_sheets(workbook: Path) -> None:
    error = refused(read_membership_definitions, workbook, "Members")
    assert "no sheet called 'Members'" in str(error)
    assert "Footprints, Membership, PCN Core Partner Details" in error.hint


def test_a_sheet_of_the_other_kind_says_so(workbook: Path) -> None:
    error = refused(read_membership_definitions, workbook, "Footprints")
    assert "sheet 'Footprints': this looks like footprint definitions" in str(error)
    assert "not membership definitions (practice code and partnership)" in str(error)


def test_footprints_and_practices_in_one_header_are_ambiguous(tmp_path: Path) -> None:
    path = write(tmp_path, "both.csv", "Practice code,LSOA code,LCP\nB86001,E01011264,Armley\n")
    error = refused(detect_kind, path)
    assert "could be footprint definitions or membership definitions" in str(error)


# --- PCN core partners from a workbook ---------------------------------------------------------


def test_pcn_core_partners_from_the_epcn_sheet_with_excel_dates(workbook: Path) -> None:
    result = read_pcn_core_partners(workbook)
    assert result.sheet == "PCN Core Partner Details"
    frame = result.frame
    assert list(frame["start_date"]) == [dt.date(2019, 7, 1), dt.date(2019, 7, 1)]
    assert list(frame["end_date"]) == [None, dt.date(2022, 3, 31)]


def test_a_workbook_is_read_by_content(workbook: Path) -> None:
    assert detect_kind(workbook) == "footprint_definitions"
    assert detect_kind(workbook, sheet="Membership") == "membership_definitions"
    assert read_any(workbook, sheet="PCN Core Partner Details").kind == "pcn_core_partners"
