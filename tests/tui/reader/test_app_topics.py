"""Hit kinds in the reader: context hits drawn and counted apart, and why a passage matched."""

from __future__ import annotations

from index.search.hit_kinds import WHY
from tests.pilot import WIDE, press, reader, ready, run
from tests.seed_files import AP
from tui.reader.article_view import TEXT


def _message(app) -> str:
    return app.reader._message[0]


@run
async def test_context_hits_are_counted_drawn_and_explained_apart(seeds_dir):
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "2")  # Zaporizhzhia: AP names the plants once, then "the plant"
        view = next(view for view in app.reader.views if view.path == AP)
        assert view.subtitle() == "1 hit + 2 in context"
        context = [n for n in view.hit_passages() if view.hit_kind(n) == "context"]
        assert context == [1, 2]
        while app.reader.focused_view is not view:
            await press(pilot, "tab")
        pane = app.reader.pane_of(view)
        view.move_cursor(3)  # off the hits, so that no cursor bar covers theirs
        await press(pilot, "g")
        rows = [(y, pane.rows[y + pane.scroll_offset.y]) for y in range(pane.size.height)]
        bars = {
            row.passage: pane.render_line(y).text[0]
            for y, row in rows
            if row.kind == TEXT and row.passage in (0, 1)
        }
        assert bars == {0: "▌", 1: "╎"}  # a direct hit's bar, a context hit's weaker one
        view.move_cursor(0)
        await press(pilot, "n")  # to the first context hit
        assert view.cursor == 1
        assert _message(app).startswith(WHY + "context: ")
        assert "(refers back)" in _message(app)
        await press(pilot, "k")  # back on the direct hit: its words and how they matched
        assert _message(app).startswith(WHY) and "context" not in _message(app)
        await press(pilot, "G")  # off the hits: the line goes
        assert not _message(app).startswith(WHY)
