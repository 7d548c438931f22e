"""A CSV cut at line breaks into pieces parsed side by side reads as it does in one piece, and
the column checks name the first offending line in the file, whatever order categories are in."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers.nhsd_files import write_csv, write_lsoa

from lcpdesk.errors import Cancelled, InputError
from lcpdesk.io.columns import Table, counts, practice_codes, text
from lcpdesk.io.csv_pieces import combine as _combine
from lcpdesk.io.csv_spans import memory_pieces as _pieces
from lcpdesk.io.csv_tables import table_from_csv
from lcpdesk.io.opening import CsvData, csv_header_rows, load_csv
from lcpdesk.io.registry import read_any

HEADER = "code,name,lsoa,n"
WHEN = dt.date(2021, 4, 1)
Snapshot = tuple[list[tuple[str, list[str]]], list[int]]


# --- helpers ---------------------------------------------------------------------------------


def rows(count: int, start: int = 0) -> list[str]:
    """Data lines whose values change along the file, so each piece has its own categories."""
    return [
        f"P{i // 5:03d},name {chr(ord('A') + i // 7)},E01{i % 4:06d},{i * 3 % 11}"
        for i in range(start, start + count)
    ]


def write_lines(
    folder: Path,
    lines: Sequence[str],
    *,
    name: str = "data.csv",
    newline: str = "\n",
    final: bool = True,
    encoding: str = "utf-8",
) -> Path:
    path = folder / name
    path.write_bytes((newline.join(lines) + (newline if final else "")).encode(encoding))
    return path


def opened(path: Path, header_index: int) -> tuple[CsvData, list[object], dict[str, int]]:
    """The loaded file, its header row and the positions of every column but the third.

    Positions are given in reverse order, so the frame's columns are not the file's order.
    """
    data = load_csv(path)
    head = csv_header_rows(data).rows
    if header_index < 0:  # no header (like epraccur.csv): name the columns by letter
        header: list[object] = [chr(ord("A") + i) for i in range(len(head[0]))]
    else:
        header = list(head[header_index])
    positions = {str(name): i for i, name in reversed(list(enumerate(header))) if i != 2}
    return data, header, positions


def read(path: Path, header_index: int, pieces: int, chunk_rows: int = 3) -> Table:
    data, header, positions = opened(path, header_index)
    return table_from_csv(
        data, header, header_index, positions, chunk_rows=chunk_rows, pieces=pieces
    )


def snapshot(table: Table) -> Snapshot:
    """The frame's columns and values as text, and the line of each row."""
    values = [(str(key), [str(value) for value in table.frame[key]]) for key in table.frame]
    return values, table.lines.tolist()


def reference(path: Path, header_index: int) -> Snapshot:
    """What the table should hold, read with the csv module: records numbered from 1, blank
    records (in the columns read) left out, short records padded with ''."""
    data, _header, positions = opened(path, header_index)
    records = list(csv.reader(io.StringIO(data.data.decode(data.encoding), newline="")))
    values: dict[str, list[str]] = {key: [] for key in positions}
    lines: list[int] = []
    for number, record in enumerate(records, start=1):
        if number <= header_index + 1:
            continue
        cells = [record[i] if i < len(record) else "" for i in positions.values()]
        if not any(cells):
            continue
        lines.append(number)
        for key, cell in zip(positions, cells, strict=True):
            values[key].append(cell)
    return list(values.items()), lines


def piece_starts(path: Path, header_index: int, pieces: int) -> list[bytes]:
    """The first line of each piece but the first, as bytes."""
    data = load_csv(path).data
    return [
        data[start:].split(b"\n", 1)[0]
        for start, _end in _pieces_of(path, header_index, pieces)[1:]
    ]


def _pieces_of(path: Path, header_index: int, pieces: int) -> list[tuple[int, int]]:
    return _pieces(load_csv(path), header_index, pieces)


def refused(call: object, *args: object, **kwargs: object) -> InputError:
    assert callable(call)
    with pytest.raises(InputError) as caught:
        call(*args, **kwargs)
    return caught.value


# --- the same table in pieces as in one ----------------------------------------------------

CASES = {
    "plain": (0, [HEADER, *rows(30)], "\n", True, "utf-8"),
    "blank lines in the middle and at the end": (
        0,
        [HEADER, *rows(8), "", *rows(7, 8), "", "", *rows(15, 15), ""],
        "\n",
        True,
        "utf-8",
    ),
    "title rows above the header": (
        3,
        ["Patients by practice and LSOA", "Published,01APR2021", "", HEADER, *rows(30)],
        "\n",
        True,
        "utf-8",
    ),
    "crlf line endings": (
        2,
        ["Title", "", HEADER, *rows(10), "", *rows(20, 10)],
        "\r\n",
        True,
        "utf-8",
    ),
    "no final newline": (0, [HEADER, *rows(10), "", *rows(20, 10)], "\n", False, "utf-8"),
    "crlf and no final newline": (0, [HEADER, *rows(30)], "\r\n", False, "utf-8"),
    "windows-1252": (
        0,
        [HEADER, *[line.replace("name", "St Mary’s") for line in rows(30)]],
        "\n",
        True,
        "cp1252",
    ),
    "utf-8 with a byte-order mark": (0, [HEADER, *rows(30)], "\n", True, "utf-8-sig"),
    "no header (like epraccur)": (-1, rows(30), "\n", True, "utf-8"),
}


def case_file(folder: Path, case: str) -> tuple[Path, int]:
    header_index, lines, newline, final, encoding = CASES[case]
    path = write_lines(folder, lines, newline=newline, final=final, encoding=encoding)
    return path, header_index


@pytest.mark.parametrize("case", CASES)
def test_one_piece_reads_what_the_csv_module_reads(tmp_path: Path, case: str) -> None:
    path, header_index = case_file(tmp_path, case)
    assert snapshot(read(path, header_index, pieces=1)) == reference(path, header_index)


@pytest.mark.parametrize("pieces", [2, 3, 4])
@pytest.mark.parametrize("case", CASES)
def test_pieces_give_the_same_table_as_one_piece(tmp_path: Path, case: str, pieces: int) -> None:
    path, header_index = case_file(tmp_path, case)
    assert len(_pieces_of(path, header_index, pieces)) == pieces  # really cut
    table = read(path, header_index, pieces)
    assert snapshot(table) == snapshot(read(path, header_index, pieces=1))
    assert snapshot(table) == reference(path, header_index)
    assert all(isinstance(table.frame[key].dtype, pd.CategoricalDtype) for key in table.frame)
    assert table.header_line == header_index + 1


@pytest.mark.parametrize("chunk_rows", [1, 3, 1000])
def test_chunk_size_does_not_change_the_table(tmp_path: Path, chunk_rows: int) -> None:
    path, header_index = case_file(tmp_path, "title rows above the header")
    expected = reference(path, header_index)
    for pieces in (1, 2, 4):
        assert snapshot(read(path, header_index, pieces, chunk_rows)) == expected


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("pieces", [2, 3, 4])
def test_a_blank_line_anywhere_even_first_in_a_piece_is_left_out(
    tmp_path: Path, pieces: int, newline: str
) -> None:
    data_lines = rows(12)
    wrong: list[str] = []
    first_in_a_piece = 0
    for at in range(1, len(data_lines) + 1):  # straight under the header: the test below
        lines = [HEADER, *data_lines[:at], "", *data_lines[at:]]
        path = write_lines(tmp_path, lines, name=f"blank-{at}.csv", newline=newline)
        if b"" in [start.rstrip(b"\r") for start in piece_starts(path, 0, pieces)]:
            first_in_a_piece += 1
        got = snapshot(read(path, 0, pieces))
        if got != reference(path, 0):
            wrong.append(f"blank line {at + 2}: lines {got[1]}")
    assert first_in_a_piece, "no case put the blank line first in a piece"
    assert wrong == []


@pytest.mark.parametrize("pieces", [1, 2, 3, 4])
def test_a_blank_line_straight_under_the_header_is_left_out(tmp_path: Path, pieces: int) -> None:
    path = write_lines(tmp_path, [HEADER, "", *rows(12)])
    table = read(path, 0, pieces)
    assert snapshot(table) == reference(path, 0)
    assert table.lines.tolist() == list(range(3, 15))


def test_zero_padded_numbers_keep_their_text_whatever_piece_they_are_in(tmp_path: Path) -> None:
    # The first half of the file has only numbers in the second column read, the second half
    # has text too; pieces=2 puts the two halves in different pieces.
    lines = [HEADER] + [f"P{i:03d},x,E01,0{i}" for i in range(6)]
    lines += [f"P{i:03d},x,E01,n{i}" for i in range(6, 12)]
    path = write_lines(tmp_path, lines)
    one = snapshot(read(path, 0, pieces=1, chunk_rows=1000))
    assert one == reference(path, 0)
    assert snapshot(read(path, 0, pieces=2, chunk_rows=1000)) == one


# --- quotes: one piece ----------------------------------------------------------------------


def test_a_file_with_a_double_quote_is_read_in_one_piece(tmp_path: Path) -> None:
    lines = [
        HEADER,
        *rows(10),
        'P900,"Smith, J",E01000009,4',
        'P901,"two\nlines",E01000010,5',
        *rows(10, 10),
    ]
    path = write_lines(tmp_path, lines)
    data = load_csv(path)
    assert _pieces(data, 0, 4) == [(0, len(data.data))]
    table = read(path, 0, pieces=4)
    assert snapshot(table) == snapshot(read(path, 0, pieces=1))
    assert snapshot(table) == reference(path, 0)
    names = list(table.frame["name"].astype(str))
    assert names[10:12] == ["Smith, J", "two\nlines"]
    assert table.lines.tolist() == list(range(2, 24))  # records, as Excel numbers its rows


def test_one_quote_on_the_last_line_keeps_the_file_whole(tmp_path: Path) -> None:
    path = write_lines(tmp_path, [HEADER, *rows(20), 'P999,"last",E01000001,1'])
    data = load_csv(path)
    assert _pieces(data, 0, 3) == [(0, len(data.data))]
    assert snapshot(read(path, 0, pieces=3)) == reference(path, 0)


# --- ragged rows ----------------------------------------------------------------------------


@pytest.mark.parametrize("pieces", [2, 3, 4])
def test_extra_fields_anywhere_read_as_in_one_piece(tmp_path: Path, pieces: int) -> None:
    data_lines = rows(12)
    wrong: list[str] = []
    first_in_a_piece = 0
    for at in range(len(data_lines)):
        lines = [HEADER, *data_lines]
        lines[at + 1] += ",extra,fields"
        path = write_lines(tmp_path, lines, name=f"extra-{at}.csv")
        if any(start.endswith(b",extra,fields") for start in piece_starts(path, 0, pieces)):
            first_in_a_piece += 1
        one = snapshot(read(path, 0, pieces=1))
        if snapshot(read(path, 0, pieces)) != one or one != reference(path, 0):
            wrong.append(f"line {at + 2}")
    assert first_in_a_piece, "no case put the long row first in a piece"
    assert wrong == []


@pytest.mark.parametrize("pieces", [2, 3, 4])
def test_a_short_row_first_in_a_piece_reads_as_in_one_piece(tmp_path: Path, pieces: int) -> None:
    # A piece whose first row is too short for the columns read fails; it is read again whole.
    data_lines = rows(12)
    first_in_a_piece = 0
    for at in range(1, len(data_lines)):
        lines = [HEADER, *data_lines]
        lines[at + 1] = "P777,short"
        path = write_lines(tmp_path, lines, name=f"short-{at}.csv")
        if b"P777,short" in piece_starts(path, 0, pieces):
            first_in_a_piece += 1
        table = read(path, 0, pieces)
        assert snapshot(table) == reference(path, 0), f"short row on line {at + 2}"
        assert dict(table.frame.iloc[at]) == {"n": "", "name": "short", "code": "P777"}
    assert first_in_a_piece, "no case put the short row first in a piece"


@pytest.mark.parametrize("pieces", [2, 3, 4])
def test_a_file_that_cannot_be_read_says_the_same_in_pieces(tmp_path: Path, pieces: int) -> None:
    # The first data row is too short for the columns read: the parser refuses the file.
    path = write_lines(tmp_path, [HEADER, "P001,short", *rows(24)])
    alone = refused(read, path, 0, 1)
    assert "the file cannot be read as CSV" in str(alone)
    assert alone.where.file == str(path)
    split = refused(read, path, 0, pieces)
    assert str(split) == str(alone)
    assert split.where == alone.where
    assert split.hint == alone.hint


# --- cancel and progress --------------------------------------------------------------------


def _csv_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name.startswith("csv")]


@pytest.mark.parametrize("pieces", [1, 2, 4])
def test_cancel_stops_the_read_in_every_piece(tmp_path: Path, pieces: int) -> None:
    path = write_lines(tmp_path, [HEADER, *rows(40)])
    data, header, positions = opened(path, 0)
    with pytest.raises(Cancelled):
        table_from_csv(
            data, header, 0, positions, chunk_rows=3, pieces=pieces, cancelled=lambda: True
        )
    assert _csv_threads() == []


def test_cancel_pressed_part_way_stops_the_read(tmp_path: Path) -> None:
    path = write_lines(tmp_path, [HEADER, *rows(40)])
    data, header, positions = opened(path, 0)
    asked = 0

    def cancelled() -> bool:
        nonlocal asked
        asked += 1
        return asked > 5

    with pytest.raises(Cancelled):
        table_from_csv(data, header, 0, positions, chunk_rows=3, pieces=2, cancelled=cancelled)
    assert _csv_threads() == []


@pytest.mark.parametrize("pieces", [1, 2, 4])
def test_progress_rises_within_the_parsing_share(tmp_path: Path, pieces: int) -> None:
    path = write_lines(tmp_path, [HEADER, *rows(40)])
    data, header, positions = opened(path, 0)
    seen: list[float] = []
    table = table_from_csv(
        data, header, 0, positions, chunk_rows=3, pieces=pieces, progress=seen.append
    )
    assert len(table.frame) == 40
    assert seen
    assert seen == sorted(seen)
    assert all(0.15 <= value <= 0.9 for value in seen), seen
    if pieces == 1:
        assert seen[-1] == pytest.approx(0.9)


# --- where the cuts fall --------------------------------------------------------------------


@pytest.mark.parametrize("pieces", [2, 3, 4, 7, 60])
@pytest.mark.parametrize(
    "ending", [("\n", True), ("\n", False), ("\r\n", True), ("\r\n", False)], ids=str
)
@pytest.mark.parametrize(
    ("header_index", "lines"),
    [
        (-1, rows(12)),
        (0, [HEADER, *rows(12)]),
        (2, ["A title", "", HEADER, *rows(12)]),
        (5, ["a", "b", "c", "d", "e", HEADER, *rows(3)]),  # most of the file above the data
        (0, [HEADER, "", "", *rows(4), "", ""]),
    ],
)
def test_pieces_cover_the_file_and_start_on_new_lines(
    tmp_path: Path,
    header_index: int,
    lines: list[str],
    ending: tuple[str, bool],
    pieces: int,
) -> None:
    newline, final = ending  # the line break, and whether the last line ends with one
    path = write_lines(tmp_path, lines, newline=newline, final=final)
    data = load_csv(path)
    raw = data.data
    spans = _pieces(data, header_index, pieces)
    assert 1 <= len(spans) <= pieces
    assert spans[0][0] == 0
    assert spans[-1][1] == len(raw)
    for (_start, end), (start, _end) in itertools.pairwise(spans):
        assert start == end
        assert raw[start - 1 : start] == b"\n"
    assert all(start < end for start, end in spans)
    header_end = 0
    for _ in range(header_index + 1):
        header_end = raw.index(b"\n", header_end) + 1
    assert spans[0][1] > header_end  # the header and the lines above it are in the first
    assert len(spans) > 1 or pieces > len(lines)  # a file this size is cut unless too short


def test_a_small_file_is_one_piece_unless_told(tmp_path: Path) -> None:
    path = write_lines(tmp_path, [HEADER, *rows(30)])
    data = load_csv(path)
    assert _pieces(data, 0, None) == [(0, len(data.data))]
    assert _pieces(data, 0, 1) == [(0, len(data.data))]
    assert len(_pieces(data, 0, 3)) == 3


def test_a_file_of_only_the_header_is_one_piece(tmp_path: Path) -> None:
    for final in (True, False):
        path = write_lines(tmp_path, [HEADER], final=final)
        data = load_csv(path)
        assert _pieces(data, 0, 4) == [(0, len(data.data))]
        assert len(read(path, 0, pieces=4).frame) == 0


def test_combine_renumbers_each_chunks_categories() -> None:
    first = pd.Categorical(["b", "a", "b"], categories=pd.Index(["a", "b"], dtype="str"))
    second = pd.Categorical.from_codes(
        [1, -1, 0, 2], categories=pd.Index(["c", "a", "z"], dtype="str")
    )
    combined = _combine([first, second])
    assert [None if pd.isna(v) else str(v) for v in combined] == [
        "b",
        "a",
        "b",
        "a",
        None,
        "c",
        "z",
    ]
    assert len(set(combined.categories)) == len(combined.categories)
    same = _combine([first, first])
    assert list(same.astype(str)) == ["b", "a", "b", "b", "a", "b"]
    assert len(_combine([])) == 0


# --- errors name the first offending line ---------------------------------------------------


def good_row(line: int) -> tuple[str, str, str, int]:
    return (f"B86{line:03d}", f"SURGERY {line}", f"E01{line:06d}", line)


def lsoa_file(
    folder: Path,
    changed: dict[int, tuple[str, str, str, object]],
    *,
    blank_lines: Sequence[int] = (),
    last_line: int = 16,
) -> Path:
    """A practice-by-LSOA file whose line ``n`` holds ``changed[n]`` (or a good row), with
    blank lines where asked; line 1 is the header."""
    written = [
        changed.get(line, good_row(line))
        for line in range(2, last_line + 1)
        if line not in blank_lines
    ]
    path = write_lsoa(folder / "gp-reg-pat-prac-lsoa-all.csv", WHEN, written)
    lines = path.read_text(encoding="utf-8").splitlines()
    for line in sorted(blank_lines):
        lines.insert(line - 1, "")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def lsoa_table(path: Path, pieces: int) -> Table:
    data = load_csv(path)
    header = csv_header_rows(data).rows[0]
    positions = {"practice_code": 2, "lsoa_code": 4, "patients": 6}
    return table_from_csv(data, header, 0, positions, chunk_rows=2, pieces=pieces)


def test_lsoa_file_helper_puts_rows_on_the_lines_asked(tmp_path: Path) -> None:
    path = lsoa_file(tmp_path, {7: ("ZZ9", "X", "E01000001", 1)}, blank_lines=[4])
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[3] == ""
    assert lines[6].split(",")[2] == "ZZ9"
    assert len(lines) == 16


def test_the_first_bad_practice_code_in_the_file_is_named_not_the_first_in_order(
    tmp_path: Path,
) -> None:
    path = lsoa_file(
        tmp_path,
        {7: ("ZZ9", "LATE", "E01000001", 1), 12: ("AAA", "EARLY", "E01000002", 2)},
    )
    error = refused(read_any, path)
    assert (error.where.line, error.where.column) == (7, "PRACTICE_CODE")
    assert error.problem.startswith("'ZZ9' is not a GP practice code")
    for pieces in (1, 2, 3, 4):
        error = refused(practice_codes, lsoa_table(path, pieces), "practice_code")
        assert error.where.line == 7, pieces
        assert error.problem.startswith("'ZZ9' is not a GP practice code"), pieces


@pytest.mark.parametrize(("later", "also"), [("-", "abc"), ("abc", ""), ("", "-1")])
def test_the_first_bad_count_in_the_file_is_named(tmp_path: Path, later: str, also: str) -> None:
    path = lsoa_file(
        tmp_path,
        {
            5: (*good_row(5)[:3], "x"),
            10: (*good_row(10)[:3], later),
            13: (*good_row(13)[:3], also),
        },
    )
    error = refused(read_any, path)
    assert (error.where.line, error.where.column) == (5, "NUMBER_OF_PATIENTS")
    assert error.problem == "'x' is not a number of patients"
    for pieces in (1, 2, 3, 4):
        error = refused(counts, lsoa_table(path, pieces), "patients")
        assert (error.where.line, error.problem) == (5, "'x' is not a number of patients"), pieces


def test_a_blank_practice_code_is_named_where_a_blank_line_was_dropped(tmp_path: Path) -> None:
    path = lsoa_file(
        tmp_path,
        {9: ("", "NO CODE", "E01000001", 1), 11: ("AAA", "X", "E01000002", 2)},
        blank_lines=[4],
    )
    error = refused(read_any, path)
    assert (error.where.line, error.where.column) == (9, "PRACTICE_CODE")
    assert error.problem.startswith("a blank cell is not a GP practice code")


def test_a_dropped_blank_line_is_not_a_blank_practice_code(tmp_path: Path) -> None:
    valid = lsoa_file(tmp_path, {}, blank_lines=[4, 10])
    result = read_any(valid)
    assert result.row_count == 13
    assert "" not in set(result.frame["practice_code"].astype(str))
    bad = lsoa_file(tmp_path, {12: ("ZZ9", "X", "E01000001", 1)}, blank_lines=[4])
    error = refused(read_any, bad)
    assert error.where.line == 12
    assert error.problem.startswith("'ZZ9' is not a GP practice code")


def test_a_blank_or_null_required_cell_is_named_at_its_first_line(tmp_path: Path) -> None:
    # "NULL" counts as blank; it comes first in the file, though '' comes first in order.
    path = write_csv(
        tmp_path / "footprints.csv",
        ["LSOA code", "LCP"],
        [
            ("E01011264", "Armley"),
            ("E01011265", "Armley"),
            ("", ""),
            ("E01011266", "Bramley"),
            ("E01011267", "NULL"),
            ("E01011268", "Bramley"),
            ("E01011269", ""),
        ],
    )
    error = refused(read_any, path)
    assert (error.where.line, error.where.column) == (6, "LCP")
    assert error.problem == "the 'LCP' cell is blank"


def test_a_missing_value_in_a_categorical_column_reads_as_blank() -> None:
    frame = pd.DataFrame(
        {
            "code": pd.Categorical(
                ["B86001", "B86002", None, "ZZ9"], categories=["B86001", "B86002", "ZZ9"]
            )
        }
    )
    table = Table(frame=frame, lines=np.array([2, 3, 5, 6]), file="x.csv", headers={"code": "Code"})
    error = refused(practice_codes, table, "code")
    assert (error.where.line, error.problem) == (
        5,
        "a blank cell is not a GP practice code "
        "(a letter followed by 5 digits, like B86001 or Y02345)",
    )
    unused = pd.DataFrame(
        {"code": pd.Categorical(["B86001", "B86002"], categories=["", "B86001", "B86002", "ZZ9"])}
    )
    table = Table(frame=unused, lines=np.array([2, 3]), file="x.csv")
    assert list(practice_codes(table, "code")) == ["B86001", "B86002"]
    assert list(text(table, "code", blank="error")) == ["B86001", "B86002"]
