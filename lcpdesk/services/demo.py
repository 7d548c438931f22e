"""The built-in demo data: Leeds (seed 000) and Leicester, Leicestershire & Rutland (seed 004).

Published figures come from ``resources/demo/*.json``. Where the seeds give no
figure (each practice's list size, where its patients live) plausible ones are
generated, deterministically, so that they add up *exactly* to the published
totals; every such row is marked ``is_demo`` / source ``demo``.

Leeds: each LCP's practices' list sizes add up to its published membership
population; a practice-by-LSOA table is generated whose flow matrix has the
published membership populations as row totals and footprint populations as
column totals (861,287 both). A few split practices (not counted) are added.
LLR: named practices with list sizes adding up to each sub-locality's
published population.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from lcpdesk import paths
from lcpdesk.domain.allocate import fit_margins, largest_remainder
from lcpdesk.errors import Cancelled, InputError
from lcpdesk.services.demo_goals import load_demo_goals
from lcpdesk.services.demo_maturity import load_demo_maturity
from lcpdesk.store import demo_rows, membership_repo
from lcpdesk.store import registrations as blocks
from lcpdesk.store.db import Store

Progress = Callable[[float, str], None]
IsCancelled = Callable[[], bool]

SUFFIXES = (
    "Medical Practice",
    "Surgery",
    "Health Centre",
    "Family Practice",
    "Group Practice",
    "Medical Centre",
    "Road Surgery",
    "Lane Practice",
    "Park Surgery",
)
MEAN_LIST_SIZE = 8500  # roughly the average English practice list in 2018
MEAN_LSOA_RESIDENTS = 1650
EARLIER_EXTRACT = dt.date(2018, 4, 1)


@dataclass(frozen=True)
class DemoSummary:
    areas: tuple[str, ...]
    practices: int
    registrations: int


def store_is_empty(store: Store) -> bool:
    with store.read() as conn:
        return not membership_repo.areas(conn)


def demo_definition(name: str) -> dict[str, Any]:
    path = paths.resource("demo", name)
    with path.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def load_demo(
    store: Store, progress: Progress | None = None, cancelled: IsCancelled | None = None
) -> DemoSummary:
    """Load both demo areas in one transaction (all or nothing)."""
    report = progress or (lambda _f, _s: None)
    stop = cancelled or (lambda: False)

    def step(fraction: float, text: str) -> None:
        if stop():
            raise Cancelled()
        report(fraction, text)

    leeds = demo_definition("leeds.json")
    llr = demo_definition("llr.json")
    with store.write() as conn:
        existing = {a.name for a in membership_repo.areas(conn)}
        clash = [d["area"] for d in (leeds, llr) if d["area"] in existing]
        if clash:
            raise InputError(
                f"The demo data is already loaded (area {' and '.join(clash)} already exists).",
                hint="Use another data folder (--data-dir) for a fresh copy of the demo.",
            )
        step(0.05, "Leeds: partnerships and practices")
        practices, registrations = _load_leeds(conn, leeds, step)
        step(0.85, "Leicester, Leicestershire & Rutland")
        practices += _load_llr(conn, llr)
        load_demo_maturity(conn)
        load_demo_goals(conn)
        step(1.0, "Saving")
    return DemoSummary((leeds["area"], llr["area"]), practices, registrations)


# --------------------------------------------------------------------------- Leeds


def _places(lcp: str) -> list[str]:
    parts = [p.strip() for chunk in lcp.split("/") for p in chunk.split("&")]
    return [p for p in parts if p]


def _practice_names(lcp: str, count: int, rng: random.Random) -> list[str]:
    places = _places(lcp)
    suffixes = list(SUFFIXES)
    rng.shuffle(suffixes)
    names: list[str] = []
    for k in range(count):
        place = places[k % len(places)]
        names.append(f"{place} {suffixes[k % len(suffixes)]}")
    return names


def _load_leeds(
    conn: Connection, spec: dict[str, Any], step: Callable[[float, str], None]
) -> tuple[int, int]:
    rng = random.Random(20181001)
    extract = dt.date.fromisoformat(spec["extract_date"])
    start = dt.date.fromisoformat(spec["membership_from"])
    prefix = spec["practice_code_prefix"]
    lcps = spec["partnerships"]
    area_id = demo_rows.add_area(
        conn,
        name=spec["area"],
        partnership_label=spec["partnership_label"],
        subunit_label=spec["subunit_label"],
        notes=spec["source"],
        is_demo=True,
    )

    unit_ids: list[int] = []
    for order, lcp in enumerate(lcps):
        unit_ids.append(
            demo_rows.add_partnership(
                conn,
                area_id=area_id,
                name=lcp["name"],
                sort_order=order,
                published_population=lcp["membership"],
                notes=f"Published footprint population {lcp['footprint']:,}",
            )
        )

    # Practices wholly within each LCP, list sizes adding up to its membership population.
    code_no = 1
    practice_rows: list[dict[str, Any]] = []
    sizes_by_lcp: list[list[int]] = []
    for i, lcp in enumerate(lcps):
        count = max(3, min(9, round(lcp["membership"] / MEAN_LIST_SIZE)))
        sizes = largest_remainder(lcp["membership"], [rng.uniform(0.6, 1.6) for _ in range(count)])
        sizes_by_lcp.append(sizes)
        for name, size in zip(_practice_names(lcp["name"], count, rng), sizes, strict=True):
            practice_rows.append(
                {
                    "code": f"{prefix}{code_no:03d}",
                    "name": name,
                    "pcn_code": f"U9{i + 1:04d}",
                    "pcn_name": f"{lcp['name']} PCN",
                    "lcp": i,
                    "size": size,
                }
            )
            code_no += 1
    index = {lcp["name"]: i for i, lcp in enumerate(lcps)}
    split_rows: list[dict[str, Any]] = []
    for sp in spec["split_practices"]:
        split_rows.append(
            {
                "code": f"{prefix}{code_no:03d}",
                "name": sp["name"],
                "pcn_code": f"U9{index[sp['partnerships'][0]] + 1:04d}",
                "pcn_name": f"{sp['partnerships'][0]} PCN",
                "lcps": [index[n] for n in sp["partnerships"]],
                "size": sp["list_size"],
            }
        )
        code_no += 1

    ids: dict[str, int] = {}
    for row in practice_rows + split_rows:
        ids[row["code"]] = demo_rows.add_practice(
            conn,
            code=row["code"],
            name=row["name"],
            pcn_code=row["pcn_code"],
            pcn_name=row["pcn_name"],
            is_demo=True,
        )
    members = [
        {
            "practice_id": ids[r["code"]],
            "partnership_id": unit_ids[r["lcp"]],
            "effective_from": start,
            "is_demo": True,
        }
        for r in practice_rows
    ] + [
        {
            "practice_id": ids[r["code"]],
            "partnership_id": unit_ids[j],
            "effective_from": start,
            "is_demo": True,
        }
        for r in split_rows
        for j in r["lcps"]
    ]
    demo_rows.add_memberships(conn, members)
    sizes_rows = []
    for r in practice_rows + split_rows:
        earlier = round(r["size"] * rng.uniform(0.975, 0.998))
        sizes_rows.append(
            {
                "practice_id": ids[r["code"]],
                "extract_date": extract,
                "patients": r["size"],
                "source": "demo",
            }
        )
        sizes_rows.append(
            {
                "practice_id": ids[r["code"]],
                "extract_date": EARLIER_EXTRACT,
                "patients": earlier,
                "source": "demo",
            }
        )
    demo_rows.add_list_sizes(conn, sizes_rows)
    step(0.25, "Leeds: footprints")

    # Footprints: each LCP a set of LSOAs.
    lsoa_no = int(spec["lsoa_code_start"])
    lsoas_by_lcp: list[list[str]] = []
    for lcp in lcps:
        count = max(4, round(lcp["footprint"] / MEAN_LSOA_RESIDENTS))
        codes = [f"E01{lsoa_no + k:06d}" for k in range(count)]
        lsoa_no += count
        lsoas_by_lcp.append(codes)
    demo_rows.add_footprints(
        conn,
        [
            {"area_id": area_id, "lsoa_code": code, "partnership_id": unit_ids[i], "is_demo": True}
            for i, codes in enumerate(lsoas_by_lcp)
            for code in codes
        ],
    )
    step(0.35, "Leeds: where patients live")

    # The LCP-to-LCP flow matrix with the published margins.
    n = len(lcps)
    seed = [[40.0 if i == j else 1.0 for j in range(n)] for i in range(n)]
    flows = fit_margins(
        seed, [lcp["membership"] for lcp in lcps], [lcp["footprint"] for lcp in lcps]
    )
    registrations: list[tuple[str, str, int]] = []
    for i in range(n):
        rows_i = [r for r in practice_rows if r["lcp"] == i]
        share = [
            [r["size"] * flows[i][j] / lcps[i]["membership"] for j in range(n)] for r in rows_i
        ]
        per_practice = fit_margins(share, [r["size"] for r in rows_i], flows[i], iterations=50)
        for r, counts in zip(rows_i, per_practice, strict=True):
            for j, patients in enumerate(counts):
                if patients:
                    registrations.extend(_spread(r["code"], patients, lsoas_by_lcp[j], rng))
        step(0.35 + 0.4 * (i + 1) / n, "Leeds: where patients live")
    for r in split_rows:
        homes = r["lcps"]
        for j, patients in zip(homes, largest_remainder(r["size"], [0.6, 0.4]), strict=True):
            registrations.extend(_spread(r["code"], patients, lsoas_by_lcp[j], rng))
    ids = blocks.lsoa_ids(conn, (r[1] for r in registrations))
    blocks.replace_blocks(conn, extract, blocks.blocks_from_rows(registrations, ids), "demo")
    return len(practice_rows) + len(split_rows), len(registrations)


def _spread(
    code: str, patients: int, lsoas: list[str], rng: random.Random
) -> list[tuple[str, str, int]]:
    weights = [rng.uniform(0.3, 1.7) for _ in lsoas]
    return [
        (code, lsoa, n)
        for lsoa, n in zip(lsoas, largest_remainder(patients, weights), strict=True)
        if n
    ]


# --------------------------------------------------------------------------- LLR


def _load_llr(conn: Connection, spec: dict[str, Any]) -> int:
    rng = random.Random(20170401)
    extract = dt.date.fromisoformat(spec["extract_date"])
    start = dt.date.fromisoformat(spec["membership_from"])
    prefix = spec["practice_code_prefix"]
    area_id = demo_rows.add_area(
        conn,
        name=spec["area"],
        partnership_label=spec["partnership_label"],
        subunit_label=spec["subunit_label"],
        notes=f"{spec['full_name']}. {spec['source']}",
        is_demo=True,
    )
    code_no = 1
    count = 0
    for order, locality in enumerate(spec["localities"]):
        locality_id = demo_rows.add_partnership(
            conn,
            area_id=area_id,
            name=locality["name"],
            sort_order=order,
            published_population=locality["population"],
            notes=locality.get("group", ""),
        )
        for sub_order, sub in enumerate(locality["sub_localities"]):
            sub_id = demo_rows.add_partnership(
                conn,
                area_id=area_id,
                parent_id=locality_id,
                name=sub["name"],
                sort_order=sub_order,
                published_population=sub["population"],
            )
            names = sub["practices"]
            sizes = largest_remainder(sub["population"], [rng.uniform(0.5, 1.5) for _ in names])
            for name, size in zip(names, sizes, strict=True):
                pid = demo_rows.add_practice(
                    conn, code=f"{prefix}{code_no:03d}", name=name, is_demo=True
                )
                code_no += 1
                count += 1
                demo_rows.add_membership(
                    conn, practice_id=pid, partnership_id=sub_id, effective_from=start, is_demo=True
                )
                demo_rows.add_list_size(
                    conn, practice_id=pid, extract_date=extract, patients=size, source="demo"
                )
    return count
