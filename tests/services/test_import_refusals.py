"""Bad files are refused with a message naming file, line and column; nothing is written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers.nhsd_files import write_csv, write_lsoa

from lcpdesk.errors import Cancelled
from lcpdesk.services import history, importing
from lcpdesk.services.demo import load_demo
from lcpdesk.store.db import open_store

DATA = Path(__file__).resolve().parents[1] / "data" / "nhsd"
LSOA_HEADER = (
    "PUBLICATION,EXTRACT_DATE,PRACTICE_CODE,PRACTICE_NAME,LSOA_CODE,SEX,NUMBER_OF_PATIENTS"
)


def lcpdesk(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lcpdesk", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def demo_dir(tmp_path: Path) -> Path:
    store = open_store(tmp_path / "store")
    load_demo(store)
    store.close()
    return tmp_path / "store"


def refused(folder: Path, *args: str | Path) -> str:
    db = folder / "lcpdesk.sqlite"
    before = db.read_bytes()
    done = lcpdesk("import", *args, "--area", "Leeds", "--data-dir", folder)
    assert done.returncode == 1, done.stdout + done.stderr
    assert db.read_bytes() == before
    return done.stderr


def lsoa_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "gp-reg-pat-prac-lsoa-all.csv"
    path.write_text(LSOA_HEADER + "\n" + body, encoding="utf-8")
    return path


def test_negative_count(demo_dir: Path, tmp_path: Path) -> None:
    bad = lsoa_file(
        tmp_path,
        "GP_PRAC_PAT_LIST,01APR2021,B86001,A,E01011264,ALL,15\n"
        "GP_PRAC_PAT_LIST,01APR2021,B86001,A,E01011265,ALL,-4\n",
    )
    message = refused(demo_dir, bad)
    assert "gp-reg-pat-prac-lsoa-all.csv" in message
    assert "line 3" in message
    assert "NUMBER_OF_PATIENTS" in message


def test_non_numeric_count(demo_dir: Path, tmp_path: Path) -> None:
    bad = lsoa_file(tmp_path, "GP_PRAC_PAT_LIST,01APR2021,B86001,A,E01011264,ALL,twelve\n")
    message = refused(demo_dir, bad)
    assert "line 2" in message and "twelve" in message


def test_not_a_practice_code(demo_dir: Path, tmp_path: Path) -> None:
    bad = write_csv(
        tmp_path / "members.csv",
        ["Practice code", "LCP"],
        [("B86001", "Armley"), ("Armley", "Armley")],
    )
    message = refused(demo_dir, bad)
    assert "members.csv" in message and "line 3" in message and "'Armley'" in message


def test_lsoa_in_two_footprints(demo_dir: Path, tmp_path: Path) -> None:
    bad = write_csv(
        tmp_path / "footprints.csv",
        ["LSOA code", "LCP"],
        [("E01011264", "Armley"), ("E01011265", "Armley"), ("E01011264", "Beeston")],
    )
    message = refused(demo_dir, bad)
    assert "E01011264" in message and "Armley" in message and "Beeston" in message
    assert "line 4" in message


def test_file_of_unknown_kind(demo_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "notes.csv"
    bad.write_text("Name,Colour\nA,Blue\n", encoding="utf-8")
    message = refused(demo_dir, bad)
    assert "notes.csv" in message


def test_truncated_zip(demo_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "gp-reg-pat-prac-lsoa-all.zip"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    message = refused(demo_dir, bad)
    assert "gp-reg-pat-prac-lsoa-all.zip" in message


def test_one_bad_file_stops_the_good_ones(demo_dir: Path, tmp_path: Path) -> None:
    good = write_lsoa(
        tmp_path / "good.csv",
        __import__("datetime").date(2024, 6, 1),
        [("B86001", "A", "E01011264", 10)],
    )
    bad = write_csv(tmp_path / "members.csv", ["Practice code", "LCP"], [("12", "Armley")])
    refused(demo_dir, good, bad)


def test_missing_file(demo_dir: Path, tmp_path: Path) -> None:
    message = refused(demo_dir, tmp_path / "nowhere.csv")
    assert "nowhere.csv" in message


def test_cancelled_import_leaves_the_store_as_it_was(demo_dir: Path) -> None:
    store = open_store(demo_dir)
    extracts = importing.read_files(
        [DATA / "membership.csv", DATA / "gp-reg-pat-prac-lsoa-all.csv"]
    )
    db = demo_dir / "lcpdesk.sqlite"
    before = db.read_bytes()
    calls = iter([False, False, True, True, True])
    with pytest.raises(Cancelled):
        importing.run_import(
            store,
            extracts,
            importing.ImportOptions(area="Leeds"),
            commit=True,
            cancelled=lambda: next(calls),
        )
    store.close()
    assert db.read_bytes() == before


def test_import_is_one_undo_step(demo_dir: Path) -> None:
    from lcpdesk.services.membership import MembershipService

    store = open_store(demo_dir)
    service = MembershipService(store)
    leeds = service.area_named("Leeds")
    table_before = service.area_table(leeds.id)
    extracts = importing.read_files([DATA / "membership.csv"])
    outcome = importing.run_import(
        store, extracts, importing.ImportOptions(area="Leeds"), commit=True
    )
    assert outcome.changes_anything
    assert service.area_table(leeds.id) != table_before
    history.undo(service.store, outcome.changeset)
    assert service.area_table(leeds.id) == table_before
    store.close()
