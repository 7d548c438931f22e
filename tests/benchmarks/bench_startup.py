"""Launch-to-usable-window time of lcpdesk, beside a bare PySide6 window measured in the same run.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_startup.py [--repeat 5]

(or under Xvfb: ``xvfb-run -a .venv/bin/python tests/benchmarks/bench_startup.py``). Both are
timed the same way, from starting a fresh interpreter to the line it prints once its window
is shown and the event loop has run once (lcpdesk does this when LCPDESK_EXIT_WHEN_READY=1):

* bare:    ``python -c`` making a QApplication and one QMainWindow, nothing else;
* lcpdesk: ``python -m lcpdesk --data-dir <demo data> --no-error-dialogs``;
* frozen:  the same with the PyInstaller build (``dist/lcpdesk/lcpdesk``, or ``--frozen PATH``),
  when there is one; its folder's size and file count are printed too.

Not collected by pytest (no ``test_`` prefix).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setWindowTitle("bare")
window.setCentralWidget(QLabel("A bare PySide6 window"))
window.resize(1200, 800)
window.show()

def ready():
    print("bare-ready", flush=True)
    window.close()
    app.quit()

QTimer.singleShot(0, ready)
sys.exit(app.exec())
"""

TIMEOUT_S = 120


def timed(cmd: list[str], marker: str, env: dict[str, str]) -> float:
    """Seconds from starting ``cmd`` to ``marker`` on its stdout; the process must exit 0."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    seen: float | None = None
    try:
        for line in proc.stdout:
            if line.strip() == marker:
                seen = time.perf_counter() - start
                break
            if time.perf_counter() - start > TIMEOUT_S:
                break
        _out, err = proc.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise SystemExit(f"{cmd[:3]} did not finish within {TIMEOUT_S} s") from None
    if seen is None or proc.returncode != 0:
        raise SystemExit(
            f"{' '.join(cmd)} exited {proc.returncode} without printing {marker!r}:\n{err}"
        )
    return seen


def load_demo(data_dir: Path, env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "lcpdesk", "demo", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=TIMEOUT_S,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"could not load the demo data:\n{done.stderr}")


def heaviest_imports(app_cmd: list[str], env: dict[str, str], count: int = 15) -> str:
    """The slowest top-level imports of one lcpdesk start (``python -X importtime``)."""
    cmd = [app_cmd[0], "-X", "importtime", *app_cmd[1:]]
    done = subprocess.run(
        cmd, capture_output=True, text=True, env=env, timeout=TIMEOUT_S, check=True
    )
    rows: list[tuple[int, str]] = []
    for line in done.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            name = parts[2].rstrip()
            depth = (len(name) - len(name.lstrip())) // 2
            if depth <= 1:
                rows.append((int(parts[1]), name.strip()))
    rows.sort(reverse=True)
    return "\n".join(f"  {us / 1e6:6.3f} s  {name}" for us, name in rows[:count])


def bundle_size(program: Path) -> str:
    """The one-folder build's size (bytes of its files) and file count."""
    files = [p for p in program.parent.rglob("*") if p.is_file() and not p.is_symlink()]
    size = sum(p.stat().st_size for p in files)
    return f"{size / 1e6:.0f} MB, {len(files)} files in {program.parent}"


def describe(name: str, times: list[float]) -> str:
    return (
        f"{name:<8} median {statistics.median(times):6.3f} s   min {min(times):6.3f} s   "
        f"({', '.join(f'{t:.3f}' for t in times)})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--imports", action="store_true", help="also list the slowest imports of one start"
    )
    parser.add_argument(
        "--frozen",
        type=Path,
        default=Path(__file__).resolve().parents[2] / "dist" / "lcpdesk" / "lcpdesk",
        help="the frozen program to time as well (default: dist/lcpdesk/lcpdesk, if built)",
    )
    args = parser.parse_args(argv)
    frozen: Path | None = args.frozen if args.frozen.is_file() else None

    env = dict(os.environ)
    headless = sys.platform.startswith("linux") and not (
        env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")
    )
    if headless:
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["LCPDESK_EXIT_WHEN_READY"] = "1"
    # Timed as installed, with bytecode caches: the untimed first run writes them.
    env.pop("PYTHONDONTWRITEBYTECODE", None)

    with tempfile.TemporaryDirectory(prefix="lcpdesk-bench-") as tmp:
        # A first start: no remembered window state (QSettings) from the user's own runs.
        env["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        data = Path(tmp) / "data"
        load_demo(data, env)
        bare_cmd = [sys.executable, "-c", BARE_WINDOW]
        app_cmd = [sys.executable, "-m", "lcpdesk", "--data-dir", str(data), "--no-error-dialogs"]
        frozen_cmd = [str(frozen), *app_cmd[3:]] if frozen else []
        # one untimed run of each warms the OS file cache and writes the bytecode caches
        timed(bare_cmd, "bare-ready", env)
        timed(app_cmd, "lcpdesk-ready", env)
        if frozen_cmd:
            timed(frozen_cmd, "lcpdesk-ready", env)
        bare: list[float] = []
        app: list[float] = []
        built: list[float] = []
        for _ in range(args.repeat):  # interleaved, so drift affects all alike
            bare.append(timed(bare_cmd, "bare-ready", env))
            app.append(timed(app_cmd, "lcpdesk-ready", env))
            if frozen_cmd:
                built.append(timed(frozen_cmd, "lcpdesk-ready", env))
        imports = heaviest_imports(app_cmd, env) if args.imports else ""

    platform = env.get("QT_QPA_PLATFORM", "default")
    print(f"launch to usable window, {args.repeat} runs each (Qt platform: {platform})")
    print(describe("bare", bare))
    print(describe("lcpdesk", app))
    ratio = statistics.median(app) / statistics.median(bare)
    extra = statistics.median(app) - statistics.median(bare)
    print(f"lcpdesk / bare: {ratio:.2f}x the median ({extra:+.3f} s)")
    if frozen and built:
        print(describe("frozen", built))
        ratio = statistics.median(built) / statistics.median(bare)
        print(f"frozen / bare: {ratio:.2f}x the median")
        print(f"bundle: {bundle_size(frozen)}")
    else:
        print(f"frozen: no build at {args.frozen} (pyinstaller lcpdesk.spec makes one)")
    if imports:
        print("slowest imports of one lcpdesk start (cumulative, top level and one below):")
        print(imports)
    return 0


if __name__ == "__main__":
    sys.exit(main())
