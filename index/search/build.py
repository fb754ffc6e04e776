"""The index build as a process of its own: ``python -m index.search.build FOLDER ...``.

The app starts it (:mod:`tui.reader.indexing`) so that indexing never holds the UI's
interpreter. It updates the index of FOLDER in batches and writes one line of JSON to
stdout for each event: ``{"progress": [done, total, name]}`` (at most every 0.1 s),
``{"committed": [indexed, total]}`` after each batch's commit, then
``{"done": {"warnings": [...], "in_memory": false, ...}}`` or ``{"failed": "reason"}``.
Given ``--parent PID``, it dies with that process (:func:`die_with`), and once its first
batch is committed it runs at a lower priority (``os.nice``): the app's keys come before the
rest of the index.

With ``--tidy`` it only merges what small updates left (:meth:`CorpusIndex.tidy`), at that
lower priority from the start, and writes ``{"done": {}}``: the app's own update of a few
files is shown at once, and its merges (~1 s of Python at 1,000 articles under load) never
share the UI's interpreter.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import signal
import sys
import time
from collections.abc import Callable

from index.corpus.outlets import set_extra_hosts
from index.search.store import BuildProgress, CorpusIndex

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
PROGRESS_EVERY = 0.1  # seconds between progress lines
NICENESS = 10
"""Added to the build's niceness after its first commit when it builds for the app: the app
then draws a key's frame before the build goes on, and the build still has every idle core."""

Progress = Callable[[int, int, str], None]


def die_with(parent: int) -> None:
    """Have the kernel kill this process when its parent (``parent``, its pid) dies, so that
    a ``kill -9`` of the app leaves no build behind; exit now if it already has."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the parent's clean-up is all there is
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def throttled(callback: Progress, every: float = PROGRESS_EVERY) -> Progress:
    """``callback`` at most once per ``every`` seconds, and always for the last file."""
    last = 0.0

    def progress(done: int, total: int, name: str) -> None:
        nonlocal last
        now = time.monotonic()
        if done == total or now - last > every:
            last = now
            callback(done, total, name)

    return progress


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m index.search.build")
    parser.add_argument("folder")
    parser.add_argument("--index-dir", required=True)
    parser.add_argument("--max-bytes", type=int, required=True)
    parser.add_argument("--outlets", default="{}", help="config.yaml's outlets: as JSON")
    parser.add_argument("--parent", type=int, help="die with this process")
    parser.add_argument("--tidy", action="store_true", help="only merge small segments")
    args = parser.parse_args(argv)
    if args.parent:
        die_with(args.parent)
    set_extra_hosts(json.loads(args.outlets))

    def say(event: str, value) -> None:
        sys.stdout.write(json.dumps({event: value}) + "\n")
        sys.stdout.flush()

    progress = throttled(lambda done, total, name: say("progress", [done, total, name]))

    yielded: list[int] = []  # the niceness once lowered

    def committed(progress: BuildProgress) -> None:
        say("committed", [progress.indexed, progress.total])
        if args.parent and not yielded:
            yielded.append(os.nice(NICENESS))

    try:
        index = CorpusIndex(args.folder, index_dir=args.index_dir, max_bytes=args.max_bytes)
        if args.tidy:
            if args.parent:
                os.nice(NICENESS)
            index.tidy()
            say("done", {})
            return 0
        report = index.update(progress=progress, committed=committed)
    except Exception as error:  # the parent says it in one line and indexes by itself
        say("failed", f"{type(error).__name__}: {error}")
        return 1
    say(
        "done",
        {
            "added": len(report.added),
            "changed": len(report.changed),
            "removed": len(report.removed),
            "warnings": report.warnings,
            "rebuilt_because": report.rebuilt_because,
            "in_memory": index.in_memory,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
