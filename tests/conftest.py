"""Shared test set-up: offscreen Qt, private user folders, Qt warnings as failures, store fixtures.

The environment is changed at import time, before pytest-qt (or anything else) imports Qt or
platformdirs, so no test can read or write the real user's settings, data or log folders, and
subprocesses started by tests inherit the same private folders.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

os.environ["QT_QPA_PLATFORM"] = "offscreen"

# Property tests judge results, not speed: a shared 2-core machine makes hypothesis' per-example
# deadline (200 ms) fail at random. Speed has its own benchmarks (tests/benchmarks/).
settings.register_profile("lcpdesk", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("lcpdesk")

_PRIVATE_HOME = Path(tempfile.mkdtemp(prefix="lcpdesk-tests-home-"))
atexit.register(shutil.rmtree, _PRIVATE_HOME, ignore_errors=True)


def _private_folders(home: Path) -> dict[str, str]:
    folders = {
        # Linux (platformdirs, QSettings, QStandardPaths)
        "XDG_DATA_HOME": home / "xdg-data",
        "XDG_CONFIG_HOME": home / "xdg-config",
        "XDG_CACHE_HOME": home / "xdg-cache",
        "XDG_STATE_HOME": home / "xdg-state",
        "XDG_RUNTIME_DIR": home / "xdg-runtime",
        # macOS (platformdirs builds on ~/Library)
        "HOME": home,
        # Windows (platformdirs honours WIN_PD_OVERRIDE_*; Qt reads the env vars)
        "USERPROFILE": home,
        "APPDATA": home / "AppData" / "Roaming",
        "LOCALAPPDATA": home / "AppData" / "Local",
        "WIN_PD_OVERRIDE_APPDATA": home / "AppData" / "Roaming",
        "WIN_PD_OVERRIDE_LOCAL_APPDATA": home / "AppData" / "Local",
        # matplotlib keeps its font cache under MPLCONFIGDIR
        "MPLCONFIGDIR": home / "mpl",
    }
    for path in folders.values():
        path.mkdir(parents=True, exist_ok=True)
    # Qt warns (and so fails a test) when the runtime folder is not private to the user.
    (home / "xdg-runtime").chmod(0o700)
    return {name: str(path) for name, path in folders.items()}


os.environ.update(_private_folders(_PRIVATE_HOME))
os.environ.pop("LCPDESK_EXIT_WHEN_READY", None)


def private_home() -> Path:
    """The temporary folder standing in for the user's home during this test run."""
    return _PRIVATE_HOME


# --------------------------------------------------------------------------- Qt warnings fail

_FAILING_QT_LEVEL = "WARNING"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Fail a test that made Qt print a warning, critical or fatal message.

    pytest-qt does this itself when ``qt_log_level_fail = "WARNING"`` is in the pytest
    settings; until then (or if it is removed) this hook does the same. Messages matching
    ``qt_log_ignore`` (or a ``@pytest.mark.qt_log_ignore``) are exempt, as are tests marked
    ``@pytest.mark.qt_log_level_fail("NO")`` or ``@pytest.mark.no_qt_log``.
    """
    report = yield
    capture = getattr(item, "qt_log_capture", None)
    if call.when != "call" or capture is None or not report.passed:
        return report
    configured = item.config.getini("qt_log_level_fail") not in ("", "NO")  # "NO": the default
    if configured or item.get_closest_marker("qt_log_level_fail"):
        return report  # pytest-qt applies its own setting
    failing = [r for r in capture.records if r.matches_level(_FAILING_QT_LEVEL) and not r.ignored]
    if failing:
        report.outcome = "failed"
        lines = "\n".join(f"    {r.type_name}: {r.message}" for r in failing)
        report.longrepr = f"Qt printed {len(failing)} warning(s) during the test:\n{lines}"
    return report


# --------------------------------------------------------------------------- folders and stores


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data folder for one test (what ``--data-dir`` would point at)."""
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def store(data_dir: Path) -> Iterator[Any]:
    """An empty store at the newest schema in ``data_dir``; closed after the test."""
    from lcpdesk.store.db import open_store

    opened = open_store(data_dir)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store file with the demo data loaded, made once per run. Copy it; don't open it."""
    from lcpdesk.services.demo import load_demo
    from lcpdesk.store.db import open_store

    folder = tmp_path_factory.mktemp("demo-template")
    made = open_store(folder)
    try:
        load_demo(made)
    finally:
        made.close()
    path = folder / "lcpdesk.sqlite"
    checkpoint(path)
    return path


@pytest.fixture
def demo_store(data_dir: Path, demo_database: Path) -> Iterator[Any]:
    """A store in ``data_dir`` holding the demo data (Leeds and LLR); closed after the test."""
    from lcpdesk.store.db import open_store

    shutil.copyfile(demo_database, data_dir / "lcpdesk.sqlite")
    opened = open_store(data_dir)
    try:
        yield opened
    finally:
        opened.close()


def checkpoint(db_file: Path) -> None:
    """Fold the write-ahead log into the main file, so the file alone holds every row."""
    conn = sqlite3.connect(str(db_file))
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def python() -> str:
    """The interpreter running the tests (the project's venv), for subprocesses."""
    return sys.executable
