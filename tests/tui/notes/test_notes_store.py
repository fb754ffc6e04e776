"""The notes file on disk: appends, rewrites that touch only their lines, clear failures."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

import tui.notes.store as store
from tui.notes.format import Bookmark, format_entry
from tui.notes.notes_file import BookmarkSaver, default_notes_path, notes_file
from tui.notes.store import MissingBookmark, NotesError, NotesFile


def make(start: int = 0, **fields) -> Bookmark:
    values = {
        "file": "ap.txt",
        "passage": start // 100,
        "start": start,
        "end": start + 50,
        "quote": f"Passage at {start} about [Kursk].",
        "corpus": "/briefing",
        "source": "AP",
        "title": "Call",
        "date": "2025-03-19",
        "query": "Kursk",
        "saved": "2025-03-21T10:14:03+01:00",
    }
    values.update(fields)
    return Bookmark.create(**values)


@pytest.fixture
def notes(tmp_path) -> NotesFile:
    return NotesFile(tmp_path / "notes.md")


def files(folder: Path) -> list[str]:
    """The names in ``folder`` but the writers' lock file (kept: it is never removed)."""
    return sorted(name for name in os.listdir(folder) if not name.endswith(store.LOCK_MARK))


def test_append_writes_a_header_then_entries_and_reads_back(notes):
    one, two = make(0, note="first"), make(100)
    assert notes.append(one).message == "saved to notes.md"
    assert notes.append(two).added
    text = notes.path.read_text()
    assert text == "# Bookmarks\n\n" + format_entry(one) + "\n" + format_entry(two)
    read = notes.read()
    assert read.bookmarks == [one, two] and read.problems == []
    assert read.find(two.id) == two


def test_a_passage_already_kept_is_not_written_twice(notes):
    first = make(0, note="original")
    notes.append(first)
    before = notes.path.read_bytes()
    result = notes.append(make(0, note="again", saved="2025-04-01T00:00:00+00:00"))
    assert not result.added
    assert result.bookmark == first
    assert result.message == "already in notes.md (saved 2025-03-21T10:14:03+01:00)"
    assert notes.path.read_bytes() == before


def test_an_id_taken_by_another_passage_gets_a_new_one(notes):
    notes.append(make(0))
    other = make(100)
    other.id = make(0).id  # a colliding id (hand-written, or a hash clash)
    result = notes.append(other)
    assert result.added and result.bookmark.id != make(0).id
    assert [b.start for b in notes.read().bookmarks] == [0, 100]


def test_reading_a_file_that_does_not_exist_yet(notes):
    read = notes.read()
    assert read.bookmarks == [] and read.problems == []
    assert not notes.path.exists()


def test_append_then_delete_gives_back_the_same_bytes(notes):
    notes.path.write_text("# Mine\n\nprose\n")
    notes.append(make(0))
    before = notes.path.read_bytes()
    added = notes.append(make(100)).bookmark
    assert notes.delete(added.id) == added
    assert notes.path.read_bytes() == before


def hand_edited(notes: NotesFile) -> tuple[list[Bookmark], str]:
    """A file a person has worked on: prose around entries, entries reordered."""
    one, two, three = make(0), make(100, note="old note"), make(200)
    text = (
        "# Call notes\n\nWhat I am looking for: Kursk.\n\n"
        + format_entry(three)
        + "\nBetween three and one: my comparison.\n\n"
        + format_entry(one)
        + "\n"
        + format_entry(two)
        + "\n## Conclusions\n\nTo be written.\n"
    )
    notes.path.write_text(text)
    return [one, two, three], text


def test_hand_edits_survive_an_append(notes):
    (one, two, three), text = hand_edited(notes)
    four = make(300)
    notes.append(four)
    assert notes.path.read_text() == text + "\n" + format_entry(four)
    assert notes.read().bookmarks == [three, one, two, four]


def test_delete_removes_exactly_that_entry(notes):
    (one, _two, _three), text = hand_edited(notes)
    notes.delete(one.id)
    assert notes.path.read_text() == text.replace("\n" + format_entry(one), "")
    assert "Between three and one: my comparison." in notes.path.read_text()


def test_editing_a_note_changes_only_that_line(notes):
    (_one, two, _three), text = hand_edited(notes)
    updated = notes.update_note(two.id, "new note")
    assert updated.note == "new note" and updated.tags == two.tags
    before, after = text.split("\n"), notes.path.read_text().split("\n")
    assert len(before) == len(after)
    changed = [(b, a) for b, a in zip(before, after, strict=True) if b != a]
    assert changed == [("- note:: old note", "- note:: new note")]


def test_editing_note_and_tags_of_a_hand_edited_entry(notes):
    (one, _two, _three), text = hand_edited(notes)
    # the person wrote a note over two lines and removed the tags line
    entry = format_entry(one).replace("- note::", "- note:: a\n  b").replace("- tags::\n", "")
    notes.path.write_text(text.replace(format_entry(one), entry))
    notes.update_note(one.id, "line 1\nline 2", tags=["kursk", "to check"])
    result = notes.read().find(one.id)
    assert result.note == "line 1\nline 2" and result.tags == ["kursk", "to-check"]
    expected = entry.replace("- note:: a\n  b\n", "- note:: line 1\n  line 2\n").replace(
        "<!-- /bookmark -->", "- tags:: #kursk #to-check\n<!-- /bookmark -->"
    )
    assert notes.path.read_text() == text.replace(format_entry(one), expected)


def test_an_unchanged_note_does_not_rewrite(notes):
    (one, _, _), _text = hand_edited(notes)
    inode = notes.path.stat().st_ino
    notes.update_note(one.id, "")
    assert notes.path.stat().st_ino == inode


def test_unreadable_hand_edit_is_reported_and_kept_through_rewrites(notes):
    (one, two, _three), text = hand_edited(notes)
    broken = text.replace(format_entry(two), format_entry(two).replace("- chars:: 100-150", "x"))
    notes.path.write_text(broken)
    read = notes.read()
    line = broken.split("\n").index(f"<!-- bookmark id={two.id} escaped -->") + 1
    assert read.problems == [
        f"line {line}: bookmark {two.id} has no chars; its lines are kept but not read"
    ]
    assert two.id not in [b.id for b in read.bookmarks]
    notes.update_note(one.id, "edited")
    notes.append(make(300))
    notes.delete(make(300).id)
    assert notes.path.read_text() == broken.replace(
        format_entry(one), format_entry(one.with_note("edited"))
    )
    with pytest.raises(MissingBookmark):
        notes.delete(two.id)


def test_delete_and_edit_of_an_unknown_id(notes):
    with pytest.raises(MissingBookmark, match="no notes file"):
        notes.delete("abc")
    notes.append(make(0))
    with pytest.raises(MissingBookmark, match="no bookmark nope"):
        notes.update_note("nope", "x")


def test_crlf_file_gets_crlf_entries(notes):
    notes.path.write_bytes(b"# Mine\r\n")
    bookmark = make(0)
    notes.append(bookmark)
    notes.update_note(bookmark.id, "n")
    data = notes.path.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n")
    assert notes.read().bookmarks[0].note == "n"


def test_rewrite_keeps_permissions_and_symbolic_links(tmp_path):
    real = tmp_path / "vault" / "notes.md"
    real.parent.mkdir()
    link = tmp_path / "notes-link.md"
    link.symlink_to(real)
    notes = NotesFile(link)
    notes.append(make(0))
    real.chmod(0o640)
    notes.update_note(make(0).id, "through the link")
    assert link.is_symlink()
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert NotesFile(real).read().bookmarks[0].note == "through the link"


# ---------------------------------------------------------------- the default path


def test_default_path_is_in_the_user_data_folder(isolated_env):
    path = default_notes_path()
    assert path == isolated_env / "xdg-data" / "briefing-tui" / "notes.md"
    notes = notes_file(None)
    assert notes.read().bookmarks == [] and not path.parent.exists()
    notes.append(make(0))
    assert path.is_file()


def test_configured_and_given_paths(tmp_path):
    class Config:
        notes = tmp_path / "configured.md"

    assert notes_file(Config()).path == tmp_path / "configured.md"
    assert notes_file(Config(), str(tmp_path / "given.md")).path == tmp_path / "given.md"
    assert not notes_file(Config()).create_folder


# ---------------------------------------------------------------- failures


def prepared(notes: NotesFile) -> bytes:
    notes.append(make(0))
    notes.append(make(100))
    return notes.path.read_bytes()


def test_read_only_file_refuses_every_write_and_stays_as_it_was(notes):
    before = prepared(notes)
    notes.path.chmod(0o444)
    for write in (
        lambda: notes.append(make(200)),
        lambda: notes.delete(make(0).id),
        lambda: notes.update_note(make(0).id, "x"),
    ):
        with pytest.raises(NotesError, match="is read-only") as caught:
            write()
        assert "\n" not in str(caught.value)
        assert notes.path.read_bytes() == before
    assert len(notes.read().bookmarks) == 2  # reading still works


def test_read_only_folder_refuses_rewrites_and_new_files(notes, tmp_path):
    before = prepared(notes)
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(NotesError, match=r"folder .* is read-only"):
            notes.delete(make(0).id)
        with pytest.raises(NotesError, match=r"folder .* is read-only"):
            NotesFile(tmp_path / "new.md").append(make(0))
        assert notes.path.read_bytes() == before
        assert files(tmp_path) == ["notes.md"]
    finally:
        tmp_path.chmod(0o755)


def test_missing_folder_is_an_error_and_not_created(tmp_path):
    notes = NotesFile(tmp_path / "no" / "such" / "notes.md")
    for action in (notes.read, lambda: notes.append(make(0))):
        with pytest.raises(NotesError, match=r"the folder .*no/such does not exist"):
            action()
    assert not (tmp_path / "no").exists()


def test_a_folder_in_place_of_the_file(tmp_path):
    (tmp_path / "notes.md").mkdir()
    notes = NotesFile(tmp_path / "notes.md")
    for action in (notes.read, lambda: notes.append(make(0)), lambda: notes.delete("x")):
        with pytest.raises(NotesError, match="it is a folder, not a file"):
            action()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
        ("café notes\n".encode("latin-1"), "not UTF-8 text"),
    ],
)
def test_a_file_that_is_not_text_is_never_written(notes, data, message):
    notes.path.write_bytes(data)
    for action in (
        notes.read,
        lambda: notes.append(make(0)),
        lambda: notes.delete("x"),
        lambda: notes.update_note("x", "y"),
    ):
        with pytest.raises(NotesError, match=message):
            action()
    assert notes.path.read_bytes() == data


def _disk_full_after(half: bool):
    real_write = os.write

    def write_all(fd: int, data: bytes) -> None:
        if half:
            real_write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    return write_all


def test_disk_full_during_append_leaves_no_half_entry(notes, monkeypatch):
    before = prepared(notes)
    monkeypatch.setattr(store, "_write_all", _disk_full_after(half=True))
    with pytest.raises(NotesError, match="the disk is full"):
        notes.append(make(200))
    assert notes.path.read_bytes() == before


def test_disk_full_during_append_to_a_new_file_leaves_no_file(notes, monkeypatch):
    monkeypatch.setattr(store, "_write_all", _disk_full_after(half=True))
    with pytest.raises(NotesError, match="the disk is full"):
        notes.append(make(0))
    assert not notes.path.exists()


def test_disk_full_during_a_rewrite_leaves_the_file_and_no_temporary(notes, monkeypatch):
    before = prepared(notes)
    monkeypatch.setattr(store, "_write_all", _disk_full_after(half=True))
    with pytest.raises(NotesError, match="the disk is full"):
        notes.delete(make(0).id)
    assert notes.path.read_bytes() == before
    assert files(notes.path.parent) == ["notes.md"]


def test_a_failed_rename_leaves_the_file(notes, monkeypatch):
    before = prepared(notes)

    def replace(source, target):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(store.os, "replace", replace)
    with pytest.raises(NotesError, match="cannot write notes file"):
        notes.update_note(make(0).id, "lost?")
    monkeypatch.undo()
    assert notes.path.read_bytes() == before
    assert files(notes.path.parent) == ["notes.md"]


def test_stale_temporary_files_are_cleaned_on_the_next_rewrite(notes):
    prepared(notes)
    stale = notes.path.parent / f".notes.md{store.TEMP_MARK}0123456789ab.tmp"
    stale.write_text("half a rewrite")
    unrelated = notes.path.parent / ".notes.md.mine.tmp"
    unrelated.write_text("not ours")
    notes.update_note(make(0).id, "n")
    assert not stale.exists() and unrelated.exists()


def test_a_held_lock_times_out_with_a_message(notes):
    fcntl = pytest.importorskip("fcntl")
    before = prepared(notes)
    lock_file = notes.path.parent / f".notes.md{store.LOCK_MARK}"
    with open(lock_file, "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        quick = NotesFile(notes.path, lock_timeout=0.2)
        with pytest.raises(NotesError, match="locked by another program"):
            quick.append(make(200))
    assert notes.path.read_bytes() == before


def test_errors_name_the_path(tmp_path):
    notes = NotesFile(tmp_path / "missing" / "n.md")
    with pytest.raises(NotesError) as caught:
        notes.append(make(0))
    assert caught.value.path == Path(tmp_path / "missing" / "n.md")


def test_a_bookmark_that_cannot_be_written_waits_for_a_retry(notes):
    before = prepared(notes)
    saver = BookmarkSaver(notes)
    notes.path.chmod(0o444)
    waiting = make(200)
    with pytest.raises(NotesError, match="read-only"):
        saver.add(waiting)
    with pytest.raises(NotesError):
        saver.add(make(200, note="pressed b again"))
    with pytest.raises(NotesError):
        saver.retry()
    assert saver.pending == [waiting] and notes.path.read_bytes() == before
    notes.path.chmod(0o644)
    (result,) = saver.retry()
    assert result.added and saver.pending == []
    assert notes.read().bookmarks[-1] == waiting
    assert not saver.add(make(200)).added  # already there: never written twice
