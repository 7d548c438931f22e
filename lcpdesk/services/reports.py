"""The area table as rows for printing and exporting (CSV, JSON)."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

from lcpdesk.domain.model import AreaTable
from lcpdesk.errors import InputError
from lcpdesk.io import safe_text


def pick_extract(available: list[dt.date], wanted: str | None) -> dt.date | None:
    """The extract date for ``YYYY-MM`` (or ``YYYY-MM-DD``), or the newest when None."""
    if wanted is None:
        return available[0] if available else None
    text = wanted.strip()
    try:
        if len(text) == 7:
            year, month = (int(x) for x in text.split("-"))
            matches = [d for d in available if (d.year, d.month) == (year, month)]
        else:
            day = dt.date.fromisoformat(text)
            matches = [d for d in available if d == day]
    except ValueError as exc:
        raise InputError(
            f"'{wanted}' is not an extract month.", hint="Give it as YYYY-MM, e.g. 2018-10."
        ) from exc
    if not matches:
        known = ", ".join(f"{d:%Y-%m}" for d in available) or "none"
        raise InputError(
            f"There are no list sizes for {wanted}.", hint=f"Extracts held for this area: {known}."
        )
    return matches[0]


def table_header(table: AreaTable) -> list[str]:
    label = table.area.partnership_label
    if table.has_subunits:
        return [label, "Part of", "Membership", "Footprint"]
    return [label, "Membership", "Footprint"]


def table_rows(table: AreaTable) -> list[list[Any]]:
    """One row per partnership (sub-units after their partnership), then the total."""
    rows: list[list[Any]] = []
    for r in table.rows:
        row: list[Any] = [r.name]
        if table.has_subunits:
            row.append(r.parent_name)
        rows.append([*row, r.membership, r.footprint])
    total: list[Any] = ["Total"] + ([""] if table.has_subunits else [])
    rows.append([*total, table.total_membership, table.total_footprint])
    return rows


def to_csv(table: AreaTable) -> str:
    out = io.StringIO()
    writer = safe_text.csv_writer(out)
    writer.writerow(table_header(table))
    for row in table_rows(table):
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()


def to_json(table: AreaTable) -> str:
    data = {
        "area": table.area.name,
        "extract_date": table.extract_date.isoformat() if table.extract_date else None,
        "partnership_label": table.area.partnership_label,
        "rows": [
            {
                "partnership": r.name,
                "part_of": r.parent_name or None,
                "membership": r.membership,
                "footprint": r.footprint,
                "counted_practices": r.counted_practices,
            }
            for r in table.rows
        ],
        "total": {"membership": table.total_membership, "footprint": table.total_footprint},
        "split_practices": [
            {"code": s.code, "name": s.name, "partnerships": list(s.partnerships)}
            for s in table.split_practices
        ],
        "footprint_residents_at_other_practices": table.outside_counted_residents,
    }
    return json.dumps(data, indent=2) + "\n"
