"""The reader's small things: edit fields, help and notes keys, unreadable entries, the
palette's counts, a remapped search key, the no-hit line of a typed query, the theme kept."""

from __future__ import annotations

from textual.app import App
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import OptionList

from tests.pilot import (
    kept,
    notes_reader,
    open_notes,
    press,
    reader,
    ready,
    run,
    settle,
    shown_text,
)
from tests.seed_files import AP, STATE, UNN
from tui.commands import BriefingCommands
from tui.config import load_config
from tui.notes.bookmark_dialog import BookmarkDialog, NoteAndTags
from tui.notes.format import parse_notes
from tui.notes.notes_file import NotesFile
from tui.reader.article_view import NO_HITS, NO_QUERY_HITS
from tui.reader.help_screen import HelpScreen
from tui.theme_memory import remembered_theme, theme_path

SMALL = (80, 24)
GENEVA = "date 2025-03-20 Talks in Switzerland\n\nThe delegations met in Geneva on Monday.\n"
TWICE = (
    "date 2025-03-21 The second round\n\nGeneva hosted the second round.\n\n"
    "Delegates left Geneva late.\n"
)
QUIET = "date 2025-03-22 Grain prices\n\nWheat exports rose in March.\n"


class DialogApp(App[None]):
    """Only the dialog, filled in as for an existing bookmark; keeps what it answers."""

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[NoteAndTags | None] = []

    def on_mount(self) -> None:
        dialog = BookmarkDialog("Edit note", Content("UNN ¶3"), "the first", "#kursk #intel")
        self.push_screen(dialog, self.answers.append)


@run
async def test_edit_fields_open_with_the_cursor_at_the_end():
    app = DialogApp()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press(*" one", "tab", *" #extra", "enter")
        await pilot.pause()
    assert app.answers == [NoteAndTags("the first one", ["kursk", "intel", "extra"])]


@run
async def test_help_scrolls_with_j_down_pgdn_and_space_at_once(seeds_dir):
    app = reader(seeds_dir)
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        box = app.screen.query_one(VerticalScroll)
        assert box.max_scroll_y > 10  # the keys do not fit at 80×24
        for key in ("j", "down", "pagedown", "space"):
            before = box.scroll_y
            await press(pilot, key)
            assert box.scroll_y > before, key
        await press(pilot, "g")
        assert box.scroll_y == 0
        await press(pilot, "G")
        assert box.scroll_y == box.max_scroll_y
        await press(pilot, "k")
        assert box.scroll_y == box.max_scroll_y - 1


@run
async def test_notes_list_goes_first_last_and_pages(tmp_path):
    notes = tmp_path / "notes.md"
    for path, number in [(UNN, 1), (UNN, 2), (AP, 1), (AP, 2), (AP, 3), (STATE, 1), (STATE, 2)]:
        NotesFile(notes).append(kept(path, number))
    app = notes_reader(notes)
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        screen = await open_notes(pilot)
        options = screen.query_one(OptionList)
        last = len(screen.shown) - 1
        assert options.highlighted == 0
        await press(pilot, "G")
        assert screen.current == screen.shown[last]
        await press(pilot, "g")
        assert screen.current == screen.shown[0]
        await press(pilot, "end")
        assert screen.current == screen.shown[last]
        await press(pilot, "home", "pagedown")
        assert screen.shown.index(screen.current) > 1
        await press(pilot, "pageup")
        assert screen.current == screen.shown[0]


def broken_notes(path) -> tuple[str, int, int]:
    """Two bookmarks: the first with a field gone wrong, the second with a passage that is no
    number. Returns the text and the two lines (from 1)."""
    NotesFile(path).append(kept(UNN, 2, note="keep this"))
    NotesFile(path).append(kept(AP, 3, note="and this one"))
    text = path.read_text(encoding="utf-8")
    text = text.replace("- passage:: 3\n", "- passage:: 3\n- note: a colon went missing\n", 1)
    text = text.replace("- passage:: 4\n", "- passage:: four\n", 1)
    path.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    return (
        text,
        lines.index("- note: a colon went missing") + 1,
        lines.index("- passage:: four") + 1,
    )


def test_a_stray_line_and_an_unreadable_field_are_reported_and_the_entry_kept(tmp_path):
    text, stray, four = broken_notes(tmp_path / "notes.md")
    parsed = parse_notes(text)
    assert [b.note for b in parsed.bookmarks] == ["keep this"]
    assert [(b.file, b.note) for b in parsed.unreadable] == [(AP, "and this one")]
    assert parsed.problems[0] == (
        f"line {stray}: bookmark {kept(UNN, 2).id}: '- note: a colon went missing' is not a "
        "'- key:: value' field; kept, not read"
    )
    assert parsed.problems[1].startswith(f"line {four}: bookmark {kept(AP, 3).id}: passage must")
    assert len(parsed.problems) == 2 and parsed.text() == text


@run
async def test_an_entry_with_an_unreadable_field_stays_in_the_notes_list(tmp_path):
    notes = tmp_path / "notes.md"
    _text, stray, four = broken_notes(notes)
    app = notes_reader(notes)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        screen = await open_notes(pilot)
        problems = str(screen.query_one("#notes-problems").render())
        assert "2 lines could not be read" in problems
        assert f"line {stray}: " in problems and f"line {four}: " in problems
        options = screen.query_one(OptionList)
        assert options.option_count == 2 and len(screen.shown) == 1
        listed = options.get_option_at_index(1)
        assert listed.disabled
        assert "⚠ AP" in str(listed.prompt) and "¶?" in str(listed.prompt)
        assert "note: and this one" in str(listed.prompt)
        assert "could not be read" in str(listed.prompt)
        await press(pilot, "G")
        assert screen.current == screen.shown[0]  # the cursor never stops on it


@run
async def test_palette_counts_one_hit_and_several_hits(write_corpus):
    app = reader(write_corpus({"a.txt": GENEVA, "b.txt": TWICE, "c.txt": QUIET}))
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        app.reader.run_query("Geneva")
        await settle(pilot)
        provider = BriefingCommands(app.screen)
        helps = {
            text.rpartition(" — ")[2]: help
            for text, _command, help in provider._commands()
            if text.startswith("Go to: ")
        }
        assert helps == {
            "Talks in Switzerland": "1 hit",
            "The second round": "2 hits",
            "Grain prices": "0 hits",
        }


@run
async def test_a_typed_query_without_hits_says_query_and_a_topic_says_topic(write_corpus):
    app = reader(write_corpus({"a.txt": GENEVA, "c.txt": QUIET}))
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        await press(pilot, "slash")
        await pilot.press(*"Geneva", "enter")
        await settle(pilot)
        quiet = next(pane for pane in app.reader.panes if pane.view.path == "c.txt")
        assert NO_QUERY_HITS in shown_text(quiet) and NO_HITS not in shown_text(quiet)
        await press(pilot, "1")  # the first topic: none of these articles has it
        assert NO_HITS in shown_text(quiet) and NO_QUERY_HITS not in shown_text(quiet)


@run
async def test_the_top_bar_names_a_remapped_search_key(seeds_dir, tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text("keys:\n  search: ctrl+f\n", encoding="utf-8")
    app = reader(seeds_dir, config=load_config(config))
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        prompt = str(app.query_one("#query-prompt").render())
        assert prompt.strip() == "›"
        assert app.reader.query_input.placeholder == "^f search, 1-9 topic"
    app = reader(seeds_dir)
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        assert str(app.query_one("#query-prompt").render()).strip() == "/"
        assert app.reader.query_input.placeholder == "search or 1-9 topic"


@run
async def test_the_theme_chosen_is_kept_for_the_next_run(seeds_dir):
    assert remembered_theme() is None
    app = reader(seeds_dir)
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        assert app.theme == "textual-dark"
        app.theme = "nord"
        await settle(pilot)
    assert theme_path().read_text(encoding="utf-8") == "nord\n"
    app = reader(seeds_dir)
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        assert app.theme == "nord"
    theme_path().write_text("no-such-theme\n", encoding="utf-8")
    app = reader(seeds_dir)
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        assert app.theme == "textual-dark"  # a theme that is gone: the default
