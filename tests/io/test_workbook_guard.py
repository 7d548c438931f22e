"""Every workbook passes one guard before python-calamine sees it.

Hostile files abort an unguarded process, so each is opened only in a child process here: a
regression fails its test instead of killing pytest. Each goes through every path that opens
a workbook: ``lcpdesk import``, the import service behind File ▸ Import files…, and the
framework loader behind Frameworks…; each must be refused with a message naming the file,
leaving the store as it was.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from helpers import hostile_workbooks as hostile

from lcpdesk.errors import InputError
from lcpdesk.io import workbook_guard, workbook_guard_child
from lcpdesk.io import workbooks as sources

# Run in a child: open a store, dump it, pass each file to one path, dump it again.
_SCRIPT = """
import json, sqlite3, sys
from pathlib import Path
from lcpdesk.errors import InputError
from lcpdesk.store.db import open_store

def dump(store):
    with sqlite3.connect(store.path) as conn:
        return "\\n".join(conn.iterdump())

def main():
    way, data_dir, files = sys.argv[1], Path(sys.argv[2]), sys.argv[3:]
    store = open_store(data_dir)
    for name in files:
        print(json.dumps({"file": name, "started": True}), flush=True)
        before = dump(store)
        try:
            if way == "dialog":
                from lcpdesk.services import importing
                importing.read_files([name])
            elif way == "frameworks":
                from lcpdesk.services.frameworks import FrameworkService
                FrameworkService(store).load_file(Path(name))
            else:
                from lcpdesk.io import workbook_guard
                workbook_guard.read_workbook(name)
            answer = {"refused": False, "message": ""}
        except InputError as exc:
            answer = {"refused": True, "message": str(exc)}
        answer.update(file=name, unchanged=dump(store) == before)
        print(json.dumps(answer), flush=True)
    store.close()

if __name__ == "__main__":
    main()
"""

_MESSAGES = {
    "huge dimension": "more than lcpdesk reads",
    "zip bomb": "zip bomb",
    "entity bomb": "declares XML entities",
    "external entity": "declares XML entities",
    "string count": "shared-string table",
    "gigantic cell": "far longer than a cell",
    "encrypted": "password-protected",
    "truncated": "damaged",
    "csv renamed": "",  # read by its content, as CSV files are: refused as no known kind
    "empty": "",
    "huge ods": "more than lcpdesk reads",
}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return hostile.make_all(tmp_path_factory.mktemp("hostile"))


def _run(way: str, data_dir: Path, paths: list[Path]) -> dict[str, dict[str, object]]:
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, way, str(data_dir), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    answers = {str(line["file"]): line for line in lines if "refused" in line}
    assert done.returncode == 0, (
        f"the {way} path died (exit {done.returncode}) on {lines[-1]['file'] if lines else '?'}"
        f": {done.stderr[-2000:]}"
    )
    return answers


@pytest.mark.parametrize("way", ["guard", "dialog", "frameworks"])
def test_every_hostile_workbook_is_refused_naming_the_file(
    way: str, files: dict[str, Path], tmp_path: Path
) -> None:
    answers = _run(way, tmp_path, list(files.values()))
    for name, path in files.items():
        answer = answers[str(path)]
        assert answer["refused"], f"{name} was read by the {way} path"
        message = str(answer["message"])
        assert path.name in message, (name, message)
        if way != "dialog" or _MESSAGES[name]:
            assert _MESSAGES[name] in message, (name, message)
        assert answer["unchanged"], f"{name} changed the store through the {way} path"


def _store_dump(data_dir: Path) -> str:
    with sqlite3.connect(data_dir / "lcpdesk.sqlite") as conn:
        return "\n".join(conn.iterdump())


_CLI = [sys.executable, "-m", "lcpdesk"]
_QUICK = {"huge dimension", "encrypted", "entity bomb"}


@pytest.mark.parametrize(
    "name",
    [n if n in _QUICK else pytest.param(n, marks=pytest.mark.slow) for n in hostile.HOSTILE],
)
def test_cli_import_refuses_with_exit_1_and_writes_nothing(
    name: str, files: dict[str, Path], tmp_path: Path
) -> None:
    from lcpdesk.store.db import open_store

    open_store(tmp_path).close()
    before = _store_dump(tmp_path)
    done = subprocess.run(
        [*_CLI, "import", str(files[name]), "--area", "Leeds", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 1, (done.returncode, done.stderr[-2000:])
    assert files[name].name in done.stderr
    assert _MESSAGES[name] in done.stderr
    assert _store_dump(tmp_path) == before


def test_a_reader_that_aborts_in_the_child_becomes_a_refusal(files: dict[str, Path]) -> None:
    """Past the check, a crafted file still cannot take the app down: the child dies alone."""
    for name in ("huge dimension", "string count"):
        request = workbook_guard_child.SheetRequest(limit=5)
        with pytest.raises(InputError, match="cannot be read safely") as caught:
            workbook_guard_child.run_apart(
                workbook_guard_child.read_book, str(files[name]), request
            )
        assert files[name].name in str(caught.value)


def test_a_reader_that_takes_too_long_is_stopped(tmp_path: Path) -> None:
    path = _ordinary(tmp_path / "slow.xlsx")
    read = workbook_guard_child.read_book
    with pytest.raises(InputError, match="took longer than"):
        workbook_guard_child.run_apart(
            read, str(path), workbook_guard_child.SheetRequest(), seconds=0.01
        )


def _ordinary(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(["Practice", "Patients", "Share"])
    sheet.append(["B86001", 12_345, 0.25])
    sheet.append(["B86002", 6_789, 0.75])
    sheet["A40"].fill = openpyxl.styles.PatternFill("solid", fgColor="FFFF00")  # styled, empty
    book.save(path)
    return path


_ROWS = [["Practice", "Patients", "Share"], ["B86001", 12_345, 0.25], ["B86002", 6_789, 0.75]]


def test_an_ordinary_workbook_is_read_in_this_process(tmp_path: Path) -> None:
    path = _ordinary(tmp_path / "ordinary.xlsx")
    verdict = workbook_guard.check_workbook(path)
    assert (verdict.kind, verdict.isolate) == ("xlsx", False)
    book = workbook_guard.read_workbook(path)
    assert book.sheet_names == ["Data"]
    assert book.rows == _ROWS
    # In a child process it reads the same.
    assert workbook_guard.read_workbook(path, "Data", isolate=True).rows == _ROWS


def test_an_ordinary_ods_and_a_harmless_blank_repeat_are_read(tmp_path: Path) -> None:
    blank = '<table:table-row table:number-rows-repeated="1048575"><table:table-cell '
    blank += 'table:number-columns-repeated="16384"/></table:table-row>'
    path = hostile.ods(tmp_path / "blank.ods", hostile.ods_value(7, columns=2) + blank)
    assert sources.read_sheet(path).rows == [[7.0, 7.0]]


def test_a_declared_size_past_the_values_is_read_apart(tmp_path: Path) -> None:
    sheet = hostile.sheet_xml(
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>', dimension="A1:XFD1048576"
    )
    path = hostile.xlsx(tmp_path / "declared.xlsx", sheet=sheet)
    verdict = workbook_guard.check_workbook(path)
    assert verdict.isolate and "declares" in verdict.why
    assert sources.read_sheet(path).rows == [["x"]]


def test_cells_without_a_reference_are_placed_by_counting(tmp_path: Path) -> None:
    """A writer may leave out r="…": the extent is then counted like calamine counts it."""
    far = '<row r="2"><c><v>1</v></c></row><row r="1048576">' + "<c><v>1</v></c>" * 20 + "</row>"
    path = hostile.xlsx(tmp_path / "unplaced.xlsx", sheet=hostile.sheet_xml(far))
    with pytest.raises(InputError, match="more than lcpdesk reads"):
        workbook_guard.check_workbook(path)
    near = '<row r="1"><c><v>1</v></c><c><v>2</v></c></row>'
    path = hostile.xlsx(tmp_path / "near.xlsx", sheet=hostile.sheet_xml(near))
    assert sources.read_sheet(path).rows == [[1.0, 2.0]]


_SOFFICE = ["soffice", "--headless", "--convert-to"]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_workbooks_saved_by_libreoffice_still_read(tmp_path: Path) -> None:
    source = _ordinary(tmp_path / "ordinary.xlsx")
    filters = {"xls": "xls", "ods": "ods", "xlsm": 'xlsm:"Calc MS Excel 2007 VBA XML"'}
    for suffix, target in filters.items():
        subprocess.run(
            [*_SOFFICE, target.replace('"', ""), "--outdir", str(tmp_path), str(source)],
            capture_output=True,
            timeout=180,
            check=True,
        )
        converted = tmp_path / f"ordinary.{suffix}"
        verdict = workbook_guard.check_workbook(converted)
        assert verdict.isolate == (suffix == "xls")
        rows = sources.read_sheet(converted).rows
        assert [[int(v) if isinstance(v, float) and v > 1 else v for v in r] for r in rows] == (
            _ROWS
        ), suffix


@pytest.mark.parametrize(
    ("far_cell", "refused"),
    [
        ('<c r="XFD1048576" s="1"/>', False),  # only styled: takes no room
        ('<c r="XFD1048576" s="1"></c>', False),
        ('<c r="XFD1048576"><v>1</v></c>', True),
        ('<c\nr="XFD1048576"><v>1</v></c>', True),  # not the usual form: the careful scan
        ('<c s="1" r="XFD1048576"><v>1</v></c>', True),
        ('<x:c r="XFD1048576"><x:v>1</x:v></x:c>', True),
        ('<c r="xfd1048576"><v>1</v></c>', True),
        ('<c r="A1048577"><v>1</v></c>', True),  # past Excel's last row
    ],
)
def test_only_cells_holding_values_count_however_they_are_written(
    far_cell: str, refused: bool, tmp_path: Path
) -> None:
    rows = f'<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="1048576">{far_cell}</row>'
    sheet = hostile.sheet_xml(rows).replace(
        "<worksheet ", '<worksheet xmlns:x="' + hostile.MAIN + '" '
    )
    path = hostile.xlsx(tmp_path / "far.xlsx", sheet=sheet)
    if refused:
        with pytest.raises(InputError, match=r"far\.xlsx: .*(more than lcpdesk reads|beyond)"):
            workbook_guard.check_workbook(path)
    else:
        assert sources.read_sheet(path).rows == [["x"]]


def test_a_sheet_part_is_found_by_its_content_not_its_name(tmp_path: Path) -> None:
    rows = '<row r="1"><c r="A1"><v>1</v></c></row>'
    rows += '<row r="1048576"><c r="XFD1048576"><v>2</v></c></row>'
    path = hostile.xlsx(tmp_path / "hidden.xlsx", sheet=hostile.sheet_xml(rows), part="data/s")
    with pytest.raises(InputError, match="more than lcpdesk reads"):
        workbook_guard.check_workbook(path)
