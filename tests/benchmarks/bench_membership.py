"""How fast the Membership pane's queries are at national scale.

    .venv/bin/python tests/benchmarks/bench_membership.py [--practices 6500]
        [--partnerships 1250] [--lsoas-per-practice 150] [--repeat 5]

Builds a store like England's (about 6,500 practices in 1,250 partnerships, 33,000 LSOAs in
their footprints, a practice-by-LSOA extract of about a million rows, two list-size extracts,
2% split practices) and times ``MembershipService.members()`` for the whole area and for one
partnership, ``area_table()`` and ``flow_table()``. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from lcpdesk.services import populations
from lcpdesk.services.membership import MembershipService
from lcpdesk.store import registrations, schema
from lcpdesk.store.db import Store, open_store

EXTRACTS = (dt.date(2024, 3, 1), dt.date(2024, 6, 1))
LSOAS = 33_000
SPREAD = 120  # a practice's patients live within this many LSOAs of its own (contiguous ids)


def footprint_of(lsoa_index: int, partnerships: int) -> int:
    """Contiguous footprints: each partnership holds a run of about 26 neighbouring LSOAs."""
    return min(lsoa_index * partnerships // LSOAS, partnerships - 1) + 1


def build(store: Store, practices: int, partnerships: int, per_practice: int) -> int:
    """Fill the store; returns the number of practice-by-LSOA rows."""
    rng = random.Random(2024)
    t = schema
    lsoa_codes = [f"E01{n:06d}" for n in range(LSOAS)]
    with store.write() as conn:
        conn.execute(insert(t.area).values(id=1, name="England", partnership_label="PCN"))
        conn.execute(
            insert(t.partnership),
            [
                {"id": p + 1, "area_id": 1, "name": f"Partnership {p + 1:04d}", "sort_order": p}
                for p in range(partnerships)
            ],
        )
        codes = [f"{chr(65 + k // 1000 % 26)}{81000 + k:05d}" for k in range(practices)]
        conn.execute(
            insert(t.practice),
            [
                {"id": k + 1, "code": code, "name": f"Practice {code}", "postcode": "LS1 1AA"}
                for k, code in enumerate(codes)
            ],
        )
        conn.execute(
            insert(t.list_size),
            [
                {
                    "practice_id": k + 1,
                    "extract_date": when,
                    "patients": rng.randint(2_000, 25_000),
                    "source": "nhsd",
                }
                for k in range(practices)
                for when in EXTRACTS
            ],
        )
        home = [k % partnerships + 1 for k in range(practices)]
        members: list[dict[str, Any]] = [
            {"practice_id": k + 1, "partnership_id": home[k], "effective_from": EXTRACTS[0]}
            for k in range(practices)
        ]
        for k in rng.sample(range(practices), practices // 50):  # 2% split
            other = home[k] % partnerships + 1
            members.append(
                {"practice_id": k + 1, "partnership_id": other, "effective_from": EXTRACTS[0]}
            )
        conn.execute(insert(t.membership), members)
        conn.execute(
            insert(t.footprint),
            [
                {"area_id": 1, "lsoa_code": code, "partnership_id": footprint_of(n, partnerships)}
                for n, code in enumerate(lsoa_codes)
            ],
        )
        ids = registrations.lsoa_ids(conn, lsoa_codes)
        rows: list[tuple[str, str, int]] = []
        per_unit = LSOAS // partnerships
        for k, code in enumerate(codes):
            # patients live around their practice's own footprint, spilling into neighbours'
            centre = (home[k] - 1) * per_unit + rng.randrange(per_unit)
            for j in rng.sample(range(-SPREAD, SPREAD), per_practice):
                rows.append((code, lsoa_codes[(centre + j) % LSOAS], rng.randint(1, 150)))
        blocks = registrations.blocks_from_rows(rows, ids)
        registrations.replace_blocks(conn, EXTRACTS[-1], blocks)
    return len(rows)


def timed(label: str, repeat: int, work: Callable[[], object]) -> None:
    times: list[float] = []
    result: object = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    size = f"{len(result):>6,} rows" if isinstance(result, list) else ""
    print(
        f"{label:<38} median {statistics.median(times) * 1000:8.1f} ms   "
        f"min {min(times) * 1000:8.1f} ms   {size}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=6_500)
    parser.add_argument("--partnerships", type=int, default=1_250)
    parser.add_argument("--lsoas-per-practice", type=int, default=150)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="lcpdesk-bench-") as tmp:
        store = open_store(Path(tmp))
        try:
            start = time.perf_counter()
            n_rows = build(store, args.practices, args.partnerships, args.lsoas_per_practice)
            built = time.perf_counter() - start
            size_mb = store.path.stat().st_size / 1e6
            print(
                f"store: {args.practices:,} practices, {args.partnerships:,} partnerships, "
                f"{LSOAS:,} LSOAs, {n_rows:,} practice-by-LSOA rows; built in {built:.1f} s "
                f"({size_mb:.0f} MB before checkpoint)"
            )
            service = MembershipService(store)
            when = EXTRACTS[-1]
            timed("members(whole area)", args.repeat, lambda: service.members(1, None, when))
            timed("members(one partnership)", args.repeat, lambda: service.members(1, 7, when))
            timed("area_table(area, latest extract)", args.repeat, lambda: service.area_table(1))
            timed(
                "area_table(area, older extract)",
                args.repeat,
                lambda: service.area_table(1, EXTRACTS[0]),
            )
            timed(
                "flow_table(area, latest extract)",
                args.repeat,
                lambda: populations.flow_table(store, 1, when),
            )
        finally:
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
