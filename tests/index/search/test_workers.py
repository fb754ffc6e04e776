"""Ctrl+C while the parallel writer hands its workers a job (issue 16): held, then raised."""

from __future__ import annotations

import signal
import sys
import threading
import time

import pytest

from index.search.workers import guard_workers

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="no SIGINT to send")


class _Writer:
    """Whoosh's MpWriter as guard_workers sees it: ``_enqueue`` forks and queues a job."""

    def __init__(self) -> None:
        self.jobs: list[str] = []

    def _enqueue(self) -> None:
        # A ctrl+c in the middle of the fork, sent to this thread: sent to the process, the
        # kernel may hand it to another thread (pytest-xdist's), which does not hold it.
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)
        self.jobs.append("job")


def test_a_ctrl_c_during_a_hand_over_is_raised_once_the_job_is_queued():
    writer = _Writer()
    guard_workers(writer)
    with pytest.raises(KeyboardInterrupt):
        writer._enqueue()
    assert writer.jobs == ["job"]  # not raised halfway, in a hook that would drop it
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())


def test_a_hand_over_without_ctrl_c_returns_with_sigint_unblocked():
    writer = _Writer()
    writer._enqueue = lambda: writer.jobs.append("job")
    guard_workers(writer)
    writer._enqueue()
    assert writer.jobs == ["job"]
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())


def test_a_ctrl_c_the_kernel_hands_to_another_thread_is_held_too():
    """A terminal's Ctrl+C goes to the process, and the kernel may hand it to any thread (the
    job queue's feeder, say): a mask on the main thread alone did not hold that one."""
    writer = _Writer()
    running, done = threading.Event(), threading.Event()
    other = threading.Thread(target=lambda: (running.set(), done.wait(5)), daemon=True)
    other.start()
    running.wait(5)

    def enqueue() -> None:
        signal.pthread_kill(other.ident, signal.SIGINT)
        until = time.monotonic() + 0.3  # long enough for the other thread to take it, and
        while time.monotonic() < until:  # bytecodes on which Python runs a signal's handler
            pass
        writer.jobs.append("job")

    writer._enqueue = enqueue
    guard_workers(writer)
    try:
        with pytest.raises(KeyboardInterrupt):
            writer._enqueue()
    finally:
        done.set()
    assert writer.jobs == ["job"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # as it was
