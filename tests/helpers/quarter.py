"""Returns as partnerships send them back, for the consolidation tests and benchmark: the
pre-filled return completed (who, when, every practice confirmed, every level agreed), written
through the returns service's own writer."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from lcpdesk.domain.returns import CONFIRMED, ReturnContent
from lcpdesk.services import returns_files
from lcpdesk.services.returns import ReturnsService
from lcpdesk.store.db import Store

Edit = Callable[[ReturnContent], ReturnContent]


def completed(
    content: ReturnContent, signed: dt.date = dt.date(2026, 12, 2), level: str = "Developing"
) -> ReturnContent:
    cover = dataclasses.replace(
        content.cover,
        completed_by="Pat Lead",
        completed_role="LCP lead",
        email="pat@example.nhs.uk",
        completed_on=signed - dt.timedelta(days=1),
        signed_off_by="Sam Chair",
        signed_off_role="Chair",
        signed_off_on=signed,
    )
    practices = tuple(dataclasses.replace(p, status=CONFIRMED) for p in content.practices)
    dims = tuple(dataclasses.replace(d, level=d.level or level) for d in content.dimensions)
    goals = tuple(dataclasses.replace(g, status=g.status or "on track") for g in content.goals)
    return dataclasses.replace(
        content, cover=cover, practices=practices, dimensions=dims, goals=goals
    )


def write_filled(
    store: Store, unit_id: int, period: str, path: Path, edit: Edit | None = None
) -> ReturnContent:
    """The partnership's return as it comes back: filled from the store, then completed (and
    ``edit``-ed), written to ``path``."""
    service = ReturnsService(store)
    content, levels, partners = service.to_write(unit_id, period, filled=True)
    content = completed(content)
    if edit is not None:
        content = edit(content)
    returns_files.write_return(content, path, levels, partners)
    return content


def edit_cells(path: Path, values: dict[str, object]) -> None:
    """Type into a written return as a person would: each defined name's first cell gets the
    value (text stays text: ``"01/12/2026"``, ``"31,860"``)."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    for name, value in values.items():
        sheet, ref = next(iter(book.defined_names[name].destinations))
        cell = book[sheet][ref.replace("$", "").split(":")[0]]
        cell.value = value
    book.save(path)


def make_folder(store: Store, folder: Path, period: str) -> dict[str, Path]:
    """A programme office's folder after a quarter: good returns (some edited as people do),
    broken ones, a duplicate, one from another area, files that are not returns."""
    from lcpdesk.services.consolidate import partnerships_of

    folder.mkdir(parents=True, exist_ok=True)
    _a, leeds = partnerships_of(store, "Leeds")
    _b, llr = partnerships_of(store, "LLR")
    unit = {u.name: u.id for u in leeds}
    files: dict[str, Path] = {}

    def put(key: str, unit_id: int, edit: Edit | None = None) -> Path:
        files[key] = folder / f"{key}.xlsx"
        write_filled(store, unit_id, period, files[key], edit)
        return files[key]

    def lower_levels(c: ReturnContent) -> ReturnContent:
        dims = tuple(dataclasses.replace(d, level=(d.level or "").lower()) for d in c.dimensions)
        return dataclasses.replace(c, dimensions=dims)

    put("armley", unit["Armley"], lower_levels)
    edit_cells(put("beeston-old", unit["Beeston"]), {"cover.signed_off_on": "01/12/2026"})
    newer = {"cover.signed_off_on": "20/12/2026", "cover.completed_on": "19/12/2026"}
    edit_cells(put("beeston-new", unit["Beeston"]), newer)
    seacroft = put("seacroft", unit["Seacroft"])
    edit_cells(seacroft, {"membership.list_size": "31,860"})
    put("wetherby", unit["Wetherby"])
    edit_cells(put("central-bad", unit["Central"]), {"maturity.level": "Developping"})
    edit_cells(put("harehills-old-version", unit["Harehills"]), {"template.version": 0})
    put("other-area", llr[0].id)
    (folder / "notes.txt").write_text("call Beeston on Monday\n", encoding="utf-8")
    files["half"] = folder / "half-copied.xlsx"
    files["half"].write_bytes(files["armley"].read_bytes()[:4000])
    return files
