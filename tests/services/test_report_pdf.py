"""The PDF reports from the demo data, read back with pdftotext (poppler-utils): the
partnership's name, its populations, its maturity levels and its goals are on the pages, with
a title page and page numbers; the CLI writes both."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lcpdesk.errors import Cancelled
from lcpdesk.services.goals import GoalsService
from lcpdesk.services.maturity import MaturityService
from lcpdesk.services.membership import MembershipService
from lcpdesk.services.report_area import area_report, profile_report

PERIOD = "2020/21 Q2"
TODAY = dt.date(2026, 4, 1)

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def pages_of(path: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")[:-1]


def test_a_profile_shows_the_partnership_populations_levels_and_goals(demo_store, tmp_path):
    out = profile_report(
        demo_store, "Armley", PERIOD, tmp_path / "armley.pdf", area="Leeds", today=TODAY
    )
    pages = pages_of(out)
    assert len(pages) >= 3
    title, body = pages[0], "\n".join(pages[1:])
    assert "Armley: partnership profile" in title and PERIOD in title
    assert "Produced 1 Apr 2026" in title
    svc = MembershipService(demo_store)
    leeds = svc.area_named("Leeds")
    row = next(r for r in svc.area_table(leeds.id).rows if r.name == "Armley")
    assert f"{row.membership:,}" in body  # thousands separators
    assessment = MaturityService(demo_store).assessment_for(row.partnership_id, PERIOD)
    assert assessment is not None
    for d in assessment.framework.scored[:3]:
        level = assessment.framework.level_name(assessment.item(d.id).consensus)
        assert level and level in body
    for goal in GoalsService(demo_store).goals(leeds.id, row.partnership_id):
        assert " ".join(goal.title.split()[:3]) in " ".join(body.split())
    assert "Page 2" in pages[1]


def test_a_profile_can_be_cancelled_and_writes_nothing(demo_store, tmp_path):
    out = tmp_path / "x.pdf"
    with pytest.raises(Cancelled):
        profile_report(demo_store, "Armley", PERIOD, out, area="Leeds", cancelled=lambda: True)
    assert not out.exists()


@pytest.mark.slow
def test_the_area_report_has_a_summary_then_every_partnership(demo_store, tmp_path):
    out = area_report(demo_store, "Leeds", PERIOD, tmp_path / "leeds.pdf", today=TODAY)
    pages = pages_of(out)
    assert "Leeds: area report" in pages[0] and "18 LCPs" in pages[0]
    assert "Leeds at a glance" in pages[1]
    whole = "\n".join(pages)
    leeds = MembershipService(demo_store).area_named("Leeds")
    for unit in MembershipService(demo_store).partnerships(leeds.id):
        if unit.parent_id is None:
            assert unit.name in whole
    assert f"Page {len(pages)}" in pages[-1]


@pytest.mark.slow
def test_the_cli_writes_the_profile(demo_store, data_dir, tmp_path):
    demo_store.close()
    out = tmp_path / "p.pdf"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "lcpdesk",
            "report",
            "--data-dir",
            str(data_dir),
            "--partnership",
            "Armley",
            "--period",
            PERIOD,
            "-o",
            str(out),
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Armley" in pages_of(out)[0]
