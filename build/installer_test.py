"""Install, check and uninstall the installer under wine, in a private wine prefix.

    python build/installer_test.py dist/installer/lcpdesk-<version>-setup.exe

Checks what a user on a locked-down laptop relies on: a silent per-user install (with the
command-line program put on PATH) lands in %LOCALAPPDATA%\\Programs\\lcpdesk with the programs,
a Start-menu shortcut, an HKCU uninstall entry carrying the version and publisher, and the PATH
entry; installing again over it (an upgrade in place) works; the uninstaller removes all of that
and leaves the user's data folder alone. Ends with "installer test passed" or exits 1.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_installer import publisher, version

UNINST = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\lcpdesk"


def find_wine() -> str:
    for name in ("wine64", "wine"):
        found = shutil.which(name)
        if found:
            return found
    for path in ("/usr/lib/wine/wine64", "/usr/lib64/wine/wine64"):
        if Path(path).is_file():
            return path
    raise SystemExit("wine64 is not installed (Debian: apt-get install wine64)")


class Wine:
    def __init__(self, prefix: Path) -> None:
        self.wine = find_wine()
        server = Path(self.wine).with_name("wineserver")
        self.server = str(server) if server.is_file() else (shutil.which("wineserver") or "")
        self.env = dict(os.environ, WINEPREFIX=str(prefix), WINEDEBUG="-all", WINEARCH="win64")
        # No Mono or Gecko prompts, no display needed for a silent install.
        self.env["WINEDLLOVERRIDES"] = "mscoree,mshtml=;winemenubuilder.exe=d"
        self.env.pop("DISPLAY", None)
        self.prefix = prefix

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [self.wine, *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        self.wait()
        if check and done.returncode != 0:
            said = done.stderr[-2000:]
            raise SystemExit(f"wine {' '.join(args)} exited {done.returncode}: {said}")
        return done

    def wait(self) -> None:
        """Until every program in the prefix has ended (the uninstaller re-launches itself)."""
        if self.server:
            subprocess.run([self.server, "-w"], env=self.env, timeout=600, check=False)

    def reg_value(self, key: str, name: str) -> str | None:
        done = self.run("reg", "query", key, "/v", name, check=False)
        found = re.search(rf"{re.escape(name)}\s+REG_\w+\s+(.*)", done.stdout)
        return found.group(1).strip() if done.returncode == 0 and found else None

    def user_dir(self) -> Path:
        users = [p for p in (self.prefix / "drive_c" / "users").iterdir() if p.name != "Public"]
        if len(users) != 1:
            raise SystemExit(f"expected one wine user folder, found {users}")
        return users[0]


def check(condition: bool, what: str, failures: list[str]) -> None:
    print(("  ok    " if condition else "  FAIL  ") + what)
    if not condition:
        failures.append(what)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("installer", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep the wine prefix")
    args = parser.parse_args(argv)
    setup = args.installer.resolve()
    exe = ".exe" if "windows" in setup.name or sys.platform == "win32" else ""
    failures: list[str] = []

    prefix = Path(tempfile.mkdtemp(prefix="lcpdesk-wine-"))
    wine = Wine(prefix)
    try:
        print("wine prefix", prefix)
        wine.run("wineboot", "--init")
        home = wine.user_dir()
        local = home / "AppData" / "Local"
        if not local.is_dir():  # older wine layouts
            local = home / "Local Settings" / "Application Data"
        data = local / "lcpdesk" / "lcpdesk"
        data.mkdir(parents=True, exist_ok=True)
        (data / "lcpdesk.sqlite").write_bytes(b"the user's own data")
        app_dir = local / "Programs" / "lcpdesk"
        menu = home / "AppData" / "Roaming" / "Microsoft" / "Windows" / "Start Menu" / "Programs"

        print("install (silent, with /PATH)")
        wine.run(str(setup), "/S", "/PATH")
        app_exe = "lcpdesk.exe" if (app_dir / "lcpdesk.exe").is_file() else f"lcpdesk{exe}"
        cli_exe = app_exe.replace("lcpdesk", "lcpdesk-cli", 1)
        check((app_dir / app_exe).is_file(), f"{app_exe} installed in {app_dir}", failures)
        check((app_dir / cli_exe).is_file(), f"{cli_exe} installed", failures)
        check((app_dir / "_internal").is_dir(), "_internal folder installed", failures)
        check((app_dir / "uninstall.exe").is_file(), "uninstall.exe written", failures)
        check((menu / "lcpdesk.lnk").is_file(), "Start-menu shortcut made", failures)
        check(
            wine.reg_value(UNINST, "DisplayVersion") == version(),
            "uninstall entry's version",
            failures,
        )
        check(
            wine.reg_value(UNINST, "Publisher") == publisher(),
            "uninstall entry's publisher",
            failures,
        )
        uninstall = wine.reg_value(UNINST, "UninstallString") or ""
        check("uninstall.exe" in uninstall, "uninstall entry names the uninstaller", failures)
        path = wine.reg_value(r"HKCU\Environment", "Path") or ""
        check(
            "programs\\lcpdesk" in path.lower(), "command-line program on the user's PATH", failures
        )

        print("upgrade in place (install again over it)")
        stale = app_dir / "_internal" / "left-by-an-old-version.txt"
        stale.write_text("old")
        wine.run(str(setup), "/S")
        check((app_dir / app_exe).is_file(), "still installed after the upgrade", failures)
        check(not stale.exists(), "files of the old version removed", failures)

        print("uninstall (silent)")
        wine.run(str(app_dir / "uninstall.exe"), "/S")
        check(not app_dir.exists(), "install folder removed", failures)
        check(not (menu / "lcpdesk.lnk").exists(), "Start-menu shortcut removed", failures)
        check(wine.reg_value(UNINST, "DisplayName") is None, "uninstall entry removed", failures)
        path = wine.reg_value(r"HKCU\Environment", "Path") or ""
        check("programs\\lcpdesk" not in path.lower(), "PATH entry removed", failures)
        check(
            (data / "lcpdesk.sqlite").read_bytes() == b"the user's own data",
            "the user's data folder kept",
            failures,
        )
    finally:
        if not args.keep:
            shutil.rmtree(prefix, ignore_errors=True)
    if failures:
        print(f"installer test FAILED: {len(failures)} check(s)")
        return 1
    print("installer test passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
