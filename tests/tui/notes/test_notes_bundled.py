"""Bookmarks on the bundled briefing name it ``bundled``, so they survive a reinstall; entries
written with an install's folder are read as the bundled briefing too."""

from __future__ import annotations

from tests.conftest import SEEDS
from tests.pilot import WIDE, kept, notes_reader, open_notes, press, ready, run
from tests.seed_files import STATE, UNN
from tui.notes.bookmarks import same_corpus
from tui.notes.corpus_field import BUNDLED, canonical_corpus
from tui.notes.notes_file import NotesFile

OLD_INSTALLS = (
    "/home/ana/.local/share/pipx/venvs/briefing-tui/lib/python3.11/site-packages/tui/bundled/seeds",
    "/home/ana/.local/share/uv/tools/briefing-tui/lib/python3.12/site-packages/tui/bundled/seeds",
    "/usr/lib/python3/dist-packages/tui/bundled/seeds",
)


def test_any_install_of_the_bundled_briefing_reads_as_bundled():
    for path in (*OLD_INSTALLS, str(SEEDS), f"{SEEDS}/", BUNDLED):
        assert canonical_corpus(path) == BUNDLED, path


def test_other_folders_stay_as_they_are():
    for path in ("/home/ana/briefings/march-call", "/srv/seeds", "/srv/bundled/seeds", ""):
        assert canonical_corpus(path) == path


def write_with_corpus(notes, bookmark, corpus: str) -> None:
    """Append ``bookmark`` as an older version wrote it: ``corpus::`` holding ``corpus``."""
    NotesFile(notes).append(bookmark)
    text = notes.read_text(encoding="utf-8")
    assert text.count(f"- corpus:: {BUNDLED}\n") == 1
    notes.write_text(text.replace(f"- corpus:: {BUNDLED}\n", f"- corpus:: {corpus}\n"))


def test_an_entry_with_an_old_install_path_is_read_as_bundled(tmp_path):
    notes = tmp_path / "notes.md"
    write_with_corpus(notes, kept(UNN, 2), OLD_INSTALLS[0])
    assert f"- corpus:: {OLD_INSTALLS[0]}\n" in notes.read_text(encoding="utf-8")
    (bookmark,) = NotesFile(notes).read().bookmarks
    assert bookmark.corpus == BUNDLED
    assert same_corpus(bookmark, SEEDS)
    assert not same_corpus(bookmark, tmp_path)


@run
async def test_an_old_install_bookmark_is_marked_and_can_be_gone_to(tmp_path):
    notes = tmp_path / "notes.md"
    write_with_corpus(notes, kept(UNN, 2), OLD_INSTALLS[1])
    app = notes_reader(notes)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        assert app.reader.view_for(UNN).marks == {2: "saved"}
        await open_notes(pilot)
        await press(pilot, "enter")
        assert app.reader.focused_view is app.reader.view_for(UNN)
        assert app.reader.focused_passage().number == 2


@run
async def test_a_new_bookmark_on_the_bundled_briefing_writes_the_marker(tmp_path):
    notes = tmp_path / "notes.md"
    app = notes_reader(notes)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        app.reader.focus_view(app.reader.view_for(STATE))
        await press(pilot, "b")
    text = notes.read_text(encoding="utf-8")
    assert f"\n- file:: {STATE}\n- corpus:: bundled\n" in text
    assert str(SEEDS) not in text
