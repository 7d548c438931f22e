"""A large plain CSV read in pieces straight from disk: the same table as read whole, or None.

``table_from_csv_file`` is forced into pieces on small files (``pieces=``); ``open_table`` is
taken down that path by lowering the size it applies from.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from helpers.nhsd_files import write_lsoa
from test_csv_pieces import CASES, case_file, opened, reference, rows, snapshot, write_lines

from lcpdesk.errors import Cancelled, InputError
from lcpdesk.io import tables
from lcpdesk.io.csv_spans import file_pieces as _file_pieces
from lcpdesk.io.csv_tables import table_from_csv_file
from lcpdesk.io.kinds.practice_lsoa import read_practice_lsoa
from lcpdesk.io.registry import read_any

WHEN = dt.date(2021, 4, 1)
PLAIN = [case for case, spec in CASES.items() if spec[4] == "utf-8"]


def from_disk(path: Path, header_index: int, pieces: int, **kwargs: object) -> object:
    _data, header, positions = opened(path, header_index)
    return table_from_csv_file(
        path, header, header_index, positions, chunk_rows=3, pieces=pieces, **kwargs
    )


@pytest.mark.parametrize("pieces", [2, 3, 4])
@pytest.mark.parametrize("case", PLAIN)
def test_a_plain_file_reads_as_it_does_whole(tmp_path: Path, case: str, pieces: int) -> None:
    path, header_index = case_file(tmp_path, case)
    table = from_disk(path, header_index, pieces)
    assert table is not None
    assert snapshot(table) == reference(path, header_index)  # type: ignore[arg-type]


@pytest.mark.parametrize("case", ["windows-1252", "utf-8 with a byte-order mark"])
def test_a_file_with_bytes_outside_ascii_is_left_to_the_whole_read(
    tmp_path: Path, case: str
) -> None:
    path, header_index = case_file(tmp_path, case)
    assert from_disk(path, header_index, 2) is None


def test_a_quote_anywhere_leaves_the_file_to_the_whole_read(tmp_path: Path) -> None:
    lines = ["code,name,lsoa,n", *rows(40), 'P900,"Smith, J",E01000009,4']
    path = write_lines(tmp_path, lines)
    assert from_disk(path, 0, 2) is None


def test_a_ragged_file_is_left_to_the_whole_read(tmp_path: Path) -> None:
    lines = ["code,name,lsoa,n", *rows(20), "P1,x", *rows(20, 20)]  # short rows at a cut
    path = write_lines(tmp_path, lines)
    table = from_disk(path, 0, 2)
    assert table is None or snapshot(table) == reference(path, 0)  # type: ignore[arg-type]


def test_pieces_start_on_new_lines_after_the_header(tmp_path: Path) -> None:
    path = write_lines(tmp_path, ["Title", "code,name,lsoa,n", *rows(200)])
    data = path.read_bytes()
    spans = _file_pieces(path, 1, 4)
    assert len(spans) == 4
    assert spans[0][0] == 0 and spans[-1][1] == len(data)
    for (_a, end), (start, _b) in itertools.pairwise(spans):
        assert end == start and data[start - 1 : start] == b"\n"
    assert spans[1][0] > data.index(b"code,name")


def test_cancel_stops_the_read_from_disk(tmp_path: Path) -> None:
    path = write_lines(tmp_path, ["code,name,lsoa,n", *rows(200)])
    with pytest.raises(Cancelled):
        from_disk(path, 0, 2, cancelled=lambda: True)


def lsoa_rows(count: int) -> list[tuple[str, str, str, int]]:
    return [(f"B{86000 + i // 50:05d}", "SURGERY", f"E01{i:06d}", 1 + i % 7) for i in range(count)]


def test_readers_take_the_disk_path_for_a_large_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tables, "LARGE_CSV_BYTES", 1)
    taken: list[Path] = []
    real = tables.table_from_csv_file

    def spy(path: Path, *args: object, **kwargs: object) -> object:
        taken.append(path)
        return real(path, *args, pieces=2, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(tables, "table_from_csv_file", spy)
    path = write_lsoa(tmp_path / "gp-reg-pat-prac-lsoa-all.csv", WHEN, lsoa_rows(400))
    seen: list[float] = []
    result = read_practice_lsoa(path, progress=seen.append)
    assert taken == [path]
    assert result.rows_read == 400
    assert int(result.frame["patients"].sum()) == sum(1 + i % 7 for i in range(400))
    assert seen == sorted(seen) and seen[-1] == 1.0


def test_a_bad_large_file_gets_the_whole_read_and_its_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tables, "LARGE_CSV_BYTES", 1)
    flows = lsoa_rows(300)
    flows[250] = ("B86005", "ST MARY’S", "E01000250", 2)  # not ASCII: the careful path
    flows[260] = ("NOTACODE", "X", "E01000260", 2)
    path = write_lsoa(tmp_path / "gp-reg-pat-prac-lsoa-all.csv", WHEN, flows)
    with pytest.raises(InputError) as caught:
        read_any(path)
    assert "NOTACODE" in str(caught.value)
    assert caught.value.where.line == 262  # the header is line 1
