"""Every command example in the README's "Command line" section prints what it promises on
today's demo (the demo is dated from the day it is loaded)."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).parents[1] / "README.md"


def examples() -> list[str]:
    """The `lcpdesk …` examples in the bullets of the Command line section (not the synopsis,
    whose FILE, NAME… are placeholders)."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Command line", 1)[1].split("\n## ", 1)[0]
    found = re.findall(r"`(lcpdesk [^`]+)`", section)
    # Full examples only: with options, and no placeholders (FILE, RETURN…); `lcpdesk demo`
    # itself is run by the fixture.
    return [e for e in found if " -" in e and not re.search(r"\b[A-Z]{3,}\b", e)]


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lcpdesk", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        cwd=cwd,
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("readme-demo")
    done = run(["demo", "--data-dir", str(folder)], folder)
    assert done.returncode == 0, done.stderr
    return folder


def test_the_readme_has_examples() -> None:
    found = examples()
    assert any(e.startswith("lcpdesk resources") and "--period" in e for e in found)
    assert any(e.startswith("lcpdesk table") for e in found)


@pytest.mark.parametrize("example", examples())
def test_readme_example_prints_what_it_promises(example: str, demo: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(demo, data)
    args = shlex.split(example)[1:]
    if args[0] == "consolidate":  # a folder of returns: none has come back yet
        (tmp_path / args[1]).mkdir()
    done = run([*args, "--data-dir", str(data)], tmp_path)
    assert done.returncode == 0, f"{example}: {done.stderr}"
    if "-o" in args:
        named = args[args.index("-o") + 1]
        written = tmp_path / named
        if named.endswith("/"):  # a folder of workbooks, one per partnership
            assert len(list(written.glob("*.xlsx"))) >= 18, example
        else:
            assert written.is_file() and written.stat().st_size > 0, example
        return
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if args[0] in ("table", "maturity", "goals", "resources"):
        assert len(lines) >= 2, f"{example} printed no rows:\n{done.stdout}"  # header + rows
    else:
        assert lines, f"{example} printed nothing"
