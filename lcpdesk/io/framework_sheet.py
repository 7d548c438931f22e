"""Reading a maturity framework from a spreadsheet: a sheet of dimensions × levels.

The sheet called "Framework", else the first. Rows above the table may hold ``Key``,
``Name``, ``Description`` and ``Standard`` (the standard level's name) in column A with the
value in column B. The table's header row has a ``Dimension`` column and optionally ``Key``,
``Parent`` (the parent dimension's name or key), ``Short name`` and ``Descriptor``; every other
column (but ``Notes``) is a level, lowest first, headed by the level's name (``Well developed
(standard)`` marks the standard there instead). A row whose Dimension cell says ``Level
meaning`` gives the levels' meanings; the other rows are dimensions, and their cells under a
level say what that level looks like in that dimension. Columns are found by their names,
never by position. A problem is an InputError naming the sheet and cell.

Example (``tests/data/frameworks/llr-ilt-maturity.xlsx``)::

    Key        | llr-ilt-maturity
    Name       | LLR Integrated Locality Team Maturity (example)
    Standard   | Established
    Key | Dimension     | Parent | Short name | Descriptor | Emerging | Established | Thriving
        | Level meaning |        |            |            | …        | …           | …
        | Shared leadership | …
"""

from __future__ import annotations

import re
from pathlib import Path

from lcpdesk.domain import maturity as fw
from lcpdesk.domain.maturity import DimensionDef, FrameworkDef, LevelDef, Problem
from lcpdesk.errors import InputError, Location
from lcpdesk.io.frameworks import checked

_META = {
    "key": "key",
    "framework_key": "key",
    "name": "name",
    "framework": "name",
    "framework_name": "name",
    "description": "description",
    "standard": "standard",
    "standard_level": "standard",
}
_COLUMNS = {
    "dimension": "name",
    "dimension_name": "name",
    "key": "key",
    "dimension_key": "key",
    "parent": "parent",
    "parent_dimension": "parent",
    "sub_dimension_of": "parent",
    "part_of": "parent",
    "short_name": "short",
    "short": "short",
    "chart_label": "short",
    "descriptor": "descriptor",
    "description": "descriptor",
    "strong_lcp": "descriptor",
    "strong_partnership": "descriptor",
}
_IGNORED = {"notes", "note", "comments", "comment"}
_MEANING_ROWS = {"level_meaning", "level_meanings", "meaning", "level_description"}
_STANDARD_MARK = re.compile(r"\s*[(\[]\s*standard\s*[)\]]\s*$", re.IGNORECASE)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_sheet_framework(path: Path) -> FrameworkDef:
    from lcpdesk.io import workbooks
    from lcpdesk.io.columns import normalise

    names = workbooks.sheet_names(path)
    chosen = next((n for n in names if n.strip().casefold() == "framework"), None)
    rows = workbooks.read_sheet(path, chosen).rows
    sheet = chosen or (names[0] if names else None)
    text = [[" ".join(workbooks.cell_text(v).split()) for v in row] for row in rows]

    def at(row: int | None, col: int | None = None) -> Location:
        if row is not None and col is not None:
            return Location(file=str(path), sheet=sheet, cell=f"{column_letter(col)}{row + 1}")
        return Location(file=str(path), sheet=sheet, line=None if row is None else row + 1)

    header = next(
        (i for i, row in enumerate(text) if any(_COLUMNS.get(normalise(c)) == "name" for c in row)),
        None,
    )
    if header is None:
        raise InputError(
            "no header row with a 'Dimension' column was found",
            where=at(None),
            hint="Head the table's columns Dimension, Parent, Descriptor, then one column per "
            "level (lowest first).",
        )
    meta: dict[str, tuple[str, int]] = {}
    for i in range(header):
        row = text[i]
        label = _META.get(normalise(row[0])) if row else None
        if label and len(row) > 1:
            meta[label] = (row[1], i)

    known: dict[str, int] = {}
    level_cols: list[tuple[int, str, bool]] = []  # column, level name, marked standard
    for col, heading in enumerate(text[header]):
        role = _COLUMNS.get(normalise(heading))
        if role and role not in known:
            known[role] = col
        elif heading and normalise(heading) not in _IGNORED:
            marked = bool(_STANDARD_MARK.search(heading))
            level_cols.append((col, _STANDARD_MARK.sub("", heading).strip(), marked))

    def cell(row: list[str], col: int | None) -> str:
        return row[col] if col is not None and col < len(row) else ""

    meanings: dict[int, str] = {}
    dim_rows: list[int] = []
    for i in range(header + 1, len(text)):
        row = text[i]
        name_cell = cell(row, known["name"])
        if normalise(name_cell) in _MEANING_ROWS:
            meanings = {c: cell(row, c) for c, _n, _m in level_cols}
        elif any(row):
            dim_rows.append(i)

    standard_name, standard_row = meta.get("standard", ("", -1))
    level_names = [name for _c, name, _m in level_cols]
    if standard_name and standard_name.casefold() not in {n.casefold() for n in level_names}:
        raise InputError(
            f"the standard level '{standard_name}' is not one of the levels "
            f"({', '.join(level_names) or 'none found'})",
            where=at(standard_row, 1),
            hint="Write the standard level's name exactly as its column is headed.",
        )
    levels = tuple(
        LevelDef(
            name,
            meanings.get(col, ""),
            marked or (bool(standard_name) and name.casefold() == standard_name.casefold()),
        )
        for col, name, marked in level_cols
    )
    by_name = {cell(text[i], known["name"]).casefold(): i for i in dim_rows}
    keys: dict[int, str] = {}
    for i in dim_rows:
        row = text[i]
        own = cell(row, known.get("key")) or fw.slug(cell(row, known["name"]))
        if own in keys.values() and cell(row, known.get("parent")):
            own = fw.slug(f"{cell(row, known['parent'])} {cell(row, known['name'])}")
        keys[i] = own
    dims: list[DimensionDef] = []
    for i in dim_rows:
        row = text[i]
        parent_text = cell(row, known.get("parent"))
        parent_row = by_name.get(parent_text.casefold())
        parent = (
            keys[parent_row]
            if parent_row is not None
            else (parent_text if parent_text in keys.values() else parent_text or None)
        )
        dims.append(
            DimensionDef(
                key=keys[i],
                name=cell(row, known["name"]),
                short_name=cell(row, known.get("short")),
                descriptor=cell(row, known.get("descriptor")),
                parent=parent,
                cells=tuple(
                    (name, cell(row, col)) for col, name, _m in level_cols if cell(row, col)
                ),
            )
        )
    name, _ = meta.get("name", ("", -1))
    name = name or path.stem
    key = meta.get("key", ("", -1))[0] or fw.slug(name)
    defn = FrameworkDef(
        key=key,
        name=name,
        levels=levels,
        dimensions=tuple(dims),
        description=meta.get("description", ("", -1))[0],
        source=path.name,
    )

    field_cols = {"name": "name", "key": "key", "parent": "parent", "short": "short"}

    def locate(p: Problem) -> Location:
        if p.element == fw.FRAMEWORK:
            found = meta.get(p.field or "")
            return at(found[1], 1) if found else at(header)
        if p.element == fw.LEVEL:
            if p.field == "standard" and p.index is None:
                return at(standard_row, 1) if standard_row >= 0 else at(header)
            if p.index is None or p.index >= len(level_cols):
                return at(header)
            return at(header, level_cols[p.index][0])
        if p.index is None or p.index >= len(dim_rows):
            return at(header)
        row = dim_rows[p.index]
        col = known.get(field_cols.get(p.field or "", ""), known["name"])
        if p.field == "levels" and level_cols:
            col = level_cols[0][0]
        return at(row, col)

    return checked(defn, locate)
