"""The one vocabulary of return fields lcpdesk understands, and the closed lists behind them.

A field key is either a single value (``cover.partnership``, ``maturity.leadership.level``) or a
column of a table of records (``goals[].status``). Each attribute has a natural type; a template
description may give a compatible one (a partner's workbook may keep a practice code as plain
text, or an amount as money). The full list, with examples, is in
``resources/templates/README.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lcpdesk.domain import goals as goal_rules
from lcpdesk.domain import resources as resource_rules
from lcpdesk.domain import returns

# --------------------------------------------------------------------------- value types

TEXT = "text"
WHOLE = "whole number"
DECIMAL = "decimal"
MONEY = "money"
DATE = "date"
LEVEL = "level"
CHOICE = "choice"
PRACTICE_CODE = "practice code"
YES_NO = "yes/no"
EMAIL = "email"
PERIOD = "period"
TYPES = (TEXT, WHOLE, DECIMAL, MONEY, DATE, LEVEL, CHOICE, PRACTICE_CODE, YES_NO, EMAIL, PERIOD)

# Which types a field of each natural type may be given (text can hold a code, a period, ...).
COMPATIBLE = {
    TEXT: {TEXT, EMAIL, PRACTICE_CODE, PERIOD, CHOICE},
    EMAIL: {EMAIL, TEXT},
    PRACTICE_CODE: {PRACTICE_CODE, TEXT},
    PERIOD: {PERIOD, TEXT},
    WHOLE: {WHOLE, DECIMAL},
    DECIMAL: {DECIMAL, MONEY, WHOLE},
    DATE: {DATE},
    LEVEL: {LEVEL, CHOICE, TEXT},
    CHOICE: {CHOICE, TEXT},
}

# --------------------------------------------------------------------------- closed lists

LEVELS = "levels"  # the framework's levels: given by whoever writes or reads the return
GOALS = "goals"  # the partnership's goal references (and new ones): open on reading
PARTNERS = "partners"  # partner organisations' names: open (a new partner may be typed)


@dataclass(frozen=True)
class ClosedList:
    """A closed set: the stored keys and the words a workbook shows for them."""

    name: str
    items: tuple[tuple[str, str], ...]  # (key, label shown in the drop-down)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(label for _key, label in self.items)

    def key_of(self, text: str) -> str | None:
        """The key a cell's text means: its label or key, in any case and spacing."""
        wanted = " ".join(text.split()).casefold()
        for key, label in self.items:
            if wanted in (key.casefold(), label.casefold()):
                return key
        return None

    def label_of(self, key: str) -> str:
        return next((label for k, label in self.items if k == key), key)


def _same(values: tuple[str, ...], name: str) -> ClosedList:
    return ClosedList(name, tuple((v, v) for v in values))


FIXED_LISTS = {
    c.name: c
    for c in (
        _same(returns.PRACTICE_STATUSES, "practice statuses"),
        _same(goal_rules.STATUSES, "goal statuses"),
        ClosedList("terms", tuple(goal_rules.TERMS.items())),
        ClosedList("priority kinds", tuple(goal_rules.PRIORITY_KINDS.items())),
        ClosedList("sectors", tuple(resource_rules.SECTORS.items())),
        ClosedList("kinds", tuple((k.key, k.label) for k in resource_rules.KINDS.values())),
        _same(resource_rules.ALLOCATION_STATUSES, "allocation statuses"),
        ClosedList("yes/no", (("yes", "Yes"), ("no", "No"))),
    )
}
OPEN_LISTS = (LEVELS, GOALS, PARTNERS)
LIST_NAMES = (*FIXED_LISTS, *OPEN_LISTS)

# --------------------------------------------------------------------------- the vocabulary


@dataclass(frozen=True)
class Attr:
    type: str
    list: str | None = None  # the closed list a choice or level comes from


_T, _D = Attr(TEXT), Attr(DATE)

COVER = {
    "area": _T,
    "partnership": _T,
    "period": Attr(PERIOD),
    "completed_by": _T,
    "completed_role": _T,
    "email": Attr(EMAIL),
    "completed_on": _D,
    "signed_off_by": _T,
    "signed_off_role": _T,
    "signed_off_on": _D,
}
STAMP = {
    "template.key": _T,
    "template.version": Attr(WHOLE),
    "framework.key": _T,
    "framework.version": Attr(WHOLE),
}
DIMENSION_ATTRS = {
    "name": _T,
    "level": Attr(LEVEL, LEVELS),
    "evidence": _T,
    "next_steps": _T,
    "target": Attr(LEVEL, LEVELS),
}
_GOAL = Attr(CHOICE, GOALS)
TABLES: dict[str, dict[str, Attr]] = {
    "membership": {
        "code": Attr(PRACTICE_CODE),
        "name": _T,
        "subunit": _T,
        "list_size": Attr(WHOLE),
        "status": Attr(CHOICE, "practice statuses"),
        "comment": _T,
    },
    "maturity": {"dimension": _T, **DIMENSION_ATTRS},
    "raters": {"name": _T, "organisation": _T, "level.*": Attr(LEVEL, LEVELS)},
    "goals": {
        "ref": _T,
        "title": _T,
        "status": Attr(CHOICE, "goal statuses"),
        "progress_note": _T,
        "term": Attr(CHOICE, "terms"),
        "priority_kind": Attr(CHOICE, "priority kinds"),
        "priority_label": _T,
        "due_date": _D,
    },
    "readings": {"goal_ref": _GOAL, "measure": _T, "date": _D, "value": Attr(DECIMAL)},
    "milestones": {"goal_ref": _GOAL, "title": _T, "due_date": _D, "done_date": _D},
    "resources": {
        "ref": _T,
        "partner": Attr(CHOICE, PARTNERS),
        "sector": Attr(CHOICE, "sectors"),
        "kind": Attr(CHOICE, "kinds"),
        "amount": Attr(DECIMAL),
        "goal_ref": _GOAL,
        "period_start": _D,
        "period_end": _D,
        "status": Attr(CHOICE, "allocation statuses"),
        "notes": _T,
    },
}
# The column that says a table's row is there at all (a row without it is blank or an error).
ROW_KEYS = {
    "membership": "code",
    "maturity": "dimension",
    "raters": "name",
    "goals": "title",
    "readings": "goal_ref",
    "milestones": "title",
    "resources": "partner",
}
# Columns a table must have for its rows to mean anything.
TABLE_NEEDS = {
    "membership": ("code",),
    "maturity": ("dimension", "level"),
    "raters": ("name",),
    "goals": ("title", "status"),
    "readings": ("goal_ref", "measure", "date", "value"),
    "milestones": ("goal_ref", "title"),
    "resources": ("partner", "kind", "amount", "period_start", "period_end", "status"),
}

_DIM_KEY = r"[a-z0-9][a-z0-9._-]*"
_MATURITY_CELL = re.compile(rf"maturity\.({_DIM_KEY})\.(name|level|evidence|next_steps|target)")
_COLUMN = re.compile(r"([a-z]+)\[\]\.(.+)")
_RATER_LEVEL = re.compile(rf"level\.({_DIM_KEY}|\*)")


@dataclass(frozen=True)
class KeyInfo:
    """What a field key means: a single value, or a table column (``table`` set)."""

    key: str
    attr: Attr
    table: str | None = None
    column: str = ""  # the attribute within the table's rows ("level.leadership" for raters)
    dimension: str | None = None  # for maturity.<dimension>.<attr> and raters[].level.<dim>


def parse_key(key: str) -> KeyInfo | None:
    """The meaning of a field key, or None if lcpdesk does not know it."""
    if key.startswith("cover."):
        attr = COVER.get(key.removeprefix("cover."))
        return KeyInfo(key, attr) if attr else None
    if key in STAMP:
        return KeyInfo(key, STAMP[key])
    if found := _MATURITY_CELL.fullmatch(key):
        return KeyInfo(key, DIMENSION_ATTRS[found[2]], dimension=found[1])
    if found := _COLUMN.fullmatch(key):
        table, column = found[1], found[2]
        attrs = TABLES.get(table)
        if attrs is None:
            return None
        if table == "raters" and (level := _RATER_LEVEL.fullmatch(column)):
            dim = None if level[1] == "*" else level[1]
            return KeyInfo(key, attrs["level.*"], table, column, dim)
        attr = attrs.get(column)
        return KeyInfo(key, attr, table, column) if attr else None
    return None


_NAME_CHARS = re.compile(r"[^A-Za-z0-9_.]")
_LOOKS_LIKE_CELL = re.compile(r"([A-Za-z]{1,3}\d+|[Rr]\d*[Cc]?\d*|[Cc]\d*)", re.ASCII)


def defined_name(key: str) -> str:
    """The Excel defined name for a field key: ``goals[].status`` -> ``goals.status``.

    ``[]`` is dropped, any character other than a letter, digit, ``_`` or ``.`` becomes ``_``
    (``maturity.culture-single-team.level`` -> ``maturity.culture_single_team.level``), and a
    name that would start with a digit or read as a cell reference gets a leading ``_``.
    """
    name = _NAME_CHARS.sub("_", key.replace("[]", ""))
    first = name.split(".", 1)[0]
    if not name or name[0].isdigit() or _LOOKS_LIKE_CELL.fullmatch(first):
        name = "_" + name
    return name
