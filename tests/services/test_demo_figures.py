"""The demo data reproduces the published figures of seeds 000 and 004 exactly."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.seeds import SEED_000

from lcpdesk import paths
from lcpdesk.errors import Cancelled, InputError
from lcpdesk.services.demo import load_demo, store_is_empty
from lcpdesk.services.membership import MembershipService
from lcpdesk.store.db import Store, open_store


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = open_store(tmp_path_factory.mktemp("demo"))
    load_demo(store)
    yield store
    store.close()


def test_leeds_table_reproduces_seed_000(demo_store: Store) -> None:
    service = MembershipService(demo_store)
    leeds = service.area_named("Leeds")
    table = service.area_table(leeds.id)
    assert table.extract_date is not None and table.extract_date.isoformat() == "2018-10-01"
    got = {r.name: (r.membership, r.footprint) for r in table.rows}
    assert got == SEED_000
    assert [r.name for r in table.rows] == list(SEED_000)  # in the seed's order
    assert table.total_membership == 861_287
    assert table.total_footprint == 861_287


def test_leeds_split_practices_listed_apart_and_not_counted(demo_store: Store) -> None:
    service = MembershipService(demo_store)
    table = service.area_table(service.area_named("Leeds").id)
    assert len(table.split_practices) == 3
    assert ("Armley", "Woodsley") in {s.partnerships for s in table.split_practices}
    # Their patients living in the footprints are reported beside the table, not in it.
    assert table.outside_counted_residents == 9240 + 11385 + 7612


def test_llr_sub_localities_add_up_to_localities(demo_store: Store) -> None:
    spec = json.loads(paths.resource("demo", "llr.json").read_text(encoding="utf-8"))
    service = MembershipService(demo_store)
    table = service.area_table(service.area_named("LLR").id)
    rows = {(r.parent_name, r.name): r for r in table.rows}
    assert len(table.rows) == len(spec["localities"]) + sum(
        len(loc["sub_localities"]) for loc in spec["localities"]
    )
    for loc in spec["localities"]:
        locality = rows[("", loc["name"])]
        assert locality.membership == loc["population"]
        subs = [rows[(loc["name"], sub["name"])] for sub in loc["sub_localities"]]
        assert [s.membership for s in subs] == [sub["population"] for sub in loc["sub_localities"]]
        assert sum(s.membership or 0 for s in subs) == locality.membership
        assert locality.footprint is None  # seed 004 publishes no footprints
    assert table.total_membership == sum(loc["population"] for loc in spec["localities"])


def test_demo_rows_are_marked_as_estimates(demo_store: Store) -> None:
    service = MembershipService(demo_store)
    leeds = service.area_named("Leeds")
    members = service.members(leeds.id, None, service.default_date(leeds.id))
    assert members and all(m.is_demo for m in members)
    assert all(m.code.startswith("Z86") for m in members)


def test_loading_twice_is_refused_and_changes_nothing(demo_store: Store) -> None:
    before = MembershipService(demo_store).area_table(
        MembershipService(demo_store).area_named("Leeds").id
    )
    with pytest.raises(InputError, match="already loaded"):
        load_demo(demo_store)
    after = MembershipService(demo_store).area_table(before.area.id)
    assert after == before


def test_cancelled_demo_load_writes_nothing(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    seen: list[str] = []
    calls = iter([False, False, True])
    with pytest.raises(Cancelled):
        load_demo(store, progress=lambda _f, s: seen.append(s), cancelled=lambda: next(calls))
    assert seen  # it had started
    assert store_is_empty(store)
    store.close()


def test_flow_table_margins_are_the_two_populations(demo_store: Store) -> None:
    service = MembershipService(demo_store)
    flows = service.flow_table(service.area_named("Leeds").id)
    assert flows.has_data
    assert len(flows.row_names) == 18
    assert flows.column_names[-2:] == ("Outside every footprint", "Unknown residence")
    by_name = dict(zip(flows.row_names, flows.row_totals, strict=True))
    assert by_name == {name: m for name, (m, _f) in SEED_000.items()}
    cols = dict(zip(flows.column_names, flows.column_totals, strict=True))
    assert {name: cols[name] for name in SEED_000} == {n: f for n, (_m, f) in SEED_000.items()}
    assert sum(flows.beside) == 9240 + 11385 + 7612
