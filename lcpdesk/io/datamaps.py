"""A ``datamaps`` datamap as a template description, and lcpdesk's fields by plain names.

Government analysts keep datamaps (the ``datamaps`` tool's CSV): one line per cell,
``cell_key,template_sheet,cellreference,type`` with the types TEXT, NUMBER and DATE (columns are
found by name; a byte-order mark and extra columns are fine). A datamap names cells by the
analyst's own keys ("Project Name", "Quarter"), so each key is mapped to one of lcpdesk's
fields: in the Describe dialog, or with a mapping file (a CSV ``cell_key,field``, the field
given as its key, ``cover.partnership``, or its plain name, "Partnership"). Keys left unmapped
are left out of the description (and listed, so nothing is dropped silently).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lcpdesk.errors import InputError, Location
from lcpdesk.io import templates_vocab as vocab
from lcpdesk.io.partner_fill_describe import Choice, description_text

DATAMAP_TYPES = {"TEXT": None, "NUMBER": vocab.DECIMAL, "DATE": vocab.DATE}
_COLUMNS = ("cell_key", "template_sheet", "cellreference", "type")


@dataclass(frozen=True)
class DatamapLine:
    cell_key: str
    sheet: str
    cell: str
    type: str  # TEXT, NUMBER or DATE ("" when not given)
    line: int


def read_datamap(path: Path) -> list[DatamapLine]:
    """The datamap's lines; a file without the datamap's columns is refused."""
    rows = _csv_rows(path)
    header = [h.strip().casefold() for h in rows[0]] if rows else []
    missing = [c for c in _COLUMNS[:3] if c not in header]
    if missing:
        raise InputError(
            "this is not a datamap: it has no column " + ", ".join(f"'{c}'" for c in missing),
            where=Location(file=str(path), line=1),
            hint="A datamap's first line is cell_key,template_sheet,cellreference,type.",
        )
    at = {name: header.index(name) for name in _COLUMNS if name in header}
    lines = []
    for number, row in enumerate(rows[1:], start=2):
        cells = {name: row[i].strip() if i < len(row) else "" for name, i in at.items()}
        if not cells["cell_key"]:
            continue
        kind = cells.get("type", "").upper()
        if kind and kind not in DATAMAP_TYPES:
            raise InputError(
                f"'{cells['type']}' is not a datamap type (TEXT, NUMBER, DATE)",
                where=Location(file=str(path), line=number, column="type"),
            )
        cell = cells["cellreference"].replace("$", "").upper()
        lines.append(DatamapLine(cells["cell_key"], cells["template_sheet"], cell, kind, number))
    return lines


def read_mapping(path: Path) -> dict[str, str]:
    """A mapping file: datamap key -> lcpdesk field key (plain names are accepted)."""
    rows = _csv_rows(path)
    names = {name.casefold(): key for key, name in field_names()}
    found: dict[str, str] = {}
    for number, row in enumerate(rows, start=1):
        if len(row) < 2 or not row[0].strip() or row[0].strip().casefold() == "cell_key":
            continue
        given = row[1].strip()
        key = given if vocab.parse_key(given) else names.get(given.casefold(), "")
        if not key:
            raise InputError(
                f"'{given}' is not one of lcpdesk's fields",
                where=Location(file=str(path), line=number),
                hint="Give a field key such as cover.partnership, or its name.",
            )
        found[row[0].strip()] = key
    return found


def _csv_rows(path: Path) -> list[list[str]]:
    try:
        text = path.read_bytes()[: 16 << 20].decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"the file cannot be read ({exc})", where=Location(file=str(path))
        ) from None
    return list(csv.reader(io.StringIO(text)))


def suggest(cell_key: str) -> str | None:
    """The field a datamap key most likely means: the same words as a field's plain name."""
    wanted = " ".join(cell_key.replace("_", " ").split()).casefold()
    for key, name in field_names():
        if wanted in (name.casefold(), key.casefold(), name.casefold().split(": ")[-1]):
            return key
    return None


def choices_from(lines: list[DatamapLine], mapping: dict[str, str]) -> list[Choice]:
    """The datamap's mapped lines as cells of a description (the datamap's type where the
    field can take it); table columns cannot come from a datamap and are left out."""
    found = []
    for line in lines:
        key = mapping.get(line.cell_key)
        info = vocab.parse_key(key) if key else None
        if key is None or info is None or info.table:
            continue
        kind = DATAMAP_TYPES.get(line.type)
        if kind not in vocab.COMPATIBLE.get(info.attr.type, {info.attr.type}):
            kind = None
        found.append(Choice(key, line.sheet, line.cell, line.cell_key, kind))
    return found


def description_from_datamap(
    lines: list[DatamapLine], mapping: dict[str, str], key: str, name: str, version: int = 1
) -> tuple[str, list[str]]:
    """The description's TOML, and the datamap keys left out (unmapped)."""
    choices = choices_from(lines, mapping)
    sheets = list(dict.fromkeys(line.sheet for line in lines))
    chosen = {c.label for c in choices}
    left = [line.cell_key for line in lines if line.cell_key not in chosen]
    return description_text(key, version, name, sheets, choices), left


@cache
def field_names() -> tuple[tuple[str, str], ...]:
    """Every field a cell or a column can hold, with a plain-language name, in the order of
    lcpdesk's own return (maturity per dimension of the shipped framework)."""
    from lcpdesk.io.return_layout import default_description

    desc = default_description()
    found: list[tuple[str, str]] = []
    for spec in desc.fields:
        if not spec.key.startswith("template."):
            found.append((spec.key, spec.label or spec.key))
    for key, name in _dimensions():
        for attr, words in (
            ("level", "agreed level"),
            ("target", "target level"),
            ("evidence", "evidence"),
            ("next_steps", "next steps"),
        ):
            found.append((f"maturity.{key}.{attr}", f"{name}: {words}"))
    for table in desc.tables:
        title = table.name.capitalize()
        for column in table.columns:
            if column.info.column != "level.*":
                found.append((column.key, f"{title} table: {column.label or column.info.column}"))
    return tuple(found)


def _dimensions() -> list[tuple[str, str]]:
    from lcpdesk.io.frameworks import builtin_files, read_builtin

    files = builtin_files()
    if not files:
        return []
    framework = read_builtin(files[0])
    parents = {d.parent for d in framework.dimensions if d.parent}
    return [(d.key, d.name) for d in framework.dimensions if d.key not in parents]
