"""A build's progress, kept beside the index so that other processes can read it.

A build that commits in batches (:mod:`index.search.store`) writes ``building.json`` after
each commit: its process id, and how many of the folder's files the index holds so far. A
search meanwhile answers from the committed part and says so ("partial: 400 of 1,000
indexed"). The file of a build that died is ignored: its process is gone.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from index.cache_dir import write_cache_file

PROGRESS_FILE = "building.json"


def write(folder: Path, indexed: int, total: int) -> None:
    """Record this process's build progress (atomically; a failure only loses the note)."""
    data = {"pid": os.getpid(), "indexed": indexed, "total": total}
    write_cache_file(folder / PROGRESS_FILE, json.dumps(data).encode())


def clear(folder: Path) -> None:
    """Remove this process's progress note, when the build is over."""
    if read(folder, mine=True) is not None:
        try:
            os.remove(folder / PROGRESS_FILE)
        except OSError:
            return


def read(folder: Path, mine: bool = False) -> tuple[int, int] | None:
    """(indexed, total) of a build still running in another process (``mine``: in this
    one), else None."""
    try:
        data = json.loads((folder / PROGRESS_FILE).read_text(encoding="utf-8"))
        pid, indexed, total = int(data["pid"]), int(data["indexed"]), int(data["total"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if (pid == os.getpid()) != mine or not _alive(pid):
        return None
    return indexed, total


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # alive, but another user's
        return True
    return True
