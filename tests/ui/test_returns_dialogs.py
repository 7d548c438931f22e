"""Returns in the window: File ▸ Import files… on a return opens the Return preview; Accept
writes it as one undo step, Reject writes nothing but its record; Export return… writes the
selected partnership's workbook; Templates… lists the known templates and loads another."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import make_window
from ui_helpers import LEFT, click_navigator

from lcpdesk.domain.returns import CONFIRMED, ReturnContent
from lcpdesk.services import returns_files
from lcpdesk.services.returns import ReturnsService
from lcpdesk.store.db import Store
from lcpdesk.ui import prompts
from lcpdesk.ui.dialogs.returns_preview import ReturnPreviewDialog
from tests.services.returns_helpers import snapshot, unit_id

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

NOW = "2026/27 Q3"
# LCPDESK_SCREENSHOTS=DIR saves the dialogs as PNG files there, to look at them.
SHOTS = Path(os.environ["LCPDESK_SCREENSHOTS"]) if os.environ.get("LCPDESK_SCREENSHOTS") else None
LEVELS = ["Basics in place", "Developing", "Well developed", "Excellent"]


def completed(content: ReturnContent, level: str = "Developing") -> ReturnContent:
    cover = dataclasses.replace(
        content.cover, completed_by="Pat Lead", completed_role="Lead", email="p@x.nhs.uk",
        completed_on=dt.date(2026, 12, 1), signed_off_by="Sam", signed_off_role="Chair",
        signed_off_on=dt.date(2026, 12, 2),
    )  # fmt: skip
    return dataclasses.replace(
        content,
        cover=cover,
        practices=tuple(dataclasses.replace(p, status=CONFIRMED) for p in content.practices),
        dimensions=tuple(dataclasses.replace(d, level=level) for d in content.dimensions),
    )


@pytest.fixture
def return_file(demo_store: Store, tmp_path: Path) -> Path:
    content = ReturnsService(demo_store).gather(unit_id(demo_store, "Armley"), NOW, filled=True)
    path = tmp_path / "Armley return.xlsx"
    returns_files.write_return(completed(content), path, LEVELS)
    return path


@pytest.fixture
def window(qtbot: Any, demo_store: Store, data_dir: Path, settings: Any) -> Any:
    return make_window(qtbot, demo_store, data_dir, settings)


def open_preview(qtbot: Any, window: Any, scripted_prompts: Any, path: Path) -> ReturnPreviewDialog:
    scripted_prompts.answer(prompts.OPEN_FILES, [path])
    window.import_action.trigger()
    qtbot.waitUntil(lambda: bool(window.returns.dialogs), timeout=20000)
    assert window.importer.dialog is None  # a return does not open the files import
    dialog = window.returns.dialogs[0]
    qtbot.waitExposed(dialog)
    return dialog


def test_preview_then_accept_is_one_undo_step(
    qtbot: Any, window: Any, demo_store: Store, scripted_prompts: Any, return_file: Path
) -> None:
    before = snapshot(demo_store)
    dialog = open_preview(qtbot, window, scripted_prompts, return_file)
    maturity = next(s for s in dialog.preview.sections if s.name == "Maturity")
    assert maturity.count("add") == 10  # the assessment and its nine levels
    assert dialog.accept_button.isEnabled() and not dialog.problem_view.isVisible()
    dialog.section_view.selectRow(2)
    assert {c.section for c in dialog.changes()} == {"Maturity"}
    dialog.grab().save(str(SHOTS / "preview.png")) if SHOTS else None

    qtbot.mouseClick(dialog.accept_button, LEFT)
    qtbot.waitUntil(lambda: window.undo_stack.count() == 1, timeout=20000)
    qtbot.waitUntil(lambda: not window.returns.dialogs, timeout=5000)
    armley = unit_id(demo_store, "Armley")
    assert ReturnsService(demo_store).gather(armley, NOW, filled=True).dimensions[0].level == (
        "Developing"
    )
    assert [r.status for r in ReturnsService(demo_store).records()] == ["accepted"]
    assert "Import the 2026/27 Q3 return of Armley" in window.undo_action.text()
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: window.undo_stack.index() == 0, timeout=10000)
    assert snapshot(demo_store) == before
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: window.undo_stack.index() == 1, timeout=10000)
    assert snapshot(demo_store) != before


def test_preview_then_reject_writes_only_the_record(
    qtbot: Any, window: Any, demo_store: Store, scripted_prompts: Any, return_file: Path
) -> None:
    before = snapshot(demo_store)
    dialog = open_preview(qtbot, window, scripted_prompts, return_file)
    qtbot.mouseClick(dialog.reject_button, LEFT)
    qtbot.waitUntil(lambda: not window.returns.dialogs, timeout=5000)
    assert snapshot(demo_store) == before
    assert window.undo_stack.count() == 0
    records = ReturnsService(demo_store).records()
    assert [(r.status, r.file_name) for r in records] == [("refused", return_file.name)]
    assert "Rejected at the preview" in records[0].reasons


def test_a_refused_return_shows_every_problem_with_its_cell(
    qtbot: Any, window: Any, demo_store: Store, scripted_prompts: Any, tmp_path: Path
) -> None:
    content = ReturnsService(demo_store).gather(unit_id(demo_store, "Armley"), NOW, filled=True)
    bad = completed(content, level="Developping")
    bad = dataclasses.replace(
        bad, practices=(dataclasses.replace(bad.practices[0], code="Y99999"), *bad.practices[1:])
    )
    path = tmp_path / "bad.xlsx"
    returns_files.write_return(bad, path, [*LEVELS, "Developping"])
    dialog = open_preview(qtbot, window, scripted_prompts, path)
    assert not dialog.accept_button.isEnabled() and dialog.problem_view.isVisible()
    shown = [
        dialog.problems.index(r, 0).data() + " " + dialog.problems.index(r, 1).data()
        for r in range(dialog.problems.rowCount())
    ]
    assert "Membership!B5 'Y99999' is not a practice code lcpdesk knows." in shown
    assert 'Maturity!D5 "Developping" is not a level of this framework.' in shown
    dialog.grab().save(str(SHOTS / "refused.png")) if SHOTS else None
    dialog.close()


def test_export_return_writes_the_selected_partnerships_workbook(
    qtbot: Any, window: Any, demo_store: Store, scripted_prompts: Any, tmp_path: Path
) -> None:
    assert window.export_return(filled=True) is None  # nothing selected yet
    assert prompts.INFO in {p.kind for p in scripted_prompts.seen}
    armley = unit_id(demo_store, "Armley")
    click_navigator(qtbot, window, _area_id(demo_store), armley)
    dialog = window.export_return(filled=True)
    dialog.period.setCurrentText(NOW)
    qtbot.waitExposed(dialog)
    dialog.grab().save(str(SHOTS / "export.png")) if SHOTS else None
    target = tmp_path / "out.xlsx"
    scripted_prompts.answer(prompts.SAVE_FILE, str(target))
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=20000)
    read = returns_files.read_return(target).content
    assert read is not None and read.cover.partnership == "Armley" and read.cover.period == NOW
    assert read.allocations


def test_templates_lists_the_shipped_one_and_loads_another(
    qtbot: Any, window: Any, scripted_prompts: Any, tmp_path: Path, data_dir: Path
) -> None:
    dialog = window.show_templates()
    qtbot.waitExposed(dialog)
    assert dialog.model.rowCount() == 1
    assert dialog.model.index(0, 1).data() == "lcp-quarterly-return"
    shipped = dialog.model.record(0).path
    text = shipped.read_text(encoding="utf-8")
    mine = tmp_path / "partner.toml"
    mine.write_text(text.replace('key = "lcp-quarterly-return"', 'key = "partner-return"', 1),
                    encoding="utf-8")  # fmt: skip
    broken = tmp_path / "broken.toml"
    broken.write_text("key = [", encoding="utf-8")
    scripted_prompts.answer(prompts.OPEN_FILES, [mine, broken])
    qtbot.mouseClick(dialog.load_button, LEFT)
    assert [dialog.model.index(r, 1).data() for r in range(dialog.model.rowCount())] == [
        "lcp-quarterly-return",
        "partner-return",
    ]
    assert (data_dir / "templates" / "partner-return-v1.toml").is_file()
    assert any("not valid TOML" in p.text for p in scripted_prompts.of_kind(prompts.ERROR))
    dialog.grab().save(str(SHOTS / "templates.png")) if SHOTS else None


def _area_id(store: Store) -> int:
    from lcpdesk.services.membership import MembershipService

    return MembershipService(store).area_named("Leeds").id


def test_a_return_dropped_with_other_files_previews_and_the_rest_go_to_the_import(
    qtbot: Any, window: Any, return_file: Path, tmp_path: Path
) -> None:
    other = tmp_path / "membership.csv"
    other.write_text("Practice code,LCP\nB86001,Armley\n", encoding="utf-8")
    window.importer.open([return_file, other])  # what a drop on the window calls
    qtbot.waitUntil(lambda: bool(window.returns.dialogs), timeout=20000)
    dialog = window.importer.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: bool(dialog.files.entries()), timeout=20000)
    assert [e.path for e in window.importer.dialog.files.entries()] == [other]
    qtbot.waitUntil(lambda: window.tasks.tasks == [], timeout=20000)
    dialog.close()
    window.returns.dialogs[0].close()


def test_templates_reads_a_return_with_the_chosen_description(
    qtbot: Any, window: Any, scripted_prompts: Any, return_file: Path
) -> None:
    dialog = window.show_templates()
    qtbot.waitExposed(dialog)
    assert dialog.view.currentIndex().row() == 0
    scripted_prompts.answer(prompts.OPEN_FILES, [return_file])
    qtbot.mouseClick(dialog.read_button, LEFT)
    qtbot.waitUntil(lambda: bool(window.returns.dialogs), timeout=20000)
    preview = window.returns.dialogs[0].preview
    assert preview.file_name == return_file.name and not preview.refused
    window.returns.dialogs[0].close()
    dialog.close()
