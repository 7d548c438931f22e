"""The one place the returns services meet the workbook side (``lcpdesk.io``): write a
return to .xlsx, tell whether a workbook is a return, read one back with the places of its
fields (so the service's problems name their cells)."""

from __future__ import annotations

import hashlib
import html
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lcpdesk.domain.returns import ReturnContent, ReturnProblem
from lcpdesk.errors import InputError, Location
from lcpdesk.services.returns_refs import Locator, sheet_locator

if TYPE_CHECKING:
    from lcpdesk.io.templates import TemplateDescription

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


@dataclass(frozen=True)
class ReadReturn:
    """A return as read from a file: its content (None when unreadable), the problems the
    reader found, where its fields are, and the file's digest."""

    path: Path
    content: ReturnContent | None
    problems: tuple[ReturnProblem, ...] = ()
    sha256: str = ""
    locate: Locator = field(default=sheet_locator, compare=False)
    # Where the fields were (what ``locate`` looks in); kept so a read can cross processes.
    locations: Mapping[str, Location] = field(default_factory=dict, compare=False)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_return(
    content: ReturnContent,
    path: Path,
    levels: Sequence[str] = (),
    partners: Sequence[str] = (),
    *,
    blank: bool = False,
) -> list[str]:
    """Write the workbook (``blank``: its grey reference data only); the notes say what had to
    be changed (text cut at Excel's limit)."""
    from lcpdesk.io.return_writer import ReturnLists
    from lcpdesk.io.return_writer import write_return as write

    try:
        lists = ReturnLists(tuple(levels), (), tuple(partners))
        return write(content, path, lists=lists, blank=blank)
    except OSError as exc:
        raise InputError(
            f"the return cannot be written ({exc.strerror or exc})",
            where=Location(file=str(path)),
            hint="Close the file if it is open in Excel, or choose another folder.",
        ) from None


def is_return(path: Path) -> bool:
    """True for a workbook carrying the stamp of a template lcpdesk ships. An .xlsx or .xlsm
    is looked at without the spreadsheet reader (its sheet names, from the zip's workbook
    part), so choosing files stays quick and a hostile workbook is not parsed here."""
    suffix = path.suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES or not path.is_file():
        return False
    from lcpdesk.io.templates import builtin_descriptions

    stamps = {d.stamp for d in builtin_descriptions() if d.stamp}
    if suffix in (".xlsx", ".xlsm"):
        return bool(stamps & _zip_sheet_names(path))
    from lcpdesk.io.workbooks import sheet_names

    try:
        return bool(stamps & set(sheet_names(path)))
    except InputError:
        return False


_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"")
_WORKBOOK_PART_LIMIT = 4 << 20  # a workbook part listing sheets is a few kilobytes


def _zip_sheet_names(path: Path) -> set[str]:
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("xl/workbook.xml")
            if info.file_size > _WORKBOOK_PART_LIMIT:
                return set()
            part = archive.read(info)
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return set()
    return {html.unescape(m.decode("utf-8", "replace")) for m in _SHEET.findall(part)}


def is_partner_return(path: Path, data_dir: Path) -> bool:
    """True for a partner's own workbook that a description saved in ``data_dir`` recognises."""
    from lcpdesk.services.returns_templates import recognise

    suffix = path.suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES or not path.is_file():
        return False
    # An .xlsx/.xlsm's sheet names come from its zip first: a workbook without the sheets of
    # any saved description is not opened by the spreadsheet reader at all.
    sheets = _zip_sheet_names(path) if suffix in (".xlsx", ".xlsm") else None
    return recognise(path, data_dir, sheets) is not None


def read_return(
    path: Path, description: Path | None = None, data_dir: Path | None = None
) -> ReadReturn:
    """Read a return (with a partner template's description when given; else, with
    ``data_dir``, a partner's workbook is recognised by the descriptions saved there). A
    workbook that cannot be read at all raises :class:`InputError` naming the file."""
    from lcpdesk.io.return_reader import read_return as read

    if description is None and data_dir is not None and not is_return(path):
        from lcpdesk.services.returns_templates import recognise

        recognised = recognise(path, data_dir)
        description = recognised.path if recognised is not None else None
    desc = load_any_description(description) if description is not None else None
    found = read(path, description=desc)
    return ReadReturn(
        path,
        found.content,
        tuple(found.problems),
        sha256_of(path),
        locator(found.locations),
        found.locations,
    )


def locator(locations: Mapping[str, Location]) -> Locator:
    """Field key and row -> the cell the reader found it in (``goals[].status``, 2 ->
    ``goals[2].status``), else the sheet."""

    def locate(key: str, row: int | None) -> Location:
        if row is None:
            found = locations.get(key)
        else:
            table, _, attr = key.partition("[]")
            found = locations.get(f"{table}[{row}]{attr}") or locations.get(f"{table}[{row}]")
        return found if found is not None else sheet_locator(key, row)

    return locate


def fill_partner(
    content: ReturnContent, into: Path, output: Path, description: Path | None, data_dir: Path
) -> tuple[str, list[str]]:
    """Write ``content`` into a copy of a partner's own workbook (``into``) at ``output``,
    through ``description`` or the saved description that recognises the workbook; returns the
    description's name and notes. Nothing but the mapped cells changes; what cannot be kept
    is refused before anything is written."""
    from lcpdesk.io.partner_fill import fill_partner_workbook
    from lcpdesk.services.returns_templates import recognise

    if description is not None:
        desc = load_any_description(description)
    else:
        found = recognise(into, data_dir)
        if found is None:
            raise InputError(
                "no saved template description recognises this workbook",
                where=Location(file=str(into)),
                hint="Describe it first (File ▸ Describe template…), or give --template.",
            )
        desc = found.description
    if output.resolve() == into.resolve():
        raise InputError(
            "the filled workbook must be a new file, not the partner's own",
            where=Location(file=str(output)),
            hint="Choose another name for the filled copy.",
        )
    return str(desc), fill_partner_workbook(content, desc, into, output)


def load_any_description(path: Path) -> TemplateDescription:
    """A description file (.toml), or a datamaps datamap (.csv): its keys mapped to fields by
    the mapping file beside it (``<name>-mapping.csv``, ``cell_key,field``) or by their names;
    keys that map to no field are left out."""
    from lcpdesk.io import datamaps
    from lcpdesk.io.templates import load_description, parse_description

    if path.suffix.lower() != ".csv":
        return load_description(path)
    lines = datamaps.read_datamap(path)
    beside = path.with_name(f"{path.stem}-mapping.csv")
    mapping = datamaps.read_mapping(beside) if beside.is_file() else {}
    for line in lines:
        if line.cell_key not in mapping and (found := datamaps.suggest(line.cell_key)):
            mapping[line.cell_key] = found
    key = re.sub(r"[^a-z0-9]+", "-", path.stem.casefold()).strip("-") or "datamap"
    text, _left = datamaps.description_from_datamap(lines, mapping, key, path.stem)
    return parse_description(text, str(path))
