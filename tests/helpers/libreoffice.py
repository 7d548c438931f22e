"""LibreOffice headless for tests: find ``soffice`` and convert a workbook with it.

Tests using the ``soffice`` fixture are skipped when LibreOffice is not installed, unless the
environment variable ``LCPDESK_REQUIRE_LIBREOFFICE`` is set (CI sets it): then they fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def soffice() -> str:
    found = find_soffice()
    if found is None:
        if os.environ.get("LCPDESK_REQUIRE_LIBREOFFICE"):
            pytest.fail("LibreOffice (soffice) is required here but is not installed")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


def convert(soffice: str, source: Path, target_format: str, out_dir: Path) -> Path:
    """``source`` opened, recalculated and saved by LibreOffice as ``target_format`` (``xlsx``,
    ``ods``, or a CSV filter whose last option is ``-1`` for every sheet as its own CSV); returns
    the converted file (the first one for per-sheet CSV)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = out_dir / "lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            target_format,
            "--outdir",
            str(out_dir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    suffix = target_format.split(":", 1)[0]
    found = sorted(out_dir.glob(f"{source.stem}*.{suffix}"))
    assert found, f"LibreOffice made no .{suffix} of {source.name}"
    return found[0]
