"""Membership definitions: which practices belong to each partnership (a CSV or a sheet)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd

from lcpdesk.errors import InputError, Location
from lcpdesk.io.columns import Field, Table, practice_codes, text
from lcpdesk.io.kinds.base import (
    Extract,
    FileKind,
    ImportJob,
    IsCancelled,
    Progress,
    format_date,
    plural,
)
from lcpdesk.io.kinds.headers import PARTNERSHIP, PRACTICE
from lcpdesk.io.tables import open_table, sniff_header

FIELDS = (
    Field("practice_code", PRACTICE),
    Field("partnership", PARTNERSHIP),
    Field(
        "sub_unit",
        ("Sub-locality", "Sub locality name", "Sub unit", "PCN", "PCN name"),
        required=False,
    ),
    Field("practice_name", ("Practice name", "Name"), required=False),
)


@dataclass(frozen=True, eq=False, kw_only=True)
class MembershipDefinitions(Extract):
    """``practice_code, practice_name, partnership, sub_unit`` str (NaN when missing),
    ``is_split`` bool, ``line`` int64. Rows set aside: a practice repeated under the same
    partnership."""

    kind: ClassVar[str] = "membership_definitions"
    partnerships: tuple[str, ...]
    split_practices: tuple[str, ...]


def partnerships(table: Table) -> pd.Series:
    return text(table, "partnership", blank="error")


def read_membership_definitions(
    path: Path | str,
    sheet: str | int | None = None,
    *,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> MembershipDefinitions:
    """Which practices belong to each partnership, from a CSV or a worksheet.

    A practice listed under two or more partnerships is split: each of its rows has ``is_split``.
    """
    table = open_table(path, KIND, sheet=sheet, progress=progress, cancelled=cancelled)
    practice = practice_codes(table, "practice_code")
    partnership = partnerships(table)
    repeated = pd.DataFrame({"c": practice, "p": partnership}).duplicated().to_numpy()
    frame = pd.DataFrame(
        {
            "practice_code": practice,
            "practice_name": text(table, "practice_name", blank="missing"),
            "partnership": partnership,
            "sub_unit": text(table, "sub_unit", blank="missing"),
            "line": table.lines,
        }
    )[~repeated].reset_index(drop=True)
    frame.insert(4, "is_split", frame["practice_code"].duplicated(keep=False).to_numpy())
    split = tuple(frame.loc[frame["is_split"], "practice_code"].unique())
    return MembershipDefinitions(
        frame=frame,
        source=table.file,
        sheet=table.sheet,
        rows_read=len(table.frame),
        rows_set_aside=int(repeated.sum()),
        partnerships=tuple(frame["partnership"].unique()),
        split_practices=split,
    )


def set_aside(extract: MembershipDefinitions) -> list[str]:
    parts = [plural(extract.rows_set_aside, "repeated line")] if extract.rows_set_aside else []
    if extract.split_practices:
        split = plural(len(extract.split_practices), "split practice")
        parts.append(f"{split} (listed, not counted)")
    return parts


def _check_gp_practices(job: ImportJob, extract: MembershipDefinitions) -> None:
    frame = extract.frame
    for code, line in zip(frame["practice_code"], frame["line"], strict=True):
        if job.gp_practice.get(str(code)) is False:
            raise InputError(
                f"{code} is not a GP practice (ODS epraccur.csv gives it another "
                "prescribing setting)",
                where=Location(
                    file=extract.source, sheet=extract.sheet, line=int(line), column="Practice code"
                ),
                hint="Remove that line, or correct the code.",
            )


def apply(job: ImportJob, extract: MembershipDefinitions) -> None:
    """Make the area's membership exactly what the file lists from the effective date."""
    area = job.need_area(extract)
    frame = extract.frame
    _check_gp_practices(job, extract)
    when = job.effective_date()
    pairs = [
        (str(p), str(s) if isinstance(s, str) and s.strip() else None)
        for p, s in zip(frame["partnership"], frame["sub_unit"], strict=True)
    ]
    unit_ids = job.units(list(dict.fromkeys(pairs)), extract.source_name)
    # Practices: add those not yet in the register.
    reg = job.register()
    new_rows: list[dict[str, Any]] = []
    for code, name in zip(frame["practice_code"], frame["practice_name"], strict=True):
        if code in reg or any(r["code"] == code for r in new_rows):
            continue
        label = name if isinstance(name, str) and name.strip() else job.names.get(code, code)
        new_rows.append({"code": code, "name": label})
    if new_rows:
        job.record(job.repo.upsert_practices(new_rows))
        reg = job.register()
    wanted = {
        (reg[code], unit_ids[pair])
        for code, pair in zip(frame["practice_code"], pairs, strict=True)
    }
    have = {(m.practice_id, m.partnership_id): m for m in job.repo.memberships_at(area.id, when)}
    joins = sorted(wanted - have.keys())
    leaves = [m for key, m in have.items() if key not in wanted]
    job.record(job.repo.start_memberships(joins, when))
    job.record(job.repo.end_memberships([m.id for m in leaves if m.effective_from < when], when))
    job.record(job.repo.delete_memberships([m.id for m in leaves if m.effective_from >= when]))
    split = len(extract.split_practices)
    listed = len(set(frame["practice_code"]))
    job.say(
        f"{extract.source_name}: {area.name} membership from {format_date(when)}: "
        f"{plural(listed, 'practice')}, {split:,} of them split; "
        f"{plural(len(joins), 'membership')} start, {len(leaves):,} end"
        + (f"; {plural(len(new_rows), 'practice')} added to the register." if new_rows else ".")
    )
    if ends_most(len(leaves), len(have)):
        job.warn(
            f"This ends {len(leaves):,} of the {len(have):,} memberships {area.name} has on "
            f"{format_date(when)}: only the {plural(listed, 'practice')} in "
            f"{extract.source_name} stay members."
        )


def ends_most(ended: int, existing: int) -> bool:
    """Whether ending ``ended`` of ``existing`` memberships is more than a tidy-up: over half
    of them, and more than a handful."""
    return ended > 5 and ended * 2 > existing


KIND = FileKind(
    name="membership_definitions",
    description="membership definitions (practice code and partnership)",
    fields=FIELDS,
    sniff=sniff_header(FIELDS, 0.65),
    read=read_membership_definitions,
    set_aside=set_aside,
    apply=apply,
    order=10,
    needs_area=True,
    needs_date=True,
)
