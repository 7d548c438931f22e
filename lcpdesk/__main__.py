"""``python -m lcpdesk`` and the ``lcpdesk`` launcher."""

from __future__ import annotations

import os
import sys


def main() -> int:
    # Workbooks from outside are read in child processes (the workbook guard, consolidating
    # returns); in the PyInstaller bundle a child is this program started again, and this runs
    # it.
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
