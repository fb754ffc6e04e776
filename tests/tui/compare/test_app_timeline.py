"""t: which source reported the current topic when (issue 15, item 5)."""

from __future__ import annotations

from tests.pilot import WIDE, after, open_matrix, press, reader, ready, run, settle
from tests.tui.compare.test_app_sources_list import ARTICLES
from tui.compare.source_table import SourceTable
from tui.compare.timeline_screen import TimelineScreen, days

TIMELINE_ARTICLES = {
    **ARTICLES,
    "e.txt": "Source: River Times\nTitle: Bridge talks\nDate: 2024-05-01\n\n"
    "Talks on the bridge start.\n",
}


def listed(app) -> list[tuple[str, str, int]]:
    table = app.screen.query_one(SourceTable)
    return [(r.path, r.date, r.hits) for r in (table.rows[i] for i in table.order)]


@run
async def test_t_lists_the_sources_with_hits_oldest_first_and_counts_the_days(write_corpus):
    app = reader(write_corpus(TIMELINE_ARTICLES))
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "t")  # no topic yet: says so, opens nothing
        assert not isinstance(app.screen, TimelineScreen)
        assert "choose a topic (1-9) or / first" in str(app.query_one("#message").render())
        app.reader.run_query("bridge")
        await settle(pilot)
        await press(pilot, "t")
        assert isinstance(app.screen, TimelineScreen)
        assert listed(app) == [  # c.txt has no hit: not listed; d.txt has no date: last
            ("e.txt", "2024-05-01", 1),  # a day's articles in the reader's order (best first)
            ("b.txt", "2024-05-01", 1),
            ("a.txt", "2024-05-03", 3),
            ("d.txt", "", 5),
        ]
        title = str(app.screen.query_one("#sources-title").render())
        assert title == (
            "Timeline of bridge: 4 of 5 sources · 1 May 2024 to 3 May 2024 · sorted by date"
        )
        status = str(app.screen.query_one("#sources-status").render())
        assert status == "by day: 1 May 2024 2 · 3 May 2024 1 · undated 1"
        await press(pilot, "g", "j", "j", "enter")
        assert not isinstance(app.screen, TimelineScreen)
        assert app.reader.focused_view.path == "a.txt"


def test_days_are_counted_oldest_first_with_the_undated_last():
    dates = ["2025-03-12", "", "2025-03-11", "2025-03-12", ""]
    assert days(dates) == [("2025-03-11", 1), ("2025-03-12", 2), ("undated", 2)]


def test_snapshot_timeline_at_80_by_24(snap_compare, write_corpus):
    app = reader(write_corpus(TIMELINE_ARTICLES))
    keys = ("slash", "b", "r", "i", "d", "g", "e", "enter", "t")
    assert snap_compare(app, terminal_size=(80, 24), run_before=after(*keys))


@run
async def test_o_orders_the_coverage_columns_by_date_outlet_or_count(write_corpus):
    app = reader(write_corpus(TIMELINE_ARTICLES))
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        app.reader.run_query("bridge")
        await settle(pilot)
        grid = await open_matrix(pilot)
        status = app.screen.query_one("#coverage-status")

        def columns() -> list[str]:
            return [f"{a.label} {a.date or '-'}" for a in grid.coverage.columns]

        by_date = ["Harbour Daily 2024-05-01", "River Times 2024-05-01", "Valley Post 2024-05-02"]
        by_date += ["Northern Ledger 2024-05-03", "d -"]
        assert columns() == by_date
        assert "5 articles by date, then outlet" in str(status.render())
        grid.row = len(grid.coverage.rows) - 1  # the query's row
        grid.column = by_date.index("Valley Post 2024-05-02")
        await press(pilot, "o")
        assert columns() == [
            "d -",
            "Harbour Daily 2024-05-01",
            "Northern Ledger 2024-05-03",
            "River Times 2024-05-01",
            "Valley Post 2024-05-02",
        ]
        assert grid.coverage.columns[grid.column].label == "Valley Post"  # the cursor stays
        assert "5 articles by outlet, then date" in str(status.render())
        await press(pilot, "o")
        assert columns() == [
            "d -",
            "Northern Ledger 2024-05-03",
            "Harbour Daily 2024-05-01",
            "River Times 2024-05-01",
            "Valley Post 2024-05-02",
        ]
        assert [c.count for c in grid.coverage.cells[grid.row]] == [5, 3, 1, 1, 0]
        await press(pilot, "o")
        assert columns() == by_date
