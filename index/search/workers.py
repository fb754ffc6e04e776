"""Index writer processes that never outlive the process that started them.

Whoosh's parallel writer forks its workers with :mod:`multiprocessing`. Each worker asks
the kernel to kill it when its parent dies (``prctl(PR_SET_PDEATHSIG)`` on Linux), so a
``kill -9`` of the command leaves no writer behind, and ignores Ctrl+C: the parent hears it
and stops them all at once, without a traceback from each. The app's build process
(:mod:`index.search.build`) makes the same request with :func:`die_with`.

The parent defers SIGINT while it hands a job to the workers, which is when it forks one
and starts the job queue's feeder thread. Python runs a signal's handler between any two
bytecodes: a KeyboardInterrupt raised in ``os.fork``'s at-fork hooks (logging registers one)
is printed as "Exception ignored" and dropped, so the build carried on and exited 0; raised
while the queue starts its thread, the exit then waited forever for that thread. So for the
hand-over a handler only notes the Ctrl+C, and it is raised once the job is queued. A
handler, not a signal mask: the kernel may hand a Ctrl+C to any thread (the queue's feeder,
say), while Python runs every handler in the main thread. A worker starts by ignoring SIGINT.
"""

from __future__ import annotations

import ctypes
import os
import signal
import threading
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


def guard_workers(writer) -> None:
    """Make the worker processes of ``writer`` (Whoosh's parallel ``MpWriter``) die with this
    process, and defer SIGINT while it hands them a job (``_enqueue``: the job file, a worker
    forked if one is missing, the job queued)."""
    if _PARENT.pid == 0:
        util.register_after_fork(_PARENT, _die_with_parent)
    _PARENT.pid = os.getpid()
    enqueue = writer._enqueue

    def enqueue_deferring_sigint() -> None:
        if threading.current_thread() is not threading.main_thread():
            enqueue()  # a signal's handler runs only in the main thread: nothing reaches here
            return
        heard: list[int] = []
        previous = signal.signal(signal.SIGINT, lambda number, _frame: heard.append(number))
        try:
            enqueue()
        finally:
            signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)
        if heard:  # a Ctrl+C meanwhile: delivered again, now that the job is queued
            signal.raise_signal(signal.SIGINT)

    writer._enqueue = enqueue_deferring_sigint
