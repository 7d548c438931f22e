"""Writing a return workbook (openpyxl) from a :class:`ReturnContent` and a template description.

The conventions are those of NHS returns such as the Better Care Fund templates: yellow input
cells, grey pre-filled ones, a drop-down for every closed set, numeric and date limits as data
validation with a message, the structure protected with the inputs unlocked (no password),
frozen headers, landscape printing fitted to the page width, a checklist of formulas, a hidden
stamp, and a defined name for every input cell and table column (``templates_vocab.defined_name``).

Text is always written as text: a cell's type is set to string, and text that Excel would take
for a formula (``io/safe_text.py``: ``=``, ``+``, ``-``, ``@``, a tab...) also gets the quote
prefix. Control characters are removed, line ends become ``\\n``, and text over Excel's 32,767
characters is cut; :func:`write_return` returns a note for each cut.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from lcpdesk.domain.returns import ReturnContent
from lcpdesk.io import return_layout as layout
from lcpdesk.io import templates_vocab as vocab
from lcpdesk.io.return_fields import Records, Value, blank_records, to_records
from lcpdesk.io.safe_text import put_text
from lcpdesk.io.templates import TEXT_LIMIT, FieldSpec, TemplateDescription


@dataclass(frozen=True)
class ReturnLists:
    """The partnership's lists behind drop-downs that the content alone does not give."""

    levels: tuple[str, ...] = ()  # the framework's levels, lowest first
    goals: tuple[str, ...] = ()  # goal references (the content's own goals are added)
    partners: tuple[str, ...] = ()  # partner organisations (the content's are added)


def write_return(
    content: ReturnContent,
    target: Path | str | IO[bytes],
    *,
    lists: ReturnLists | None = None,
    description: TemplateDescription | None = None,
    blank: bool = False,
) -> list[str]:
    """Write ``content`` as a return workbook; the notes say what had to be changed (cut text).

    ``blank``: write only the pre-filled (grey) fields, every input left empty, each measure
    that has readings listed once for a reading to be given."""
    from openpyxl import Workbook

    desc = description or layout.default_description()
    book = Workbook()
    book.remove(book.active)
    records = to_records(content)
    if blank:
        prefilled = {f.key for f in desc.fields if f.prefilled}
        prefilled |= {c.key for t in desc.tables for c in t.columns if c.prefilled}
        records = blank_records(records, prefilled)
    writer = _Writer(book, desc, records, _all_lists(content, lists or ReturnLists()))
    writer.write(content)
    book.save(target)
    return writer.notes


def _all_lists(content: ReturnContent, given: ReturnLists) -> dict[str, tuple[str, ...]]:
    found = {name: c.labels for name, c in vocab.FIXED_LISTS.items()}
    found[vocab.LEVELS] = given.levels
    goals = [g.ref for g in content.goals if g.ref] + list(given.goals)
    found[vocab.GOALS] = tuple(dict.fromkeys(goals))
    partners = list(given.partners) + [a.partner for a in content.allocations]
    found[vocab.PARTNERS] = tuple(dict.fromkeys(p for p in partners if p))
    return found


class _Writer:
    def __init__(
        self,
        book: Any,
        desc: TemplateDescription,
        records: Records,
        lists: dict[str, tuple[str, ...]],
    ) -> None:
        self.book, self.desc, self.records, self.lists = book, desc, records, lists
        self.notes: list[str] = []
        self.list_refs: dict[str, str] = {}
        self.validations: dict[tuple[str, str], Any] = {}  # one per sheet and field
        self.style = layout.Styles()

    def write(self, content: ReturnContent) -> None:
        for spec in self.desc.sheets:
            sheet = self.book.create_sheet(spec.name)
            layout.sheet_heading(sheet, spec, self.style)
        lists_sheet = next((s for s in self.desc.sheets if s.role == "lists"), None)
        if lists_sheet:
            self.list_refs = layout.write_lists(self.book, lists_sheet.name, self.lists)
        for field_spec in self.desc.fields:
            self.single(field_spec)
        placed = layout.place_tables(self.desc, self.records, content)
        for table in placed:
            self.table(table)
        checklist = next((s for s in self.desc.sheets if s.role == "checklist"), None)
        if checklist:
            layout.write_checklist(self.book[checklist.name], self.desc, placed, self.style)
        header = f"{content.cover.partnership} — {content.cover.period}"
        for spec in self.desc.sheets:
            layout.finish_sheet(self.book[spec.name], spec, header, placed)

    def put(self, cell: Any, value: Value, spec: FieldSpec, where: str) -> None:
        if value is None or value == "":
            return
        if isinstance(value, str):
            listed = vocab.FIXED_LISTS.get(spec.list or "")
            if put_text(cell, listed.label_of(value) if listed else value):
                self.notes.append(
                    f"{where}: the text was cut to Excel's limit of {TEXT_LIMIT:,} characters"
                )
            return
        cell.value = value
        cell.number_format = layout.number_format(spec.type)

    def single(self, spec: FieldSpec) -> None:
        sheet = self.book[spec.sheet]
        cell = sheet[spec.cell]
        self.put(cell, self.records.singles.get(spec.key), spec, f"{spec.sheet}!{spec.cell}")
        layout.label_cell(sheet, cell, spec, self.style)
        self.dress(sheet, spec, spec.cell, pre_filled=spec.prefilled)
        layout.define(self.book, spec.key, spec.sheet, spec.cell, spec.cell)

    def dress(self, sheet: Any, spec: FieldSpec, ref: str, *, pre_filled: bool) -> None:
        """Colour and lock a range, and give it the field's data validation."""
        layout.paint(sheet, ref, self.style, pre_filled=pre_filled)
        if pre_filled:
            return
        mark = (sheet.title, spec.key)
        if mark not in self.validations:
            self.validations[mark] = layout.validation(spec, self.list_refs, self.lists)
            if self.validations[mark] is not None:
                sheet.add_data_validation(self.validations[mark])
        if self.validations[mark] is not None:
            self.validations[mark].add(ref)

    def table(self, placed: layout.PlacedTable) -> None:
        sheet = self.book[placed.spec.sheet]
        for column in placed.columns:
            write: Callable[[Any, Value, FieldSpec, str], None] = self.put
            for number, row in enumerate(placed.rows):
                cell = sheet.cell(placed.first_row + number, column.index)
                write(cell, row.get(column.attr), column.spec, f"{sheet.title}!{cell.coordinate}")
            if placed.filled:
                self.dress(
                    sheet,
                    column.spec,
                    column.range(0, placed.filled),
                    pre_filled=column.spec.prefilled,
                )
            if placed.size > placed.filled:
                self.dress(
                    sheet, column.spec, column.range(placed.filled, placed.size), pre_filled=False
                )
            layout.define(self.book, column.key, sheet.title, *column.ends(placed.size))
