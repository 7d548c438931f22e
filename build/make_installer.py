"""Make the per-user installer (NSIS) and a zip of the one-folder build.

    .venv/bin/python build/make_installer.py [--zip] [--fast] [--dist dist/lcpdesk] [--out DIR]

Reads the version from ``lcpdesk/__init__.py`` and the publisher from ``pyproject.toml``, runs
``makensis`` on ``build/installer.nsi`` over the built folder, and writes
``lcpdesk-<version>-setup.exe`` and, with ``--zip``, ``lcpdesk-<version>-<platform>.zip`` (for
trusts that block installers: unzip anywhere and run ``lcpdesk.exe``). On Windows the payload is
the Windows build; elsewhere it is that platform's build, which proves the installer's
mechanics (PyInstaller does not cross-compile).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def version() -> str:
    text = (ROOT / "lcpdesk" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.M)
    if found is None:
        raise SystemExit("no __version__ in lcpdesk/__init__.py")
    return found.group(1)


def publisher() -> str:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    authors = project.get("authors") or [{}]
    return str(authors[0].get("name") or "lcpdesk")


def quad(text: str) -> str:
    numbers = [int(n) for n in re.findall(r"\d+", text)[:4]]
    return ".".join(str(n) for n in numbers + [0] * (4 - len(numbers)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist" / "lcpdesk")
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / "installer")
    parser.add_argument("--makensis", default=shutil.which("makensis") or "makensis")
    parser.add_argument("--zip", action="store_true", help="also zip the one-folder build")
    parser.add_argument(
        "--fast", action="store_true", help="zlib, not solid LZMA: a larger file, made quickly"
    )
    args = parser.parse_args(argv)

    dist = args.dist.resolve()
    exe = ".exe" if (dist / "lcpdesk.exe").is_file() else ""
    if not (dist / f"lcpdesk{exe}").is_file():
        raise SystemExit(f"no build in {dist}: run pyinstaller first (see build/README.md)")
    ver = version()
    args.out.mkdir(parents=True, exist_ok=True)
    setup = (args.out / f"lcpdesk-{ver}-setup.exe").resolve()
    defines = {
        "VERSION": ver,
        "VERSION_QUAD": quad(ver),
        "PUBLISHER": publisher(),
        "SRCDIR": str(dist),
        "OUTFILE": str(setup),
        "APP_EXE": f"lcpdesk{exe}",
        "CLI_EXE": f"lcpdesk-cli{exe}",
        "ICON": str(ROOT / "resources" / "icons" / "lcpdesk.ico"),
    }
    if args.fast:
        defines["COMPRESSOR"] = "zlib"
    command = [args.makensis, "-V2", *(f"-D{k}={v}" for k, v in defines.items())]
    command.append(str(ROOT / "build" / "installer.nsi"))
    subprocess.run(command, check=True)
    print(f"installer: {setup} ({setup.stat().st_size / 1e6:.1f} MB)")

    if not args.zip:
        return 0
    platform = "windows-x64" if exe else sys.platform
    base = args.out / f"lcpdesk-{ver}-{platform}"
    archive = Path(shutil.make_archive(str(base), "zip", root_dir=dist.parent, base_dir=dist.name))
    print(f"zip: {archive} ({archive.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
