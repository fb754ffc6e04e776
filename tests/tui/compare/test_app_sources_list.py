"""S: the sources list, sorted, filtered as you type, enter and space (issue 15, item 3)."""

from __future__ import annotations

import pytest

from tests.pilot import WIDE, after, press, reader, ready, run, settle
from tui.compare.source_table import SourceRow, SourceTable
from tui.compare.sources_screen import SORTS, SourcesScreen, matching, sort_order

ARTICLES = {
    "a.txt": "Source: Northern Ledger\nTitle: Bridge repairs delayed again\nDate: 2024-05-03\n\n"
    "The bridge over the river stays shut.\n\nBridge crews wait for steel.\n\n"
    "A bridge engineer said the work would take weeks.\n",
    "b.txt": "Source: Harbour Daily\nTitle: Ferry timetable changes\nDate: 2024-05-01\n\n"
    "A new ferry timetable starts on Monday; the bridge is not mentioned by name.\n",
    "c.txt": "Source: Valley Post\nTitle: School fair draws crowds\nDate: 2024-05-02\n\n"
    "Families filled the school yard on Saturday.\n",
    "d.txt": "Bridge repairs: what we know\n\nA bridge, a river and three bridge crews.\n\n"
    "The bridge will reopen in June, the council said.\n\nThe bridge carries 9,000 cars.\n\n"
    "Bridge tolls stay as they are.\n",
}


@pytest.fixture
def briefing(write_corpus):
    return write_corpus(ARTICLES)


def shown(app) -> list[tuple[str, str, str, int, int]]:
    table = app.screen.query_one(SourceTable)
    return [
        (r.path, r.outlet, r.date, r.hits, r.context) for r in (table.rows[i] for i in table.order)
    ]


def drawn(app) -> list[str]:
    table = app.screen.query_one(SourceTable)
    return [table.render_line(y).text.rstrip() for y in range(len(table.order))]


def title(app) -> str:
    return str(app.screen.query_one("#sources-title").render())


async def open_list(pilot, query: str | None = "bridge") -> SourcesScreen:
    if query:
        pilot.app.reader.run_query(query)
        await settle(pilot)
    await press(pilot, "S")
    assert isinstance(pilot.app.screen, SourcesScreen)
    return pilot.app.screen


@run
async def test_S_lists_every_article_with_outlet_date_hits_and_title_most_hits_first(briefing):
    app = reader(briefing)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await open_list(pilot)
        assert shown(app) == [
            ("d.txt", "d", "", 5, 0),
            ("a.txt", "Northern Ledger", "2024-05-03", 3, 0),
            ("b.txt", "Harbour Daily", "2024-05-01", 1, 0),
            ("c.txt", "Valley Post", "2024-05-02", 0, 0),
        ]
        lines = drawn(app)
        assert (
            lines[1]
            == "  Northern Ledger        2024-05-03         3  Bridge repairs delayed again"
        )
        assert (
            lines[3] == "  Valley Post            2024-05-02         ·  School fair draws crowds"
        )  # no hits: dimmed
        assert title(app) == "Sources: 4 articles · hits on bridge · sorted by hits"


@run
async def test_s_sorts_by_date_then_outlet_and_slash_filters_as_you_type(briefing):
    app = reader(briefing)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await open_list(pilot)
        await press(pilot, "s")
        assert [row[0] for row in shown(app)] == [
            "b.txt",
            "c.txt",
            "a.txt",
            "d.txt",
        ]  # undated last
        assert title(app).endswith("sorted by date")
        await press(pilot, "s")
        assert [row[1] for row in shown(app)] == [
            "d",
            "Harbour Daily",
            "Northern Ledger",
            "Valley Post",
        ]
        await press(pilot, "slash", "v", "a")
        assert [row[0] for row in shown(app)] == ["c.txt"]
        assert "1 shown" in title(app)
        await press(pilot, "backspace", "backspace", "2", "0", "2", "4", "-", "0", "5", "-", "0")
        assert [row[0] for row in shown(app)] == ["b.txt", "a.txt", "c.txt"]  # outlet order kept
        assert app.screen.query_one(SourceTable).current.path == "c.txt"  # the cursor stays
        await press(pilot, "up", "enter")  # from the filter box: up moves, enter goes
        assert not isinstance(app.screen, SourcesScreen)
        assert app.reader.focused_view.path == "a.txt"
        assert app.reader.focused_pane.has_focus


@run
async def test_enter_goes_to_the_pane_and_space_hides_or_shows_it(briefing):
    app = reader(briefing)
    async with app.run_test(size=(90, 30)) as pilot:  # two panes fit: c.txt is off screen
        await ready(pilot)
        await open_list(pilot)
        await press(pilot, "G")
        assert app.screen.query_one(SourceTable).current.path == "c.txt"
        await press(pilot, "enter")
        assert app.reader.focused_view.path == "c.txt"
        assert app.reader.focused_pane.view.path == "c.txt"
        await press(pilot, "S", "g", "space")  # hide d.txt
        assert "⊘" in drawn(app)[0] and "1 hidden" in title(app)
        await press(pilot, "j", "space", "k", "space", "j")  # hide a.txt; show d.txt again
        await press(pilot, "escape")
        assert [v.path for v in app.reader.views if v.hidden] == ["a.txt"]
        assert "a.txt" not in [pane.view.path for pane in app.reader.panes if pane.view]
        assert app.reader.focused_view.path == "c.txt"  # the focus stays where it was
        await press(pilot, "S", "g", "j", "enter")  # enter on a hidden article shows it
        assert app.reader.focused_view.path == "a.txt" and not app.reader.focused_view.hidden


@run
async def test_the_last_shown_pane_cannot_be_hidden_from_the_list(write_corpus):
    app = reader(write_corpus({"one.txt": ARTICLES["a.txt"], "two.txt": ARTICLES["b.txt"]}))
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await open_list(pilot, query=None)
        await press(pilot, "space", "j", "space")
        assert str(app.screen.query_one("#sources-status").render()) == "the last pane stays"
        assert [v.hidden for v in app.reader.views] == [True, False]
        assert title(app) == "Sources: 2 articles · no topic or query · 1 hidden · sorted by hits"


def test_filter_needs_every_word_and_sorts_keep_ties_in_reader_order():
    rows = [
        SourceRow("x.txt", "Alpha", "2024-01-02", "Dam report", 2, 0, "alpha dam report x.txt"),
        SourceRow("y.txt", "beta", "", "Dam and river", 2, 1, "beta dam and river y.txt"),
        SourceRow("z.txt", "Alpha", "2024-01-01", "River", 0, 0, "alpha river z.txt 2024"),
    ]
    orders = {sort: sort_order(rows, sort) for sort in SORTS}
    assert orders == {"hits": [1, 0, 2], "date": [2, 0, 1], "outlet": [2, 0, 1]}
    assert matching(rows, orders["hits"], "RIVER alpha") == [2]
    assert matching(rows, orders["hits"], "  ") == [1, 0, 2]


def test_snapshot_sources_list_at_80_by_24(snap_compare, briefing):
    app = reader(briefing)
    assert snap_compare(
        app,
        terminal_size=(80, 24),
        run_before=after("slash", "b", "r", "i", "d", "g", "e", "enter", "S", "j", "space"),
    )
