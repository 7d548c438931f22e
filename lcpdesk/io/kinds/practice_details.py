"""Updating the details of practices already in the register (names, postcodes, PCNs, dates):
what the practice map, ODS epraccur and the PCN core partner list do when imported."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from lcpdesk.io.kinds.base import Extract, ImportJob


def remember_names(job: ImportJob, extract: Extract) -> None:
    """The practice names a file gives, for practices added by the same import."""
    named = extract.frame.dropna(subset=["name"])
    job.names.update(zip(named["practice_code"], named["name"], strict=True))


def apply_details(
    job: ImportJob, extract: Extract, frame: pd.DataFrame, columns: Sequence[str], what: str
) -> None:
    """Write ``columns`` of ``frame`` (rows of ``extract``) to the practices in the register."""
    reg = job.register()
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
            values[col] = value
        rows.append(values)
    changes = job.repo.upsert_practices(rows, insert_missing=False)
    job.record(changes)
    outside = total - len(frame)
    job.say(
        f"{extract.source_name}: {what} for {len(frame):,} practice(s) in the register "
        f"({len(changes):,} changed); {outside:,} practice(s) not in the register left aside."
    )
