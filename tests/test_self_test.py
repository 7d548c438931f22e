"""``lcpdesk --version`` and ``lcpdesk --self-test``, run as a user (or CI) runs them."""

from __future__ import annotations

import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from lcpdesk import __version__
from lcpdesk.store.migrate import HEAD, head_revision
from lcpdesk.ui import self_test


def lcpdesk(*args: str, code: str | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-c", code] if code else [sys.executable, "-m", "lcpdesk", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)


def test_version_names_lcpdesk_its_schema_python_and_qt() -> None:
    import PySide6

    done = lcpdesk("--version")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"lcpdesk {__version__}"
    assert lines[1] == f"schema revision {head_revision()}" == f"schema revision {HEAD}"
    assert lines[2].startswith(f"Python {platform.python_version()}")
    assert lines[3].startswith("Qt 6.") and f"PySide6 {PySide6.__version__}" in lines[3]


def test_version_loads_no_widgets_pandas_or_charts() -> None:
    """It answers in a fraction of a second: it loads nothing it does not use."""
    probe = (
        "import sys\n"
        "from lcpdesk.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "heavy = ('PySide6.QtWidgets', 'PySide6.QtGui', 'pandas', 'matplotlib', 'alembic')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    done = lcpdesk(code=probe)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"


def test_table_command_loads_no_qt_pandas_or_charts(tmp_path: Path) -> None:
    assert lcpdesk("demo", "--data-dir", str(tmp_path)).returncode == 0
    probe = (
        "import sys\n"
        "from lcpdesk.cli import main\n"
        f"assert main(['table', '--area', 'Leeds', '--data-dir', {str(tmp_path)!r}]) == 0\n"
        "heavy = ('PySide6', 'pandas', 'matplotlib', 'alembic', 'openpyxl')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    done = lcpdesk(code=probe)
    assert done.returncode == 0, done.stderr
    assert "Total" in done.stdout
    assert done.stdout.splitlines()[-1] == "[]"


def test_a_failing_check_is_named_and_exits_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(self_test, "LEEDS_TOTAL", 861_288)  # not what seed 000 says
    assert self_test.run_self_test() == 1
    out, err = capsys.readouterr()
    assert "ok  a new store at schema" in out and "ok  the demo data" in out
    assert "FAILED table: unexpected Leeds table" in err
    assert "self-test passed" not in out


@pytest.mark.slow
def test_self_test_checks_every_pane_and_a_return_and_exits_0() -> None:
    from lcpdesk.ui.panes import pane_classes

    done = lcpdesk("--self-test")
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "ok  the Leeds table: 18 LCPs, 861,287 both ways" in out
    assert "written and read back unchanged" in out
    for pane in pane_classes():
        assert f"ok  the {pane.title} pane" in out
    assert "self-test passed" in out


def test_self_test_runs_on_its_own_folder(monkeypatch: Any, tmp_path: Path) -> None:
    """It never touches the user's data: the store it opens is in a temporary folder."""
    from lcpdesk.store import db

    opened: list[Path] = []

    def spy(folder: Path) -> Any:
        opened.append(folder)
        raise RuntimeError("stop here")

    monkeypatch.setattr(db, "open_store", spy)
    assert self_test.run_self_test() == 1
    assert opened and opened[0].name.startswith("lcpdesk-self-test-")
    assert not opened[0].exists()  # removed afterwards
