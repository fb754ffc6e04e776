"""Index writer processes that never outlive the process that started them.

Whoosh's parallel writer forks its workers with :mod:`multiprocessing`. Each worker asks
the kernel to kill it when its parent dies (``prctl(PR_SET_PDEATHSIG)`` on Linux), so a
``kill -9`` of the command leaves no writer behind, and ignores Ctrl+C: the parent hears it
and stops them all at once, without a traceback from each. The app's build process
(:mod:`index.search.build`) makes the same request with :func:`die_with`.
"""

from __future__ import annotations

import ctypes
import os
import signal
from multiprocessing import util

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


class _Parent:
    """The process whose death ends the workers (the one that forks them)."""

    pid = 0


_PARENT = _Parent()


def _die_with_parent(parent: _Parent) -> None:
    """Run in each forked worker as it starts."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with(parent.pid)


def die_with(parent: int) -> None:
    """Have the kernel kill this process when its parent (``parent``, its pid) dies; exit
    now if it already has."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the parent's clean-up is all there is
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def guard_workers() -> None:
    """Make the processes this process forks from now on die with it."""
    if _PARENT.pid == 0:
        util.register_after_fork(_PARENT, _die_with_parent)
    _PARENT.pid = os.getpid()
