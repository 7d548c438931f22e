"""Updating the details of practices already in the register (names, postcodes, PCNs, dates):
what the practice map, ODS epraccur and the PCN core partner list do when imported.

Which source names a practice: ODS's ``epraccur`` (the register of organisations) renames
it; the practice map, whose names differ from ODS's in spelling and case, names only a
practice known by its code alone. So importing both, in any order and as often as wanted,
leaves one name and a second import changes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from lcpdesk.io.kinds.base import Extract, ImportJob, plural


def remember_names(job: ImportJob, extract: Extract) -> None:
    """The practice names a file gives, for practices added by the same import."""
    named = extract.frame.dropna(subset=["name"])
    job.names.update(zip(named["practice_code"], named["name"], strict=True))


def apply_details(
    job: ImportJob,
    extract: Extract,
    frame: pd.DataFrame,
    columns: Sequence[str],
    what: str,
    *,
    renames: bool = True,
) -> None:
    """Write ``columns`` of ``frame`` (rows of ``extract``) to the practices in the register;
    unless ``renames``, a ``name`` is written only to a practice that has none."""
    reg = job.register()
    unnamed = job.repo.unnamed_practices() if not renames else set()
    total = len(frame)
    frame = frame[frame["practice_code"].isin(reg.keys())]
    rows = []
    for rec in frame.to_dict("records"):
        values: dict[str, Any] = {"code": rec["practice_code"]}
        for col in columns:
            value = rec[col]
            if value is None or (isinstance(value, float) and np.isnan(value)):
                continue
            if value is pd.NaT:
                continue
            if col == "name" and not renames and rec["practice_code"] not in unnamed:
                continue
            values[col] = value
        rows.append(values)
    changes = job.repo.upsert_practices(rows, insert_missing=False)
    job.record(changes)
    outside = total - len(frame)
    job.say(
        f"{extract.source_name}: {what} for {plural(len(frame), 'practice')} in the register "
        f"({len(changes):,} changed); {plural(outside, 'practice')} not in the register "
        "left aside."
    )
