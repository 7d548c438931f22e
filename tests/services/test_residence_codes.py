"""Which residence codes count as a known home, through a real import and flow table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers.nhsd_files import write_csv, write_list_sizes, write_lsoa

from lcpdesk.services import importing
from lcpdesk.services.membership import MembershipService
from lcpdesk.services.populations import OUTSIDE_LABEL, UNKNOWN_LABEL
from lcpdesk.store.db import open_store

WHEN = dt.date(2024, 6, 1)


def test_english_welsh_and_scottish_small_areas_are_known_residences(tmp_path: Path) -> None:
    flows = [
        ("B86001", "ARMLEY", "E01000001", 100),  # in Armley's footprint
        ("B86001", "ARMLEY", "E01000002", 20),  # an English LSOA in no footprint: outside
        ("B86001", "ARMLEY", "NO2011", 3),  # not an LSOA: unknown residence
        ("B86001", "ARMLEY", "W01000001", 4),  # Welsh LSOA: outside every footprint
        ("B86001", "ARMLEY", "S01006506", 2),  # Scottish data zone: outside every footprint
        ("B86001", "ARMLEY", "E0100001", 5),  # too short: unknown
        ("B86001", "ARMLEY", "E010000011", 6),  # too long: unknown
        ("B86002", "OTHER", "E01000001", 7),  # not counted: beside the table
    ]
    files = [
        write_lsoa(tmp_path / "gp-reg-pat-prac-lsoa-all.csv", WHEN, flows),
        write_list_sizes(tmp_path / "gp-reg-pat-prac-all.csv", WHEN, [("B86001", 140)]),
        write_csv(tmp_path / "members.csv", ["Practice code", "LCP"], [("B86001", "Armley")]),
        write_csv(tmp_path / "footprints.csv", ["LSOA code", "LCP"], [("E01000001", "Armley")]),
    ]
    store = open_store(tmp_path / "store")
    try:
        extracts = importing.read_files(files)
        importing.run_import(store, extracts, importing.ImportOptions(area="T"), commit=True)
        service = MembershipService(store)
        table = service.flow_table(service.area_named("T").id)
    finally:
        store.close()
    assert table.column_names == ("Armley", OUTSIDE_LABEL, UNKNOWN_LABEL)
    assert table.cells == ((100, 20 + 4 + 2, 3 + 5 + 6),)
    assert table.beside == (7,)


def test_a_file_of_two_extract_dates_gives_each_date_its_own_figures(tmp_path: Path) -> None:
    later = dt.date(2024, 7, 1)
    june = write_lsoa(tmp_path / "june.csv", WHEN, [("B86001", "A", "E01000001", 10)])
    july = write_lsoa(tmp_path / "july.csv", later, [("B86001", "A", "E01000001", 12)])
    both = tmp_path / "gp-reg-pat-prac-lsoa-all.csv"
    both.write_text(june.read_text() + july.read_text().split("\n", 1)[1])
    files = [
        both,
        write_csv(tmp_path / "members.csv", ["Practice code", "LCP"], [("B86001", "Armley")]),
        write_csv(tmp_path / "footprints.csv", ["LSOA code", "LCP"], [("E01000001", "Armley")]),
    ]
    store = open_store(tmp_path / "store")
    try:
        extracts = importing.read_files(files)
        importing.run_import(store, extracts, importing.ImportOptions(area="T"), commit=True)
        service = MembershipService(store)
        area = service.area_named("T").id
        assert service.flow_table(area, WHEN).cells == ((10, 0, 0),)
        assert service.flow_table(area, later).cells == ((12, 0, 0),)
    finally:
        store.close()
