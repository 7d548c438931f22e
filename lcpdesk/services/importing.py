"""Importing NHS Digital, ODS and definitions files: read, preview, then write all or nothing.

:func:`read_files` parses files (no store access). :func:`run_import` applies what
they say to the store in one transaction; with ``commit=False`` the transaction
is rolled back, which makes the preview exactly what a real import would do.
The returned :class:`ImportOutcome` lists what changes (or would change) and
holds the :class:`ChangeSet` that undoes it as one step.

What each kind of file does:

* practice map, ODS epraccur, PCN core partners: update the names, postcodes, PCNs and open/close
  dates of practices already in the register (or added by the same import);
* list sizes: set each registered practice's list size for the file's extract date(s);
* membership definitions: create the area (``area`` option) and its partnerships and sub-units
  as needed, add the practices, and make the area's membership exactly what the file lists from
  the effective date (practices listed twice are split);
* footprint definitions: make the area's footprints exactly the file's LSOAs;
* practice-by-LSOA: replace the registrations held for the file's extract date(s).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, insert, select

from lcpdesk.domain.model import Area
from lcpdesk.errors import Cancelled, InputError, Location
from lcpdesk.io import nhsd
from lcpdesk.store import bulk, registrations, repo
from lcpdesk.store.changes import ChangeSet, RowChange
from lcpdesk.store.db import Store
from lcpdesk.store.schema import area as area_table
from lcpdesk.store.schema import footprint, list_size, membership, partnership, practice

Progress = Callable[[float, str], None]
IsCancelled = Callable[[], bool]

ORDER = (
    "membership_definitions",
    "epraccur",
    "practice_map",
    "pcn_core_partners",
    "practice_list_sizes",
    "footprint_definitions",
    "practice_lsoa",
)


@dataclass(frozen=True)
class ImportOptions:
    area: str | None = None  # the area definitions files are for
    effective_from: dt.date | None = None  # when membership definitions take effect


@dataclass
class ImportOutcome:
    lines: list[str] = field(default_factory=list)  # what changes, in words
    changeset: ChangeSet = field(default_factory=lambda: ChangeSet("Import"))
    committed: bool = False
    area_id: int | None = None

    @property
    def changes_anything(self) -> bool:
        return not self.changeset.is_empty()


def _fmt(d: dt.date) -> str:
    return f"{d.day} {d:%b %Y}"


def read_files(
    paths: Sequence[Path | str],
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> list[nhsd.Extract]:
    """Read and check every file; the first problem stops the import (nothing is written)."""
    report = progress or (lambda _f, _t: None)
    extracts: list[nhsd.Extract] = []
    share = 1.0 / max(1, len(paths))
    for n, path in enumerate(paths):
        name = Path(path).name

        def sub(fraction: float, _n: int = n, _name: str = name) -> None:
            report((_n + fraction) * share, f"Reading {_name}")

        if cancelled is not None and cancelled():
            raise Cancelled()
        extracts.append(nhsd.read_any(path, progress=sub, cancelled=cancelled))
    report(1.0, "Read")
    return extracts


def run_import(
    store: Store,
    extracts: Sequence[nhsd.Extract],
    options: ImportOptions | None = None,
    *,
    commit: bool,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> ImportOutcome:
    """Apply the files in one transaction; roll it back unless ``commit``."""
    opts = options or ImportOptions()
    report = progress or (lambda _f, _t: None)
    ordered = sorted(extracts, key=lambda e: ORDER.index(e.kind))
    names = ", ".join(Path(e.source).name for e in ordered)
    outcome = ImportOutcome(changeset=ChangeSet(f"Import {names}"))
    with store.trial() if not commit else store.write() as conn:
        job = _Job(conn, ordered, opts, outcome)
        for n, extract in enumerate(ordered):
            if cancelled is not None and cancelled():
                raise Cancelled()
            report(n / max(1, len(ordered)), f"Checking {Path(extract.source).name}")
            job.apply(extract)
        if not outcome.changes_anything:
            outcome.lines.append("Nothing to change: the store already holds all of this.")
        if cancelled is not None and cancelled():
            raise Cancelled()
        report(1.0, "Saving" if commit else "Preview ready")
        outcome.committed = commit
    return outcome


class _Job:
    def __init__(
        self,
        conn: Connection,
        extracts: Sequence[nhsd.Extract],
        options: ImportOptions,
        outcome: ImportOutcome,
    ) -> None:
        self.conn = conn
        self.extracts = extracts
        self.options = options
        self.outcome = outcome
        self.area: Area | None = None
        self.names: dict[str, str] = {}  # practice code -> name, from this import's files
        self.gp_practice: dict[str, bool] = {}  # from epraccur
        for e in extracts:
            if e.kind in ("practice_map", "epraccur"):
                frame = e.frame
                named = frame.dropna(subset=["name"])
                self.names.update(zip(named["practice_code"], named["name"], strict=True))
            if e.kind == "epraccur":
                self.gp_practice.update(
                    zip(e.frame["practice_code"], e.frame["is_gp_practice"], strict=True)
                )

    # ------------------------------------------------------------------ plumbing

    def record(self, changes: Sequence[RowChange]) -> None:
        self.outcome.changeset.changes.extend(changes)

    def say(self, line: str) -> None:
        self.outcome.lines.append(line)

    def register(self) -> dict[str, int]:
        return {
            code: int(pid)
            for pid, code in self.conn.execute(select(practice.c.id, practice.c.code))
        }

    def apply(self, extract: nhsd.Extract) -> None:
        getattr(self, f"_{extract.kind}")(extract)

    def effective_date(self) -> dt.date:
        if self.options.effective_from is not None:
            return self.options.effective_from
        dates = [d for e in self.extracts for d in e.extract_dates]
        return min(dates) if dates else dt.date.today()

    def need_area(self, extract: nhsd.Extract) -> Area:
        if self.area is not None:
            return self.area
        known = repo.areas(self.conn)
        name = self.options.area
        if name is None:
            if len(known) == 1:
                self.area = known[0]
                return self.area
            raise InputError(
                f"{Path(extract.source).name} defines partnerships, but no area was named.",
                hint="Say which area it is for (--area NAME, or choose the area in the import "
                "dialog); a new area is created if none has that name.",
            )
        found = repo.area_by_name(self.conn, name)
        if found is None:
            clean = " ".join(name.split())
            if not clean:
                raise InputError("The area name cannot be empty.")
            (new_id,) = self._insert(area_table, {"name": clean})
            self.say(f"Create the area {clean}.")
            found = repo.area_by_id(self.conn, new_id)
            assert found is not None
        self.area = found
        self.outcome.area_id = found.id
        return found

    def _insert(self, table: Any, values: dict[str, Any]) -> tuple[Any, ...]:
        result = self.conn.execute(insert(table).values(**values))
        key = tuple(result.inserted_primary_key or ())
        row = bulk.fetch_by(self.conn, table, [c.name for c in table.primary_key.columns], [key])
        self.record([RowChange(table.name, key, None, row[key])])
        return key

    def units(
        self, names: Sequence[tuple[str, str | None]], source: str
    ) -> dict[tuple[str, str | None], int]:
        """Partnership (and sub-unit) ids by name, creating those that do not exist."""
        assert self.area is not None
        existing = repo.partnerships(self.conn, self.area.id)
        tops = {p.name.casefold(): p.id for p in existing if p.parent_id is None}
        subs = {(p.parent_id, p.name.casefold()): p.id for p in existing if p.parent_id is not None}
        created: list[str] = []
        order = len(existing)
        result: dict[tuple[str, str | None], int] = {}
        for top_name, sub_name in names:
            top_id = tops.get(top_name.casefold())
            if top_id is None:
                (top_id,) = self._insert(
                    partnership, {"area_id": self.area.id, "name": top_name, "sort_order": order}
                )
                order += 1
                tops[top_name.casefold()] = top_id
                created.append(top_name)
            unit = top_id
            if sub_name:
                unit = subs.get((top_id, sub_name.casefold()))
                if unit is None:
                    (unit,) = self._insert(
                        partnership,
                        {
                            "area_id": self.area.id,
                            "parent_id": top_id,
                            "name": sub_name,
                            "sort_order": order,
                        },
                    )
                    order += 1
                    subs[(top_id, sub_name.casefold())] = unit
                    created.append(f"{sub_name} ({top_name})")
            result[(top_name, sub_name)] = unit
        if created:
            shown = ", ".join(created[:6]) + (
                f" and {len(created) - 6} more" if len(created) > 6 else ""
            )
            self.say(
                f"{source}: create {len(created)} partnership(s) in {self.area.name}: {shown}."
            )
        return result

    # ------------------------------------------------------------------ practice details

    def _practice_details(self, extract: nhsd.Extract, columns: Sequence[str], what: str) -> None:
        reg = self.register()
        frame = extract.frame[extract.frame["practice_code"].isin(reg.keys())]
        rows = []
        for rec in frame.to_dict("records"):
            values: dict[str, Any] = {"code": rec["practice_code"]}
            for col in columns:
                target = {"pcn_code": "pcn_code", "pcn_name": "pcn_name"}.get(col, col)
                value = rec[col]
                if value is None or (isinstance(value, float) and np.isnan(value)):
                    continue
                if value is pd.NaT:
                    continue
                values[target] = value
            rows.append(values)
        changes = bulk.upsert(self.conn, practice, rows, ["code"], insert_missing=False)
        self.record(changes)
        outside = len(extract.frame) - len(frame)
        self.say(
            f"{extract.source_name}: {what} for {len(frame):,} practice(s) in the register "
            f"({len(changes):,} changed); {outside:,} practice(s) not in the register left aside."
        )

    def _epraccur(self, extract: nhsd.Extract) -> None:
        self._practice_details(extract, ["name", "postcode", "open_date", "close_date"], "details")

    def _practice_map(self, extract: nhsd.Extract) -> None:
        self._practice_details(
            extract, ["name", "postcode", "pcn_code", "pcn_name"], "names and PCNs"
        )

    def _pcn_core_partners(self, extract: nhsd.Extract) -> None:
        today = dt.date.today()
        frame = extract.frame
        current = frame[
            frame["end_date"].isna()
            | (frame["end_date"].map(lambda d: d is not None and d > today))
        ]
        current = current.sort_values("start_date").drop_duplicates("practice_code", keep="last")
        self._practice_details(
            nhsd.PcnCorePartners(
                frame=current.reset_index(drop=True),
                source=extract.source,
                rows_read=extract.rows_read,
            ),
            ["pcn_code", "pcn_name"],
            "current PCNs",
        )

    # ------------------------------------------------------------------ list sizes

    def _practice_list_sizes(self, extract: nhsd.Extract) -> None:
        reg = self.register()
        frame = extract.frame[extract.frame["practice_code"].isin(reg.keys())]
        rows = [
            {
                "practice_id": reg[code],
                "extract_date": when,
                "patients": int(n),
                "source": "nhsd",
            }
            for code, when, n in zip(
                frame["practice_code"], frame["extract_date"], frame["patients"], strict=True
            )
        ]
        changes = bulk.upsert(self.conn, list_size, rows, ["practice_id", "extract_date"])
        self.record(changes)
        dates = ", ".join(_fmt(d) for d in extract.extract_dates)
        new = sum(1 for c in changes if c.before is None)
        self.say(
            f"{extract.source_name}: list sizes at {dates} for {len(frame):,} practice(s) in the "
            f"register ({new:,} new, {len(changes) - new:,} changed, {len(rows) - len(changes):,} "
            f"unchanged); {len(extract.frame) - len(frame):,} practice(s) not in the register "
            "left aside."
        )

    # ------------------------------------------------------------------ definitions

    def _membership_definitions(self, extract: nhsd.Extract) -> None:
        area = self.need_area(extract)
        frame = extract.frame
        where = Location(file=extract.source, sheet=extract.sheet)
        for code, line in zip(frame["practice_code"], frame["line"], strict=True):
            if self.gp_practice.get(str(code)) is False:
                raise InputError(
                    f"{code} is not a GP practice (ODS epraccur.csv gives it another "
                    "prescribing setting)",
                    where=Location(
                        file=where.file,
                        sheet=where.sheet,
                        line=int(line),
                        column="Practice code",
                    ),
                    hint="Remove that line, or correct the code.",
                )
        when = self.effective_date()
        pairs = [
            (str(p), str(s) if isinstance(s, str) and s.strip() else None)
            for p, s in zip(frame["partnership"], frame["sub_unit"], strict=True)
        ]
        unit_ids = self.units(list(dict.fromkeys(pairs)), extract.source_name)
        # Practices: add those not yet in the register.
        reg = self.register()
        new_rows: list[dict[str, Any]] = []
        for code, name in zip(frame["practice_code"], frame["practice_name"], strict=True):
            if code in reg or any(r["code"] == code for r in new_rows):
                continue
            label = name if isinstance(name, str) and name.strip() else self.names.get(code, code)
            new_rows.append({"code": code, "name": label})
        if new_rows:
            self.record(bulk.upsert(self.conn, practice, new_rows, ["code"]))
            reg = self.register()
        wanted = {
            (reg[code], unit_ids[pair])
            for code, pair in zip(frame["practice_code"], pairs, strict=True)
        }
        current = repo.memberships_at(self.conn, area.id, when)
        have = {(m.practice_id, m.partnership_id): m for m in current}
        joins = sorted(wanted - have.keys())
        leaves = [m for key, m in have.items() if key not in wanted]
        if joins:
            self.conn.execute(
                insert(membership),
                [{"practice_id": p, "partnership_id": u, "effective_from": when} for p, u in joins],
            )
            rows = bulk.fetch_by(
                self.conn,
                membership,
                ["practice_id", "partnership_id", "effective_from"],
                [(p, u, when) for p, u in joins],
            )
            self.record([RowChange("membership", (r["id"],), None, r) for r in rows.values()])
        ended = [m for m in leaves if m.effective_from < when]
        removed = [m for m in leaves if m.effective_from >= when]
        if ended:
            self.record(
                bulk.upsert(
                    self.conn,
                    membership,
                    [{"id": m.id, "effective_to": when} for m in ended],
                    ["id"],
                    insert_missing=False,
                )
            )
        if removed:
            images = bulk.fetch_by(self.conn, membership, ["id"], [(m.id,) for m in removed])
            self.record(bulk.delete_rows(self.conn, membership, list(images.values())))
        split = len(extract.split_practices)  # type: ignore[attr-defined]
        self.say(
            f"{extract.source_name}: {area.name} membership from {_fmt(when)}: "
            f"{len(set(frame['practice_code'])):,} practice(s), {split:,} of them split; "
            f"{len(joins):,} membership(s) start, {len(leaves):,} end"
            + (f"; {len(new_rows):,} practice(s) added to the register." if new_rows else ".")
        )

    def _footprint_definitions(self, extract: nhsd.Extract) -> None:
        area = self.need_area(extract)
        frame = extract.frame
        unit_ids = self.units(
            [(str(p), None) for p in dict.fromkeys(frame["partnership"])], extract.source_name
        )
        wanted = {
            code: unit_ids[(str(p), None)]
            for code, p in zip(frame["lsoa_code"], frame["partnership"], strict=True)
        }
        existing = {
            r["lsoa_code"]: dict(r)
            for r in self.conn.execute(
                select(footprint).where(footprint.c.area_id == area.id)
            ).mappings()
        }
        rows = [
            {"area_id": area.id, "lsoa_code": c, "partnership_id": u} for c, u in wanted.items()
        ]
        changes = bulk.upsert(self.conn, footprint, rows, ["area_id", "lsoa_code"])
        gone = [image for code, image in existing.items() if code not in wanted]
        changes += bulk.delete_rows(self.conn, footprint, gone)
        self.record(changes)
        self.say(
            f"{extract.source_name}: {area.name} footprints: {len(wanted):,} LSOA(s) in "
            f"{len(set(wanted.values())):,} partnership(s); {len(changes):,} change(s)."
        )

    # ------------------------------------------------------------------ practice-by-LSOA

    def _practice_lsoa(self, extract: nhsd.Extract) -> None:
        frame = extract.frame
        codes = frame["lsoa_code"]
        categories = [str(c) for c in codes.cat.categories.tolist()]
        ids = registrations.lsoa_ids(self.conn, categories)
        id_of_category = np.array([ids[c] for c in categories], dtype=np.int32)
        lsoa_id = id_of_category[codes.cat.codes.to_numpy()]
        practice_cat = frame["practice_code"].astype("category")
        pcodes = practice_cat.cat.codes.to_numpy()
        patients = frame["patients"].to_numpy(dtype=np.int64)
        for when in extract.extract_dates:
            if len(extract.extract_dates) > 1:
                on = np.asarray(frame["extract_date"] == when)
            else:
                on = np.ones(len(frame), dtype=bool)
            p, lid, n = pcodes[on], lsoa_id[on], patients[on]
            # One key, sorted stably: the file's runs (a practice's LSOAs in order) make it quick.
            width = int(lid.max(initial=0)) + 1
            order = np.argsort(p.astype(np.int64) * width + lid, kind="stable")
            p, lid, n = p[order], lid[order], n[order]
            starts = np.flatnonzero(np.r_[True, p[1:] != p[:-1]])
            ends = np.r_[starts[1:], len(p)]
            names = [str(name) for name in practice_cat.cat.categories.tolist()]
            lid, n = lid.astype(np.int32), n.astype(np.int32)
            blocks = [
                registrations.Block(names[p[s]], lid[s:e], n[s:e])
                for s, e in zip(starts.tolist(), ends.tolist(), strict=True)
            ]
            changes = registrations.replace_blocks(self.conn, when, blocks)
            self.record(changes)
            unknown = extract.unknown_residence_patients  # type: ignore[attr-defined]
            self.say(
                f"{extract.source_name}: patients by practice and LSOA at {_fmt(when)}: "
                f"{int(on.sum()):,} rows, {len(blocks):,} practice(s), {int(n.sum()):,} patients "
                f"({unknown:,} with unknown residence); {len(changes):,} practice(s) changed."
            )
