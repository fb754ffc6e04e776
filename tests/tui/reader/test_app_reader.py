"""The reader app driven with keys and clicks (Textual's Pilot), on the bundled briefing."""

from __future__ import annotations

import gc
import io
import os
import subprocess
import sys

from textual import events
from textual.content import Content

from tests.bench.synthetic import make_corpus
from tests.conftest import REPO
from tests.pilot import (
    WIDE,
    counts,
    from_palette,
    matched_words,
    press,
    reader,
    ready,
    run,
    settle,
    shown_text,
    until,
)
from tests.seed_files import STATE, UNN
from tui.config import load_config
from tui.reader.article_view import NO_HITS, NOTICE, TEXT, TITLE
from tui.reader.help_screen import HelpScreen
from tui.reader.query_bar import QueryBar

# -- what is on screen --------------------------------------------------------------------------


@run
async def test_first_frame_shows_one_pane_per_article_before_the_index(seeds_dir):
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        titles = [pane.border_title for pane in app.reader.panes]
        assert len(app.reader.views) == 5
        assert titles[0].startswith("State Dept · 19 Mar 2025 · Statement From Secretary")
        assert titles[1].startswith("UNN · 20 Mar 2025 · Waltz and Rubio")
        assert app.reader.panes[0].border_subtitle == "¶1/11"  # focused: where the cursor is
        assert "5 sources" in counts(app)
        await ready(pilot)


@run
async def test_a_folder_without_articles_says_so(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    app = reader(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        assert app.reader.panes == []
        assert str(app.query_one("#empty").render()) == (
            f"No articles in {tmp_path} (.txt or .md files)."
        )
        assert app.query_one("#empty").display
        assert "0 sources" in counts(app)


@run
async def test_collector_is_back_on_after_the_first_frame(seeds_dir):
    """``briefing-tui`` starts with garbage collection off; the app turns it back on."""
    gc.unfreeze()  # what conftest froze would pass for what the app freezes
    gc.disable()
    try:
        app = reader(seeds_dir)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0  # start-up's objects are set aside
            assert app.reader.query_input.placeholder == "search or 1-9 topic"  # mounted by now
            await ready(pilot)
    finally:
        gc.unfreeze()
        gc.enable()


def test_first_frame_does_not_import_whoosh(seeds_dir, tmp_path):
    """Whoosh and the index modules load after the first frame, in the indexing worker."""
    script = f"""
import asyncio, sys
from pathlib import Path
from tui.app import BriefingApp
from tui.config import load_config

async def main():
    app = BriefingApp(load_config(), Path({str(seeds_dir)!r}))
    app.reader._start_indexing = lambda: None
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert len(app.reader.panes) > 0 and app.reader.panes[0].rows
        heavy = (
            "whoosh",
            "index.search.api",
            "index.search.store",
            "index.search.query",
            "index.search.spans",
        )
        print(sorted(m for m in sys.modules if m.startswith(heavy)))

asyncio.run(main())
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@run
async def test_topic_key_marks_passages_and_matched_words(seeds_dir):
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "1")
        assert app.reader.query_text == "Kursk"
        assert app.query_one(QueryBar).selected == 0
        assert [view.path for view in app.reader.views[:2]] == [UNN, STATE]
        assert "5 sources · 2 with hits" in counts(app)
        unn = app.reader.panes[0]
        assert unn.view.path == UNN and unn.border_subtitle == "hit 1/2 · ¶3/15"
        assert unn.has_focus
        # The matched words drawn are exactly the spans index/ gave: "Kursk" in each hit.
        group = next(g for g in app.reader.result.articles if g.article.path == UNN)
        expected = {
            (hit.passage, hit.text[start:end]) for hit in group.hits for start, end in hit.spans
        }
        drawn = set(matched_words(unn))
        assert drawn and drawn <= expected
        assert all(text == "Kursk" for _, text in drawn)
        # The passage under the cursor is the best hit, and it is what a bookmark would keep.
        focused = app.reader.focused_passage()
        assert focused.path == UNN and focused.number == group.hits[0].passage
        assert "Kursk" in focused.text and focused.query == "Kursk"


@run
async def test_stemmed_and_alias_matches_are_styled(seeds_dir):
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "3")  # POWs: "prisoners of war", "prisoners"...
        words = {text.lower() for pane in app.reader.panes for _, text in matched_words(pane)}
        assert any(word.startswith("prisoner") for word in words)


@run
async def test_silent_pane_says_nothing_on_this_topic(seeds_dir):
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "1")
        silent = app.reader.panes[2]
        assert silent.view.silent
        assert silent.border_subtitle == "no hits"
        assert NO_HITS in shown_text(silent)
        assert [row.kind for row in silent.rows].index(NOTICE) > 0
        assert matched_words(silent) == []


# -- moving -------------------------------------------------------------------------------------


@run
async def test_j_k_g_G_move_the_cursor_passage_by_passage(seeds_dir):
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        view = app.reader.focused_view
        assert view.cursor == 0
        await press(pilot, "j", "j")
        assert view.cursor == 2
        await press(pilot, "k")
        assert view.cursor == 1
        await press(pilot, "G")
        assert view.cursor == len(view.article.passages) - 1
        pane = app.reader.focused_pane
        first, _ = pane.cursor_rows()
        assert pane.scroll_offset.y <= first < pane.scroll_offset.y + pane.size.height
        await press(pilot, "g")
        assert view.cursor == 0 and pane.scroll_offset.y == 0


@run
async def test_n_and_N_go_hit_to_hit_in_the_pane(seeds_dir):
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "1")
        view = app.reader.focused_view
        hits = view.hit_passages()
        assert len(hits) == 2
        await press(pilot, "g", "n")
        assert view.cursor == hits[0]
        await press(pilot, "n")
        assert view.cursor == hits[1]
        await press(pilot, "n")  # past the last hit: back to the first
        assert view.cursor == hits[0]
        assert "last hit here" in str(app.query_one("#message").render())
        await press(pilot, "N")
        assert view.cursor == hits[1]


@run
async def test_brackets_go_to_the_best_hit_of_the_next_source_and_align(seeds_dir):
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "1", "right_square_bracket")
        state = app.reader.focused_view
        assert state.path == STATE and state.cursor == state.best_hit()
        assert app.reader.focused_pane.has_focus
        # The other source's best passage starts on the same screen row.
        unn_pane = app.reader.pane_of(app.reader.view_for(UNN))
        assert unn_pane.view.cursor == unn_pane.view.best_hit()
        assert unn_pane.cursor_screen_row() == app.reader.focused_pane.cursor_screen_row()
        await press(pilot, "right_square_bracket")  # wraps to the first source with hits
        assert app.reader.focused_view.path == UNN
        await press(pilot, "left_square_bracket")
        assert app.reader.focused_view.path == STATE


@run
async def test_align_can_be_turned_off(seeds_dir):
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "1", "a")
        assert app.reader.align is False
        other = app.reader.pane_of(app.reader.view_for(STATE))
        before = other.scroll_offset.y
        await press(pilot, "g", "n")  # the UNN pane moves to its first hit
        assert other.scroll_offset.y == before


@run
async def test_tab_and_h_l_move_between_panes(seeds_dir):
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        paths = [view.path for view in app.reader.window.visible]
        await press(pilot, "tab")
        assert app.reader.focused_view.path == paths[1] and app.focused is app.reader.panes[1]
        await press(pilot, "l")
        assert app.reader.focused_view.path == paths[2]
        await press(pilot, "h", "shift+tab")
        assert app.reader.focused_view.path == paths[0]
        await press(pilot, "shift+tab")  # wraps to the last, scrolling the row
        assert app.reader.focused_view.path == paths[-1]
        assert app.reader.focused_pane is not None and app.reader.focused_pane.has_focus


@run
async def test_click_focuses_the_pane_and_passage(seeds_dir):
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        pane = app.reader.panes[1]
        row = next(i for i, r in enumerate(pane.rows) if r.kind == TEXT and r.passage == 2)
        await pilot.click(pane, offset=(5, row + 1))  # +1: the border
        await settle(pilot)
        assert app.focused is pane
        assert pane.view.cursor == 2


@run
async def test_the_mouse_wheel_scrolls_a_pane_and_moves_its_scroll_mark(seeds_dir):
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        pane = app.reader.panes[1]
        assert pane.max_scroll_y > 0 and pane.scroll_offset.y == 0
        x, y = pane.region.x + 5, pane.region.y + 5
        marks_before = _scroll_mark(pane)
        for wheel, delta in ((events.MouseScrollDown, 1), (events.MouseScrollUp, -1)):
            for _ in range(3):
                event = wheel(None, x, y, 0, delta, 0, False, False, False, screen_x=x, screen_y=y)
                app.post_message(event)
                await pilot.pause()
            if delta > 0:
                assert pane.scroll_offset.y > 0, "the wheel did not scroll the pane"
                assert _scroll_mark(pane) != marks_before
        assert pane.scroll_offset.y == 0
        assert _scroll_mark(pane) == marks_before


def _scroll_mark(pane) -> list[int]:
    """The rows of ``pane`` whose last column shows the scroll thumb."""
    return [y for y in range(pane.size.height) if pane.render_line(y).text.endswith("┃")]


# -- the query box ----------------------------------------------------------------------------


@run
async def test_slash_query_runs_as_you_type_enter_commits_and_history(seeds_dir):
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "slash")
        assert app.reader.query_input.has_focus
        await pilot.press(*"prisoners")
        await pilot.pause(0.4)  # the debounce
        await settle(pilot)
        assert app.reader.query_text == "prisoners"
        assert app.reader.query_input.has_focus  # live results do not take the focus away
        await press(pilot, "enter")
        assert app.reader.focused_pane.has_focus
        await press(pilot, "slash")
        await pilot.press(*"Kursk", "enter")  # the box's text is selected: typing replaces it
        await settle(pilot)
        assert app.reader.query_text == "Kursk"
        await press(pilot, "slash", "up")
        assert app.reader.query_input.value == "Kursk"
        await press(pilot, "up")
        assert app.reader.query_input.value == "prisoners"
        await press(pilot, "down")
        assert app.reader.query_input.value == "Kursk"


@run
async def test_escape_leaves_the_box_and_restores_the_query(seeds_dir):
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "1", "slash")
        await pilot.press(*"energy")
        await pilot.pause(0.4)
        await settle(pilot)
        assert app.reader.query_text == "energy"
        await press(pilot, "escape")
        assert app.reader.query_text == "Kursk"
        assert app.reader.query_input.value == "Kursk"
        assert app.reader.focused_pane.has_focus


@run
async def test_a_topic_key_shows_the_start_of_a_long_query(seeds_dir):
    """A topic's query longer than the box shows its first words (its name, most often),
    whichever topic was shown before; "/" then selects it all, to type over or edit."""
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        box = app.reader.query_input
        for key in ("2", "3"):  # a long query after another long one
            await press(pilot, key)
            query = app.reader.query_text
            assert box.value == query and len(query) > box.content_size.width
            assert box.scroll_offset.x == 0
            assert box.render_line(0).text.lstrip().startswith(query.split()[0])
        await press(pilot, "slash")
        assert box.selection == (0, len(box.value))


@run
async def test_tab_in_the_box_commits_the_query_and_goes_back_to_the_panes(seeds_dir):
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "slash")
        await pilot.press(*"prisoners")
        await press(pilot, "tab")
        await settle(pilot)
        assert app.reader.query_text == "prisoners"
        assert app.reader.focused_pane.has_focus
        assert app.reader.query_input.history[-1] == "prisoners"
        before = app.reader.focused_view
        await press(pilot, "tab")  # from a pane, tab goes on to the next pane
        assert app.reader.focused_view is not before and app.reader.focused_pane.has_focus


@run
async def test_a_malformed_query_is_one_line_not_a_crash(seeds_dir):
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "1", "slash")
        await pilot.press(*'"Kursk AND (', "enter")
        message = app.query_one("#message")
        await until(pilot, lambda: message.has_class("-error"), "the error was never shown")
        await settle(pilot)
        assert message.display and message.has_class("-error")
        text = str(message.render())
        assert text and "\n" not in text
        assert app.reader.views[0].path == UNN  # the last good highlights stay
        await press(pilot, "2")
        assert not message.has_class("-error") and app.reader.result is not None


@run
async def test_zero_clears_the_topic(seeds_dir):
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "1", "0")
        assert app.reader.query_text == "" and app.reader.result is None
        assert all(not view.query_active for view in app.reader.views)
        assert app.query_one(QueryBar).selected is None


@run
async def test_topic_flag_opens_with_that_topic(seeds_dir):
    app = reader(seeds_dir, topic="pows")
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        assert app.reader.query_text == app.config.topics[2].query
        assert app.query_one(QueryBar).selected == 2
        assert app.reader.result is not None and app.reader.views[0].hit_count


# -- views of the row ---------------------------------------------------------------------------


@run
async def test_hide_a_pane_and_show_all_again(seeds_dir):
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        hidden = app.reader.focused_view
        await press(pilot, "x")
        assert hidden.hidden
        assert all(pane.view is not hidden for pane in app.reader.panes)
        assert "1 hidden" in counts(app)
        assert len(app.reader.panes) == 4
        await press(pilot, "x", "x", "x")
        assert len(app.reader.window.visible) == 1 and len(app.reader.panes) == 1
        await press(pilot, "x")  # the last one stays
        assert len(app.reader.window.visible) == 1
        await press(pilot, "X")
        assert not any(view.hidden for view in app.reader.views)
        assert len(app.reader.panes) == 4


@run
async def test_focus_mode_shows_only_matching_passages(seeds_dir):
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "1", "f")
        pane = app.reader.focused_pane
        passages = {row.passage for row in pane.rows if row.kind == TEXT}
        assert passages == set(pane.view.hits.spans)
        await press(pilot, "j")
        assert pane.view.cursor in pane.view.hits.spans
        await press(pilot, "f")
        assert {row.passage for row in pane.rows if row.kind == TEXT} == set(
            range(len(pane.view.article.passages))
        )


@run
async def test_fifty_articles_scroll_the_row_with_the_focus(tmp_path):
    folder = tmp_path / "fifty"
    make_corpus(folder, 50, seed=3, size=1500)
    app = reader(folder)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        assert len(app.reader.views) == 50 and len(app.reader.panes) == 4
        await press(pilot, *["l"] * 6)
        assert app.reader.window.current == 6
        assert app.reader.window.first == 3
        assert app.reader.panes[3].view is app.reader.focused_view and app.reader.panes[3].has_focus
        assert "‹ 4–7 of 50 ›" in counts(app)
        await press(pilot, "4")  # energy: many sources
        assert app.reader.window.first == 0 and app.reader.window.current == 0
        with_hits = [view for view in app.reader.views if view.hit_count]
        assert app.reader.views[: len(with_hits)] == with_hits


@run
async def test_resize_reflows_and_keeps_the_cursor(seeds_dir):
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "3", "tab", "j", "j")
        view = app.reader.focused_view
        cursor = view.cursor
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert len(app.reader.panes) == 2
        assert app.reader.focused_view is view and view.cursor == cursor
        pane = app.reader.focused_pane
        assert pane is not None and pane.has_focus
        first, _ = pane.cursor_rows()
        assert pane.scroll_offset.y <= first < pane.scroll_offset.y + pane.size.height
        assert pane.size.width >= 36
        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        assert len(app.reader.panes) == 5 and view.cursor == cursor


# -- article text is data -----------------------------------------------------------------------

MESSY = {
    "brackets.txt": "Source: [bold]Markup[/bold] News\n\n"
    "A [red]tag[/red] and [/tags] and [link=x]y[/link] stay as they are about Kursk.\n\n"
    "Escape \x1b[31mcodes\x1b[0m are shown, not run.",
    "cjk.txt": "日本語の記事\n\n東京で会談が行われた。Kursk について話し合った。😀🎉 絵文字も。\n\n"
    + "長" * 300,
    "long.txt": "Long line\n\n" + " ".join(["Kursk-word"] * 400),
}


@run
async def test_article_text_is_never_markup_and_never_breaks_the_layout(write_corpus):
    folder = write_corpus(MESSY)
    app = reader(folder)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        await press(pilot, "1")
        brackets = app.reader.view_for("brackets.txt")
        assert brackets.article.label == "[bold]Markup[/bold] News"
        pane = app.reader.pane_of(brackets)
        assert Content.from_markup(pane.border_title).plain.startswith("[bold]Markup[/bold] News")
        text = "\n".join(shown_text(pane))
        assert "[red]tag[/red] and [/tags]" in text
        assert "␛[31mcodes␛[0m" in text
        for pane in app.reader.panes:
            for y in range(pane.size.height):
                strip = pane.render_line(y)
                assert strip.cell_length == pane.scrollable_content_region.width
                assert "\x1b" not in strip.text
        cjk = app.reader.pane_of(app.reader.view_for("cjk.txt"))
        assert any("😀🎉" in line for line in shown_text(cjk))
        assert "Kursk" in [text for _, text in matched_words(cjk)]


# -- help, palette, keymap ----------------------------------------------------------------------


@run
async def test_help_lists_every_binding(seeds_dir):
    from tui import keymap

    app = reader(seeds_dir)
    async with app.run_test(size=(100, 50)) as pilot:
        await ready(pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        help_text = _help_text(app)
        for binding in keymap.BINDINGS:
            if not binding.id.startswith("topic."):
                assert binding.description in help_text
        for topic in app.config.topics:  # topic keys are described by their topic's name
            assert f"topic: {topic.name}" in help_text
        assert "topic 9 (none configured)" in help_text
        await press(pilot, "j")  # reader keys are off while help is open
        assert app.reader.focused_view.cursor == 0
        await press(pilot, "escape")
        assert not isinstance(app.screen, HelpScreen)


def _help_text(app) -> str:
    """The text of the help table the open help screen shows."""
    from rich.console import Console

    console = Console(width=120, record=True, file=io.StringIO())
    console.print(app.screen.table)
    return console.export_text()


@run
async def test_keys_are_remapped_from_the_config(seeds_dir, tmp_path):
    config_file = tmp_path / "config.yaml"
    config_file.write_text("keys:\n  hit.next: z\n  search: ctrl+f\n", encoding="utf-8")
    app = reader(seeds_dir, config=load_config(config_file))
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "1", "g", "z")
        view = app.reader.focused_view
        assert view.cursor == view.hit_passages()[0]
        await press(pilot, "n")  # no longer bound
        assert view.cursor == view.hit_passages()[0]
        await press(pilot, "ctrl+f")
        assert app.reader.query_input.has_focus
        await press(pilot, "escape", "question_mark")
        help_lines = [line.split() for line in _help_text(app).splitlines()]
        assert ["z", "next", "hit"] in help_lines  # help shows the key in effect
        assert ["n", "next", "hit"] not in help_lines


@run
async def test_command_palette_offers_topics_and_articles(seeds_dir):
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await from_palette(pilot, "Topic: POWs")
        assert app.reader.query_text == app.config.topics[2].query
        await from_palette(pilot, "Go to: AP")
        assert app.reader.focused_view.article.label == "AP"


@run
async def test_indexing_progress_is_shown(seeds_dir):
    from tui.reader.indexing import IndexProgress

    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        app.reader._indexing = ""
        app.reader.on_index_progress(IndexProgress(3, 10, "a.txt"))
        assert "indexing 3/10…" in counts(app)
        app.reader.on_index_progress(IndexProgress(1_260, 10_000, "b.txt"))
        assert "indexing 1,260/10,000…" in counts(app)


@run
async def test_title_rows_come_first(seeds_dir):
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        pane = app.reader.panes[0]
        assert pane.rows[0].kind == TITLE
        assert shown_text(pane)[0].startswith("Statement From Secretary Rubio")


@run
async def test_keys_typed_right_after_slash_land_in_the_box(seeds_dir):
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        # All keys queued at once, as a fast typist or a paste sends them.
        for key in ["slash", *"Kursk", "slash", "x"]:
            app.post_message(events.Key(key, key if len(key) == 1 else "/"))
        await settle(pilot)
        assert app.reader.query_input.value == "Kursk/x"  # "/" in the box types itself


@run
async def test_topics_are_searched_in_the_background_once_the_index_is_open(seeds_dir):
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        queries = {topic.query for topic in app.config.topics}
        assert queries <= {ask.text for ask in app.reader.searches._cache}
        await pilot.press("2")  # answered at once: no search worker needed
        assert app.reader.query_text == app.config.topics[1].query and app.reader.result is not None


@run
async def test_key_bar_shows_the_main_keys_as_remapped(seeds_dir, tmp_path):
    from tui.reader.key_bar import KeyBar

    config_file = tmp_path / "config.yaml"
    config_file.write_text("keys:\n  bookmark.add: ctrl+b\n", encoding="utf-8")
    app = reader(seeds_dir, config=load_config(config_file))
    async with app.run_test(size=(200, 30)) as pilot:
        await ready(pilot)
        text = str(app.query_one(KeyBar).render())
        assert "/ search" in text and "1-9 topic" in text and "n/N next hit" in text
        assert "^b bookmark" in text and "^p palette" in text
        assert " b bookmark" not in text and "focus mode" not in text  # kept for the help
