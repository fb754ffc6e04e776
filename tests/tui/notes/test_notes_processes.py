"""Nothing is lost when a writer is killed mid-write or when two processes write at once."""

from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from tui.notes.format import Bookmark, format_entry, parse_notes
from tui.notes.store import LOCK_MARK, TEMP_MARK, NotesFile

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

WRITER = textwrap.dedent(
    """
    import os, sys, time
    from tui.notes.format import Bookmark
    from tui.notes.store import NotesFile

    path, tag, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    go = sys.argv[4] if len(sys.argv) > 4 else None
    while go and not os.path.exists(go):
        time.sleep(0.001)
    notes = NotesFile(path)
    ids, deleted = [], set()
    number = 0
    while count < 0 or number < count:
        bookmark = Bookmark.create(
            file=f"{tag}.txt", passage=number, start=number * 100, end=number * 100 + 60,
            quote=f"{tag} passage {number}: [Kursk] > # | ␛[0m\\nsecond line " * 8,
            corpus="/briefing", source=tag, title=f"{tag} article", query="Kursk",
            saved="2025-03-21T10:14:03+01:00",
        )
        result = notes.append(bookmark)
        assert result.added, result.message
        ids.append(result.bookmark.id)
        print("A", result.bookmark.id, flush=True)
        if number % 3 == 2 and ids[number // 2] not in deleted:
            target = ids[number // 2]
            notes.update_note(target, f"edit {number}", tags=[tag])
            print("U", target, number, flush=True)
        if number % 7 == 6:
            notes.delete(ids[number - 1])
            deleted.add(ids[number - 1])
            print("D", ids[number - 1], flush=True)
        number += 1
    """
)


def writer(path: Path, tag: str, count: int, go: Path | None = None) -> subprocess.Popen:
    args = [sys.executable, "-c", WRITER, str(path), tag, str(count)]
    if go is not None:
        args.append(str(go))
    return subprocess.Popen(args, cwd=REPO, stdout=subprocess.PIPE, text=True)


class Log:
    """What a writer reported as done: bookmarks added, notes set, bookmarks deleted."""

    def __init__(self) -> None:
        self.added: list[str] = []
        self.notes: dict[str, int] = {}
        self.deleted: set[str] = set()

    def feed(self, line: str) -> None:
        kind, bookmark_id, *rest = line.split()
        if kind == "A":
            self.added.append(bookmark_id)
        elif kind == "U":
            self.notes[bookmark_id] = int(rest[0])
        elif kind == "D":
            self.deleted.add(bookmark_id)

    def check(self, notes: NotesFile, killed: bool) -> None:
        read = notes.read()
        assert read.problems == []
        found = {bookmark.id: bookmark for bookmark in read.bookmarks}
        kept = [bookmark_id for bookmark_id in self.added if bookmark_id not in self.deleted]
        missing = [bookmark_id for bookmark_id in kept if bookmark_id not in found]
        # a kill can only interrupt one operation: a delete that ran but was not reported
        assert len(missing) <= (1 if killed else 0), missing
        assert not self.deleted & set(found)
        for bookmark_id, number in self.notes.items():
            if bookmark_id in found:
                note = found[bookmark_id].note
                # the reported edit, or a later one that finished but was not reported
                assert note.startswith("edit ") and int(note.split()[1]) >= number


def test_killing_a_writer_mid_write_loses_nothing_written_before(tmp_path):
    path = tmp_path / "notes.md"
    notes = NotesFile(path)
    random.seed(4)
    for round_number in range(6):
        log = Log()
        child = writer(path, f"w{round_number}", -1)
        assert child.stdout is not None
        while len(log.added) < 15:
            log.feed(child.stdout.readline())
        time.sleep(random.uniform(0, 0.02))
        child.send_signal(signal.SIGKILL)
        rest, _ = child.communicate()
        for line in rest.split("\n")[:-1]:  # complete lines only
            log.feed(line)
        assert child.returncode == -signal.SIGKILL
        log.check(notes, killed=True)
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# Bookmarks\n\n")
        assert parse_notes(text).problems == []


def test_two_writers_at_once_both_keep_all_their_entries(tmp_path):
    path = tmp_path / "notes.md"
    go = tmp_path / "go"
    children = [writer(path, tag, 40, go) for tag in ("left", "right")]
    time.sleep(0.3)  # both started and waiting
    go.touch()
    logs = []
    for child in children:
        output, _ = child.communicate(timeout=120)
        assert child.returncode == 0
        log = Log()
        for line in output.splitlines():
            log.feed(line)
        logs.append(log)
    notes = NotesFile(path)
    for log in logs:
        log.check(notes, killed=False)
    read = notes.read()
    expected = sum(len(log.added) - len(log.deleted) for log in logs)
    assert len(read.bookmarks) == expected == 2 * (40 - 5)
    assert {b.source for b in read.bookmarks} == {"left", "right"}
    for log in logs:
        for bookmark_id, number in log.notes.items():
            if bookmark_id not in log.deleted:
                assert read.find(bookmark_id).note == f"edit {number}"
    assert sorted(os.listdir(tmp_path)) == [f".notes.md{LOCK_MARK}", "go", "notes.md"]


KILL_AT_EVENT = textwrap.dedent(
    """
    import os, signal
    real = {"write": os.write, "fsync": os.fsync, "replace": os.replace}
    kill_at, events = int(os.environ["KILL_AT"]), 0

    def dies_now():
        global events
        events += 1
        return events == kill_at

    def write(fd, data):
        if dies_now():  # half of the bytes reach the file, then the process dies
            real["write"](fd, bytes(data)[: len(data) // 2])
            os.kill(os.getpid(), signal.SIGKILL)
        return real["write"](fd, data)

    def fsync(fd):
        if dies_now():
            os.kill(os.getpid(), signal.SIGKILL)
        return real["fsync"](fd)

    def replace(source, target):
        if dies_now():
            os.kill(os.getpid(), signal.SIGKILL)
        return real["replace"](source, target)

    os.write, os.fsync, os.replace = write, fsync, replace
    """
)


def forked_writer(path: Path, count: int, kill_at: int) -> tuple[int, str]:
    """Run WRITER in a forked child that dies at its ``kill_at``-th write step."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 0
        try:
            os.close(read_end)
            os.dup2(write_end, 1)
            sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
            os.environ["KILL_AT"] = str(kill_at)
            sys.argv = ["writer", str(path), "k", str(count)]
            exec(KILL_AT_EVENT + WRITER, {"__name__": "__main__"})
            sys.stdout.flush()
        except BaseException:
            import traceback

            traceback.print_exc()
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    with open(read_end) as pipe:
        output = pipe.read()
    _, status = os.waitpid(pid, 0)
    return status, output


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_kill_at_every_write_step_loses_nothing(tmp_path):
    """Die at the n-th write, fsync or rename (a write dies half done), for every n.

    Each writer adds four bookmarks and edits a note in a file a person already wrote in;
    writer n dies at step n, so every step of every operation is hit once.
    """
    start = "# Mine\n\nProse before.\n\n" + format_entry(
        Bookmark.create(file="x.txt", passage=0, start=0, end=1, quote="x")
    )
    for kill_at in range(1, 100):
        path = tmp_path / str(kill_at) / "notes.md"
        path.parent.mkdir()
        path.write_text(start)
        os.utime(path, (time.time() - 5, time.time() - 5))  # written earlier, not mid-save
        status, output = forked_writer(path, 4, kill_at)
        log = Log()
        for line in output.split("\n")[:-1]:
            log.feed(line)
        notes = NotesFile(path)
        if os.WIFEXITED(status):
            assert os.WEXITSTATUS(status) == 0
            log.check(notes, killed=False)
            break
        assert os.WTERMSIG(status) == signal.SIGKILL
        log.check(notes, killed=True)
        assert path.read_text().startswith(start)
        assert len([name for name in os.listdir(path.parent) if TEMP_MARK in name]) <= 1
    assert 15 < kill_at < 99  # every step of the five operations was hit


CRASH_BEFORE_RENAME = textwrap.dedent(
    """
    import os, signal, sys
    import tui.notes.store as store
    from tui.notes.store import NotesFile

    def crash(source, target):
        os.kill(os.getpid(), signal.SIGKILL)

    store.os.replace = crash
    NotesFile(sys.argv[1]).update_note(sys.argv[2], "never saved")
    """
)


def test_a_crash_between_the_temporary_file_and_the_rename(tmp_path):
    path = tmp_path / "notes.md"
    notes = NotesFile(path)
    kept = Bookmark.create(file="a.txt", passage=0, start=0, end=10, quote="kept", note="old")
    notes.append(kept)
    notes.append(Bookmark.create(file="a.txt", passage=1, start=11, end=20, quote="also"))
    before = path.read_bytes()
    child = subprocess.run(
        [sys.executable, "-c", CRASH_BEFORE_RENAME, str(path), kept.id], cwd=REPO, check=False
    )
    assert child.returncode == -signal.SIGKILL
    assert path.read_bytes() == before
    (temp,) = [name for name in os.listdir(tmp_path) if TEMP_MARK in name]
    assert "never saved" in (tmp_path / temp).read_text()  # written and synced, not renamed
    assert notes.read().find(kept.id).note == "old"
    notes.update_note(kept.id, "new")  # the next rewrite clears the leftover
    assert sorted(os.listdir(tmp_path)) == [f".notes.md{LOCK_MARK}", "notes.md"]
    assert [b.note for b in notes.read().bookmarks] == ["new", ""]


BURSTS = textwrap.dedent(
    """
    import random, sys, time
    from tui.notes.format import Bookmark
    from tui.notes.store import NotesFile

    path, tag = sys.argv[1], sys.argv[2]
    notes, rng, number = NotesFile(path), random.Random(tag), 0
    while True:
        for _ in range(rng.randint(1, 8)):  # a burst of b presses, then a pause
            bookmark = Bookmark.create(
                file=f"{tag}.txt", passage=number, start=number * 100, end=number * 100 + 60,
                quote=f"{tag} passage {number}: **bold?** [link](u) #tag\\nsecond line",
                corpus="/briefing", source=tag, saved="2025-03-21T10:14:03+01:00",
            )
            result = notes.append(bookmark)
            print(result.bookmark.id, result.message, flush=True)
            number += 1
        time.sleep(rng.uniform(0, 0.01))
    """
)


@pytest.mark.slow
def test_every_bookmark_reported_saved_survives_a_kill_at_a_random_moment(tmp_path):
    """Saved means saved: a writer adds bookmarks in bursts and is killed (SIGKILL) at a
    random moment, again and again; every bookmark it reported saved is in the file."""
    path = tmp_path / "notes.md"
    rng = random.Random(174)
    reported: list[str] = []
    rounds = 0
    while len(reported) < 200:
        child = subprocess.Popen(
            [sys.executable, "-c", BURSTS, str(path), f"r{rounds}"],
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        lines = [child.stdout.readline() for _ in range(rng.randint(1, 20))]
        time.sleep(rng.uniform(0, 0.03))  # then a kill at a random moment of a burst
        child.send_signal(signal.SIGKILL)
        rest, _ = child.communicate()
        assert child.returncode == -signal.SIGKILL
        lines += rest.split("\n")[:-1]  # complete lines only
        for line in lines:
            bookmark_id, message = line.rstrip("\n").split(" ", 1)
            assert message == "saved to notes.md"
            reported.append(bookmark_id)
        read = NotesFile(path).read()
        assert read.problems == []
        assert set(reported) <= {bookmark.id for bookmark in read.bookmarks}
        rounds += 1
    assert rounds >= 5


def test_saved_is_said_after_the_file_and_its_folder_are_synced(tmp_path, monkeypatch):
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("sync folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "sync file")
        real_fsync(fd)

    def replace(source, target) -> None:
        events.append("rename")
        real_replace(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    notes = NotesFile(tmp_path / "notes.md")
    for number in range(2):
        result = notes.append(
            Bookmark.create(file="a.txt", passage=number, start=number, end=9, quote="q")
        )
        events.append(result.message)
    assert events == ["sync file", "rename", "sync folder", "saved to notes.md"] * 2
