"""File ▸ Import files… through the real widgets: recognised files, preview, import, undo."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pytest
from conftest import make_window
from helpers.nhsd_files import dump_area, write_csv, write_list_sizes, write_lsoa
from import_helpers import (
    copy_data,
    drop_mime,
    file_mime,
    snapshot,
    wait_idle,
)
from PySide6.QtCore import QMimeData, QPoint, QSortFilterProxyModel, Qt, QTimer, QUrl
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QWidget
from ui_helpers import (
    activate,
    choose_as_at,
    click,
    click_navigator,
    figures,
    membership_pane,
    settle,
    type_into,
)

from lcpdesk.errors import Cancelled
from lcpdesk.io import registry
from lcpdesk.io.columns import Field
from lcpdesk.io.kinds.base import Extract, FileKind
from lcpdesk.io.tables import open_table, sniff_header
from lcpdesk.services import importing
from lcpdesk.store.db import open_store
from lcpdesk.ui import prompts
from lcpdesk.ui.dialogs import import_tasks
from lcpdesk.ui.dialogs.import_files import IMPORT_TEXT, NOTHING_TEXT, ImportDialog
from lcpdesk.ui.models import SORT_ROLE
from lcpdesk.ui.models.import_files import REFUSED, FileCol, FileEntry, ImportFilesModel
from lcpdesk.ui.undo import LARGE_CHANGESET, ChangeCommand

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

CTRL = Qt.KeyboardModifier.ControlModifier
LEEDS_TOTAL = (861287, 861287)
NOTHING_PREVIEW = "Nothing to change: the store already holds all of this."


@pytest.fixture(scope="module")
def leeds_files(tmp_path_factory: pytest.TempPathFactory, demo_database: Path) -> list[Path]:
    """The Leeds demo as the files a team lead would import: definitions and NHS Digital."""
    folder = tmp_path_factory.mktemp("leeds-files")
    shutil.copyfile(demo_database, folder / "lcpdesk.sqlite")
    store = open_store(folder)
    try:
        return dump_area(store, "Leeds", folder / "files")
    finally:
        store.close()


@pytest.fixture
def empty_window(qtbot: Any, store: Any, data_dir: Path, settings: Any) -> Any:
    return make_window(qtbot, store, data_dir, settings)


def open_by_shortcut(qtbot: Any, window: Any, scripted_prompts: Any, files: list[Path]) -> Any:
    """Ctrl+I, then choose ``files`` in the file picker."""
    scripted_prompts.answer(prompts.OPEN_FILES, files)
    activate(qtbot, window)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_I, CTRL)
    dialog = window.importer.dialog
    assert isinstance(dialog, ImportDialog) and dialog.isVisible()
    wait_idle(qtbot, dialog)
    return dialog


def choose_area(qtbot: Any, dialog: ImportDialog, name: str) -> None:
    """Type the area's name; the preview runs again (after a short pause)."""
    type_into(qtbot, dialog.area_combo.lineEdit(), name)
    qtbot.waitUntil(lambda: dialog.busy or dialog.definitions.waiting, timeout=2000)
    qtbot.waitUntil(lambda: not dialog.definitions.waiting and not dialog.busy, timeout=30000)


def import_and_wait(qtbot: Any, window: Any, dialog: ImportDialog) -> None:
    with qtbot.waitSignal(dialog.imported, timeout=60000):
        click(qtbot, dialog.import_button)
    qtbot.waitUntil(lambda: window.importer.dialog is None, timeout=10000)
    settle(qtbot, window)


def undo_keys(qtbot: Any, window: Any, key: Qt.Key) -> None:
    activate(qtbot, window)
    qtbot.keyClick(window.focusWidget() or window, key, CTRL)
    qtbot.waitUntil(lambda: window.tasks.writing is None, timeout=30000)
    settle(qtbot, window)


# --------------------------------------------------------------------------- the whole flow


def test_import_from_the_file_menu_previews_then_creates_the_area(
    qtbot: Any, empty_window: Any, store: Any, leeds_files: list[Path], scripted_prompts: Any
) -> None:
    window = empty_window
    before = snapshot(store)
    dialog = open_by_shortcut(qtbot, window, scripted_prompts, leeds_files)
    assert scripted_prompts.of_kind(prompts.OPEN_FILES)[0].title == "Import files"

    seen = {row["File"]: row for row in dialog.recognised()}
    assert seen["membership.csv"]["Recognised as"] == (
        "Membership definitions (practice code and partnership)"
    )
    assert seen["membership.csv"]["Set aside"] == "3 split practices (listed, not counted)"
    assert seen["footprints.csv"]["Rows"] == "522"
    sizes = seen["gp-reg-pat-prac-all.csv"]
    assert sizes["Recognised as"] == "Practice list-size file (gp-reg-pat-prac-all.csv)"
    assert sizes["Extract dates"] == "1 Oct 2018"
    assert sizes["Set aside"] == "107 rows of other types, sexes or ages"
    lsoa = seen["gp-reg-pat-prac-lsoa-all.csv in gp-reg-pat-prac-lsoa-all.zip"]
    assert lsoa["Rows"] == "53,940"

    # An empty store has no area yet: the dialog asks for one and writes nothing.
    assert dialog.definitions.isVisible() and dialog.effective.isVisible()
    assert "which area are they for?" in dialog.problem_text()
    assert not dialog.import_button.isEnabled()
    choose_area(qtbot, dialog, "Leeds")
    assert dialog.problem_text() == ""
    lines = dialog.preview_lines()
    assert lines[0] == "Create the area Leeds."
    assert any("create 18 partnerships in Leeds" in line for line in lines)
    assert any("membership from 1 Oct 2018" in line for line in lines)  # the extract's date
    assert dialog.effective.date().toString("d MMM yyyy") == "1 Oct 2018"
    assert "Create the area Leeds." in dialog.preview_view.toPlainText()
    assert snapshot(store) == before  # a preview writes nothing

    assert dialog.import_button.text() == IMPORT_TEXT
    import_and_wait(qtbot, window, dialog)

    # The navigator shows the new area, selected; the area table has the published totals.
    pane = membership_pane(window)
    areas = window.navigator.tree_model
    assert [areas.index(r, 0).data() for r in range(areas.rowCount())] == [
        "Leeds · 18 Partnerships"
    ]
    assert pane.heading.text() == "Leeds"
    assert figures(pane)["Total"] == LEEDS_TOTAL
    assert window.undo_stack.count() == 1
    assert window.undo_stack.undoText() == (
        "Import membership.csv, gp-reg-pat-prac-all.csv, footprints.csv, "
        "gp-reg-pat-prac-lsoa-all.csv in gp-reg-pat-prac-lsoa-all.zip"
    )


def test_ctrl_z_undoes_the_whole_import_in_one_step_and_ctrl_y_redoes_it(
    qtbot: Any, empty_window: Any, store: Any, leeds_files: list[Path], scripted_prompts: Any
) -> None:
    window = empty_window
    empty = snapshot(store)
    dialog = open_by_shortcut(qtbot, window, scripted_prompts, leeds_files)
    choose_area(qtbot, dialog, "Leeds")
    import_and_wait(qtbot, window, dialog)
    imported = snapshot(store)
    assert imported != empty
    command = window.undo_stack.command(0)
    assert isinstance(command, ChangeCommand)
    assert len(command.changeset.changes) >= LARGE_CHANGESET  # ~1,000 rows: undone in a worker

    undo_keys(qtbot, window, Qt.Key.Key_Z)
    qtbot.waitUntil(lambda: window.undo_stack.index() == 0, timeout=10000)
    assert snapshot(store) == empty
    assert window.navigator.tree_model.rowCount() == 0  # the area it made is gone
    assert membership_pane(window).heading.text() == "No area selected"

    undo_keys(qtbot, window, Qt.Key.Key_Y)
    qtbot.waitUntil(lambda: window.undo_stack.index() == 1, timeout=10000)
    assert snapshot(store) == imported
    click_navigator(qtbot, window, window.membership.area_named("Leeds").id, None)
    assert figures(membership_pane(window))["Total"] == LEEDS_TOTAL


def test_importing_the_same_files_again_has_nothing_to_import(
    qtbot: Any, empty_window: Any, leeds_files: list[Path], scripted_prompts: Any
) -> None:
    window = empty_window
    dialog = open_by_shortcut(qtbot, window, scripted_prompts, leeds_files)
    choose_area(qtbot, dialog, "Leeds")
    import_and_wait(qtbot, window, dialog)

    again = open_by_shortcut(qtbot, window, scripted_prompts, leeds_files)
    assert again.area_combo.currentText() == "Leeds"  # the area selected in the navigator
    assert again.preview_lines()[-1] == ("Nothing to change: the store already holds all of this.")
    assert again.import_button.text() == NOTHING_TEXT
    assert not again.import_button.isEnabled()
    click(qtbot, again.close_button)
    qtbot.waitUntil(lambda: window.importer.dialog is None)
    assert window.undo_stack.count() == 1


# --------------------------------------------------------------------------- dropping files


def test_dropping_files_on_the_window_opens_the_dialog_on_them(
    qtbot: Any, qapp: Any, window: Any, tmp_path: Path
) -> None:
    files = copy_data(["gp-reg-pat-prac-all-2021.csv", "gp-reg-pat-prac-map.csv"], tmp_path)
    assert drop_mime(qapp, window, file_mime(files)) == (True, True)
    qtbot.waitUntil(lambda: window.importer.dialog is not None, timeout=5000)
    dialog = window.importer.dialog
    wait_idle(qtbot, dialog)
    assert [r["File"] for r in dialog.recognised()] == [p.name for p in files]
    assert [r["Recognised as"] for r in dialog.recognised()] == [
        "Practice list-size file (gp-reg-pat-prac-all.csv)",
        "Practice-to-PCN map (gp-reg-pat-prac-map.csv)",
    ]
    assert not dialog.definitions.isVisible()  # no definitions: no area to choose

    # More files dropped on the open dialog join the list.
    more = copy_data(["epraccur.csv"], tmp_path / "more")
    assert drop_mime(qapp, dialog, file_mime(more)) == (True, True)
    wait_idle(qtbot, dialog)
    assert [r["File"] for r in dialog.recognised()][-1] == "epraccur.csv"
    assert dialog.recognised()[-1]["Recognised as"] == "ODS list of GP practices (epraccur.csv)"


def test_a_drop_of_anything_but_local_files_is_ignored(
    qtbot: Any, qapp: Any, window: Any, tmp_path: Path
) -> None:
    text = QMimeData()
    text.setText("B86001")
    web = QMimeData()
    web.setUrls([QUrl("https://digital.nhs.uk/gp-reg-pat-prac-all.csv")])
    folder = file_mime([tmp_path])  # a folder is not a file
    for mime in (text, web, folder):
        assert drop_mime(qapp, window, mime) == (False, False)
    qtbot.wait(50)
    assert window.importer.dialog is None


# --------------------------------------------------------------------------- options


def test_area_and_effective_date_default_and_changing_them_previews_again(
    qtbot: Any, window: Any, ids: Any, tmp_path: Path, scripted_prompts: Any
) -> None:
    click_navigator(qtbot, window, ids["Flatshire"], None)
    files = copy_data(["membership.csv", "gp-reg-pat-prac-all-2021.csv"], tmp_path)
    dialog = open_by_shortcut(qtbot, window, scripted_prompts, files)
    combo = dialog.area_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["Flatshire", "Testford"]
    assert combo.currentText() == "Flatshire"  # the area selected in the navigator
    assert dialog.effective.date().toString("d MMM yyyy") == "1 Apr 2021"  # earliest extract
    assert any("Flatshire membership from 1 Apr 2021" in x for x in dialog.preview_lines())

    choose_area(qtbot, dialog, "Newtown")
    assert dialog.preview_lines()[0] == "Create the area Newtown."

    dialog.effective.setFocus()
    dialog.effective.setDate(dt.date(2021, 5, 3))
    qtbot.waitUntil(lambda: dialog.busy or dialog.definitions.waiting, timeout=2000)
    wait_idle(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.definitions.waiting, timeout=5000)
    wait_idle(qtbot, dialog)
    assert any("Newtown membership from 3 May 2021" in x for x in dialog.preview_lines())


def test_footprints_alone_need_an_area_but_no_date(
    qtbot: Any, window: Any, ids: Any, tmp_path: Path, scripted_prompts: Any
) -> None:
    click_navigator(qtbot, window, ids["Testford"], ids["Armley"])
    dialog = open_by_shortcut(
        qtbot, window, scripted_prompts, copy_data(["footprints.csv"], tmp_path)
    )
    assert dialog.area_combo.isVisible() and not dialog.effective.isVisible()
    assert dialog.area_combo.currentText() == "Testford"
    assert any("Testford footprints" in line for line in dialog.preview_lines())


def test_add_and_remove_files_in_the_dialog(
    qtbot: Any, window: Any, tmp_path: Path, scripted_prompts: Any
) -> None:
    first = copy_data(["gp-reg-pat-prac-lsoa-all.csv"], tmp_path)
    dialog = open_by_shortcut(qtbot, window, scripted_prompts, first)
    row = dialog.recognised()[0]
    assert row["Recognised as"] == (
        "Patients-by-practice-and-LSOA file (gp-reg-pat-prac-lsoa-all.csv)"
    )
    assert "unknown residence" in row["Set aside"]  # NO2011, a Welsh and a blank LSOA

    scripted_prompts.answer(prompts.OPEN_FILES, copy_data(["pcn-core-partners.csv"], tmp_path))
    click(qtbot, dialog.add_button)
    wait_idle(qtbot, dialog)
    assert [r["File"] for r in dialog.recognised()] == [
        "gp-reg-pat-prac-lsoa-all.csv",
        "pcn-core-partners.csv",
    ]
    assert any(line.startswith("pcn-core-partners.csv") for line in dialog.preview_lines())

    assert not dialog.remove_button.isEnabled()  # nothing selected
    dialog.table.selectRow(1)
    click(qtbot, dialog.remove_button)
    wait_idle(qtbot, dialog)
    assert [r["File"] for r in dialog.recognised()] == ["gp-reg-pat-prac-lsoa-all.csv"]
    assert not any(line.startswith("pcn-core") for line in dialog.preview_lines())


# --------------------------------------------------------------------------- refusals, cancel


def test_a_refused_file_is_named_with_line_and_column_and_nothing_is_written(
    qtbot: Any, window: Any, small_store: Any, tmp_path: Path, scripted_prompts: Any
) -> None:
    before = snapshot(small_store)
    good = write_list_sizes(
        tmp_path / "gp-reg-pat-prac-all.csv", dt.date(2019, 7, 1), [("A10001", 8150)]
    )
    bad = tmp_path / "gp-reg-pat-prac-lsoa-all.csv"
    bad.write_text(
        "PUBLICATION,EXTRACT_DATE,PRACTICE_CODE,PRACTICE_NAME,LSOA_CODE,SEX,NUMBER_OF_PATIENTS\n"
        "GP_PRAC_PAT_LIST,01APR2021,A10001,A,E01011264,ALL,15\n"
        "GP_PRAC_PAT_LIST,01APR2021,A10001,A,E01011265,ALL,-4\n",
        encoding="utf-8",
    )
    dialog = open_by_shortcut(qtbot, window, scripted_prompts, [good, bad])
    rows = dialog.recognised()
    assert rows[1]["File"] == bad.name and rows[1]["Recognised as"] == REFUSED
    problem = dialog.problem_text()
    assert "gp-reg-pat-prac-lsoa-all.csv, line 3, column 'NUMBER_OF_PATIENTS'" in problem
    label = dialog.problem_label
    assert label.isVisible() and "line 3" in label.text()
    assert "Remove the refused file" in label.text()
    assert not scripted_prompts.of_kind(prompts.ERROR)  # shown in the dialog, not a box
    assert not dialog.import_button.isEnabled()  # the good file waits for the bad one
    assert dialog.preview_lines()  # …but its preview is shown
    assert snapshot(small_store) == before

    dialog.table.selectRow(1)
    click(qtbot, dialog.remove_button)
    wait_idle(qtbot, dialog)
    assert dialog.problem_text() == "" and not dialog.problem_label.isVisible()
    assert dialog.import_button.isEnabled()
    click(qtbot, dialog.close_button)
    qtbot.waitUntil(lambda: window.importer.dialog is None)
    assert snapshot(small_store) == before
    assert window.undo_stack.count() == 0


def test_a_file_of_no_known_kind_is_refused(
    qtbot: Any, window: Any, tmp_path: Path, scripted_prompts: Any
) -> None:
    odd = write_csv(tmp_path / "budget.csv", ["Cost centre", "Amount"], [("X1", 5)])
    dialog = open_by_shortcut(qtbot, window, scripted_prompts, [odd])
    assert dialog.recognised()[0]["Recognised as"] == REFUSED
    assert "budget.csv" in dialog.problem_text()
    assert not dialog.import_button.isEnabled()


@dataclass(frozen=True, eq=False, kw_only=True)
class Budget(Extract):
    kind: ClassVar[str] = "budget"


BUDGET_FIELDS = (Field("cost_centre", ("Cost centre",)), Field("amount", ("Amount",)))


def read_budget(path: Path | str, sheet: str | int | None = None, **_progress: Any) -> Budget:
    table = open_table(path, BUDGET, sheet=sheet)
    return Budget(frame=table.frame, source=table.file, rows_read=len(table.frame))


BUDGET = FileKind(
    name="budget",
    description="a budget (cost centre and amount)",
    fields=BUDGET_FIELDS,
    sniff=sniff_header(BUDGET_FIELDS, 0.5),
    read=read_budget,
    apply=lambda job, extract: job.say(
        f"{extract.source_name}: {extract.rows_read} budget line(s)."
    ),
    order=100,
    needs_area=True,
)


def test_a_kind_registered_in_the_test_is_shown_and_previewed_by_the_dialog(
    qtbot: Any, window: Any, tmp_path: Path, scripted_prompts: Any
) -> None:
    """The dialog asks the registry: a new kind needs no change to it."""
    odd = write_csv(tmp_path / "budget.csv", ["Cost centre", "Amount"], [("X1", 5)])
    registry.register(BUDGET)
    try:
        dialog = open_by_shortcut(qtbot, window, scripted_prompts, [odd])
        assert dialog.recognised()[0]["Recognised as"] == "Budget (cost centre and amount)"
        assert dialog.definitions.isVisible() and not dialog.effective.isVisible()
        choose_area(qtbot, dialog, "Leeds")
        assert dialog.preview_lines() == ["budget.csv: 1 budget line(s).", NOTHING_PREVIEW]
    finally:
        registry.unregister(BUDGET.name)


def test_cancel_while_reading_leaves_the_store_and_the_list_unchanged(
    qtbot: Any, window: Any, tmp_path: Path, scripted_prompts: Any, monkeypatch: Any
) -> None:
    """The real reader, held at its first progress report until Cancel is pressed."""
    before = snapshot(window.store)
    started = threading.Event()
    real = importing.read_files

    def held(paths: Any, progress: Any, cancelled: Any) -> Any:
        def report(fraction: float, text: str) -> None:
            progress(fraction, text)
            started.set()
            deadline = time.monotonic() + 20
            while not cancelled() and time.monotonic() < deadline:
                time.sleep(0.005)

        return real(paths, progress=report, cancelled=cancelled)

    monkeypatch.setattr(import_tasks.importing, "read_files", held)
    files = copy_data(["gp-reg-pat-prac-all-2021.csv"], tmp_path)
    scripted_prompts.answer(prompts.OPEN_FILES, files)
    window.import_action.trigger()
    dialog = window.importer.dialog
    qtbot.waitUntil(started.is_set, timeout=10000)
    assert dialog.busy and dialog.cancel_button.isVisible()
    assert not dialog.import_button.isEnabled() and not dialog.add_button.isEnabled()
    click(qtbot, dialog.cancel_button)
    wait_idle(qtbot, dialog)
    assert dialog.status.text() == "Reading cancelled: those files were not added."
    assert dialog.recognised() == []
    assert not dialog.cancel_button.isVisible()
    assert snapshot(window.store) == before


def test_closing_while_reading_cancels_then_closes(
    qtbot: Any, window: Any, tmp_path: Path, scripted_prompts: Any, monkeypatch: Any
) -> None:
    gate = threading.Event()

    def slow(paths: Any, progress: Any, cancelled: Any) -> Any:
        gate.set()
        while not cancelled():
            time.sleep(0.005)
        raise Cancelled()

    monkeypatch.setattr(import_tasks.importing, "read_files", slow)
    scripted_prompts.answer(prompts.OPEN_FILES, copy_data(["epraccur.csv"], tmp_path))
    window.import_action.trigger()
    dialog = window.importer.dialog
    qtbot.waitUntil(gate.is_set, timeout=5000)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.importer.dialog is None, timeout=5000)
    assert window.tasks.writing is None


# --------------------------------------------------------------------------- a big import


def national_lsoa_file(path: Path, rows: int) -> Path:
    """A practice-by-LSOA file of ``rows`` rows (6,500 practices), in NHS Digital's layout."""
    practices = 6500
    per = rows // practices
    flows = (
        (
            f"{chr(65 + p % 16)}{81000 + p:05d}",
            f"PRACTICE {p}",
            f"E01{(p * 7 + k) % 33000:06d}",
            k + 1,
        )
        for p in range(practices)
        for k in range(per)
    )
    return write_lsoa(path, dt.date(2024, 6, 1), flows)


class Ticker:
    """A 10 ms timer in the UI thread: if the event loop stalls, the gaps between ticks grow."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(lambda: self.times.append(time.monotonic()))

    def __enter__(self) -> Ticker:
        self.times.clear()
        self.timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.timer.stop()

    @property
    def longest_gap(self) -> float:
        gaps = [b - a for a, b in zip(self.times, self.times[1:], strict=False)]
        return max(gaps, default=float("inf"))


@pytest.mark.slow
def test_the_window_stays_responsive_during_a_big_import_and_its_undo(
    qtbot: Any, window: Any, small_store: Any, tmp_path: Path, scripted_prompts: Any
) -> None:
    big = national_lsoa_file(tmp_path / "gp-reg-pat-prac-lsoa-all.csv", 300_000)
    before = snapshot(small_store)
    progress: list[float] = []

    # Reading and previewing: progress arrives again and again, the event loop keeps running.
    with Ticker() as reading:
        scripted_prompts.answer(prompts.OPEN_FILES, [big])
        window.import_action.trigger()
        dialog = window.importer.dialog
        dialog._task.progressed.connect(lambda f, _t: progress.append(f))
        wait_idle(qtbot, dialog, timeout=60000)
    assert dialog.recognised()[0]["Rows"] == "299,000"
    assert len(progress) > 1 and progress == sorted(progress)
    assert len(reading.times) > 20, "the event loop stalled while reading"
    assert reading.longest_gap < 0.5, f"the window froze for {reading.longest_gap:.2f} s"

    # Cancel during the import: nothing is written and the dialog stays open.
    click(qtbot, dialog.import_button)
    assert dialog.busy
    click(qtbot, dialog.cancel_button)
    wait_idle(qtbot, dialog, timeout=60000)
    assert dialog.status.text() == "Import cancelled: nothing was written."
    assert window.importer.dialog is dialog
    assert snapshot(small_store) == before

    # The import itself.
    progress.clear()
    with Ticker() as importing_:
        click(qtbot, dialog.import_button)
        dialog._task.progressed.connect(lambda f, _t: progress.append(f))
        qtbot.waitUntil(lambda: window.importer.dialog is None, timeout=60000)
    imported = snapshot(small_store)
    assert len(imported["registration_block"]) == 6500
    assert len(progress) > 1
    assert importing_.longest_gap < 0.5, f"the window froze for {importing_.longest_gap:.2f} s"

    # Undo: 6,500 registration blocks are written back in a worker, not in the UI thread.
    command = window.undo_stack.command(0)
    assert isinstance(command, ChangeCommand)
    assert len(command.changeset.changes) >= LARGE_CHANGESET
    with Ticker() as undoing:
        activate(qtbot, window)
        qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Z, CTRL)
        assert window.tasks.writing is not None  # running, the stack not yet moved
        assert window.undo_stack.index() == 1
        qtbot.waitUntil(lambda: window.undo_stack.index() == 0, timeout=30000)
    assert snapshot(small_store) == before
    assert undoing.longest_gap < 0.5, f"the window froze for {undoing.longest_gap:.2f} s"
    for name, ticker in (("read+preview", reading), ("import", importing_), ("undo", undoing)):
        print(f"{name}: {len(ticker.times)} ticks, longest gap {ticker.longest_gap * 1000:.0f} ms")


# --------------------------------------------------------------------------- the model


def file_list_model(tmp_path: Path) -> ImportFilesModel:
    names = ["gp-reg-pat-prac-all.csv", "gp-reg-pat-prac-lsoa-all.csv", "membership.csv"]
    paths = copy_data(names, tmp_path)
    model = ImportFilesModel()
    read = importing.read_files(paths)
    model.add([FileEntry(p, importing.summary(e)) for p, e in zip(paths, read, strict=True)])
    model.add([FileEntry(tmp_path / "bad.csv", problem="bad.csv, line 2: not a number")])
    return model


def test_file_list_model_passes_qt_model_tester(qtmodeltester: Any, tmp_path: Path) -> None:
    model = file_list_model(tmp_path)
    qtmodeltester.check(model, force_py=True)
    model.remove(1)
    model.add([FileEntry(tmp_path / "worse.csv", problem="worse.csv: empty")])
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [
        "gp-reg-pat-prac-all.csv",
        "membership.csv",
        "bad.csv",
        "worse.csv",
    ]


def test_file_list_sorts_by_raw_values_behind_a_proxy(qtmodeltester: Any, tmp_path: Path) -> None:
    model = file_list_model(tmp_path)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    qtmodeltester.check(proxy, force_py=True)
    proxy.sort(FileCol.ROWS)
    names = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    rows = [proxy.index(r, FileCol.ROWS).data() for r in range(proxy.rowCount())]
    assert names[0] == "bad.csv" and rows[0] == ""  # a refused file has no rows
    counts = [int(r.replace(",", "")) for r in rows[1:]]
    assert counts == sorted(counts) and len(set(counts)) == 3
    model.remove(3)
    assert proxy.rowCount() == 3


def test_every_control_of_the_dialog_has_an_accessible_name(
    qtbot: Any, window: Any, tmp_path: Path, scripted_prompts: Any
) -> None:
    files = copy_data(["membership.csv", "gp-reg-pat-prac-all.csv"], tmp_path)
    dialog = open_by_shortcut(qtbot, window, scripted_prompts, files)
    reachable = [
        w
        for w in dialog.findChildren(QWidget)
        if w.isVisibleTo(dialog)
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        # the line edit inside the area combo or the date edit is read with its parent
        and not isinstance(w.parentWidget(), QComboBox | QAbstractSpinBox)
    ]
    assert len(reachable) >= 8
    assert [type(w).__name__ for w in reachable if not w.accessibleName()] == []


# --------------------------------------------------------------------------- removing most


def test_a_membership_file_that_ends_most_memberships_needs_confirming(
    qtbot: Any, empty_window: Any, leeds_files: list[Path], scripted_prompts: Any, tmp_path: Path
) -> None:
    window = empty_window
    dialog = open_by_shortcut(qtbot, window, scripted_prompts, leeds_files)
    choose_area(qtbot, dialog, "Leeds")
    import_and_wait(qtbot, window, dialog)
    rows = (leeds_files[0].read_text(encoding="utf-8").splitlines())[:3]  # header + two rows
    two = tmp_path / "two-practices.csv"
    two.write_text("\n".join(rows) + "\n", encoding="utf-8")

    dialog = open_by_shortcut(qtbot, window, scripted_prompts, [two])
    text = dialog.preview_view.toPlainText()
    assert "Warning: This ends" in text and "only the 2 practices in two-practices.csv" in text
    assert "(s)" not in text
    assert dialog.confirm_box.isVisible()
    assert not dialog.import_button.isEnabled()
    box = dialog.confirm_box
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked() and dialog.import_button.isEnabled()
    import_and_wait(qtbot, window, dialog)
    assert window.undo_stack.count() == 2


def test_a_month_without_its_lsoa_file_is_marked_and_not_shown_by_default(
    qtbot: Any, empty_window: Any, leeds_files: list[Path], scripted_prompts: Any, tmp_path: Path
) -> None:
    window = empty_window
    dialog = open_by_shortcut(qtbot, window, scripted_prompts, leeds_files)
    choose_area(qtbot, dialog, "Leeds")
    import_and_wait(qtbot, window, dialog)
    lines = leeds_files[0].read_text("utf-8").splitlines()[1:]
    codes = list(dict.fromkeys(line.split(",")[0] for line in lines))
    newer = write_list_sizes(
        tmp_path / "gp-reg-pat-prac-all-nov.csv", dt.date(2018, 11, 1), [(c, 5000) for c in codes]
    )
    dialog = open_by_shortcut(qtbot, window, scripted_prompts, [newer])
    assert dialog.import_button.isEnabled(), (dialog.preview_lines(), dialog.problem_text())
    import_and_wait(qtbot, window, dialog)

    pane = membership_pane(window)
    click_navigator(qtbot, window, window.membership.area_named("Leeds").id, None)
    combo = pane.date_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "1 Nov 2018 · list sizes only",
        "1 Oct 2018",
    ]
    assert combo.currentText() == "1 Oct 2018"  # the newest complete month
    assert figures(pane)["Total"] == LEEDS_TOTAL
    assert window.pane_status.text() == "As at extract: 1 Oct 2018"
    choose_as_at(qtbot, pane, "1 Nov 2018 · list sizes only")
    assert "no practice-by-LSOA file for this month" in window.pane_status.text()
