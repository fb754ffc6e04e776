"""``bookmark_command``: each new bookmark handed to the user's command as JSON on stdin.

Headless (never imports Textual); ``tui/config.py`` reads the command's words. The app calls
:func:`deliver` in a thread worker once the bookmark is in the notes file (one bookmark at a
time, in order: :class:`~tui.notes.in_order.InOrder`), and shows the one line it returns when
the command failed. The command runs without a shell, in a session of its own (so it cannot
take the terminal), with its output discarded and its stderr kept for the message.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import signal
import subprocess
from typing import TYPE_CHECKING

from index.corpus.textclean import one_line

if TYPE_CHECKING:
    from tui.notes.format import Bookmark

DEFAULT_TIMEOUT = 10.0  # seconds
SHOWN_CHARS = 80  # of the command and of its stderr, in a message


def bookmark_json(bookmark: Bookmark) -> str:
    """One JSON object on one line: the fields of ``briefing-tui notes --format json``."""
    return json.dumps(bookmark.to_dict(), ensure_ascii=False) + "\n"


def shown(text: str) -> str:
    """Text for a one-line message: controls visible, cut at :data:`SHOWN_CHARS`."""
    text = one_line(text.strip())
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def run_command(argv: list[str], payload: str, timeout: float = DEFAULT_TIMEOUT) -> str | None:
    """Run ``argv`` with ``payload`` on stdin; None when it succeeded, else why not."""
    try:
        process = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except FileNotFoundError:
        return "not found"
    except PermissionError:
        return "permission denied"
    except OSError as error:
        return error.strerror or str(error)
    with process:
        try:
            _, stderr = process.communicate(payload.encode("utf-8"), timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)  # and whatever it started
            process.wait()
            return f"no answer after {timeout:g} s (stopped)"
    code = process.returncode
    if code == 0:
        return None
    reason = f"exit status {code}" if code > 0 else f"killed by {_signal_name(-code)}"
    lines = [line for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    return f"{reason}: {shown(lines[0])}" if lines else reason


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def deliver(argv: list[str], bookmark: Bookmark, timeout: float = DEFAULT_TIMEOUT) -> str | None:
    """Hand ``bookmark`` to the command; None on success, else a message naming both."""
    try:
        reason = run_command(argv, bookmark_json(bookmark), timeout)
    except Exception as error:  # OSError, or a bug: said like any other failure
        reason = str(error)
    if reason is None:
        return None
    return f"bookmark_command {shown(shlex.join(argv))}: {reason}"
