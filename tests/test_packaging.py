"""What gets shipped: the package list, resources/ and the migrations, in a wheel and a bundle."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import lcpdesk
from lcpdesk import paths

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
MIGRATIONS = ROOT / "lcpdesk" / "store" / "migrations"


def shipped_files(folder: Path) -> list[Path]:
    return sorted(
        p.relative_to(folder)
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )


# --------------------------------------------------------------------------- pyproject


def test_every_package_folder_is_listed_in_pyproject() -> None:
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "lcpdesk").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert "lcpdesk.store.migrations.versions" in on_disk
    expected = on_disk | {"lcpdesk.resources"}
    assert listed == expected, (
        f"missing from [tool.setuptools] packages: {sorted(expected - listed)}; "
        f"listed but not on disk: {sorted(listed - expected)}"
    )


def test_resources_are_mapped_into_the_package() -> None:
    setuptools = PYPROJECT["tool"]["setuptools"]
    assert setuptools["package-dir"] == {"lcpdesk.resources": "resources"}
    assert (ROOT / "resources" / "__init__.py").is_file()
    data = PYPROJECT["tool"]["setuptools"]["package-data"]
    assert "**/*" in data["lcpdesk.resources"]
    assert "*.mako" in data["lcpdesk.store.migrations"]


def test_resources_dir_finds_the_checkout_resources() -> None:
    found = paths.resources_dir()
    assert found.resolve() == (ROOT / "resources").resolve()
    assert paths.resource("demo", "leeds.json").is_file()


# --------------------------------------------------------------------------- the wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a clean copy of the sources (so no build/ or egg-info lands in the
    checkout; build/ is ours)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "lcpdesk", src / "lcpdesk", ignore=ignore)
    shutil.copytree(ROOT / "resources", src / "resources", ignore=ignore)
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(src)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (built,) = out.glob("lcpdesk-*.whl")
    return built


@pytest.mark.slow
def test_the_wheel_holds_resources_and_migrations(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for rel in shipped_files(ROOT / "resources"):
        assert f"lcpdesk/resources/{rel.as_posix()}" in names
    for rel in shipped_files(MIGRATIONS):
        assert f"lcpdesk/store/migrations/{rel.as_posix()}" in names
    assert "lcpdesk/store/migrations/script.py.mako" in names
    assert any(n.startswith("lcpdesk/store/migrations/versions/0001_") for n in names)
    assert f"lcpdesk-{lcpdesk.__version__}.dist-info/entry_points.txt" in names
    entry_points = zipfile.ZipFile(wheel).read(
        f"lcpdesk-{lcpdesk.__version__}.dist-info/entry_points.txt"
    )
    assert b"[gui_scripts]" in entry_points
    assert b"lcpdesk = lcpdesk.__main__:main" in entry_points


@pytest.mark.slow
def test_resources_dir_works_from_an_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(site)
    probe = (
        "import sys\n"
        f"sys.path.insert(0, {str(site)!r})\n"
        "from lcpdesk import paths\n"
        "print(paths.resources_dir())\n"
        "print(paths.resource('demo', 'leeds.json').is_file())\n"
    )
    # -I -S: no site-packages, so the editable install of the checkout cannot answer instead
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", probe],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    where, found = done.stdout.split()
    assert Path(where) == site / "lcpdesk" / "resources"
    assert found == "True"


# --------------------------------------------------------------------------- the frozen build


def test_the_spec_bundles_resources_and_migrations() -> None:
    spec = (ROOT / "lcpdesk.spec").read_text(encoding="utf-8")
    ast.parse(spec)
    assert '"lcpdesk" / "__main__.py"' in spec
    assert 'files_under(ROOT / "resources", "resources")' in spec
    assert '"lcpdesk/store/migrations", ("*.py", "*.mako")' in spec
    assert 'name="lcpdesk", console=False' in spec


def test_the_version_resource_template_renders(tmp_path: Path) -> None:
    template = (ROOT / "build" / "version_info.txt").read_text(encoding="utf-8")
    rendered = template.replace("@VERSION_TUPLE@", "0, 1, 0, 0").replace("@VERSION@", "0.1.0")
    assert "@" not in rendered.replace("@VERSION", "")
    code = "\n".join(line for line in rendered.splitlines() if not line.startswith("#"))
    ast.parse(code, mode="eval")
    try:
        from PyInstaller.utils.win32 import versioninfo
    except ImportError:
        return  # PyInstaller (the build extra) is not installed: the syntax check will do
    target = tmp_path / "version_info.txt"
    target.write_text(rendered, encoding="utf-8")
    info = versioninfo.load_version_info_from_text_file(str(target))
    assert "0.1.0" in str(info)


def test_the_installer_installs_per_user_without_admin() -> None:
    nsi = (ROOT / "build" / "installer.nsi").read_text(encoding="utf-8")
    assert "RequestExecutionLevel user" in nsi
    assert r'InstallDir "$LOCALAPPDATA\Programs\${APP}"' in nsi
    assert r'!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"' in nsi
    assert 'WriteRegStr HKCU "${UNINST_KEY}"' in nsi
    assert "HKLM" not in nsi  # nothing machine-wide
    assert "lcpdesk\\lcpdesk" not in nsi.replace("Programs\\${APP}", "")  # never the data folder


def test_the_installer_compiles_over_a_build(tmp_path: Path) -> None:
    """makensis compiles build/installer.nsi, through make_installer.py, over a (tiny) build;
    CI then installs and uninstalls the real one under wine (build/installer_test.py)."""
    if shutil.which("makensis") is None:
        if os.environ.get("CI"):
            pytest.fail("makensis is not installed (.ci/run installs Debian's nsis)")
        pytest.skip("makensis is not installed")
    dist = tmp_path / "dist" / "lcpdesk"
    (dist / "_internal").mkdir(parents=True)
    for name in ("lcpdesk", "lcpdesk-cli", "_internal/base_library.zip"):
        (dist / name).write_bytes(b"payload " + name.encode())
    out = tmp_path / "installer"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build" / "make_installer.py"),
            "--fast",
            "--dist",
            str(dist),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    setup = out / f"lcpdesk-{lcpdesk.__version__}-setup.exe"
    assert setup.read_bytes()[:2] == b"MZ"  # a Windows program
    resource = setup.read_bytes()  # the version resource, as Windows' file properties show it
    assert lcpdesk.__version__.encode("utf-16-le") in resource
    assert "lcpdesk developers".encode("utf-16-le") in resource  # pyproject's author


@pytest.mark.slow
def test_smoke_test_passes_on_the_source_tree(tmp_path: Path) -> None:
    env = dict(os.environ, TMPDIR=str(tmp_path))
    done = subprocess.run(
        [sys.executable, str(ROOT / "build" / "smoke_test.py")],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.rstrip().endswith("smoke test passed")
