"""``python -m lcpdesk`` and the ``lcpdesk`` launcher."""

from __future__ import annotations

import sys


def main() -> int:
    from lcpdesk.cli import main as cli_main

    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
