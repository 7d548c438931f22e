"""``python -m lcpdesk`` and the ``lcpdesk`` launcher."""

from __future__ import annotations

import os
import sys


def main() -> int:
    # A workbook from outside is read in a child process (lcpdesk.io.workbook_guard_child); in
    # the PyInstaller bundle that child is this program started again, and this runs it.
    # (Only a frozen program needs it: importing multiprocessing costs every start 30 ms.)
    if getattr(sys, "frozen", False):
        import multiprocessing

        multiprocessing.freeze_support()
    # Started windowed on Windows (pythonw, the gui-script launcher, a windowed exe) there is no
    # console: stdout and stderr are None. Printing must not crash; use lcpdesk-cli to see it.
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    from lcpdesk.cli import main as cli_main

    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
