"""A return's content as field values by vocabulary key, and back.

The writer and the reader work with :class:`Records`: single values by key (``cover.period``,
``maturity.leadership.level``) and tables of rows, each row a mapping of column attribute
(``status``, ``level.leadership``) to value. Values are plain: text, int, Decimal, date or None;
closed lists hold their keys (``staff_wte``), not the words a workbook shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from decimal import Decimal

from lcpdesk.domain import returns as r

Value = str | int | Decimal | dt.date | None
Row = dict[str, Value]


@dataclass
class Records:
    singles: dict[str, Value] = field(default_factory=dict)
    tables: dict[str, list[Row]] = field(default_factory=dict)


_COVER = [f.name for f in fields(r.Cover)]
_DIM = ("name", "level", "evidence", "next_steps", "target")


def to_records(content: r.ReturnContent) -> Records:
    singles: dict[str, Value] = {f"cover.{n}": getattr(content.cover, n) for n in _COVER}
    singles |= {
        "template.key": content.template.key,
        "template.version": content.template.version,
        "framework.key": content.framework_key,
        "framework.version": content.framework_version,
    }
    for d in content.dimensions:
        singles |= {f"maturity.{d.key}.{a}": getattr(d, a) for a in _DIM}
    t: dict[str, list[Row]] = {}
    t["membership"] = [_row(p) for p in content.practices]
    t["maturity"] = [
        {"dimension": d.key} | {a: getattr(d, a) for a in _DIM} for d in content.dimensions
    ]
    t["raters"] = []
    for x in content.raters:
        rater: Row = {"name": x.name, "organisation": x.organisation}
        rater |= {f"level.{key}": level for key, level in x.levels}
        t["raters"].append(rater)
    t["goals"] = [_row(g) for g in content.goals]
    readings: list[Row] = [
        {"goal_ref": x.goal_ref, "measure": x.measure, "date": x.when, "value": x.value}
        for x in content.readings
    ]
    awaiting: list[Row] = [
        {"goal_ref": m.goal_ref, "measure": m.measure, "date": None, "value": None}
        for m in content.measures
    ]
    t["readings"] = readings + awaiting
    t["milestones"] = [_row(m) for m in content.milestones]
    t["resources"] = [_row(a) for a in content.allocations]
    return Records(singles, t)


def _row(line: object) -> Row:
    row: Row = {f.name: getattr(line, f.name) for f in fields(line)}  # type: ignore[arg-type]
    return row


def _text(value: Value) -> str:
    return "" if value is None else str(value)


def _date(value: Value) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def _int(value: Value) -> int | None:
    return value if isinstance(value, int) else None


def _decimal(value: Value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(_int(value) or 0)


def from_records(records: Records, template: r.TemplateId) -> r.ReturnContent:
    """The content the records hold; rows are expected to be checked already."""
    s = records.singles
    texts = {n: _text(s.get(f"cover.{n}")) for n in _COVER if not n.endswith("_on")}
    days = {n: _date(s.get(f"cover.{n}")) for n in _COVER if n.endswith("_on")}
    cover = r.Cover(**texts, **days)  # type: ignore[arg-type]
    t = records.tables
    readings = [x for x in t.get("readings", []) if x.get("date") or x.get("value") is not None]
    return r.ReturnContent(
        template=template,
        cover=cover,
        framework_key=_text(s.get("framework.key")),
        framework_version=_int(s.get("framework.version")),
        practices=tuple(
            r.PracticeLine(
                _text(x.get("code")),
                _text(x.get("name")),
                _text(x.get("subunit")),
                _int(x.get("list_size")),
                _text(x.get("status")),
                _text(x.get("comment")),
            )
            for x in t.get("membership", [])
        ),
        dimensions=tuple(_dimensions(records)),
        raters=tuple(
            r.RaterLine(
                _text(x.get("name")),
                _text(x.get("organisation")),
                tuple(
                    (k.removeprefix("level."), _text(v))
                    for k, v in x.items()
                    if k.startswith("level.") and v
                ),
            )
            for x in t.get("raters", [])
        ),
        goals=tuple(
            r.GoalLine(
                _text(x.get("ref")),
                _text(x.get("title")),
                _text(x.get("status")),
                _text(x.get("progress_note")),
                _text(x.get("term")) or "short",
                _text(x.get("priority_kind")) or "local",
                _text(x.get("priority_label")),
                _date(x.get("due_date")),
            )
            for x in t.get("goals", [])
        ),
        readings=tuple(
            r.ReadingLine(
                _text(x.get("goal_ref")),
                _text(x.get("measure")),
                _date(x.get("date")) or dt.date.min,
                _decimal(x.get("value")),
            )
            for x in readings
        ),
        milestones=tuple(
            r.MilestoneLine(
                _text(x.get("goal_ref")),
                _text(x.get("title")),
                _date(x.get("due_date")),
                _date(x.get("done_date")),
            )
            for x in t.get("milestones", [])
        ),
        allocations=tuple(
            r.AllocationLine(
                _text(x.get("ref")),
                _text(x.get("partner")),
                _text(x.get("sector")),
                _text(x.get("kind")),
                _decimal(x.get("amount")),
                _date(x.get("period_start")) or dt.date.min,
                _date(x.get("period_end")) or dt.date.min,
                _text(x.get("status")),
                _text(x.get("goal_ref")),
                _text(x.get("notes")),
            )
            for x in t.get("resources", [])
        ),
        measures=tuple(
            r.MeasureLine(_text(x.get("goal_ref")), _text(x.get("measure")))
            for x in t.get("readings", [])
            if not x.get("date") and x.get("value") is None
        ),
    )


def _dimensions(records: Records) -> list[r.DimensionLine]:
    rows = list(records.tables.get("maturity", []))
    known = {_text(x.get("dimension")) for x in rows}
    by_cell: dict[str, Row] = {}
    for key, value in records.singles.items():
        if key.startswith("maturity."):
            dim, attr = key.removeprefix("maturity.").rsplit(".", 1)
            if dim not in known:
                by_cell.setdefault(dim, {"dimension": dim})[attr] = value
    rows.extend(by_cell.values())
    return [
        r.DimensionLine(
            _text(x.get("dimension")),
            _text(x.get("name")),
            _text(x.get("level")) or None,
            _text(x.get("evidence")),
            _text(x.get("next_steps")),
            _text(x.get("target")) or None,
        )
        for x in rows
    ]


def blank_records(records: Records, prefilled: set[str]) -> Records:
    """Only the pre-filled fields (keys in ``prefilled``, table columns as ``goals[].ref``):
    what a blank return shows. Rows left with nothing are dropped, repeated ones kept once (a
    measure's readings become one row awaiting a reading)."""
    singles = {k: v for k, v in records.singles.items() if k in prefilled}
    tables: dict[str, list[Row]] = {}
    for name, rows in records.tables.items():
        kept: list[Row] = []
        for row in rows:
            left = {a: v for a, v in row.items() if f"{name}[].{a}" in prefilled}
            if any(v not in (None, "") for v in left.values()) and left not in kept:
                kept.append(left)
        tables[name] = kept
    return Records(singles, tables)
