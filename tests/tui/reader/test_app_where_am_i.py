"""Where am I: the focused pane's "hit 2/5 · ¶12/40", n wrapping round, and messages that
never move the panes and go at the next key (issue 15, item 4)."""

from __future__ import annotations

import pytest

from tests.pilot import WIDE, press, reader, ready, run, settle

DISPATCH = """Coastal Courier

Ferry service cut after storm

The storm closed the ferry route on Monday morning.

Fishermen stayed in port while the ferry crews waited.

Schools reopened in the afternoon.

The ferry company expects to sail again on Thursday.
"""

PLAIN = """Valley Post

Roads reopen in the valley

Snow ploughs cleared the pass overnight.

A ferry is not needed here.
"""


@pytest.fixture
def briefing(write_corpus):
    return write_corpus({"a-coast.txt": DISPATCH, "b-valley.txt": PLAIN})


def subtitle(pane) -> str:
    return str(pane.border_subtitle)


def message(app) -> str:
    return str(app.query_one("#message").render())


async def query(pilot, text: str) -> None:
    pilot.app.reader.run_query(text)
    await settle(pilot)


@run
async def test_the_focused_pane_says_which_hit_and_passage_the_cursor_is_on(briefing):
    app = reader(briefing)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "g")
        coast, valley = app.reader.panes
        assert coast.has_focus and coast.view.path == "a-coast.txt"
        assert subtitle(coast) == "¶1/6"  # no query: where the cursor is
        await query(pilot, "ferry")
        view = coast.view
        assert view.hit_passages() == [1, 2, 3, 5]
        await press(pilot, "g", "n", "n")
        assert subtitle(coast) == "hit 2/4 · ¶3/6"
        await press(pilot, "j")  # "Fishermen stayed…": a hit too
        assert subtitle(coast) == "hit 3/4 · ¶4/6"
        await press(pilot, "j")  # "Schools reopened…": no hit
        assert subtitle(coast) == "4 hits · ¶5/6"
        assert subtitle(valley) == "1 hit"  # a pane without focus: only its count
        await press(pilot, "tab")
        assert subtitle(valley) == "hit 1/1 · ¶4/4"
        assert subtitle(coast) == "4 hits"


@run
async def test_n_at_the_last_hit_wraps_to_the_first_with_a_message(briefing):
    app = reader(briefing)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await query(pilot, "ferry")
        view = app.reader.focused_view
        await press(pilot, "G")
        assert view.cursor == 5
        await press(pilot, "n")
        assert view.cursor == 1
        assert message(app) == "last hit here: back to the first; ] goes to the next source"
        await press(pilot, "N")
        assert view.cursor == 5
        assert message(app) == "first hit here: back to the last; ] goes to the next source"


@run
async def test_a_message_never_moves_the_panes_and_goes_at_the_next_key(briefing):
    app = reader(briefing)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        pane = app.reader.panes[0]
        before = pane.region
        await press(pilot, "n")  # no query: says so
        shown = app.query_one("#message")
        assert message(app) == "no topic or query: press 1-9 or /"
        assert shown.display and shown.region.height == 1
        assert shown.region.y == app.screen.size.height - 1  # over the key bar
        assert pane.region == before
        await press(pilot, "j")
        assert not shown.display
        assert pane.region == before
