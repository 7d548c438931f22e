"""Reading NHS Digital and ODS files: the figures that come out, and the messages for bad files."""

from __future__ import annotations

import datetime as dt
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest

from lcpdesk.errors import Cancelled, InputError
from lcpdesk.io import registry
from lcpdesk.io.kinds.epraccur import read_epraccur
from lcpdesk.io.kinds.pcn_core_partners import read_pcn_core_partners
from lcpdesk.io.kinds.practice_list_sizes import read_practice_list_sizes
from lcpdesk.io.kinds.practice_lsoa import read_practice_lsoa
from lcpdesk.io.kinds.practice_map import read_practice_map
from lcpdesk.io.registry import detect_kind, read_any

DATA = Path(__file__).resolve().parent.parent / "data" / "nhsd"
LSOA_HEADER = (
    "PUBLICATION,EXTRACT_DATE,PRACTICE_CODE,PRACTICE_NAME,LSOA_CODE,SEX,NUMBER_OF_PATIENTS"
)


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def lsoa_file(folder: Path, *rows: str, name: str = "gp-reg-pat-prac-lsoa-all.csv") -> Path:
    return write(folder, name, "\n".join([LSOA_HEADER, *rows]) + "\n")


def refused(call: object, *args: object) -> str:
    assert callable(call)
    with pytest.raises(InputError) as caught:
        call(*args)
    return str(caught.value)


# --- list sizes ----------------------------------------------------------------------------


def test_list_sizes_keep_one_figure_per_practice_from_a_sub_icb_era_file() -> None:
    result = read_practice_list_sizes(DATA / "gp-reg-pat-prac-all.csv")
    frame = result.frame
    assert list(frame.columns) == ["practice_code", "extract_date", "patients", "postcode"]
    assert dict(zip(frame["practice_code"], frame["patients"], strict=True)) == {
        "B86001": 12345,
        "B86002": 8020,
        "B86003": 23456,
        "Y02345": 4389,
    }
    assert frame["patients"].dtype == np.int64
    assert set(frame["extract_date"]) == {dt.date(2024, 6, 1)}
    assert result.extract_dates == (dt.date(2024, 6, 1),)
    assert frame.loc[frame["practice_code"] == "B86001", "postcode"].item() == "LS12 3AB"
    # national, region, ICB, sub-ICB, PCN rows and B86001's MALE/FEMALE rows
    assert result.rows_read == 11
    assert result.rows_set_aside == 7
    assert result.source_name == "gp-reg-pat-prac-all.csv"


def test_list_sizes_from_a_ccg_era_file() -> None:
    result = read_practice_list_sizes(DATA / "gp-reg-pat-prac-all-2021.csv")
    assert result.frame["patients"].sum() == 11876 + 7954 + 22108
    assert result.extract_dates == (dt.date(2021, 4, 1),)
    assert result.rows_set_aside == 1  # the CCG row


def test_list_sizes_from_a_zip_with_2020_dates() -> None:
    result = read_practice_list_sizes(DATA / "gp-reg-pat-prac-all-apr-20.zip")
    assert list(result.frame["practice_code"]) == ["B86001", "B86002"]
    assert list(result.frame["patients"]) == [11502, 7811]
    assert result.extract_dates == (dt.date(2020, 4, 1),)
    assert result.source_name == "gp-reg-pat-prac-all.csv in gp-reg-pat-prac-all-apr-20.zip"


# --- practice map --------------------------------------------------------------------------


def test_practice_map_reads_names_and_pcns_with_null_meaning_none() -> None:
    result = read_practice_map(DATA / "gp-reg-pat-prac-map.csv")
    frame = result.frame.set_index("practice_code")
    assert list(result.frame.columns) == [
        "practice_code",
        "name",
        "postcode",
        "pcn_code",
        "pcn_name",
        "extract_date",
    ]
    assert frame.loc["B86002", "name"] == "BRAMLEY, STANNINGLEY & RODLEY HEALTH CENTRE"
    assert frame.loc["B86001", "pcn_code"] == "U12345"
    assert frame.loc["B86001", "pcn_name"] == "ARMLEY & FARNLEY PCN"
    assert frame[["pcn_code", "pcn_name"]].loc[["B86003", "Y02345"]].isna().all().all()
    assert result.extract_dates == (dt.date(2024, 6, 1),)


def test_practice_map_without_pcn_columns_or_extract_date(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "map.csv",
        "PRACTICE_CODE,PRACTICE_NAME,PRACTICE_POSTCODE\nb86001,Armley Road Surgery,ls12 3ab\n",
    )
    result = read_practice_map(path)
    row = result.frame.iloc[0]
    assert (row["practice_code"], row["postcode"]) == ("B86001", "LS12 3AB")
    assert np.isnan(row["pcn_code"])
    assert row["extract_date"] is None
    assert result.extract_dates == ()


# --- practice by LSOA ----------------------------------------------------------------------


def test_practice_lsoa_keeps_unknown_residence_flagged_and_counted() -> None:
    result = read_practice_lsoa(DATA / "gp-reg-pat-prac-lsoa-all.csv")
    frame = result.frame
    assert list(frame.columns) == [  # not the practice name: the other files give names
        "practice_code",
        "lsoa_code",
        "extract_date",
        "patients",
        "known_residence",
    ]
    assert frame["patients"].sum() == 1520 + 1304 + 87 + 12 + 240 + 1956 + 3 + 2811 + 5
    unknown = frame[~frame["known_residence"]]
    assert list(unknown["lsoa_code"]) == ["NO2011", ""]  # W01001234 is a Welsh LSOA: known
    assert result.unknown_residence_rows == 2
    assert result.unknown_residence_patients == 12 + 5
    by_practice = frame.groupby("practice_code", observed=True)["patients"].sum()
    assert by_practice["B86002"] == 240 + 1956 + 3
    assert result.extract_dates == (dt.date(2021, 4, 1),)
    assert not result.sexes_summed


def test_practice_lsoa_ignores_male_and_female_beside_all_rows() -> None:
    result = read_practice_lsoa(DATA / "gp-reg-pat-prac-lsoa-all-jan-19.csv")
    assert list(result.frame["patients"]) == [1498, 9]  # the ALL rows, not ALL + MALE + FEMALE
    assert result.rows_set_aside == 4
    assert result.extract_dates == (dt.date(2019, 1, 1),)  # 01-Jan-19


def test_practice_lsoa_adds_male_and_female_when_there_are_no_all_rows() -> None:
    result = read_practice_lsoa(DATA / "gp-reg-pat-prac-lsoa-male-female.csv")
    frame = result.frame
    assert result.sexes_summed
    assert list(
        zip(frame["practice_code"], frame["lsoa_code"], frame["patients"], strict=True)
    ) == [
        ("B86001", "E01011264", 760 + 781),
        ("B86001", "E01011265", 650 + 662),
        ("B86002", "E01011264", 130),
    ]


def test_practice_lsoa_refuses_the_same_practice_and_lsoa_twice(tmp_path: Path) -> None:
    path = lsoa_file(
        tmp_path,
        "X,01APR2021,B86001,A,E01011264,ALL,5",
        "X,01APR2021,B86002,B,E01011264,ALL,6",
        "X,01APR2021,B86001,A,E01011264,ALL,7",
    )
    message = refused(read_practice_lsoa, path)
    assert "practice B86001, LSOA E01011264, extract date 2021-04-01 appears twice" in message
    assert "on line 2 and on line 4" in message


def test_progress_rises_to_one_and_cancel_stops_the_read(tmp_path: Path) -> None:
    path = DATA / "gp-reg-pat-prac-lsoa-all.csv"
    seen: list[float] = []
    read_practice_lsoa(path, progress=seen.append)
    assert seen == sorted(seen)
    assert seen[-1] == 1.0
    with pytest.raises(Cancelled):
        read_practice_lsoa(path, cancelled=lambda: True)


@pytest.mark.slow
def test_a_national_sized_file_reads_in_seconds(tmp_path: Path) -> None:
    rows = 1_000_000
    practices = [f"{'ABCDEFGHJKLMNPY'[i % 15]}{81000 + i:05d}" for i in range(6500)]
    body = "".join(
        f"GP_PRAC_PAT_LIST,01APR2021,{practices[i // 154]},SURGERY {i // 154},"
        f"E01{i % 33000:06d},ALL,{i % 400}\n"
        for i in range(rows)
    )
    path = write(tmp_path, "gp-reg-pat-prac-lsoa-all.csv", LSOA_HEADER + "\n" + body)
    seen: list[float] = []
    started = time.perf_counter()
    result = read_practice_lsoa(path, progress=seen.append)
    took = time.perf_counter() - started
    assert result.row_count == rows
    assert result.frame["patients"].sum() == sum(i % 400 for i in range(rows))
    assert len(seen) > 5  # the bar moves while the file is read, chunk by chunk
    assert took < 10, f"reading {rows} rows took {took:.1f} s"


# --- epraccur and PCN core partners ---------------------------------------------------------


def test_epraccur_flags_gp_practices_and_active_ones() -> None:
    result = read_epraccur(DATA / "epraccur.csv")
    frame = result.frame.set_index("practice_code")
    assert list(result.frame.columns) == [
        "practice_code",
        "name",
        "postcode",
        "open_date",
        "close_date",
        "status",
        "prescribing_setting",
        "is_gp_practice",
        "is_active",
    ]
    assert list(frame.index[frame["is_gp_practice"]]) == ["B86001", "B86002", "B86099"]
    assert list(frame.index[frame["is_active"]]) == ["B86001", "B86002", "Y02345"]
    assert frame.loc["B86099", "close_date"] == dt.date(2019, 3, 31)
    assert frame.loc["B86099", "status"] == "C"
    assert frame.loc["B86001", "open_date"] == dt.date(1974, 4, 1)
    assert frame.loc["B86001", "close_date"] is None
    assert frame.loc["B86001", "postcode"] == "LS12 3AB"
    assert frame.loc["Y02345", "prescribing_setting"] == 8


def test_epraccur_bad_status_names_the_excel_column(tmp_path: Path) -> None:
    text = (DATA / "epraccur.csv").read_text().replace('"20190331","C"', '"20190331","X"')
    message = refused(read_epraccur, write(tmp_path, "epraccur.csv", text))
    assert "epraccur.csv, line 3, column 'M': 'X' is not a status code" in message


def test_pcn_core_partners_blank_end_means_current() -> None:
    result = read_pcn_core_partners(DATA / "pcn-core-partners.csv")
    frame = result.frame
    assert list(frame.columns) == [
        "practice_code",
        "pcn_code",
        "pcn_name",
        "start_date",
        "end_date",
    ]
    current = frame[frame["end_date"].isna()]
    assert dict(zip(current["practice_code"], current["pcn_code"], strict=True)) == {
        "B86001": "U12345",
        "B86002": "U67890",
        "B86003": "U24680",
    }
    moved = frame[frame["end_date"].notna()].iloc[0]
    assert (moved["start_date"], moved["end_date"]) == (dt.date(2019, 7, 1), dt.date(2022, 3, 31))


def test_pcn_relationship_ending_before_it_starts_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "pcn.csv",
        "Practice Code,PCN Code,PCN Name,Start date,End date\n"
        "B86001,U12345,ARMLEY PCN,01/07/2019,30/06/2019\n",
    )
    message = refused(read_pcn_core_partners, path)
    assert "line 2, column 'End date'" in message
    assert "ends (2019-06-30) before it starts (2019-07-01)" in message


# --- what a file is --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("gp-reg-pat-prac-all.csv", "practice_list_sizes"),
        ("gp-reg-pat-prac-all-2021.csv", "practice_list_sizes"),
        ("gp-reg-pat-prac-all-apr-20.zip", "practice_list_sizes"),
        ("gp-reg-pat-prac-map.csv", "practice_map"),
        ("gp-reg-pat-prac-lsoa-all.csv", "practice_lsoa"),
        ("gp-reg-pat-prac-lsoa-all-jan-19.csv", "practice_lsoa"),
        ("epraccur.csv", "epraccur"),
        ("pcn-core-partners.csv", "pcn_core_partners"),
        ("footprints.csv", "footprint_definitions"),
        ("membership.csv", "membership_definitions"),
    ],
)
def test_kind_comes_from_content_not_name(name: str, kind: str, tmp_path: Path) -> None:
    renamed = tmp_path / ("download" + Path(name).suffix)
    renamed.write_bytes((DATA / name).read_bytes())
    assert detect_kind(renamed) == kind
    result = read_any(renamed)
    assert result.kind == kind
    assert result.row_count > 0


def test_an_unknown_file_says_what_is_accepted_and_what_was_found(tmp_path: Path) -> None:
    path = write(tmp_path, "notes.csv", "Date,Meeting,Actions\n01/04/2021,Board,None\n")
    message = refused(detect_kind, path)
    assert "not a file lcpdesk can import" in message
    assert "'Date', 'Meeting', 'Actions'" in message
    assert "gp-reg-pat-prac-lsoa-all.csv" in message
    assert "membership definitions" in message


def test_a_file_of_the_wrong_kind_says_what_it_looks_like() -> None:
    message = refused(read_practice_list_sizes, DATA / "gp-reg-pat-prac-lsoa-all.csv")
    assert "looks like a patients-by-practice-and-LSOA file" in message
    assert "not a practice list-size file" in message
    message = refused(read_practice_lsoa, DATA / "epraccur.csv")
    assert "looks like an ODS list of GP practices (epraccur.csv)" in message
    message = refused(read_epraccur, DATA / "gp-reg-pat-prac-map.csv")
    assert "looks like a practice-to-PCN map" in message


# --- bad files ----------------------------------------------------------------------------


def test_a_bad_practice_code_names_file_line_column_and_value(tmp_path: Path) -> None:
    path = lsoa_file(
        tmp_path, "X,01APR2021,B86001,A,E01011264,ALL,5", "X,01APR2021,B8600,A,E01011265,ALL,5"
    )
    with pytest.raises(InputError) as caught:
        read_practice_lsoa(path)
    error = caught.value
    assert (error.where.line, error.where.column) == (3, "PRACTICE_CODE")
    assert str(error).startswith(
        "gp-reg-pat-prac-lsoa-all.csv, line 3, column 'PRACTICE_CODE': "
        "'B8600' is not a GP practice code"
    )
    assert "Correct the practice code on that line" in error.hint


@pytest.mark.parametrize(("count", "shown"), [("-3", "'-3'"), ("lots", "'lots'"), ("", "a blank")])
def test_a_count_that_is_not_a_whole_number_names_its_line(
    tmp_path: Path, count: str, shown: str
) -> None:
    path = lsoa_file(
        tmp_path,
        "X,01APR2021,B86001,A,E01011264,ALL,5",
        "",
        f"X,01APR2021,B86002,A,E01011265,ALL,{count}",
    )
    message = refused(read_practice_lsoa, path)
    assert f"line 4, column 'NUMBER_OF_PATIENTS': {shown}" in message  # the blank line counts
    assert "whole number, 0 or more" in message


def test_number_of_patients_in_list_sizes_is_checked_too(tmp_path: Path) -> None:
    text = (DATA / "gp-reg-pat-prac-all.csv").read_text().replace(",ALL,ALL,8020", ",ALL,ALL,8.5")
    message = refused(read_practice_list_sizes, write(tmp_path, "gp-reg-pat-prac-all.csv", text))
    assert "line 10, column 'NUMBER_OF_PATIENTS': '8.5' is not a number of patients" in message


def test_a_bad_extract_date_names_its_line(tmp_path: Path) -> None:
    path = lsoa_file(
        tmp_path, "X,01APR2021,B86001,A,E01011264,ALL,5", "X,31APR2021,B86002,A,E01011265,ALL,5"
    )
    message = refused(read_practice_lsoa, path)
    assert "line 3, column 'EXTRACT_DATE': '31APR2021' is not a date" in message


def test_empty_and_header_only_files_are_refused(tmp_path: Path) -> None:
    assert "the file is empty" in refused(read_practice_lsoa, write(tmp_path, "e.csv", ""))
    message = refused(read_practice_lsoa, lsoa_file(tmp_path))
    assert "line 1: there are no rows of data under the header" in message


def test_a_missing_column_is_named_with_the_columns_found(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "EXTRACT_DATE,PRACTICE_CODE,SEX,NUMBER_OF_PATIENTS\n")
    message = refused(read_practice_lsoa, path)
    assert "needs a column 'LSOA_CODE'" in message
    assert "Columns found: 'EXTRACT_DATE', 'PRACTICE_CODE', 'SEX', 'NUMBER_OF_PATIENTS'" in message


def test_number_of_patients_spelt_in_words_is_the_same_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "lsoa.csv",
        "EXTRACT_DATE,PRACTICE_CODE,LSOA_CODE,Number of Patients\n01APR2021,B86001,E01011264,42\n",
    )
    assert list(read_practice_lsoa(path).frame["patients"]) == [42]


def test_windows_1252_and_byte_order_marked_files_read(tmp_path: Path) -> None:
    row = "X,01APR2021,B86001,ST MARY’S SURGERY,E01011264,ALL,5"
    old_excel = lsoa_file(tmp_path, row, name="cp1252.csv")
    old_excel.write_bytes(old_excel.read_text().encode("cp1252"))
    marked = write(tmp_path, "bom.csv", LSOA_HEADER + "\n" + row + "\n", encoding="utf-8-sig")
    for path in (old_excel, marked):
        result = read_practice_lsoa(path)
        assert list(result.frame["practice_code"]) == ["B86001"]
        assert list(result.frame["patients"]) == [5]
    names = "PRACTICE_CODE,PRACTICE_NAME,PRACTICE_POSTCODE\nB86001,ST MARY’S SURGERY,LS12 3AB\n"
    for encoding in ("cp1252", "utf-8-sig"):
        path = write(tmp_path, f"map-{encoding}.csv", names, encoding=encoding)
        assert list(read_practice_map(path).frame["name"]) == ["ST MARY’S SURGERY"]


def test_damaged_or_ambiguous_zips_are_refused_with_advice(tmp_path: Path) -> None:
    whole = (DATA / "gp-reg-pat-prac-all-apr-20.zip").read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole[: len(whole) // 2])
    message = refused(read_practice_list_sizes, cut)
    assert "cut.zip: the zip file is damaged or incomplete" in message
    assert "Download it again" in message

    two = tmp_path / "two.zip"
    with zipfile.ZipFile(two, "w") as archive:
        archive.writestr("a.csv", "x\n")
        archive.writestr("b.csv", "y\n")
    message = refused(read_practice_lsoa, two)
    assert "holds 2 CSV files (a.csv, b.csv)" in message

    empty = tmp_path / "none.zip"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("readme.txt", "x\n")
    assert "holds no CSV file" in refused(read_practice_lsoa, empty)


def test_a_zip_of_several_csvs_picks_the_one_the_reader_wants(tmp_path: Path) -> None:
    bundle = tmp_path / "gp-reg-pat-prac-lsoa-male-female-jun-24.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr(
            "gp-reg-pat-prac-lsoa-all.csv", (DATA / "gp-reg-pat-prac-lsoa-all.csv").read_text()
        )
        archive.writestr(
            "gp-reg-pat-prac-lsoa-male.csv",
            (DATA / "gp-reg-pat-prac-lsoa-male-female.csv").read_text(),
        )
    assert read_practice_lsoa(bundle).row_count == 9
    assert detect_kind(bundle) == "practice_lsoa"
    assert read_any(bundle).source_name == f"gp-reg-pat-prac-lsoa-all.csv in {bundle.name}"


def test_a_missing_file_is_a_plain_message(tmp_path: Path) -> None:
    message = refused(read_any, tmp_path / "gone.csv")
    assert "gone.csv: the file does not exist" in message


def test_every_kind_has_a_reader_and_a_description() -> None:
    kinds = registry.kinds()
    assert len({k.name for k in kinds}) == len(kinds) == 7
    assert all(callable(k.read) and k.description for k in kinds)
