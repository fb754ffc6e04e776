"""Reading and writing the notes file so that nothing is ever lost.

- Every change, adding a bookmark included, writes the whole new text to a temporary file
  in the same folder, syncs it, puts it in place with ``os.replace`` (atomic: a crash or a
  kill at any point leaves the old file or the new one, whole) and syncs the folder, so
  the rename too is on disk before the caller hears "saved". (An ``O_APPEND`` write is not
  enough: a kill between two pages of one ``write`` keeps half of it.) Adding is still an
  append: the file's text is kept byte for byte and the entry goes at its end.
- Writers take an exclusive ``flock`` on a lock file beside the notes file
  (``.notes.md.briefing-tui.lock``), which is never replaced or removed, so two windows or
  processes take turns however the notes file itself is replaced meanwhile.
- Editors take no lock. Just before the replace, the file at the path must still be the one
  read (same inode, size and mtime); if a person saved meanwhile (in place or by rename),
  the change is made again on what they saved. A file modified in the last moments by
  someone else than a briefing-tui writer is left to settle first (an editor that saves in
  place truncates, then writes). The window left is the few microseconds between that
  check and the rename.
- A change touches only the lines of the entry concerned: whatever a person wrote around or
  inside the entries, and entries the parser could not read, are copied through as they are.
- Every failure is a :class:`NotesError` with a one-line message, and the file is unchanged.
  Adding is idempotent (the same passage is never written twice), so a caller that keeps a
  bookmark after an error can simply try again.
- Only regular files are read or written: a named pipe or a device in the notes file's
  place is an error, never a hang (files are opened with ``O_NONBLOCK``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from tui.notes.format import (
    HEADER,
    Bookmark,
    ParsedNotes,
    field_lines,
    field_values,
    format_entry,
    make_id,
    parse_notes,
)

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no locking between processes
    fcntl = None  # type: ignore[assignment]

T = TypeVar("T")
TEMP_MARK = ".briefing-tui-"
LOCK_MARK = ".briefing-tui.lock"  # .notes.md.briefing-tui.lock: never replaced or removed
_REASONS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.ENOENT: "the folder does not exist",
    errno.EISDIR: "it is a folder, not a file",
    errno.ENOTDIR: "a part of the path is not a folder",
}


class NotesError(Exception):
    """The notes file cannot be read or written; one line, and the file is unchanged."""

    def __init__(self, message: str, path: Path | None = None):
        super().__init__(message)
        self.path = path


class MissingBookmark(NotesError):
    """No bookmark with that id (deleted by hand, or from another window)."""


@dataclass
class NotesRead:
    """What a notes file holds: the bookmarks read, and the lines that could not be read."""

    path: Path
    bookmarks: list[Bookmark] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "line 12: ..."
    unreadable: list[Bookmark] = field(default_factory=list)  # entries with a problem: to list

    def find(self, bookmark_id: str) -> Bookmark | None:
        return next((b for b in self.bookmarks if b.id == bookmark_id), None)

    def existing(self, bookmark: Bookmark) -> Bookmark | None:
        """The bookmark already keeping the same passage, if any."""
        return next((b for b in self.bookmarks if b.same_passage(bookmark)), None)


@dataclass
class AppendResult:
    """The outcome of adding a bookmark: written, or already there (``bookmark`` is that one)."""

    added: bool
    bookmark: Bookmark
    path: Path

    @property
    def message(self) -> str:
        if self.added:
            return f"saved to {self.path.name}"
        return f"already in {self.path.name} (saved {self.bookmark.saved or 'earlier'})"


class NotesFile:
    """The notes file at ``path``. Symbolic links are followed: the file they point to is
    written, and the link stays.

    ``create_folder``: make the file's folder when missing (for the default in the user data
    folder); otherwise a missing folder is an error, since it is most likely a typo.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        create_folder: bool = False,
        lock_timeout: float = 10.0,
    ):
        self.path = Path(path).expanduser()
        self.create_folder = create_folder
        self.lock_timeout = lock_timeout

    def __repr__(self) -> str:
        return f"NotesFile({str(self.path)!r})"

    # ------------------------------------------------------------------ public API

    def read(self) -> NotesRead:
        """Every bookmark the file holds; a file that does not exist yet holds none.

        No lock is needed: writers replace the file whole, so a read sees one version.
        """
        real = self._target(writing=False)
        if real is None:
            return NotesRead(self.path)
        try:
            fd = _open_regular(real, self.path)
        except OSError as error:
            raise _error("cannot read", real, error) from None
        if fd is None:
            return NotesRead(self.path)
        try:
            parsed = _parse(fd, real)
        finally:
            os.close(fd)
        return NotesRead(self.path, parsed.bookmarks, parsed.problems, parsed.unreadable)

    def append(self, bookmark: Bookmark) -> AppendResult:
        """Add ``bookmark`` at the end, unless its passage is already there."""

        def change(parsed: ParsedNotes) -> tuple[list[str] | None, AppendResult]:
            existing = next((b for b in parsed.bookmarks if b.same_passage(bookmark)), None)
            if existing is not None:
                return None, AppendResult(False, existing, self.path)
            added = _unique_id(bookmark, parsed)
            newline = parsed.newline
            chunk = _separator("".join(parsed.lines), newline) + format_entry(added, newline)
            return [*parsed.lines, chunk], AppendResult(True, added, self.path)

        return self._rewrite(change, create=True)

    def delete(self, bookmark_id: str) -> Bookmark:
        """Remove one entry (its lines and the blank line before it), nothing else."""

        def change(parsed: ParsedNotes) -> tuple[list[str] | None, Bookmark]:
            entry = self._entry(parsed, bookmark_id)
            first = entry.first
            if first > 0 and not parsed.lines[first - 1].strip():
                first -= 1
            assert entry.bookmark is not None
            return parsed.lines[:first] + parsed.lines[entry.last + 1 :], entry.bookmark

        return self._rewrite(change)

    def update_note(
        self, bookmark_id: str, note: str, tags: list[str] | str | None = None
    ) -> Bookmark:
        """Change the note (and the tags, unless None) of one entry; only those lines change."""

        def change(parsed: ParsedNotes) -> tuple[list[str] | None, Bookmark]:
            entry = self._entry(parsed, bookmark_id)
            assert entry.bookmark is not None
            new = entry.bookmark.with_note(note, tags)
            if (new.note, new.tags) == (entry.bookmark.note, entry.bookmark.tags):
                return None, new
            values = field_values(new)
            lines = list(parsed.lines)
            keys = ["note"] + (["tags"] if tags is not None else [])
            edits = []
            for key in keys:
                replacement = [line + parsed.newline for line in field_lines(key, values[key])]
                first, last = entry.fields.get(key, (entry.last, entry.last - 1))
                edits.append((first, last, replacement))
            for first, last, replacement in sorted(edits, key=lambda e: e[0], reverse=True):
                lines[first : last + 1] = replacement
            return lines, new

        return self._rewrite(change)

    # ------------------------------------------------------------------ internals

    def _entry(self, parsed: ParsedNotes, bookmark_id: str):
        entry = parsed.entry(bookmark_id)
        if entry is None:
            raise MissingBookmark(f"no bookmark {bookmark_id} in {self.path}", self.path)
        return entry

    def _target(self, writing: bool) -> Path | None:
        """The real file (links followed), after checking its folder; None: nothing to read."""
        real = Path(os.path.realpath(self.path))
        folder = real.parent
        if not folder.is_dir():
            if folder.exists():
                raise NotesError(
                    f"cannot use notes file {self.path}: {folder} is not a folder", self.path
                )
            if not self.create_folder:
                raise NotesError(
                    f"cannot use notes file {self.path}: the folder {folder} does not exist",
                    self.path,
                )
            if not writing:
                return None
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise _error("cannot create the folder for", real, error) from None
        if real.is_dir():
            raise NotesError(
                f"cannot use notes file {self.path}: it is a folder, not a file", self.path
            )
        return real

    def _rewrite(
        self, change: Callable[[ParsedNotes], tuple[list[str] | None, T]], create: bool = False
    ) -> T:
        """Under the lock: read the file, let ``change`` give its new lines, put them in place.

        ``create``: write the file when missing. When the file changed between the read and
        the replace (a hand edit), the change is made again on the new text.
        """
        real = self._target(writing=True)
        assert real is not None
        if not real.exists() and not create:
            raise MissingBookmark(f"no notes file at {self.path}", self.path)
        _refuse_read_only(real, folder_too=True)
        deadline = time.monotonic() + self.lock_timeout
        with _writer_lock(real, deadline) as lock:
            while True:
                try:
                    fd = _open_regular(real, self.path)
                except OSError as error:
                    raise _error("cannot write", real, error) from None
                if fd is None and not create:
                    raise MissingBookmark(f"no notes file at {self.path}", self.path)
                try:
                    held = os.fstat(fd) if fd is not None else None
                    if held is not None and _settling(held, lock):
                        _wait_or_give_up(deadline, real)
                        continue
                    parsed = _parse(fd, real) if fd is not None else parse_notes("")
                finally:
                    if fd is not None:
                        os.close(fd)
                lines, result = change(parsed)
                if lines is None:
                    return result
                text = ("\ufeff" if parsed.bom else "") + "".join(lines)
                _remove_stale_temps(real)
                if _replace(real, text.encode("utf-8"), held, lock):
                    return result
                _wait_or_give_up(deadline, real, pause=0.0)  # changed meanwhile: once more


# ---------------------------------------------------------------------- helpers

SETTLE_NS = 250_000_000  # a file someone else modified this recently may be mid-save
_KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
}


def _error(action: str, path: Path, error: OSError) -> NotesError:
    reason = _REASONS.get(error.errno or 0) or error.strerror or str(error)
    return NotesError(f"{action} notes file {path}: {reason}", path)


def _open_regular(real: Path, shown: Path) -> int | None:
    """A read-only descriptor of ``real``, None when it does not exist; never blocks.

    A named pipe, socket or device in its place is a :class:`NotesError`.
    """
    try:
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = _KINDS.get(stat.S_IFMT(mode), "a special file")
        raise NotesError(f"cannot use notes file {shown}: it is {kind}, not a regular file", shown)
    return fd


def _identity(info: os.stat_result) -> str:
    return f"{info.st_dev} {info.st_ino} {info.st_size} {info.st_mtime_ns}"


def _settling(held: os.stat_result, lock: int | None) -> bool:
    """True when someone other than a briefing-tui writer modified the file just now."""
    age = time.time_ns() - held.st_mtime_ns
    if not -1_000_000_000 < age < SETTLE_NS:
        return False
    return lock is None or os.pread(lock, 200, 0).decode("ascii", "replace") != _identity(held)


def _wait_or_give_up(deadline: float, real: Path, pause: float = 0.05) -> None:
    if time.monotonic() > deadline:
        raise NotesError(f"notes file {real} keeps changing; try again", real)
    time.sleep(pause)


def _unchanged(real: Path, held: os.stat_result | None) -> bool:
    """True when the file at ``real`` is still the one read (or still missing)."""
    try:
        current = os.stat(real)
    except FileNotFoundError:
        return held is None
    return held is not None and _identity(current) == _identity(held)


@contextlib.contextmanager
def _writer_lock(real: Path, deadline: float) -> Iterator[int | None]:
    """Hold the exclusive lock on the lock file beside ``real``; yields its descriptor.

    The lock file also keeps the identity of the last file a briefing-tui writer put in
    place. Without ``fcntl`` (Windows) there is no lock and None is yielded.
    """
    if fcntl is None:  # pragma: no cover
        yield None
        return
    path = real.parent / f".{real.name}{LOCK_MARK}"
    flags = os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, os.O_RDWR | flags, 0o666)
    except PermissionError:  # someone else's lock file: locking needs no write access
        try:
            fd = os.open(path, os.O_RDONLY | flags)
        except OSError as error:
            raise _error("cannot lock", real, error) from None
    except OSError as error:
        raise _error("cannot lock", real, error) from None
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise NotesError(
                        f"notes file {real} is locked by another program; try again", real
                    ) from None
                time.sleep(0.01)
        yield fd
    finally:
        os.close(fd)  # releases the lock


def _refuse_read_only(real: Path, folder_too: bool) -> None:
    """Honour read-only marks even where the system would allow writing (as root)."""
    if real.exists():
        mode = real.stat().st_mode
        if not mode & 0o222 or not os.access(real, os.W_OK):
            raise NotesError(f"cannot write notes file {real}: it is read-only", real)
    if folder_too:
        folder = real.parent
        if not folder.stat().st_mode & 0o222 or not os.access(folder, os.W_OK | os.X_OK):
            raise NotesError(
                f"cannot write notes file {real}: its folder {folder} is read-only", real
            )


def _parse(fd: int, real: Path) -> ParsedNotes:
    size = os.fstat(fd).st_size
    chunks, offset = [], 0
    while offset < size:
        chunk = os.pread(fd, size - offset, offset)
        if not chunk:
            break
        chunks.append(chunk)
        offset += len(chunk)
    data = b"".join(chunks)
    if b"\0" in data:
        raise NotesError(f"notes file {real} is not a text file (it holds binary data)", real)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise NotesError(
            f"notes file {real} is not UTF-8 text (bad byte at offset {error.start})", real
        ) from None
    return parse_notes(text)


def _unique_id(bookmark: Bookmark, parsed: ParsedNotes) -> Bookmark:
    taken = {entry.id for entry in parsed.entries}
    salt = 0
    while bookmark.id in taken:
        salt += 1
        new_id = make_id(bookmark.corpus, bookmark.file, bookmark.start, bookmark.end, str(salt))
        bookmark = replace(bookmark, id=new_id)
    return bookmark


def _separator(text: str, newline: str) -> str:
    """What goes before a new entry: a header in a new file, else one blank line."""
    if not text.strip():
        return "" if text else HEADER + newline + newline
    if text.endswith("\n\n") or text.endswith("\n\r\n"):
        return ""
    return newline if text.endswith("\n") else newline + newline


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _unlink(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _temp_pattern(real: Path) -> re.Pattern[str]:
    return re.compile(rf"^\.{re.escape(real.name)}{re.escape(TEMP_MARK)}[0-9a-f]+\.tmp$")


def _remove_stale_temps(real: Path) -> None:
    """Temporary files left by a rewrite that crashed; safe to remove under the lock."""
    pattern = _temp_pattern(real)
    try:
        names = [entry.name for entry in os.scandir(real.parent) if pattern.match(entry.name)]
    except OSError:
        return
    for name in names:
        _unlink(real.parent / name)


def _replace(real: Path, data: bytes, held: os.stat_result | None, lock: int | None) -> bool:
    """Write ``data`` to a temporary file beside ``real``, sync it, and put it in its place,
    unless the file is no longer the one read (``held``; None: missing): then False.

    The lock file is told the identity of the file put in place, and the folder is synced.
    """
    temp = real.parent / f".{real.name}{TEMP_MARK}{secrets.token_hex(6)}.tmp"
    try:
        fd = os.open(
            temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666
        )
    except OSError as error:
        raise _error("cannot write", real, error) from None
    try:
        try:
            _write_all(fd, data)
            if held is not None:
                os.fchmod(fd, stat.S_IMODE(held.st_mode))
            os.fsync(fd)
            written = os.fstat(fd)
        finally:
            os.close(fd)
        if not _unchanged(real, held):
            _unlink(temp)
            return False
        os.replace(temp, real)
    except OSError as error:
        _unlink(temp)
        raise _error("cannot write", real, error) from None
    except BaseException:
        _unlink(temp)
        raise
    if lock is not None:
        with contextlib.suppress(OSError):
            os.ftruncate(lock, 0)
            os.pwrite(lock, _identity(written).encode("ascii"), 0)
    _fsync_folder(real.parent)
    return True
