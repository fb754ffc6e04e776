"""Races with people and programs: an editor saving during a bookmark write, a second window,
a named pipe in the notes file's place. Nothing a person saved is ever lost."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import tui.notes.store as store
from tests.conftest import REPO
from tests.pilot import WIDE, notes_reader, press, ready, run
from tui.cli import main
from tui.notes.format import Bookmark, format_entry
from tui.notes.store import NotesError, NotesFile

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX files")

PROSE = "# My reading of the call\n\nWritten by hand, above the bookmarks.\n\n"
EDITED = "Written by hand, and edited while a bookmark was being written."


def bookmark(number: int, tag: str = "w") -> Bookmark:
    return Bookmark.create(
        file=f"{tag}.txt",
        passage=number,
        start=number * 100,
        end=number * 100 + 60,
        quote=f"{tag} passage {number} on the plant, with [brackets] and # signs",
        corpus="/briefing",
        source="Wire",
        saved="2025-03-21T10:14:03+01:00",
    )


def two_hundred_entries(path: Path) -> str:
    """A notes file of 200 entries under the person's prose, last modified a while ago."""
    text = PROSE + "\n".join(format_entry(bookmark(number)) for number in range(200))
    path.write_text(text, encoding="utf-8")
    os.utime(path, (time.time() - 5, time.time() - 5))  # not in the middle of a save
    return text


def edited(text: str) -> str:
    return text.replace("Written by hand, above the bookmarks.", EDITED)


def after_first_read(monkeypatch, action) -> list[int]:
    """Run ``action`` once, right after a writer has read the file; returns the reads."""
    real_parse, reads = store._parse, []

    def parse(fd: int, real: Path):
        parsed = real_parse(fd, real)
        reads.append(len(parsed.lines))
        if len(reads) == 1:
            action()
        return parsed

    monkeypatch.setattr(store, "_parse", parse)
    return reads


def test_an_editor_saving_in_place_during_a_write_keeps_its_edit(tmp_path, monkeypatch):
    path = tmp_path / "notes.md"
    text = two_hundred_entries(path)

    def editor_saves_in_place() -> None:  # as nano, VS Code or `cat >` do: same inode
        with open(path, "r+", encoding="utf-8") as editor:
            editor.truncate(0)
            editor.write(edited(text))

    reads = after_first_read(monkeypatch, editor_saves_in_place)
    result = NotesFile(path).append(bookmark(0, tag="new"))
    assert result.added and len(reads) == 2  # the write was made again on the edited file
    after = path.read_text(encoding="utf-8")
    assert after.startswith(edited(text))
    assert after.endswith(format_entry(result.bookmark))
    assert len(NotesFile(path).read().bookmarks) == 201


def test_a_file_an_editor_has_just_truncated_is_left_to_settle(tmp_path, monkeypatch):
    """The editor emptied the file and writes it a moment later: the bookmark waits for it."""
    path = tmp_path / "notes.md"
    text = two_hundred_entries(path)
    editor = open(path, "r+", encoding="utf-8")  # noqa: SIM115 - held open across the write
    editor.truncate(0)

    def editor_finishes() -> None:
        if not editor.closed:
            editor.write(edited(text))
            editor.close()

    real_wait = store._wait_or_give_up

    def wait(deadline: float, real: Path, pause: float = 0.05) -> None:
        editor_finishes()  # the editor writes while the writer waits
        real_wait(deadline, real, pause)

    monkeypatch.setattr(store, "_wait_or_give_up", wait)
    result = NotesFile(path).append(bookmark(0, tag="new"))
    editor_finishes()  # had the writer not waited, this would go to a file no longer there
    after = path.read_text(encoding="utf-8")
    assert after.startswith(edited(text))
    assert after.endswith(format_entry(result.bookmark))
    assert len(NotesFile(path).read().bookmarks) == 201


SECOND_WINDOW = textwrap.dedent(
    """
    import sys
    from tui.notes.format import Bookmark
    from tui.notes.store import NotesFile

    print("trying", flush=True)
    second = Bookmark.create(file="second.txt", passage=0, start=0, end=9, quote="second")
    print(NotesFile(sys.argv[1]).append(second).message, flush=True)
    """
)


def test_an_editor_saving_by_rename_while_a_second_window_writes(tmp_path, monkeypatch):
    """The first window has read the file; an editor renames its save into place and a
    second window asks to write. The second waits for the first, which writes again on the
    editor's text: the edit and both bookmarks are kept."""
    path = tmp_path / "notes.md"
    text = two_hundred_entries(path)
    second: list[subprocess.Popen] = []

    def editor_renames_then_second_window_starts() -> None:
        saved = tmp_path / ".notes.md.swp"
        saved.write_text(edited(text), encoding="utf-8")
        os.replace(saved, path)  # a new inode at the path
        child = subprocess.Popen(
            [sys.executable, "-c", SECOND_WINDOW, str(path)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        second.append(child)
        assert child.stdout is not None and child.stdout.readline() == "trying\n"
        time.sleep(0.5)  # long enough for the second window to write, were it not waiting

    after_first_read(monkeypatch, editor_renames_then_second_window_starts)
    first = NotesFile(path).append(bookmark(0, tag="first"))
    output, _ = second[0].communicate(timeout=60)
    assert output == "saved to notes.md\n" and second[0].returncode == 0
    read = NotesFile(path).read()
    assert path.read_text(encoding="utf-8").startswith(edited(text))
    assert len(read.bookmarks) == 202
    assert [b.file for b in read.bookmarks[-2:]] == ["first.txt", "second.txt"]
    assert read.find(first.bookmark.id) == first.bookmark


# ---------------------------------------------------------------- not a regular file


@contextlib.contextmanager
def no_hang(seconds: int = 20):
    """Fail instead of hanging if a call blocks (on opening a named pipe, say)."""

    def give_up(signum, frame):
        raise TimeoutError("blocked")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_named_pipe_in_place_of_the_notes_file_is_one_line_not_a_hang(tmp_path, capsys):
    fifo = tmp_path / "notes.md"
    os.mkfifo(fifo)
    notes = NotesFile(fifo)
    message = f"cannot use notes file {fifo}: it is a named pipe, not a regular file"
    with no_hang():
        for action in (
            notes.read,
            lambda: notes.append(bookmark(0)),
            lambda: notes.update_note("x", "y"),
        ):
            with pytest.raises(NotesError) as caught:
                action()
            assert str(caught.value) == message
        code = main(["notes", "--notes", str(fifo)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "it is a named pipe, not a regular file" in err


def test_a_named_pipe_reached_through_a_link_is_refused_too(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "notes.md"
    link.symlink_to(fifo)
    with no_hang(), pytest.raises(NotesError, match="it is a named pipe"):
        NotesFile(link).append(bookmark(0))
    assert (tmp_path / "pipe").exists() and link.is_symlink()


def test_a_write_replaces_the_file_so_a_hard_link_keeps_the_old_text(tmp_path):
    """What the README says: a write puts a new file in place; a hard link is left behind."""
    path = tmp_path / "notes.md"
    notes = NotesFile(path)
    notes.append(bookmark(0))
    other = tmp_path / "hard-link.md"
    os.link(path, other)
    notes.append(bookmark(1))
    assert len(NotesFile(other).read().bookmarks) == 1
    assert len(notes.read().bookmarks) == 2


@run
async def test_the_app_with_a_named_pipe_for_notes_warns_keeps_b_waiting_and_quits(tmp_path):
    fifo = tmp_path / "notes.md"
    os.mkfifo(fifo)
    app = notes_reader(fifo)
    with no_hang(60):
        async with app.run_test(size=WIDE) as pilot:
            await ready(pilot)
            warned = [str(n.message) for n in app._notifications if n.severity == "warning"]
            assert any("it is a named pipe, not a regular file" in w for w in warned), warned
            await press(pilot, "b")
            assert len(app.reader.bookmarks.waiting) == 1  # ☆: kept in memory, said not saved
            await press(pilot, "q", "q")  # a bookmark waits: the second q quits
            assert not app.is_running
