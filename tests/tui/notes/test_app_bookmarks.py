"""Bookmarks in the reader (Pilot): b, B, the notes screen, jump, delete, edit, and a notes
file that cannot be written."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from textual import events

from index.corpus.articles import load_corpus
from tests.conftest import SEEDS
from tests.pilot import (
    SAVED,
    WIDE,
    errors,
    kept,
    notes_reader,
    open_notes,
    press,
    ready,
    run,
    settle,
    toasts,
    until,
)
from tests.seed_files import AP, STATE, UNN
from tui.app import BriefingApp
from tui.config import load_config
from tui.notes import bookmarks as bookmarks_module
from tui.notes.bookmark_dialog import BookmarkDialog
from tui.notes.bookmarks import Located, locate
from tui.notes.notes_file import Bookmark, NotesFile, default_notes_path
from tui.notes.notes_screen import ConfirmDialog, NotesScreen
from tui.reader.article_view import ArticleView


def entries(path: Path) -> int:
    return path.read_text(encoding="utf-8").count("<!-- bookmark id=")


def first_row_mark(app, view) -> str:
    """The gutter character on the first row of the cursor's passage in ``view``'s pane."""
    pane = app.reader.pane_of(view)
    first = pane._layout.first_row[view.cursor]
    pane.scroll_to(y=first, animate=False, immediate=True)
    return pane.render_line(first - pane.scroll_offset.y).text[0]


# -- b and B ----------------------------------------------------------------------------------


@run
async def test_keys_typed_fast_act_in_order_b_l_b_keeps_one_passage_per_pane(tmp_path):
    """Keys that reach the app before the last one was handled still act in typed order."""
    notes = tmp_path / "notes.md"
    app = notes_reader(notes)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        first, second = (pane.view.path for pane in app.reader.panes[:2])
        for key in ("b", "l", "b", "tab", "b"):  # all queued before any is handled
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await settle(pilot)
        third = app.reader.focused_view.path
        text = notes.read_text(encoding="utf-8")
        assert [
            line[len("- file:: ") :] for line in text.splitlines() if line.startswith("- file:: ")
        ] == [
            first,
            second,
            third,
        ]
        assert len({first, second, third}) == 3


@run
async def test_b_writes_the_focused_passage_and_marks_it(tmp_path):
    notes = tmp_path / "notes.md"
    app = notes_reader(notes)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "1")  # Kursk: the focus lands on the best hit
        focused = app.reader.focused_passage()
        view = app.reader.focused_view
        passage = view.article.passages[focused.number]
        await press(pilot, "b")
        text = notes.read_text(encoding="utf-8")
        quote = "\n".join(f"> {line}" if line else ">" for line in passage.text.split("\n"))
        assert f"\n{quote}\n" in text
        for line in (
            f"- source:: {view.article.label}",
            f"- title:: {view.article.title}",
            f"- date:: {view.article.date}",
            f"- file:: {focused.path}",
            "- corpus:: bundled",  # not the folder, which moves with each install
            f"- passage:: {focused.number + 1}",
            f"- chars:: {passage.start}-{passage.end}",
            "- query:: Kursk",  # the topic's name, not its query
            "- note::",
            "- tags::",
            f"- saved:: {SAVED}",
        ):
            assert f"\n{line}\n" in text, line
        assert entries(notes) == 1
        where = f"{view.article.label} ¶{focused.number + 1}"
        assert f"{where} saved to notes.md" in toasts(app)
        assert view.marks == {focused.number: "saved"}
        assert first_row_mark(app, view) == "★"


@run
async def test_b_twice_says_already_saved_and_writes_once(tmp_path):
    notes = tmp_path / "notes.md"
    app = notes_reader(notes)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "j", "j", "b", "b")
        assert entries(notes) == 1
        assert toasts(app)[-1].endswith("is already in notes.md (saved 2025-03-21 10:14)")
        await press(pilot, "B")  # no note is asked for a passage already kept
        assert not isinstance(app.screen, BookmarkDialog)
        assert "already in notes.md" in toasts(app)[-1] and entries(notes) == 1


@run
async def test_bookmarks_reach_the_file_in_the_order_kept(tmp_path):
    notes = tmp_path / "notes.md"
    app = notes_reader(notes)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        for key in ["b", "j", "b", "j", "b", "k", "b"]:  # all at once, as fast typing sends them
            app.post_message(events.Key(key, key))
        await settle(pilot)
        read = NotesFile(notes).read()
        assert [(b.file, b.passage) for b in read.bookmarks] == [(STATE, 0), (STATE, 1), (STATE, 2)]
        assert "is already in notes.md" in toasts(app)[-1]


@run
async def test_B_asks_for_a_note_and_tags(tmp_path):
    notes = tmp_path / "notes.md"
    app = notes_reader(notes)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "j", "B")
        assert isinstance(app.screen, BookmarkDialog)
        await pilot.press(*"the [only] source", "tab", *"kursk, cease fire", "enter")
        await settle(pilot)
        text = notes.read_text(encoding="utf-8")
        assert "\n- note:: the [only] source\n" in text
        assert "\n- tags:: #kursk #cease-fire\n" in text
        assert "\n- passage:: 2\n" in text


@run
async def test_B_escape_cancels_and_writes_nothing(tmp_path):
    notes = tmp_path / "notes.md"
    app = notes_reader(notes)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "B")
        await pilot.press(*"never mind", "escape")
        await settle(pilot)
        assert not isinstance(app.screen, BookmarkDialog)
        assert not notes.exists()
        assert app.reader.focused_view.marks == {}


@run
async def test_marks_of_earlier_bookmarks_show_at_start(tmp_path):
    notes = tmp_path / "notes.md"
    NotesFile(notes).append(kept(UNN, 2))
    app = notes_reader(notes)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        assert app.reader.view_for(UNN).marks == {2: "saved"}
        assert app.reader.view_for(STATE).marks == {}


# -- a notes file that cannot be written -----------------------------------------------------


@run
async def test_missing_folder_keeps_the_bookmark_waiting_then_retry_writes_it(tmp_path):
    notes = tmp_path / "not-yet" / "notes.md"
    app = notes_reader(notes)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "j", "b")
        assert not notes.exists()
        (error,) = errors(app)
        assert str(notes) in error and "does not exist" in error
        assert len(app.reader.bookmarks.waiting) == 1
        message = str(app.query_one("#message").render())
        assert "1 bookmark is waiting: notes.md: the folder" in message and "ctrl+s" in message
        assert "☆ 1 not saved" in str(app.query_one("#counts").render())
        view = app.reader.focused_view
        assert view.marks == {1: "pending"} and first_row_mark(app, view) == "☆"

        notes.parent.mkdir()
        await press(pilot, "ctrl+s")
        assert entries(notes) == 1 and "\n- passage:: 2\n" in notes.read_text()
        assert app.reader.bookmarks.waiting == [] and view.marks == {1: "saved"}
        assert "☆" not in str(app.query_one("#counts").render())
        assert toasts(app)[-1].endswith("¶2 saved to notes.md")


@run
async def test_read_only_file_says_so_and_b_again_retries(tmp_path):
    notes = tmp_path / "notes.md"
    NotesFile(notes).append(kept(UNN, 0))
    before = notes.read_bytes()
    notes.chmod(0o444)
    app = notes_reader(notes)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "b")
        (error,) = errors(app)
        assert f"cannot write notes file {notes}: it is read-only" in error
        assert "notes.md is read-only" in str(app.query_one("#message").render())
        assert notes.read_bytes() == before
        await press(pilot, "j", "b")  # a second one waits too, in order
        assert [b.passage for b in app.reader.bookmarks.waiting] == [0, 1]

        notes.chmod(0o644)
        await press(pilot, "b")  # the same passage again: already waiting, so retry all
        read = NotesFile(notes).read()
        assert [(b.file, b.passage) for b in read.bookmarks] == [(UNN, 0), (STATE, 0), (STATE, 1)]
        assert app.reader.bookmarks.waiting == []
        assert "2 bookmarks saved to notes.md" in toasts(app)


def _folder_in_place(path: Path, monkeypatch) -> None:
    path.mkdir()


def _binary_file(path: Path, monkeypatch) -> None:
    path.write_bytes(b"# Bookmarks\n\x00\x01\x02")


def _disk_full(path: Path, monkeypatch) -> None:
    import errno

    from tui.notes import store as notes_store

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(notes_store, "_write_all", full)


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (_folder_in_place, "it is a folder, not a file"),
        (_binary_file, "is not a text file (it holds binary data)"),
        (_disk_full, "the disk is full"),
    ],
)
@run
async def test_a_notes_file_that_cannot_be_written_is_reported(
    tmp_path, monkeypatch, make, problem
):
    notes = tmp_path / "notes.md"
    make(notes, monkeypatch)
    before = notes.read_bytes() if notes.is_file() else None
    app = notes_reader(notes)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "b")
        error = errors(app)[-1]
        assert str(notes) in error and problem in error
        assert len(app.reader.bookmarks.waiting) == 1
        assert "1 bookmark is waiting" in str(app.query_one("#message").render())
        assert (notes.read_bytes() if notes.is_file() else None) == before
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@run
async def test_waiting_bookmarks_are_retried_by_themselves(tmp_path, monkeypatch):
    monkeypatch.setattr(bookmarks_module, "RETRY_SECONDS", 0.1)
    notes = tmp_path / "later" / "notes.md"
    app = notes_reader(notes)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "b")
        assert len(app.reader.bookmarks.waiting) == 1
        await pilot.pause(0.3)
        await settle(pilot)
        assert len(errors(app)) == 1  # the same problem is not toasted again
        notes.parent.mkdir()
        await until(pilot, lambda: not app.reader.bookmarks.waiting, "the bookmark never retried")
        await settle(pilot)
        assert entries(notes) == 1 and app.reader.bookmarks.waiting == []


@run
async def test_quit_with_waiting_bookmarks_asks_first(tmp_path):
    app = notes_reader(tmp_path / "missing" / "notes.md")
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        for key in "bq":  # q right behind b: the write is waited for, and fails
            app.post_message(events.Key(key, key))
        await settle(pilot)
        assert app.is_running
        assert "press q again" in str(app.query_one("#message").render())
        await press(pilot, "q")
        assert not app.is_running


# -- the notes screen --------------------------------------------------------------------------


def notes_with_prose(path: Path, *bookmarks: Bookmark) -> None:
    """A notes file with the person's own text before, between and after the entries."""
    notes = NotesFile(path)
    for bookmark in bookmarks:
        notes.append(bookmark)
    text = path.read_text(encoding="utf-8")
    text = text.replace("<!-- /bookmark -->\n\n", "<!-- /bookmark -->\n\nMy own thoughts.\n\n", 1)
    path.write_text(text + "\nThe end of my notes.\n", encoding="utf-8")


@run
async def test_notes_screen_lists_the_bookmarks_and_the_unread_lines(tmp_path):
    notes = tmp_path / "notes.md"
    notes_with_prose(
        notes,
        kept(UNN, 2, query="Kursk", note="the only one\nthat says it", tags=["kursk"]),
        kept(AP, 5, corpus="/elsewhere/briefing"),
    )
    with notes.open("a", encoding="utf-8") as file:
        file.write("<!-- bookmark oops -->\n")
    app = notes_reader(notes)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("m", "escape")  # closed before the file was read: no harm done
        await settle(pilot)
        assert not isinstance(app.screen, NotesScreen)
        screen = await open_notes(pilot)
        assert [(b.file, b.passage) for b in screen.shown] == [(UNN, 2), (AP, 5)]
        title = str(screen.query_one("#notes-title").render())
        assert f"2 bookmarks in {notes}" in title
        problems = str(screen.query_one("#notes-problems").render())
        line = notes.read_text().splitlines().index("<!-- bookmark oops -->") + 1
        assert "1 line could not be read" in problems and f"line {line}: " in problems
        options = screen.query_one("#bookmarks")
        first = str(options.get_option_at_index(0).prompt)
        assert "UNN — Waltz and Rubio" in first and "¶3" in first and "20 Mar 2025" in first
        assert "note: the only one" in first and "that says it" in first
        assert "#kursk" in first and "found by Kursk" in first and "saved 2025-03-21 10:14" in first
        second = str(options.get_option_at_index(1).prompt)
        assert "from another briefing: /elsewhere/briefing" in second
        assert "<!-- bookmark oops -->" in notes.read_text()  # never rewritten away


@run
async def test_enter_goes_to_the_passage_after_the_panes_moved(tmp_path):
    notes = tmp_path / "notes.md"
    NotesFile(notes).append(kept(STATE, 1))
    NotesFile(notes).append(kept(AP, 5))
    app = notes_reader(notes)
    async with app.run_test(size=(100, 40)) as pilot:  # two panes: AP is off screen
        await ready(pilot)
        await press(pilot, "3")  # POWs: the panes are sorted again
        ap = app.reader.view_for(AP)
        ap.hidden = True
        await app.reader.fit_panes()
        await open_notes(pilot)
        await press(pilot, "j", "enter")
        assert not isinstance(app.screen, NotesScreen)
        assert app.reader.focused_view is ap and not ap.hidden
        assert ap.cursor == 5 and app.reader.focused_pane.has_focus
        assert app.reader.focused_passage().number == 5
        assert app.reader.focused_pane.cursor_screen_row() is not None  # on screen


@run
async def test_a_bookmark_of_another_briefing_cannot_be_gone_to(tmp_path):
    notes = tmp_path / "notes.md"
    NotesFile(notes).append(kept(UNN, 2, corpus="/elsewhere/briefing"))
    app = notes_reader(notes)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        screen = await open_notes(pilot)
        cursor = app.reader.view_for(UNN).cursor
        await press(pilot, "enter")
        assert app.screen is screen
        message = str(screen.query_one("#notes-message").render())
        assert "another briefing (/elsewhere/briefing)" in message
        assert app.reader.view_for(UNN).cursor == cursor and app.reader.view_for(UNN).marks == {}


@run
async def test_delete_asks_first_and_removes_only_that_entry(tmp_path):
    notes = tmp_path / "notes.md"
    notes_with_prose(notes, kept(STATE, 1), kept(UNN, 2), kept(AP, 5))
    before = notes.read_text(encoding="utf-8")
    app = notes_reader(notes)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        screen = await open_notes(pilot)
        await press(pilot, "j", "d")
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "n")
        assert app.screen is screen and notes.read_text(encoding="utf-8") == before
        await press(pilot, "d", "y")
        assert app.screen is screen
        after = notes.read_text(encoding="utf-8")
        read = NotesFile(notes).read()
        assert [(b.file, b.passage) for b in read.bookmarks] == [(STATE, 1), (AP, 5)]
        assert "My own thoughts." in after and "The end of my notes." in after
        removed = set(before.splitlines()) - set(after.splitlines())
        assert "- file:: " + UNN in removed
        assert [(b.file, b.passage) for b in screen.shown] == [(STATE, 1), (AP, 5)]
        assert app.reader.view_for(UNN).marks == {}  # its mark is gone from the pane too


@run
async def test_edit_changes_only_the_note_line(tmp_path):
    notes = tmp_path / "notes.md"
    notes_with_prose(notes, kept(STATE, 1, note="first thought", tags=["kursk"]), kept(UNN, 2))
    before = notes.read_text(encoding="utf-8").splitlines()
    app = notes_reader(notes)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        screen = await open_notes(pilot)
        await press(pilot, "e")
        dialog = app.screen
        assert isinstance(dialog, BookmarkDialog)
        assert dialog.query_one("#note").value == "first thought"
        assert dialog.query_one("#tags").value == "kursk"
        await pilot.press("ctrl+u", *"second thought", "enter")
        await settle(pilot)
        after = notes.read_text(encoding="utf-8").splitlines()
        changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
        assert changed == [("- note:: first thought", "- note:: second thought")]
        assert "note: second thought" in str(
            screen.query_one("#bookmarks").get_option_at_index(0).prompt
        )


# -- where a bookmark is, and which file ---------------------------------------------------------


def test_locate_by_number_then_text_then_offsets(write_corpus):
    root = write_corpus({"a.txt": "One.\n\nTwo kept.\n\nThree."})
    original = load_corpus(root).articles[0]
    bookmark = Bookmark.for_passage(original, original.passages[1], corpus=str(root))

    views = [ArticleView(original)]
    assert locate(bookmark, views) == Located(views[0], 1, True)

    moved = write_corpus({"a.txt": "Zero.\n\nOne.\n\nTwo kept.\n\nThree."})  # a passage added
    views = [ArticleView(load_corpus(moved).articles[0])]
    assert locate(bookmark, views) == Located(views[0], 2, True)

    edited = write_corpus({"a.txt": "One.\n\nTwo kept, edited.\n\nThree."})
    views = [ArticleView(load_corpus(edited).articles[0])]
    assert locate(bookmark, views) == Located(views[0], 1, False)  # by its offsets

    assert "not in this briefing" in locate(replace(bookmark, file="b.txt"), views)


def test_the_notes_file_comes_from_notes_then_the_config_then_the_default(tmp_path):
    config = load_config()
    assert BriefingApp(config, SEEDS).reader.bookmarks.notes.path == default_notes_path()
    config.notes = tmp_path / "configured.md"
    assert BriefingApp(config, SEEDS).reader.bookmarks.notes.path == config.notes
    given = BriefingApp(config, SEEDS, notes=str(tmp_path / "given.md"))
    assert given.reader.bookmarks.notes.path == tmp_path / "given.md"


# -- a snapshot of the notes screen ----------------------------------------------------------


@pytest.fixture
def snapshot_notes(isolated_env):
    """``notes.md`` in the working folder (shown as it is named), with fixed times."""
    path = Path(os.getcwd()) / "notes.md"
    notes_with_prose(
        path,
        kept(STATE, 6, query="Kursk", note="the only source that names Kursk", tags=["kursk"]),
        kept(UNN, 2, query="POWs", tags=["pows", "exchange"]),
        kept(AP, 5, corpus="/elsewhere/briefing", note="from last week's reading"),
    )
    with path.open("a", encoding="utf-8") as file:
        file.write("<!-- bookmark without an id -->\n")
    return path


def test_notes_screen_snapshot(snap_compare, snapshot_notes):
    async def run_before(pilot) -> None:
        await ready(pilot)
        pilot.app.clear_notifications()  # the warning about the unread line: shown below
        await press(pilot, "m")
        await settle(pilot)

    assert snap_compare(notes_reader("notes.md"), terminal_size=(110, 34), run_before=run_before)
