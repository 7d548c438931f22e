"""Smoke test of an lcpdesk build (or of the source tree) before an installer is made.

    .venv/bin/python build/smoke_test.py                           # python -m lcpdesk
    .venv/bin/python build/smoke_test.py --app dist/lcpdesk/lcpdesk  # a frozen build
    python build\\smoke_test.py --app dist\\lcpdesk\\lcpdesk.exe ^
        --cli dist\\lcpdesk\\lcpdesk-cli.exe

Checks, each in fresh temporary data folders (never the user's own):
1. ``--version`` prints the version and exits 0;
2. ``demo`` then ``table --area Leeds --format csv`` prints seed 000's 18 LCPs with 861,287
   in both total columns; a bad command exits 2 and an unknown area exits 1;
3. the window opens on that data, and on an empty folder with ``--demo``
   (``--no-error-dialogs``, LCPDESK_EXIT_WHEN_READY=1): it prints ``lcpdesk-ready``, exits 0
   and leaves no crash report.

On Linux with no display, Qt's offscreen platform is used. Exits 0 when all checks pass.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

TIMEOUT_S = 180
LEEDS_TOTAL = "861287"
LEEDS_LCPS = 18


class SmokeFailure(Exception):
    pass


def run(
    cmd: list[str], env: dict[str, str], *, expect: int = 0
) -> subprocess.CompletedProcess[str]:
    shown = " ".join(Path(c).name if i == 0 else c for i, c in enumerate(cmd))
    print(f"  $ {shown}", flush=True)
    try:
        done = subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=env,
            timeout=TIMEOUT_S,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise SmokeFailure(f"{shown} did not finish within {TIMEOUT_S} s") from exc
    if done.returncode != expect:
        raise SmokeFailure(
            f"{shown} exited {done.returncode}, expected {expect}\n"
            f"--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
        )
    return done


def check_version(app: list[str], env: dict[str, str]) -> None:
    done = run([*app, "--version"], env)
    text = (done.stdout + done.stderr).strip()
    if not text.startswith("lcpdesk "):
        raise SmokeFailure(f"--version printed {text!r}")
    print(f"    {text}")


def check_window(app: list[str], env: dict[str, str], data: Path, *, demo: bool) -> None:
    window_env = dict(env, LCPDESK_EXIT_WHEN_READY="1")
    extra = ["--demo"] if demo else []
    done = run([*app, "--data-dir", str(data), *extra, "--no-error-dialogs"], window_env)
    if "lcpdesk-ready" not in done.stdout.splitlines():
        raise SmokeFailure(f"the window never said lcpdesk-ready\n{done.stdout}\n{done.stderr}")
    if not (data / "lcpdesk.sqlite").is_file():
        raise SmokeFailure("no lcpdesk.sqlite in the data folder after the window opened")
    crashes = (
        sorted((data / "crash-reports").glob("*")) if (data / "crash-reports").exists() else []
    )
    if crashes:
        raise SmokeFailure(f"crash report(s) written: {crashes[0].read_text(encoding='utf-8')}")
    print("    the window opened and closed cleanly")


def check_cli(cli: list[str], env: dict[str, str], data: Path) -> None:
    run([*cli, "demo", "--data-dir", str(data)], env)
    done = run([*cli, "table", "--area", "Leeds", "--format", "csv", "--data-dir", str(data)], env)
    rows = list(csv.reader(io.StringIO(done.stdout)))
    body = [r for r in rows[1:] if r]
    total = body[-1] if body else []
    if len(body) != LEEDS_LCPS + 1 or total[:1] != ["Total"] or total[-2:] != [LEEDS_TOTAL] * 2:
        raise SmokeFailure(f"unexpected Leeds table:\n{done.stdout}")
    print(f"    Leeds: {LEEDS_LCPS} LCPs, totals {total[-2]} and {total[-1]}")
    run([*cli, "table", "--data-dir", str(data)], env, expect=2)
    run([*cli, "table", "--area", "Atlantis", "--data-dir", str(data)], env, expect=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", type=Path, help="the built lcpdesk program (default: source)")
    parser.add_argument(
        "--cli", type=Path, help="the console program for CLI checks (default: --app)"
    )
    args = parser.parse_args(argv)

    app = [str(args.app.resolve())] if args.app else [sys.executable, "-m", "lcpdesk"]
    cli = [str(args.cli.resolve())] if args.cli else app
    env = dict(os.environ)
    env.pop("LCPDESK_EXIT_WHEN_READY", None)
    if sys.platform.startswith("linux") and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    print(f"smoke test of {' '.join(app)}")
    with tempfile.TemporaryDirectory(prefix="lcpdesk-smoke-") as tmp:
        home = Path(tmp) / "home"  # keep settings and logs out of the real user folders
        for var, sub in (
            ("HOME", ""),
            ("XDG_CONFIG_HOME", "config"),
            ("XDG_DATA_HOME", "data"),
            ("XDG_STATE_HOME", "state"),
            ("XDG_CACHE_HOME", "cache"),
        ):
            (home / sub).mkdir(parents=True, exist_ok=True)
            env[var] = str(home / sub)
        loaded = Path(tmp) / "cli"
        checks = [
            ("version", lambda: check_version(app, env)),
            ("command line", lambda: check_cli(cli, env, loaded)),
            ("window on the loaded demo data", lambda: check_window(app, env, loaded, demo=False)),
            ("window with --demo", lambda: check_window(app, env, Path(tmp) / "gui", demo=True)),
        ]
        for name, check in checks:
            print(f"- {name}")
            try:
                check()
            except SmokeFailure as failure:
                print(f"FAILED: {name}: {failure}", file=sys.stderr)
                return 1
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
