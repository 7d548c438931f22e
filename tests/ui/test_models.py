"""The table models: Qt's model contract, formatting, numeric sorting, and fast filtering."""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItemModel

from lcpdesk.domain.model import (
    Area,
    AreaTable,
    AreaTableRow,
    MemberRow,
    Partnership,
    SplitPractice,
)
from lcpdesk.ui.models import RECORD_ROLE, SORT_ROLE
from lcpdesk.ui.models.area_table import INDENT, AreaCol, AreaTableModel
from lcpdesk.ui.models.members import Col, MemberFilterProxy, MemberTableModel
from lcpdesk.ui.navigator import build_model

AREA = Area(1, "Testford", "LCP", "PCN")
OCT = dt.date(2018, 10, 1)


def member(
    i: int,
    *,
    size: int | None = 1000,
    split: tuple[str, ...] = (),
    demo: bool = False,
    pcn: str = "West PCN",
    name: str | None = None,
) -> MemberRow:
    return MemberRow(
        practice_id=i,
        membership_id=i,
        code=f"B{i:05d}",
        name=name or f"Practice {i}",
        postcode="LS1 1AA",
        pcn_name=pcn,
        partnership_id=1 + i % 18,
        partnership_name=f"LCP {1 + i % 18}",
        subunit_name="",
        list_size=size,
        latest_list_size=None if size is None else size + 10,
        latest_extract=dt.date(2019, 4, 1),
        is_split=bool(split),
        split_with=split,
        effective_from=dt.date(2018, 4, 1),
        is_demo=demo,
    )


def many_members(n: int) -> list[MemberRow]:
    rng = random.Random(6500)
    words = ["Moor", "Park", "Hill", "Road", "Lane", "Green", "Bridge", "Vale", "Street"]
    return [
        member(
            i,
            size=rng.randint(900, 40000),
            name=f"{rng.choice(words)} {rng.choice(words)} Surgery {i}",
            pcn=f"PCN {i % 1250}",
        )
        for i in range(n)
    ]


def area_table() -> AreaTable:
    rows = (
        AreaTableRow(1, "Armley", None, "", 14500, 13000, 2),
        AreaTableRow(2, "Central", None, "", 16000, None, 2),
        AreaTableRow(3, "Central North", 2, "Central", 9000, None, 1),
        AreaTableRow(4, "Central South", 2, "Central", 7000, None, 1),
        AreaTableRow(5, "Empty", None, "", None, None, 0),
    )
    splits = (SplitPractice("B20002", "Cottingley Surgery", ("Armley", "Beeston"), 5000),)
    return AreaTable(AREA, OCT, rows, 30500, 13000, splits)


# --------------------------------------------------------------------------- Qt's contract


def test_member_model_passes_qt_model_tester(qtmodeltester: Any) -> None:
    model = MemberTableModel()
    model.set_rows([member(1), member(2, size=None), member(3, split=("Beeston",), demo=True)], OCT)
    qtmodeltester.check(model, force_py=True)


def test_filter_proxy_passes_qt_model_tester(qtmodeltester: Any) -> None:
    model = MemberTableModel()
    model.set_rows(many_members(300), OCT)
    proxy = MemberFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_filter_text("moor")
    proxy.sort(Col.LIST_SIZE, Qt.SortOrder.DescendingOrder)
    assert 0 < proxy.rowCount() < 300
    qtmodeltester.check(proxy, force_py=True)


def test_area_table_model_passes_qt_model_tester(qtmodeltester: Any) -> None:
    model = AreaTableModel()
    model.set_table(area_table())
    qtmodeltester.check(model, force_py=True)


def test_navigator_model_passes_qt_model_tester(qtmodeltester: Any) -> None:
    model = QStandardItemModel()
    units = [
        Partnership(1, 1, "Armley"),
        Partnership(2, 1, "Central"),
        Partnership(3, 1, "Central North", parent_id=2),
    ]
    build_model(model, [(AREA, units)])
    qtmodeltester.check(model, force_py=True)
    area_item = model.index(0, 0)
    assert area_item.data() == "Testford · 2 LCPs"
    central = model.index(1, 0, area_item)
    assert model.index(0, 0, central).data() == "Central North"


# --------------------------------------------------------------------------- what users read


def test_member_model_formats_numbers_dates_split_and_demo_rows() -> None:
    model = MemberTableModel()
    row = member(7, size=12345, split=("Beeston", "Central"), demo=True)
    model.set_rows([row, member(8, size=None)], OCT)

    def cell(r: int, col: Col, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return model.index(r, col).data(role)

    assert cell(0, Col.LIST_SIZE) == "12,345"
    assert cell(0, Col.LATEST) == "12,355"
    assert cell(1, Col.LIST_SIZE) == "—"
    assert cell(0, Col.SPLIT) == "Split with Beeston, Central"
    assert cell(0, Col.MEMBER_FROM) == "1 Apr 2018"
    assert cell(0, Col.LIST_SIZE, SORT_ROLE) == 12345
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert int(cell(0, Col.LIST_SIZE, Qt.ItemDataRole.TextAlignmentRole)) == right
    assert cell(0, Col.LIST_SIZE, Qt.ItemDataRole.FontRole).italic()  # a demo estimate
    assert cell(0, Col.CODE, Qt.ItemDataRole.FontRole) is None
    assert "Demo data" in cell(0, Col.LIST_SIZE, Qt.ItemDataRole.ToolTipRole)
    assert cell(0, Col.LATEST, Qt.ItemDataRole.ToolTipRole).startswith("At the 1 Apr 2019")
    assert cell(1, Col.CODE, Qt.ItemDataRole.FontRole) is None
    assert model.headerData(Col.SUBUNIT, Qt.Orientation.Horizontal) == "Sub-unit"
    assert (model.practice_count(), model.split_count()) == (2, 1)


def test_list_sizes_sort_as_numbers_not_text() -> None:
    model = MemberTableModel()
    model.set_rows([member(1, size=9999), member(2, size=10000), member(3, size=950)], OCT)
    proxy = MemberFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(Col.LIST_SIZE, Qt.SortOrder.AscendingOrder)
    shown = [proxy.index(r, Col.LIST_SIZE).data() for r in range(3)]
    assert shown == ["950", "9,999", "10,000"]  # as text "10,000" < "9,999" < "950"


def test_area_table_model_lays_out_rows_indent_and_bold_total() -> None:
    model = AreaTableModel()
    model.set_table(area_table())
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in AreaCol]
    assert header == ["LCP", "Membership", "Footprint"]
    names = [model.index(r, AreaCol.NAME).data() for r in range(model.rowCount())]
    assert names == [
        "Armley",
        "Central",
        INDENT + "Central North",
        INDENT + "Central South",
        "Empty",
        "Total",
    ]
    total = model.total_row()
    assert model.index(total, AreaCol.MEMBERSHIP).data() == "30,500"
    assert model.index(total, AreaCol.NAME).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(0, AreaCol.NAME).data(Qt.ItemDataRole.FontRole) is None
    assert model.index(1, AreaCol.FOOTPRINT).data() == "—"
    assert model.index(4, AreaCol.MEMBERSHIP).data() == "—"
    assert isinstance(model.index(0, 0).data(RECORD_ROLE), AreaTableRow)
    model.set_table(None)
    assert model.rowCount() == 0


# --------------------------------------------------------------------------- England-sized


def test_filtering_6500_rows_is_instant() -> None:
    model = MemberTableModel()
    rows = many_members(6500)
    model.set_rows(rows, OCT)
    proxy = MemberFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(Col.PRACTICE, Qt.SortOrder.AscendingOrder)
    assert proxy.rowCount() == 6500

    slowest = 0.0
    typed = ""
    for key in "moor park":
        typed += key
        start = time.perf_counter()
        proxy.set_filter_text(typed)
        proxy.rowCount()
        slowest = max(slowest, time.perf_counter() - start)
    expected = sum(1 for r in rows if "moor" in r.name.casefold() and "park" in r.name.casefold())
    assert proxy.rowCount() == expected > 0
    assert all(
        "moor" in proxy.index(r, Col.PRACTICE).data().casefold() for r in range(proxy.rowCount())
    )
    # A keystroke must feel instant: well under a tenth of a second on 6,500 rows.
    assert slowest < 0.1, f"slowest keystroke took {slowest * 1000:.0f} ms"

    start = time.perf_counter()
    proxy.set_filter_text("")
    assert proxy.rowCount() == 6500
    assert time.perf_counter() - start < 0.1


@pytest.mark.parametrize("text", ["b00012", "PCN 12", "surgery 4321"])
def test_filter_matches_code_pcn_and_several_words(text: str) -> None:
    model = MemberTableModel()
    model.set_rows(many_members(6500), OCT)
    proxy = MemberFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_filter_text(text)
    assert proxy.rowCount() > 0
    for r in range(proxy.rowCount()):
        rec = proxy.index(r, 0).data(RECORD_ROLE)
        hay = f"{rec.code} {rec.name} {rec.pcn_name}".casefold()
        assert all(word in hay for word in text.casefold().split())
    assert proxy.mapToSource(proxy.index(0, 0)) != QModelIndex()
