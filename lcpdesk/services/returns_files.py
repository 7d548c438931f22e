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

from lcpdesk.domain.returns import ReturnContent, ReturnProblem
from lcpdesk.errors import InputError, Location
from lcpdesk.services.returns_refs import Locator, sheet_locator

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
    from lcpdesk.io.workbooks import open_workbook

    try:
        book = open_workbook(path)
    except InputError:
        return False
    try:
        return bool(stamps & set(book.sheet_names))
    finally:
        book.close()


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


def read_return(path: Path, description: Path | None = None) -> ReadReturn:
    """Read a return (with a partner template's description when given). A workbook that
    cannot be read at all raises :class:`InputError` naming the file."""
    from lcpdesk.io.return_reader import read_return as read
    from lcpdesk.io.templates import load_description

    desc = load_description(description) if description is not None else None
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
