"""The file kinds are an open set: a kind defined here alone, registered for the test, is
recognised from a file's content, shown in the import dialog's summary, previewed and imported
through the real service path; and the rule for the default effective date is kept in one place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd
import pytest

from lcpdesk.errors import InputError
from lcpdesk.io import registry
from lcpdesk.io.columns import Field, practice_codes, text
from lcpdesk.io.kinds.base import Extract, FileKind, ImportJob
from lcpdesk.io.tables import done, open_table, sniff_header
from lcpdesk.services import history, importing
from lcpdesk.services.membership import MembershipService

DATA = Path(__file__).resolve().parents[1] / "data" / "nhsd"
FIELDS = (Field("practice_code", ("Surgery code",)), Field("nickname", ("Nickname",)))


@dataclass(frozen=True, eq=False, kw_only=True)
class Nicknames(Extract):
    kind: ClassVar[str] = "practice_nicknames"


def read_nicknames(path: Path | str, sheet: str | int | None = None, **progress: Any) -> Nicknames:
    table = open_table(path, NICKNAMES, sheet=sheet, **progress)
    frame = pd.DataFrame(
        {
            "practice_code": practice_codes(table, "practice_code"),
            "name": text(table, "nickname", blank="error"),
        }
    )
    done(progress.get("progress"))
    return Nicknames(frame=frame, source=table.file, rows_read=len(table.frame), rows_set_aside=1)


def apply_nicknames(job: ImportJob, extract: Nicknames) -> None:
    rows = [
        {"code": c, "name": n}
        for c, n in zip(extract.frame["practice_code"], extract.frame["name"], strict=True)
    ]
    changes = job.repo.upsert_practices(rows, insert_missing=False)
    job.record(changes)
    job.say(f"{extract.source_name}: {len(changes)} practice(s) renamed.")


NICKNAMES = FileKind(
    name="practice_nicknames",
    description="a list of practice nicknames (surgery code and nickname)",
    fields=FIELDS,
    sniff=sniff_header(FIELDS, 0.5),
    read=read_nicknames,
    apply=apply_nicknames,
    order=100,  # after membership definitions, which add the practices
)


@pytest.fixture
def nicknames() -> Iterator[FileKind]:
    registry.register(NICKNAMES)
    try:
        yield NICKNAMES
    finally:
        registry.unregister(NICKNAMES.name)


def nickname_file(folder: Path) -> Path:
    path = folder / "what-we-call-them.csv"
    path.write_text("Surgery code,Nickname\nB86001,The Road\nB86002,Bramley HC\n", encoding="utf-8")
    return path


def test_a_kind_registered_in_a_test_is_recognised_previewed_and_imported(
    store: Any, tmp_path: Path, nicknames: FileKind
) -> None:
    path = nickname_file(tmp_path)
    assert registry.detect_kind(path) == "practice_nicknames"
    # The nicknames file comes first but is applied after the membership that adds the practices.
    extracts = importing.read_files([path, DATA / "membership.csv"])
    summary = importing.summary(extracts[0])
    assert summary.description == nicknames.description
    assert (summary.rows_read, summary.set_aside) == (2, "1 row")
    options = importing.ImportOptions(area="Leeds")

    preview = importing.run_import(store, extracts, options, commit=False)
    assert preview.lines[-1] == "what-we-call-them.csv: 2 practice(s) renamed."
    service = MembershipService(store)
    assert service.practice("B86001") is None  # a preview writes nothing

    outcome = importing.run_import(store, extracts, options, commit=True)
    assert outcome.lines == preview.lines
    practice = service.practice("B86001")
    assert practice is not None and practice.name == "The Road"
    history.undo(store, outcome.changeset)  # one undo step takes the new kind's changes back too
    assert service.practice("B86001") is None


def test_an_unregistered_kind_is_no_longer_recognised(tmp_path: Path) -> None:
    registry.register(NICKNAMES)
    registry.unregister(NICKNAMES.name)
    with pytest.raises(InputError, match="not a file lcpdesk can import") as refused:
        registry.detect_kind(nickname_file(tmp_path))
    assert "nicknames" not in (refused.value.hint or "")
    assert "membership definitions" in (refused.value.hint or "")


def test_a_kind_name_is_registered_once() -> None:
    taken = registry.kinds()[0]
    with pytest.raises(ValueError, match="already registered"):
        registry.register(taken)


def test_default_effective_date_is_the_earliest_extract_date_else_today(
    nicknames: FileKind,
) -> None:
    """The one rule the import and the dialog's date field both use."""
    today = dt.date(2024, 5, 6)
    files = [
        Nicknames(frame=pd.DataFrame(), source="a.csv", rows_read=0, extract_dates=dates)
        for dates in ((dt.date(2021, 7, 1), dt.date(2021, 4, 1)), (dt.date(2021, 5, 1),), ())
    ]
    assert importing.default_effective_date(files, today) == dt.date(2021, 4, 1)
    assert importing.default_effective_date(files[2:], today) == today
    plan = importing.ImportPlan()
    for n, extract in enumerate(files):
        plan.add(Path(f"{n}.csv"), extract)
    assert plan.default_effective_date() == dt.date(2021, 4, 1)


def test_the_import_service_speaks_to_its_repository_not_sql() -> None:
    source = Path(importing.__file__).read_text(encoding="utf-8")
    assert "store.schema" not in source
    assert ".execute(" not in source
    assert "store.imports_repo" in source
