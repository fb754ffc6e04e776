"""Rebuilding an index beside the old one: one rebuild at a time, swapped in whole.

A rebuild writes a new folder next to the index and exchanges the two in one rename when
it is complete, so a rebuild killed at any moment leaves the old index answering.
"""

from __future__ import annotations

import ctypes
import os
import shutil
from pathlib import Path

RENAME_EXCHANGE = 2  # from <linux/fs.h>
AT_FDCWD = -100
_BUILDING = ".new-"


class RebuildBusy(Exception):
    """Another process is rebuilding this index."""


class RebuildLock:
    """An exclusive lock on a file beside the index, never blocking; held while rebuilding.

    The kernel drops it when the holder dies, however it dies."""

    def __init__(self, index_path: Path) -> None:
        self.file = index_path.parent / "rebuild.lock"
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock; False if another process holds it."""
        try:
            import fcntl
        except ImportError:  # Windows: no lock, rebuilds may overlap (each in its own folder)
            return True
        self.file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.file, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the lock
            self._fd = None


def building_dir(index_path: Path) -> Path:
    """The folder a rebuild of ``index_path`` writes to."""
    return index_path.with_name(f"{index_path.name}{_BUILDING}{os.getpid()}")


def leftovers(index_path: Path) -> list[Path]:
    """Folders of rebuilds that never finished (killed); only remove them under the lock."""
    try:
        return sorted(index_path.parent.glob(f"{index_path.name}{_BUILDING}*"))
    except OSError:
        return []


def swap_in(new: Path, target: Path) -> None:
    """Put the complete index ``new`` in ``target``'s place and delete the old one.

    On Linux the two folders are exchanged atomically (``renameat2``): a reader finds either
    the old index or the new, never nothing. Elsewhere the old is moved aside first.
    """
    if not target.exists():
        os.rename(new, target)
        return
    if not _exchange(new, target):
        aside = new.with_name(new.name + "-old")
        os.rename(target, aside)
        os.rename(new, target)
        new = aside
    shutil.rmtree(new, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    done = renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    return done == 0
