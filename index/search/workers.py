"""Index writer processes that never outlive the process that started them.

Whoosh's parallel writer forks its workers with :mod:`multiprocessing`. Each worker asks
the kernel to kill it when its parent dies (``prctl(PR_SET_PDEATHSIG)`` on Linux), so a
``kill -9`` of the command leaves no writer behind, and ignores Ctrl+C: the parent hears it
and stops them all at once, without a traceback from each. The app's build process
(:mod:`index.search.build`) makes the same request with :func:`die_with`.

The parent holds SIGINT (blocked) while it hands a job to the workers, which is when it forks
one and starts the job queue's feeder thread. Python runs a signal's handler between any two
bytecodes: a KeyboardInterrupt raised in ``os.fork``'s at-fork hooks (logging registers one)
is printed as "Exception ignored" and dropped, so the build carried on and exited 0; raised
while the queue starts its thread, the exit then waited forever for that thread. Held, the
Ctrl+C is raised when the job is handed over; a worker inherits it blocked and drops it when
it starts ignoring SIGINT.
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
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # blocked by the fork
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


def guard_workers(writer) -> None:
    """Make the worker processes of ``writer`` (Whoosh's parallel ``MpWriter``) die with this
    process, and hold SIGINT while it hands them a job (``_enqueue``: the job file, a worker
    forked if one is missing, the job queued)."""
    if _PARENT.pid == 0:
        util.register_after_fork(_PARENT, _die_with_parent)
    _PARENT.pid = os.getpid()
    enqueue = writer._enqueue

    def enqueue_holding_sigint() -> None:
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            enqueue()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a Ctrl+C meanwhile: raised here

    writer._enqueue = enqueue_holding_sigint
