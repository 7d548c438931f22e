"""Benchmark: importing a national-size practice-by-LSOA file and computing the area table.

Generates, in the real layouts, a practice-by-LSOA file of about a million rows (~6,500
practices, ~33,000 LSOAs), the list-size file, and membership and footprint definitions for
an 18-partnership area; then times, each in a fresh process, in one run:

* lcpdesk: read + check every file, import into an existing empty store (one transaction),
  compute the area table (membership and footprint populations) and close the store; the
  process's start-up imports are counted, the one-off creation of the store is not;
* plain pandas: read the same files and compute the same table.

Prints wall time and peak memory (max RSS) of each, the ratio, and checks that both give the
same figures. Run: ``.venv/bin/python tests/benchmarks/bench_import.py [--rows 1000000]``.

``--end-to-end`` times what a user does instead, from outside, wall clock, with every process's
start-up: ``lcpdesk import FILE... --area Bench`` into a new data folder (the store is created
by it), then ``lcpdesk table --area Bench --format json``, against the plain pandas script
run as one process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[1]))  # tests/, for helpers

WHEN = dt.date(2024, 6, 1)
PARTNERSHIPS = 18
AREA_PRACTICES = 120
AREA_LSOAS = 480


def generate(folder: Path, rows: int, seed: int = 7) -> dict[str, Path]:
    from helpers.nhsd_files import write_csv, write_list_sizes, write_lsoa

    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    practices = [f"{chr(65 + n % 16)}{81000 + n:05d}" for n in range(6500)]
    lsoas = [f"E01{n:06d}" for n in range(33000)]
    per_practice = max(1, rows // len(practices))
    flows = []
    sizes = []
    for i, code in enumerate(practices):
        centre = rng.randrange(len(lsoas))
        total = 0
        window = range(centre - 400, centre + 400)
        chosen = sorted(j % len(lsoas) for j in rng.sample(window, min(per_practice, 800)))
        for j in chosen:
            n = rng.randint(1, 120)
            total += n
            flows.append((code, f"PRACTICE {i}", lsoas[j], n))
        if i % 50 == 0:
            flows.append((code, f"PRACTICE {i}", "NO2011", 3))
            total += 3
        sizes.append((code, total))
    area_practices = practices[:AREA_PRACTICES]
    area_lsoas = lsoas[:AREA_LSOAS]
    return {
        "lsoa": write_lsoa(folder / "gp-reg-pat-prac-lsoa-all.csv", WHEN, flows),
        "sizes": write_list_sizes(folder / "gp-reg-pat-prac-all.csv", WHEN, sizes),
        "members": write_csv(
            folder / "membership.csv",
            ["Practice code", "LCP"],
            [(c, f"LCP {k % PARTNERSHIPS + 1:02d}") for k, c in enumerate(area_practices)],
        ),
        "footprints": write_csv(
            folder / "footprints.csv",
            ["LSOA code", "LCP"],
            [(c, f"LCP {k % PARTNERSHIPS + 1:02d}") for k, c in enumerate(area_lsoas)],
        ),
    }


SETUP = """
import sys
from pathlib import Path
from lcpdesk.store.db import open_store
open_store(Path(sys.argv[1])).close()
"""

LCPDESK = """
import json, sys, time
from pathlib import Path
t0 = time.perf_counter()
from lcpdesk.store.db import open_store
from lcpdesk.services import importing
from lcpdesk.services.membership import MembershipService
files = [Path(p) for p in sys.argv[2:]]
store = open_store(Path(sys.argv[1]))
extracts = importing.read_files(files)
t_read = time.perf_counter()
importing.run_import(store, extracts, importing.ImportOptions(area="Bench"), commit=True)
t_import = time.perf_counter()
service = MembershipService(store)
table = service.area_table(service.area_named("Bench").id)
store.close()  # all written to the data file (SQLite's write-ahead log checkpointed)
t_table = time.perf_counter()
import resource
print(json.dumps({
    "read": t_read - t0, "write": t_import - t_read, "table": t_table - t_import,
    "total": t_table - t0,
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "rows": {r.name: [r.membership, r.footprint] for r in table.rows},
}))
"""

PANDAS = """
import json, sys, time
t0 = time.perf_counter()
import pandas as pd
lsoa_file, sizes_file, members_file, feet_file = sys.argv[1:5]
members = pd.read_csv(members_file)
counted = members.drop_duplicates("Practice code", keep=False)
feet = pd.read_csv(feet_file)
sizes = pd.read_csv(sizes_file, usecols=["TYPE", "CODE", "SEX", "AGE", "NUMBER_OF_PATIENTS"])
sizes = sizes[(sizes.TYPE == "GP") & (sizes.SEX == "ALL") & (sizes.AGE == "ALL")]
flows = pd.read_csv(lsoa_file, usecols=["PRACTICE_CODE", "LSOA_CODE", "SEX", "NUMBER_OF_PATIENTS"])
flows = flows[flows.SEX == "ALL"]
membership = counted.merge(sizes, left_on="Practice code", right_on="CODE").groupby("LCP")[
    "NUMBER_OF_PATIENTS"].sum()
f = flows[flows.PRACTICE_CODE.isin(counted["Practice code"])].merge(
    feet, left_on="LSOA_CODE", right_on="LSOA code")
footprint = f.groupby("LCP")["NUMBER_OF_PATIENTS"].sum()
t1 = time.perf_counter()
import resource
print(json.dumps({
    "total": t1 - t0,
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "rows": {k: [int(membership.get(k, 0)), int(footprint.get(k, 0))] for k in membership.index},
}))
"""


def run(code: str, *args: object) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def wall(cmd: list[str]) -> tuple[float, str]:
    """Seconds from starting ``cmd`` to its end (it must exit 0), and its output."""
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])}... exited {done.returncode}:\n{done.stderr}")
    return took, done.stdout


def end_to_end(folder: Path, files: dict[str, Path], repeat: int) -> int:
    """A first import through the CLI into a new store, then ``lcpdesk table``, vs pandas."""
    cli = [sys.executable, "-m", "lcpdesk"]
    inputs = [str(files[k]) for k in ("members", "footprints", "sizes", "lsoa")]
    plain_cmd = [sys.executable, "-c", PANDAS, *map(str, (files[k] for k in (
        "lsoa", "sizes", "members", "footprints")))]  # fmt: skip
    ours: list[tuple[float, float, float]] = []
    plain: list[float] = []
    rows: object = None
    base_rows: object = None
    for k in range(repeat):
        data = folder / f"e2e{k}"  # new each time: the import creates the store
        t_import, _ = wall([*cli, "import", *inputs, "--area", "Bench", "--data-dir", str(data)])
        t_table, out = wall([*cli, "table", "--area", "Bench", "--format", "json",
                             "--data-dir", str(data)])  # fmt: skip
        rows = {
            r["partnership"]: [r["membership"], r["footprint"]] for r in json.loads(out)["rows"]
        }
        ours.append((t_import + t_table, t_import, t_table))
        t_plain, out = wall(plain_cmd)
        base_rows = json.loads(out.strip().splitlines()[-1])["rows"]
        plain.append(t_plain)
    best = min(ours)
    base = min(plain)
    same = rows == base_rows
    print(
        f"lcpdesk end to end: {best[0]:.2f} s (import into a new store {best[1]:.2f}, "
        f"table {best[2]:.2f}); best of {repeat}"
    )
    print(f"pandas, one process: {base:.2f} s")
    print(f"ratio     : {best[0] / base:.2f}x (target <= 2x); same figures: {same}")
    return 0 if same else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--end-to-end",
        action="store_true",
        help="time `lcpdesk import` into a new store plus `lcpdesk table`, as a user runs them",
    )
    args = parser.parse_args()
    # Timed as installed: with the package's bytecode compiled (a shell may forbid writing it).
    package = HERE.parents[2] / "lcpdesk"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        files = generate(folder / "files", args.rows)
        size_mb = files["lsoa"].stat().st_size / 1e6
        lines = sum(1 for _ in files["lsoa"].open()) - 1
        print(
            f"generated {lines:,} practice-by-LSOA rows ({size_mb:.0f} MB) "
            f"in {time.perf_counter() - t:.1f} s"
        )
        if args.end_to_end:
            return end_to_end(folder, files, args.repeat)
        ours, plain = [], []
        for k in range(args.repeat):
            subprocess.run([sys.executable, "-c", SETUP, folder / f"store{k}"], check=True)
            ours.append(
                run(
                    LCPDESK,
                    folder / f"store{k}",
                    files["members"],
                    files["footprints"],
                    files["sizes"],
                    files["lsoa"],
                )
            )
            plain.append(
                run(PANDAS, files["lsoa"], files["sizes"], files["members"], files["footprints"])
            )
        best = min(ours, key=lambda r: float(r["total"]))  # type: ignore[arg-type]
        base = min(plain, key=lambda r: float(r["total"]))  # type: ignore[arg-type]
        same = best["rows"] == base["rows"]
        print(
            f"lcpdesk   : {best['total']:.2f} s (read+check {best['read']:.2f}, "
            f"write {best['write']:.2f}, table {best['table']:.3f}); "
            f"peak {best['rss_mb']:.0f} MB"
        )
        print(f"pandas    : {base['total']:.2f} s; peak {base['rss_mb']:.0f} MB")
        print(
            f"ratio     : {float(best['total']) / float(base['total']):.2f}x (target <= 2x); "
            f"same figures: {same}"
        )
        return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
