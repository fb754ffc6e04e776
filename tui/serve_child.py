"""The reader as ``briefing-tui serve`` runs it for one browser tab:
``python -m tui.serve_child SERVER_PID [APP ARGUMENTS]``.

The app is ``briefing-tui`` itself (textual-serve's environment picks the web driver); this
module only makes sure it never outlives the server that started it: on Linux the kernel kills
it when its parent dies (``PR_SET_PDEATHSIG``), and everywhere a watchdog thread ends it once it
has been handed to another parent. The server ends a session's app itself when its tab closes
(:class:`tui.serve.Session`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time

WATCH_SECONDS = 0.5
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _kill_with_parent() -> None:
    """Ask Linux to send SIGKILL when the parent dies (a stuck app ignores SIGTERM)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):  # if not, the watchdog still ends it
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)  # orphaned: no one can see or use this app any more


def die_with_parent(parent: int) -> None:
    """End this process as soon as the server that started it (process ``parent``) is gone."""
    _kill_with_parent()
    if os.getppid() != parent:  # it died before we could ask
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="serve-watchdog", daemon=True).start()


def main(argv: list[str]) -> int:
    """``argv``: the server's process id, then the app's arguments."""
    die_with_parent(int(argv[0]))
    from tui.cli import main as cli_main

    return cli_main(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
