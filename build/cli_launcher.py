"""``lcpdesk-cli``: the console face of the frozen lcpdesk, a few hundred kilobytes.

The bundle holds one Python program, ``lcpdesk`` (windowed on Windows), with the one copy of
lcpdesk's Python archive. A windowed Windows program gets no console, so this small console
program runs it with this console's input and output and returns its exit status: commands
print where the user typed them. Elsewhere (no windowed/console split) it simply becomes the
program. Standard library only, so its own archive stays tiny (see ``lcpdesk.spec``).
"""

import os
import subprocess
import sys


def main() -> int:
    here = os.path.dirname(os.path.abspath(sys.executable))
    target = os.path.join(here, "lcpdesk.exe" if os.name == "nt" else "lcpdesk")
    argv = [target, *sys.argv[1:]]
    # Started by a frozen program, PyInstaller's bootloader would take the program for a child
    # of this one; this tells it to start afresh (and to restore the library path).
    env = dict(os.environ, PYINSTALLER_RESET_ENVIRONMENT="1")
    if os.name != "nt":
        os.execve(target, argv, env)
    try:
        # The windowed program inherits this console's standard handles explicitly.
        return subprocess.call(argv, stdin=sys.stdin, stdout=sys.stdout, stderr=sys.stderr, env=env)
    except KeyboardInterrupt:
        return 1


if __name__ == "__main__":
    sys.exit(main())
