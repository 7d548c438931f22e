"""Columns found by name, and the checks every importer makes on their values.

Column headers are compared after :func:`normalise`, so ``Number of Patients``,
``NUMBER_OF_PATIENTS`` and ``number-of-patients`` are the same column. A :class:`Field` lists
the names people actually give a column; :func:`match_header` finds them in a header row.

Checks work on the distinct values of a column (a million rows usually hold a few thousand
practice codes) and report the first offending row by its line in the file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from lcpdesk.domain import rules
from lcpdesk.errors import InputError, Location, shorten

__all__ = [
    "Field",
    "Table",
    "counts",
    "find_duplicate",
    "find_header_row",
    "match_header",
    "normalise",
    "practice_codes",
    "reject_duplicates",
    "text",
]

# NHS Data Dictionary, GENERAL MEDICAL PRACTICE CODE: one letter then five digits ("ANNNNN").
# Letters after the first are refused so that a practice or place name of six letters
# ("Armley") is not taken for a code.
PRACTICE_CODE = rules.PRACTICE_CODE
PRACTICE_CODE_RULE = "a letter followed by 5 digits, like B86001 or Y02345"
_SEPARATORS = re.compile(r"[\W_]+")


def normalise(name: object) -> str:
    """One canonical key for a column header.

    Case, spaces, line breaks, underscores and punctuation do not matter:
    ``"Practice\\ncode"``, ``"PRACTICE_CODE"`` and ``" practice-code "`` all give
    ``"practice_code"``.
    """
    text = unicodedata.normalize("NFKC", str(name)).casefold()
    text = unicodedata.normalize("NFKC", text)
    return _SEPARATORS.sub("_", text).strip("_")


@dataclass(frozen=True)
class Field:
    """A column an importer reads: its output name and the headers people give it."""

    key: str
    aliases: tuple[str, ...]
    required: bool = True

    @property
    def label(self) -> str:
        return self.aliases[0]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(normalise(alias) for alias in self.aliases)


@dataclass(frozen=True)
class HeaderMatch:
    """Where each field is in a header row (0-based column positions)."""

    positions: dict[str, int]
    missing: tuple[Field, ...]
    clashes: tuple[tuple[Field, tuple[int, ...]], ...] = ()

    @property
    def ok(self) -> bool:
        return not self.missing and not self.clashes


def match_header(header: Sequence[object], fields: Sequence[Field]) -> HeaderMatch:
    """Find each field in a header row; a field's earlier aliases win over its later ones."""
    keys = [normalise(cell) for cell in header]
    positions: dict[str, int] = {}
    missing: list[Field] = []
    clashes: list[tuple[Field, tuple[int, ...]]] = []
    taken: set[int] = set()
    for wanted in fields:
        for name in wanted.names:
            found = tuple(i for i, key in enumerate(keys) if key == name and i not in taken)
            if len(found) > 1:
                clashes.append((wanted, found))
            if found:
                positions[wanted.key] = found[0]
                taken.add(found[0])
                break
        else:
            if wanted.required:
                missing.append(wanted)
    return HeaderMatch(positions, tuple(missing), tuple(clashes))


def find_header_row(
    rows: Sequence[Sequence[object]], fields: Sequence[Field], *, limit: int = 20
) -> int | None:
    """The index of the first of the first ``limit`` rows holding every required field."""
    for index, row in enumerate(rows[:limit]):
        if not match_header(row, fields).missing:
            return index
    return None


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def describe_header(header: Sequence[object]) -> str:
    """The header's names for a message: each, and all of them, cut short when long."""
    found = [shorten(str(cell).strip(), 60) for cell in header[:1000] if str(cell).strip()]
    return shorten(", ".join(f"'{name}'" for name in found), 200) if found else "none"


def header_error(
    header: Sequence[object], matched: HeaderMatch, where: Location, what: str
) -> InputError:
    """The error for a header row that lacks required columns or names one twice."""
    if matched.missing:
        names = _and([f"'{f.label}'" for f in matched.missing])
        plural = "columns" if len(matched.missing) > 1 else "a column"
        accepted = "; ".join(f"for '{f.label}': " + ", ".join(f.aliases) for f in matched.missing)
        return InputError(
            f"this {what} needs {plural} {names}. Columns found: {describe_header(header)}.",
            where=where,
            hint=f"Rename the columns or choose another file. Names accepted {accepted}.",
        )
    wanted, found = matched.clashes[0]
    return InputError(
        f"more than one column could be '{wanted.label}': "
        + describe_header([header[i] for i in found])
        + ".",
        where=where,
        hint="Rename or delete the extra column so that only one holds this.",
    )


@dataclass(frozen=True, eq=False)
class Table:
    """The rows of a file or sheet, one text column per field found (``''`` when blank).

    ``lines[i]`` is the 1-based line (sheet row) of ``frame.iloc[i]`` in the file, counting the
    header as a line, as a text editor or Excel numbers them.
    """

    frame: pd.DataFrame
    lines: np.ndarray
    file: str
    sheet: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    header_line: int = 1
    positions: Mapping[str, int] = field(default_factory=dict)  # 0-based column in the file

    def where(self, row: int | None = None, key: str | None = None) -> Location:
        line = self.header_line if row is None else int(self.lines[row])
        cell = None
        if self.sheet is not None and key is not None and key in self.positions:
            cell = f"{column_letter(self.positions[key])}{line}"
        return Location(
            file=self.file,
            sheet=self.sheet,
            line=line,
            column=None if key is None else self.headers.get(key, key),
            cell=cell,
        )

    def error(
        self, problem: str, *, row: int | None = None, key: str | None = None, hint: str = ""
    ) -> InputError:
        return InputError(problem, where=self.where(row, key), hint=hint)

    def has(self, key: str) -> bool:
        return key in self.frame.columns

    def subset(self, rows: np.ndarray) -> Table:
        """The rows where the boolean mask ``rows`` is true, keeping their line numbers."""
        if rows.all():
            return self
        return replace(self, frame=self.frame[rows].reset_index(drop=True), lines=self.lines[rows])


def column_letter(position: int) -> str:
    """The spreadsheet letter of a 0-based column: 0 -> A, 26 -> AA."""
    letters = ""
    number = position + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _distinct(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Codes into the distinct stripped texts of a column (missing reads as '').

    Every text is some row's; their order is not the rows' order.
    """
    if not isinstance(values.dtype, pd.CategoricalDtype):
        factorized, uniques = pd.factorize(values, use_na_sentinel=False)
        cleaned = ["" if pd.isna(raw) else str(raw).strip() for raw in uniques]
        return np.asarray(factorized), cleaned
    # A categorical column (a CSV's) already has its codes: no need to hash a million texts.
    codes: np.ndarray = values.cat.codes.to_numpy()
    cleaned = [str(raw).strip() for raw in values.cat.categories.tolist()]
    if len(codes) and codes.min() < 0:
        codes = np.where(codes < 0, len(cleaned), codes)
        cleaned.append("")
    used = np.bincount(codes, minlength=len(cleaned)) > 0
    if not used.all():  # categories of rows left out (blank lines)
        kept = np.flatnonzero(used)
        renumber = np.full(len(cleaned), -1, dtype=np.int64)
        renumber[kept] = np.arange(len(kept))
        codes = renumber[codes]
        cleaned = [cleaned[i] for i in kept]
    return codes, cleaned


def _recode(codes: np.ndarray, texts: Sequence[str]) -> tuple[np.ndarray, pd.Index]:
    """Merge distinct values that became equal after cleaning."""
    if len(set(texts)) == len(texts):  # none did: the codes stand (no pass over every row)
        return codes, pd.Index(list(texts), dtype="str")
    new_codes, categories = pd.factorize(np.asarray(texts, dtype=object))
    return np.asarray(new_codes)[codes], pd.Index(categories, dtype="str")


def _column(codes: np.ndarray, categories: pd.Index, index: pd.Index, category: bool) -> pd.Series:
    if category:
        return pd.Series(pd.Categorical.from_codes(codes, categories), index=index)
    return pd.Series(categories.to_numpy()[codes], index=index, dtype="str")


def _first_row(codes: np.ndarray, numbers: Sequence[int]) -> int:
    """The first row whose code is one of ``numbers`` (each some row's)."""
    return int(np.argmax(np.isin(codes, np.asarray(numbers, dtype=np.int64))))


def text(
    table: Table, key: str, *, upper: bool = False, blank: str = "keep", category: bool = False
) -> pd.Series:
    """A text column, stripped (and upper-cased if asked).

    ``blank`` says what a blank cell becomes: ``"keep"`` (``''``), ``"missing"`` (NaN; the literal
    ``NULL`` counts as blank too) or ``"error"`` (an :class:`InputError` naming the line).
    A field the file does not have reads as all blank.
    """
    frame = table.frame
    if key not in frame.columns:
        if blank == "error":
            raise table.error(f"there is no '{key}' column")
        fill = "" if blank == "keep" else np.nan
        return pd.Series(fill, index=frame.index, dtype="str")
    codes, cleaned = _distinct(frame[key])
    if upper:
        cleaned = [value.upper() for value in cleaned]
    if blank != "keep":
        cleaned = ["" if value.upper() == "NULL" else value for value in cleaned]
        if blank == "error" and "" in cleaned:
            row = _first_row(codes, [n for n, value in enumerate(cleaned) if not value])
            raise table.error(
                f"the '{table.headers.get(key, key)}' cell is blank",
                row=row,
                key=key,
                hint="Fill it in, or delete the line.",
            )
    new_codes, categories = _recode(codes, cleaned)
    result = _column(new_codes, categories, frame.index, category)
    if blank == "missing":
        result = result.where(result != "")
    return result


def practice_codes(table: Table, key: str, *, category: bool = False) -> pd.Series:
    """ODS practice codes, upper-cased; anything else is an error naming its line."""
    codes, typed = _distinct(table.frame[key])
    cleaned = [value.upper() for value in typed]
    bad = [number for number, value in enumerate(cleaned) if not PRACTICE_CODE.fullmatch(value)]
    if bad:
        row = _first_row(codes, bad)
        value = typed[codes[row]]
        shown = f"'{value}'" if value else "a blank cell"
        raise table.error(
            f"{shown} is not a GP practice code ({PRACTICE_CODE_RULE})",
            row=row,
            key=key,
            hint="Correct the practice code on that line, or delete the line.",
        )
    new_codes, categories = _recode(codes, cleaned)
    return _column(new_codes, categories, table.frame.index, category)


# No count lcpdesk reads is anywhere near this (England has ~63 million registered patients in
# all); a bigger one is a mistake, and would not fit the stored 32-bit counts.
MAX_COUNT = 100_000_000
_WHOLE = re.compile(r"\s*(\d{1,15})(\.0*)?\s*")


def counts(table: Table, key: str, *, what: str = "number of patients") -> np.ndarray:
    """Whole numbers from 0 to :data:`MAX_COUNT` (int64); anything else (``1e3``, ``-1``,
    ``9223372036854775807``) is an error naming its line and column."""
    values = table.frame[key]
    if pd.api.types.is_integer_dtype(values.dtype):
        numbers = values.to_numpy(dtype=np.int64)
        outside = (numbers < 0) | (numbers > MAX_COUNT)
        if outside.any():
            row = int(np.argmax(outside))
            raise _count_error(table, key, row, str(numbers[row]), what)
        return numbers
    codes, texts = _distinct(values)
    wholes = [_whole_number(value) for value in texts]
    bad = [number for number, value in enumerate(wholes) if value is None]
    if bad:
        row = _first_row(codes, bad)
        raise _count_error(table, key, row, texts[codes[row]], what)
    distinct: np.ndarray = np.asarray(wholes, dtype=np.int64)
    result: np.ndarray = distinct[codes]
    return result


def _whole_number(raw: object) -> int | None:
    """A count written as digits (``12``, ``12.0``): not ``1e3``, not beyond :data:`MAX_COUNT`."""
    if isinstance(raw, (int, np.integer)) and not isinstance(raw, bool):
        number = int(raw)
    elif isinstance(raw, (float, np.floating)):
        if not np.isfinite(raw) or raw != int(raw):
            return None
        number = int(raw)
    else:
        found = _WHOLE.fullmatch(str(raw)[:40])
        if found is None:
            return None
        number = int(found.group(1))
    return number if 0 <= number <= MAX_COUNT else None


def _count_error(table: Table, key: str, row: int, shown: str, what: str) -> InputError:
    label = table.headers.get(key, key)
    value = f"'{shorten(shown, 200)}'" if shown else "a blank cell"
    return table.error(
        f"{value} is not a {what}",
        row=row,
        key=key,
        hint=f"Each {label} must be a whole number, 0 or more (at most {MAX_COUNT:,}), written "
        "in digits. Correct that line.",
    )


def find_duplicate(parts: Sequence[pd.Series | np.ndarray]) -> tuple[int, int] | None:
    """Positions of the first two rows that agree on every part, or None."""
    length = len(parts[0]) if parts else 0
    if not length:
        return None
    key = np.zeros(length, dtype=np.int64)
    size = 1
    leading: np.ndarray | None = None  # the first part's codes
    for part in parts:
        if isinstance(part, pd.Series) and isinstance(part.dtype, pd.CategoricalDtype):
            codes = part.cat.codes.to_numpy(dtype=np.int64) + 1  # missing (-1) becomes 0
            count = len(part.cat.categories) + 1
        else:
            factorized, uniques = pd.factorize(part, use_na_sentinel=False)
            codes, count = np.asarray(factorized, dtype=np.int64), max(len(uniques), 1)
        if size * count >= 2**62:  # keep the combined key within int64
            combined, distinct = pd.factorize(key)
            key, size = np.asarray(combined, dtype=np.int64), len(distinct)
        key = key * count + codes
        size *= count
        if leading is None:
            leading = codes
    assert leading is not None
    # Quick answer for a file in order (as NHS files come: by practice, then LSOA): each value
    # of the first part in one run of rows, the key rising within each run.
    run_ends = leading[1:] != leading[:-1]
    in_order = bool(np.all((key[1:] > key[:-1]) | run_ends))
    if in_order and int(run_ends.sum()) + 1 == np.count_nonzero(np.bincount(leading)):
        return None
    # Sorted stably, equal keys sit together in row order. Files come sorted by practice and
    # LSOA, and sorting runs already in order is quick (quicker than hashing a million keys).
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    repeats = ordered[1:] == ordered[:-1]
    if not repeats.any():
        return None
    second = int(order[1:][repeats].min())  # the first row that repeats an earlier one
    return int(np.argmax(key == key[second])), second


def reject_duplicates(
    table: Table,
    parts: Mapping[str, pd.Series],
    *,
    rows: np.ndarray | None = None,
) -> None:
    """Refuse two rows that agree on every part, e.g. ``{"practice": ..., "LSOA": ...}``.

    ``rows``, a boolean mask, limits the check to some rows (the parts are then given for those
    rows only). The message names the values and both lines.
    """
    pair = find_duplicate(list(parts.values()))
    if pair is None:
        return
    positions = np.arange(len(table.frame)) if rows is None else np.flatnonzero(rows)
    first, second = (int(positions[i]) for i in pair)
    values = ", ".join(f"{label} {part.iloc[pair[1]]}" for label, part in parts.items())
    raise table.error(
        f"{values} appears twice, on line {int(table.lines[first])} "
        f"and on line {int(table.lines[second])}",
        row=second,
        hint="Delete or correct one of the two lines, and import the file again.",
    )
