"""``python -m lcpdesk`` and the ``lcpdesk`` launcher."""

from __future__ import annotations

import os
import sys


def main() -> int:
    # Returns are read and written by worker processes; a frozen build starts them through
    # this same executable, and this makes those starts run the worker, not the app.
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
